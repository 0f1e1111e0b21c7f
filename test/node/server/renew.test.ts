// A token Mattermost no longer takes is replaced when the widget asks with {"renew": true};
// a team that is gone (Mattermost restarted with a fresh state) is looked up again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { createAuthApp } from '../../../src/server/index.js';
import type { ChatTokenResponse } from '../../../src/server/index.js';
import type { Hono } from 'hono';
import { errorJson, hostJwt, newPerson, testConfig } from './helpers.js';

const ADMIN_TOKEN = 'renewadmintoken0000000000a';

describe('auth server: dead tokens and a Mattermost that lost its state', () => {
  let emulator: RunningEmulator;
  let app: Hono;
  const calls: string[] = [];

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true, adminToken: ADMIN_TOKEN });
    app = createAuthApp(testConfig(emulator.url, ADMIN_TOKEN), {
      fetch: (input, init) => {
        calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      },
    });
  });
  after(async () => {
    await emulator?.close();
  });

  const request = (jwt: string, body = '{}') =>
    app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body,
    });
  const token = async (jwt: string, body?: string): Promise<ChatTokenResponse> => {
    const response = await request(jwt, body);
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as ChatTokenResponse;
  };
  const works = async (chat: ChatTokenResponse) =>
    (await fetch(`${emulator.url}/api/v4/users/me`, { headers: { authorization: `Bearer ${chat.token}` } })).status ===
    200;

  it('checks the cached token only when asked to renew, and replaces it when Mattermost refused it', async () => {
    const jwt = await hostJwt(newPerson('renew'));
    const first = await token(jwt);
    calls.length = 0;
    assert.equal((await token(jwt)).token, first.token);
    assert.deepEqual(calls, [], 'the usual request asks Mattermost nothing');

    assert.equal((await token(jwt, '{"renew":true}')).token, first.token, 'a live token is kept');
    assert.deepEqual(
      calls,
      [`GET /api/v4/users/${first.userId}`, 'GET /api/v4/users/me'],
      "the account's roles read again (the rules of first issuance), and the token checked with itself",
    );

    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const list = (await (
      await fetch(`${emulator.url}/api/v4/users/${first.userId}/tokens`, { headers: admin })
    ).json()) as { id: string }[];
    for (const t of list)
      await fetch(`${emulator.url}/api/v4/users/tokens/revoke`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ token_id: t.id }),
      });
    assert.equal(await works(first), false);

    assert.equal((await token(jwt)).token, first.token, 'without renew: the cache (no Mattermost call)');
    const renewed = await token(jwt, '{"renew": true}');
    assert.notEqual(renewed.token, first.token);
    assert.equal(renewed.userId, first.userId);
    assert.ok(await works(renewed), 'the new token works');
    assert.equal((await token(jwt)).token, renewed.token, 'and is the cached one now');
  });

  it('refuses a renew that is not a boolean', async () => {
    const response = await request(await hostJwt(newPerson()), '{"renew":"yes"}');
    assert.equal(response.status, 400);
    assert.equal((await errorJson(response)).error, 'invalid_body');
  });

  it('after Mattermost restarted with a fresh state: renews into the new world, and finds the new team', async () => {
    const jwt = await hostJwt(newPerson('restart'));
    const before = await token(jwt);
    const port = new URL(emulator.url).port;
    await emulator.close();
    emulator = await startEmulator({ port: Number(port), seed: true, adminToken: ADMIN_TOKEN });
    const newTeam = emulator.core.getTeamByName('erp')!;
    assert.notEqual(newTeam.id, before.teamId, 'a fresh Mattermost');

    // Someone never seen: the team id this process cached answers 404, once.
    const stranger = await token(await hostJwt(newPerson('stranger')));
    assert.equal(stranger.teamId, newTeam.id);
    assert.ok(await works(stranger));

    assert.equal(await works(before), false);
    const renewed = await token(jwt, '{"renew":true}');
    assert.equal(renewed.teamId, newTeam.id);
    assert.ok(emulator.core.getUser(renewed.userId), 'the user exists in the new Mattermost');
    assert.ok(await works(renewed));
    assert.ok(emulator.core.getChannel(renewed.supportChannelId!), 'with a support channel there');
  });
});
