// Support agents are Mattermost user ids: a name is never matched after start, so a listed
// agent who does not exist yet cannot be claimed by whoever first gets that username.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { createAuthService } from '../../../src/server/index.js';
import type { AuthService, ChatTokenResponse } from '../../../src/server/index.js';
import { captureLogger, errorJson, hostJwt, newPerson, testConfig } from './helpers.js';

describe('auth server: support agents are known by user id', () => {
  let emulator: RunningEmulator;
  let clock = Date.now();

  const service = (env: Record<string, string>, extra: Parameters<typeof createAuthService>[1] = {}) =>
    createAuthService(testConfig(emulator.url, emulator.adminToken, env), { now: () => clock, ...extra });
  const request = async (on: AuthService, claims: Record<string, unknown>) =>
    on.app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await hostJwt(claims, { now: clock })}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
  const token = async (on: AuthService, claims: Record<string, unknown>): Promise<ChatTokenResponse> => {
    const response = await request(on, claims);
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as ChatTokenResponse;
  };

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true });
  });
  after(async () => {
    await emulator?.close();
  });

  it('refuses to start when a listed username is not an account, and nobody can claim it (ｋｉｍ, U+FF4B)', async () => {
    const auth = service({ SUPPORT_AGENTS: 'kim' });
    await assert.rejects(auth.prepare(), (err: Error) => {
      assert.match(err.message, /^SUPPORT_AGENTS: "kim" is not an active Mattermost account/);
      assert.doesNotMatch(err.message, /\n/, 'one line');
      return true;
    });
    // A host user whose name folds to "kim" gets no agent's seat: no token at all while
    // the configuration is wrong.
    const response = await request(auth, { ...newPerson('kim'), name: 'ｋｉｍ', preferred_username: 'ｋｉｍ' });
    assert.equal(response.status, 503);
    assert.equal((await errorJson(response)).error, 'support_agents_invalid');
    assert.equal(emulator.core.getUserByUsername('kim'), undefined, 'nobody became "kim"');
  });

  it('recognises agents by id; a host user named like an agent gets neither the name nor the seat', async () => {
    const sam = emulator.core.getUserByUsername('sam')!;
    const auth = service({ SUPPORT_AGENTS: sam.id });
    const impostor = await token(auth, { ...newPerson('impostor'), preferred_username: 'sam', name: 'ｓａｍ' });
    assert.equal(impostor.supportAgent, false);
    assert.notEqual(emulator.core.getUser(impostor.userId)!.username, 'sam');
    const members = emulator.core.channelMembers(impostor.supportChannelId!).map((m) => m.user_id);
    assert.deepEqual(members.sort(), [impostor.userId, sam.id].sort(), 'the real agent, nobody else');

    const real = await token(auth, { sub: 'demo:sam', email: sam.email, name: 'Sam Sato' });
    assert.equal(real.userId, sam.id);
    assert.equal(real.supportAgent, true);
  });

  it('takes a username for the transition only when it resolves at start, and logs its id', async () => {
    const sam = emulator.core.getUserByUsername('sam')!;
    const logs = captureLogger('warn');
    const auth = service({ SUPPORT_AGENTS: 'sam', LOG_LEVEL: 'warn' }, { logger: logs.logger });
    await auth.prepare();
    assert.match(logs.text(), new RegExp(`"userId":"${sam.id}".*replace it with the user id`));
    const real = await token(auth, { sub: 'demo:sam', email: sam.email, name: 'Sam Sato' });
    assert.equal(real.supportAgent, true);
  });

  it("never generates an agent's username for anyone else, not even after the agent was renamed", async () => {
    const name = `lee${Date.now().toString(36)}`;
    const lee = emulator.core.createUser({ username: name, email: `${name}@bisman.example` });
    const auth = service({ SUPPORT_AGENTS: name });
    await token(auth, newPerson('first')); // the start, as far as the agents go
    lee.username = `${name}-renamed`; // an administrator renames the agent; the name is free in Mattermost
    const claimant = await token(auth, { ...newPerson('claimant'), preferred_username: name });
    assert.notEqual(emulator.core.getUser(claimant.userId)!.username, name);
    assert.equal(claimant.supportAgent, false);
  });

  it('logs an id Mattermost does not know, and looks it up again only every 5 minutes', async () => {
    const unknown = 'x'.repeat(26);
    const lookups: string[] = [];
    const logs = captureLogger('warn');
    const auth = service(
      { SUPPORT_AGENTS: unknown, LOG_LEVEL: 'warn' },
      {
        logger: logs.logger,
        fetch: (input, init) => {
          if (new URL(String(input)).pathname === `/api/v4/users/${unknown}`) lookups.push(String(clock));
          return fetch(input, init);
        },
      },
    );
    await token(auth, newPerson('a'));
    await token(auth, newPerson('b'));
    assert.equal(lookups.length, 1, 'once, not per provisioning');
    assert.match(logs.text(), new RegExp(`"userId":"${unknown}".*not an active Mattermost account`));
    clock += 5 * 60_000;
    await token(auth, newPerson('c'));
    assert.equal(lookups.length, 2, 'again after 5 minutes');
  });
});
