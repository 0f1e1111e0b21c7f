// A user's support conversation is the one the auth server made for that user: channels
// squatted under a name it would use (private, public, named after a user id) are never
// adopted; the previous scheme's channels are migrated only when Mattermost shows they are
// ours (private, created by the provisioning account, members the user and the agents).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hono } from 'hono';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { createAuthApp } from '../../../src/server/index.js';
import type { ChatTokenResponse } from '../../../src/server/index.js';
import { hostJwt, newPerson, supportName, testConfig } from './helpers.js';

describe('auth server: support conversations cannot be squatted', () => {
  let emulator: RunningEmulator;
  let app: Hono;
  let teamId: string;

  const token = async (on: Hono, claims: Record<string, unknown>): Promise<ChatTokenResponse> => {
    const response = await on.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${await hostJwt(claims)}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as ChatTokenResponse;
  };
  /** What a user can do with its own token: create a channel (as the REST API lets any team member). */
  const createChannel = async (as: ChatTokenResponse, name: string, type: 'O' | 'P'): Promise<string> => {
    const response = await fetch(`${emulator.url}/api/v4/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ team_id: teamId, name, display_name: 'Support', type }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { id: string }).id;
  };
  const canRead = async (as: ChatTokenResponse, channelId: string): Promise<boolean> =>
    (await fetch(`${emulator.url}/api/v4/channels/${channelId}`, { headers: { authorization: `Bearer ${as.token}` } }))
      .status === 200;
  const members = (channelId: string) =>
    emulator.core
      .channelMembers(channelId)
      .map((m) => m.user_id)
      .sort();

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true });
    app = createAuthApp(testConfig(emulator.url, emulator.adminToken));
    teamId = emulator.core.getTeamByName('erp')!.id;
  });
  after(async () => {
    await emulator?.close();
  });

  for (const type of ['P', 'O'] as const) {
    it(`does not adopt a ${type === 'P' ? 'private' : 'public'} support-<username> channel another user created first`, async () => {
      const mallory = await token(app, newPerson('mallory'));
      const victim = {
        ...newPerson('carol'),
        preferred_username: `carol${type.toLowerCase()}${Date.now().toString(36)}`,
      };
      const squat = await createChannel(mallory, `support-${victim.preferred_username}`, type);

      const carol = await token(app, victim);
      assert.equal(emulator.core.getUser(carol.userId)!.username, victim.preferred_username);
      assert.notEqual(carol.supportChannelId, squat, "Carol's conversation is not Mallory's channel");
      assert.equal(await canRead(mallory, carol.supportChannelId!), false, 'Mallory cannot read it');
      const sam = emulator.core.getUserByUsername('sam')!;
      assert.deepEqual(members(carol.supportChannelId!), [carol.userId, sam.id].sort());
      assert.equal(emulator.core.getChannel(squat)!.name, `support-${victim.preferred_username}`, 'left alone');
    });
  }

  it('does not adopt a support-<user id> channel created for an existing account whose username cannot name a channel', async () => {
    const mallory = await token(app, newPerson('mallory'));
    const person = newPerson('dora');
    // An account that exists before the host user's first token (ids are visible to every user).
    const dora = emulator.core.createUser({ username: `dora.${Date.now().toString(36)}`, email: person.email });
    const squat = await createChannel(mallory, `support-${dora.id}`, 'P');

    const chat = await token(app, person);
    assert.equal(chat.userId, dora.id);
    assert.notEqual(chat.supportChannelId, squat);
    assert.equal(await canRead(mallory, chat.supportChannelId!), false);
  });

  it("does not adopt the squatter's own support conversation renamed to the victim's old name", async () => {
    // Made by the provisioning account and private, but its members are Mallory and the agents.
    const mallory = await token(app, newPerson('mallory'));
    const victim = { ...newPerson('erin'), preferred_username: `erin${Date.now().toString(36)}` };
    const rename = await fetch(`${emulator.url}/api/v4/channels/${mallory.supportChannelId}/patch`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${mallory.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `support-${victim.preferred_username}` }),
    });
    assert.equal(rename.status, 200);

    const erin = await token(app, victim);
    assert.notEqual(erin.supportChannelId, mallory.supportChannelId);
    assert.equal(await canRead(mallory, erin.supportChannelId!), false);
  });

  it('names a new conversation by the keyed hash, private and created by the provisioning account', async () => {
    const chat = await token(app, newPerson('fresh'));
    const channel = emulator.core.getChannel(chat.supportChannelId!)!;
    assert.equal(channel.name, await supportName(chat.userId));
    assert.equal(channel.type, 'P');
    assert.equal(channel.creator_id, emulator.core.adminUser.id);
  });

  it('reconciles the members at every provisioning: whoever was added is removed', async () => {
    const person = newPerson('reconcile');
    const chat = await token(app, person);
    const bob = emulator.core.getUserByUsername('bob')!;
    emulator.core.addChannelMember(chat.supportChannelId!, bob.id);
    // A restarted auth server (memory store) provisions again.
    const again = await token(createAuthApp(testConfig(emulator.url, emulator.adminToken)), person);
    assert.equal(again.supportChannelId, chat.supportChannelId);
    const sam = emulator.core.getUserByUsername('sam')!;
    assert.deepEqual(members(chat.supportChannelId!), [chat.userId, sam.id].sort(), 'Bob removed');
  });

  it('migrates a previous-scheme conversation that passes the checks, keeping its history', async () => {
    const bob = emulator.core.getUserByUsername('bob')!;
    const seeded = emulator.core.getChannelByName(teamId, 'support-bob')!;
    const history = emulator.core.channelPosts(seeded.id).length;
    const chat = await token(app, { sub: 'demo:bob', email: bob.email, name: 'Bob Brandt' });
    assert.equal(chat.supportChannelId, seeded.id);
    assert.equal(emulator.core.getChannel(seeded.id)!.name, await supportName(bob.id));
    assert.equal(emulator.core.channelPosts(seeded.id).length, history);
  });
});
