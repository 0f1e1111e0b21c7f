// A token is handed out under the rules of its first issuance for as long as it is: an
// account promoted to administrator (or given another refused role) loses its tokens at
// the next renew and within 5 minutes of cache hits; logout ends every widget token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { createAuthService } from '../../../src/server/index.js';
import type { AuthService, ChatTokenResponse } from '../../../src/server/index.js';
import { errorJson, hostJwt, newPerson, testConfig } from './helpers.js';

describe('auth server: role changes and logout', () => {
  let emulator: RunningEmulator;
  let auth: AuthService;
  let clock = Date.now();
  const calls: string[] = [];

  const request = async (jwt: string, body = '{}') =>
    auth.app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body,
    });
  const token = async (jwt: string, body?: string): Promise<ChatTokenResponse> => {
    const response = await request(jwt, body);
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as ChatTokenResponse;
  };
  const works = async (bearer: string) =>
    (await fetch(`${emulator.url}/api/v4/users/me`, { headers: { authorization: `Bearer ${bearer}` } })).status === 200;
  /** An administrator changes the account's roles in Mattermost (System Console, mmctl). */
  const setRoles = async (userId: string, roles: string) => {
    const response = await fetch(`${emulator.url}/api/v4/users/${userId}/roles`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${emulator.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ roles }),
    });
    assert.equal(response.status, 200, await response.clone().text());
  };
  const jwtFor = (person: Record<string, unknown>) => hostJwt(person, { now: clock, expiresIn: 24 * 3600 });

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true });
    auth = createAuthService(
      testConfig(emulator.url, emulator.adminToken, { TOKEN_TTL_SECONDS: '3600', TOKEN_GRACE_SECONDS: '600' }),
      {
        now: () => clock,
        fetch: (input, init) => {
          calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
          return fetch(input, init);
        },
      },
    );
  });
  after(async () => {
    await emulator?.close();
  });

  it('stops serving a cached token within 5 minutes of a promotion to system admin, and revokes it', async () => {
    const jwt = await jwtFor(newPerson('promoted'));
    const chat = await token(jwt);
    await setRoles(chat.userId, 'system_user system_admin');

    calls.length = 0;
    clock += 4 * 60_000;
    assert.equal((await token(jwt)).token, chat.token, 'a cache hit inside the 5 minutes');
    assert.deepEqual(calls, [], 'and no Mattermost call: the token route stays fast');

    clock += 60_000;
    const response = await request(jwt);
    assert.equal(response.status, 403);
    assert.equal((await errorJson(response)).error, 'account_not_allowed');
    assert.equal(await works(chat.token), false, 'the token is revoked in Mattermost');
  });

  it('applies the rules of first issuance at every renew: a role refused at first issuance ends the token', async () => {
    const jwt = await jwtFor(newPerson('postall'));
    const chat = await token(jwt);
    await setRoles(chat.userId, 'system_user system_post_all');
    const response = await request(jwt, '{"renew":true}');
    assert.equal(response.status, 403);
    assert.match((await errorJson(response)).message, /system_post_all/);
    assert.equal(await works(chat.token), false);

    await setRoles(chat.userId, 'system_user');
    const again = await token(jwt);
    assert.notEqual(again.token, chat.token, 'a demoted account gets a new token');
    assert.ok(await works(again.token));
  });

  it('keeps serving an unchanged account, reading it once per 5 minutes', async () => {
    const jwt = await jwtFor(newPerson('steady'));
    const chat = await token(jwt);
    clock += 5 * 60_000;
    calls.length = 0;
    assert.equal((await token(jwt)).token, chat.token);
    assert.deepEqual(calls, [`GET /api/v4/users/${chat.userId}`], 'one read of the account');
    calls.length = 0;
    assert.equal((await token(jwt)).token, chat.token);
    assert.deepEqual(calls, [], 'then cache hits again');
  });

  for (const how of ['with the chat token', 'with the host identity'] as const) {
    it(`logout ${how} revokes every live widget token, the rotated-out one in its grace too`, async () => {
      const jwt = await jwtFor(newPerson('logout'));
      const first = await token(jwt);
      clock += 3600_000 - 60_000; // inside the refresh window: the next request rotates
      const second = await token(jwt);
      assert.notEqual(second.token, first.token);
      assert.ok(await works(first.token), 'the rotated-out token lives through its grace');

      const response = await auth.app.request('http://auth.test/api/chat/logout', {
        method: 'POST',
        headers: { authorization: `Bearer ${how === 'with the chat token' ? second.token : jwt}` },
      });
      assert.equal(response.status, 200);
      assert.equal(await works(second.token), false, 'the current token');
      assert.equal(await works(first.token), false, 'and the rotated-out one');
    });
  }
});
