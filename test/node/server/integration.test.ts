// The auth server against the Mattermost emulator over real HTTP: what the widget gets
// must work with the real client library.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mm from '@mattermost/client';
import type { Client4 as Client4Type } from '@mattermost/client';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { startAuthServer } from '../../../src/server/node.js';
import type { ChatTokenResponse, RunningAuthServer } from '../../../src/server/node.js';
import {
  ERP_ORIGIN,
  SECRET,
  captureLogger,
  describeEachEdition,
  errorJson,
  hostJwt,
  newPerson,
  supportName,
  testConfig,
} from './helpers.js';

const { Client4 } = mm;
const PORTAL_SECRET = 'portal-secret-that-is-long-enough-01234';
const PORTAL_ORIGIN = 'https://portal.acme.test';

function clientFor(url: string, token: string): Client4Type {
  const client = new Client4();
  client.setUrl(url);
  client.setToken(token);
  client.setIncludeCookies(false);
  return client;
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    return (err as { status_code?: number }).status_code ?? -1;
  }
}

function postToken(auth: RunningAuthServer, jwt: string, origin = ERP_ORIGIN): Promise<Response> {
  return fetch(`${auth.url}/api/chat/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', origin },
    body: '{}',
  });
}

async function requestToken(auth: RunningAuthServer, jwt: string, origin = ERP_ORIGIN): Promise<ChatTokenResponse> {
  const response = await postToken(auth, jwt, origin);
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()) as ChatTokenResponse;
}

describeEachEdition('auth server with the emulator', (edition) => {
  let emulator: RunningEmulator;
  let auth: RunningAuthServer;
  let admin: Client4Type;
  let clock = Date.now();
  const logs = captureLogger();

  before(async () => {
    clock = Date.now(); // each edition's suite starts its own clock
    emulator = await startEmulator({ port: 0, seed: true, edition });
    const portals = JSON.stringify([
      { kid: 'acme', secret: PORTAL_SECRET, origins: [PORTAL_ORIGIN], tabs: ['support'] },
    ]);
    auth = await startAuthServer(
      testConfig(emulator.url, emulator.adminToken, {
        TOKEN_TTL_SECONDS: '600',
        TOKEN_GRACE_SECONDS: '30',
        PORTALS: portals,
        DEMO_LOGIN: 'true',
      }),
      {
        port: 0,
        host: '127.0.0.1',
        logger: logs.logger,
        now: () => clock,
      },
    );
    admin = clientFor(emulator.url, emulator.adminToken);
  });
  after(async () => {
    await auth?.close();
    await emulator?.close();
  });

  it('provisions a new user whose token works with Client4', async () => {
    const person = { ...newPerson('new'), preferred_username: 'Jane.Doe+ERP' };
    const before = Date.now();
    const chat = await requestToken(auth, await hostJwt(person));
    assert.equal(chat.serverUrl, emulator.url);
    assert.equal(chat.websocketUrl, `${emulator.url.replace('http', 'ws')}/api/v4/websocket`);
    assert.equal(chat.teamName, 'erp');
    assert.equal(chat.supportAgent, false);
    assert.ok(
      chat.expiresAt >= before + 600_000 - 1000 && chat.expiresAt <= clock + 600_000,
      'expiresAt = issue time + TTL',
    );

    const client = clientFor(chat.serverUrl, chat.token);
    const me = await client.getMe();
    assert.equal(me.id, chat.userId);
    assert.equal(me.email, person.email);
    assert.equal(me.username, 'jane.doeerp', 'lowercased, only [a-z0-9._-]');
    assert.equal((await client.getChannel(chat.supportChannelId!)).name, await supportName(chat.userId));
    const member = await client.getTeamMember(chat.teamId, chat.userId);
    assert.equal(member.user_id, chat.userId);
    assert.equal((await client.getTeamByName('erp')).id, chat.teamId);
  });

  it('gives a new user a private support channel with the support agents', async () => {
    const person = newPerson('support');
    const chat = await requestToken(auth, await hostJwt(person));
    assert.ok(chat.supportChannelId);
    const client = clientFor(chat.serverUrl, chat.token);
    const channel = await client.getChannel(chat.supportChannelId);
    const me = await client.getMe();
    assert.equal(channel.type, 'P');
    assert.equal(channel.name, await supportName(me.id));
    assert.equal(channel.creator_id, (await admin.getMe()).id, 'made by the provisioning account');
    assert.equal(channel.display_name, `Support · ${person.name}`);
    assert.equal(channel.team_id, chat.teamId);
    const members = (await admin.getChannelMembers(channel.id)).map((m) => m.user_id);
    const sam = await admin.getUserByUsername('sam');
    assert.ok(members.includes(chat.userId), 'the user');
    assert.ok(members.includes(sam.id), 'the support agent');
    assert.equal(members.length, 2, 'nobody else: not the admin account that created it');
  });

  it('finds existing users by email (demo login), migrates their seeded conversation, and marks support agents', async () => {
    const seededAliceSupport = emulator.core.getChannelByName(
      emulator.core.getTeamByName('erp')!.id,
      'support-alice',
    )!.id;
    const login = await fetch(`${auth.url}/api/demo/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"alice"}',
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const viaCookie = await fetch(`${auth.url}/api/chat/token`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(viaCookie.status, 200);
    const alice = (await viaCookie.json()) as ChatTokenResponse;
    assert.equal(alice.userId, emulator.core.getUserByUsername('alice')?.id);
    const channel = await clientFor(alice.serverUrl, alice.token).getChannel(alice.supportChannelId!);
    assert.equal(channel.id, seededAliceSupport, 'the seeded conversation, history and all');
    assert.equal(channel.name, await supportName(alice.userId), 'migrated to its keyed name');

    const samLogin = (await (
      await fetch(`${auth.url}/api/demo/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":"sam"}',
      })
    ).json()) as { token: string };
    const sam = await requestToken(auth, samLogin.token);
    assert.equal(sam.supportAgent, true);
    assert.equal(sam.supportChannelId, undefined);
    assert.equal((await clientFor(sam.serverUrl, sam.token).getMe()).username, 'sam');
  });

  it('de-duplicates usernames that collide', async () => {
    // Ends in a letter: after a digit the number comes after a dash (naming.test.ts).
    const local = `dup${Date.now().toString(36)}x`;
    const a = await requestToken(
      auth,
      await hostJwt({ sub: `${local}-a`, email: `${local}@one.test`, name: 'Dup One' }),
    );
    const b = await requestToken(
      auth,
      await hostJwt({ sub: `${local}-b`, email: `${local}@two.test`, name: 'Dup Two' }),
    );
    const nameA = (await clientFor(a.serverUrl, a.token).getMe()).username;
    const nameB = (await clientFor(b.serverUrl, b.token).getMe()).username;
    assert.equal(nameA, local);
    assert.equal(nameB, `${local}2`);
  });

  it("gives a portal identity its tabs, and its own Mattermost user apart from the host app's (Team Edition: no token)", async () => {
    const person = newPerson('portal');
    const portalJwt = await hostJwt(person, { kid: 'acme', secret: PORTAL_SECRET, issuer: null, audience: null });
    if (edition === 'team') {
      // Team Edition refuses to demote (server/channels/api4/user.go, demoteUserToGuest:
      // no license), so the portal user gets no token; the host app's user is unaffected.
      const [refused, host] = await Promise.all([
        postToken(auth, portalJwt, PORTAL_ORIGIN),
        requestToken(auth, await hostJwt(person)),
      ]);
      const body = await errorJson(refused);
      assert.equal(refused.status, 502, JSON.stringify(body));
      assert.equal(body.error, 'guest_accounts_unavailable');
      assert.match(body.message, /501 api\.team\.demote_user_to_guest\.license\.error/);
      assert.equal(host.allowedTabs, undefined);
      assert.equal((await clientFor(host.serverUrl, host.token).getMe()).email, person.email);
      return;
    }
    const [portal, host] = await Promise.all([
      requestToken(auth, portalJwt, PORTAL_ORIGIN),
      requestToken(auth, await hostJwt(person)),
    ]);
    assert.deepEqual(portal.allowedTabs, ['support']);
    assert.equal(host.allowedTabs, undefined);
    assert.notEqual(portal.userId, host.userId, "a portal's email claim never selects an account");
    assert.notEqual(portal.supportChannelId, host.supportChannelId, 'each has its own support channel');
    assert.notEqual(portal.token, host.token, 'each identity has its own token');
  });

  it('answers 50 simultaneous first requests with one user, one channel, one token', async () => {
    const person = newPerson('rush');
    const jwt = await hostJwt(person);
    const answers = await Promise.all(Array.from({ length: 50 }, () => requestToken(auth, jwt)));
    assert.equal(new Set(answers.map((a) => a.token)).size, 1, 'one token');
    assert.equal(new Set(answers.map((a) => a.userId)).size, 1, 'one user');
    const userId = answers[0]!.userId;
    const user = await admin.getUser(userId);
    assert.equal(user.email, person.email);
    assert.equal(await statusOf(admin.getUserByUsername(`${user.username}2`)), 404, 'no second user');
    const name = await supportName(userId);
    const channels = emulator.core.allChannels().filter((c) => c.name === name);
    assert.equal(channels.length, 1, 'one support channel');
    const tokens = await admin.getUserAccessTokensForUser(userId);
    assert.equal(tokens.filter((t) => t.is_active).length, 1, 'one token in Mattermost');
  });

  it('rotates the token after the TTL and revokes the old one after the grace', async () => {
    const jwt = await hostJwt(newPerson('rotate'));
    const first = await requestToken(auth, jwt);
    assert.equal((await requestToken(auth, jwt)).token, first.token, 'cached before the TTL');

    clock += 601_000;
    const second = await requestToken(auth, jwt);
    assert.notEqual(second.token, first.token, 'a new token after the TTL');
    assert.ok(second.expiresAt > first.expiresAt);
    assert.equal(
      await statusOf(clientFor(emulator.url, first.token).getMe()),
      200,
      'old token still works during the grace',
    );

    await auth.service.sweep();
    assert.equal(await statusOf(clientFor(emulator.url, first.token).getMe()), 200, 'grace not over yet');
    clock += 31_000;
    assert.ok((await auth.service.sweep()) >= 1, 'the sweep revoked something');
    assert.equal(
      await statusOf(clientFor(emulator.url, first.token).getMe()),
      401,
      'old token revoked after the grace',
    );
    assert.equal(await statusOf(clientFor(emulator.url, second.token).getMe()), 200, 'new token works');
  });

  it('logs out with the Mattermost token, or with the host identity', async () => {
    const jwt = await hostJwt(newPerson('logout'));
    const chat = await requestToken(auth, jwt);
    const logout = (authorization: string) =>
      fetch(`${auth.url}/api/chat/logout`, { method: 'POST', headers: { authorization, origin: ERP_ORIGIN } });
    const first = await logout(`Bearer ${chat.token}`);
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { status: 'OK', revoked: true });
    assert.equal(await statusOf(clientFor(emulator.url, chat.token).getMe()), 401, 'revoked in Mattermost');
    assert.deepEqual(
      await (await logout(`Bearer ${chat.token}`)).json(),
      { status: 'OK', revoked: false },
      'forgotten from the cache',
    );

    const fresh = await requestToken(auth, jwt);
    assert.notEqual(fresh.token, chat.token, 'a new token after logout');
    const byIdentity = await logout(`Bearer ${jwt}`);
    assert.deepEqual(await byIdentity.json(), { status: 'OK', revoked: true });
    assert.equal(await statusOf(clientFor(emulator.url, fresh.token).getMe()), 401);

    // A server that never saw the token (a restart with the memory store) still revokes it.
    const other = await startAuthServer(testConfig(emulator.url, emulator.adminToken), { port: 0, host: '127.0.0.1' });
    try {
      const third = await requestToken(auth, jwt);
      const response = await fetch(`${other.url}/api/chat/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${third.token}` },
      });
      assert.deepEqual(await response.json(), { status: 'OK', revoked: true });
      assert.equal(await statusOf(clientFor(emulator.url, third.token).getMe()), 401);
      const junk = await fetch(`${other.url}/api/chat/logout`, {
        method: 'POST',
        headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      });
      assert.deepEqual(await junk.json(), { status: 'OK', revoked: false }, 'not a live token');
    } finally {
      await other.close();
    }

    const anonymous = await fetch(`${auth.url}/api/chat/logout`, { method: 'POST' });
    assert.equal(anonymous.status, 401);
    assert.equal((await errorJson(anonymous)).error, 'missing_identity');
  });

  it('checks the admin token', async () => {
    assert.equal(await auth.service.checkAdmin(), null);
    const wrong = await startAuthServer(testConfig(emulator.url, 'not-the-admin-token'), {
      port: 0,
      host: '127.0.0.1',
    });
    const bob = emulator.core.getUserByUsername('bob')!;
    const notAdmin = await startAuthServer(testConfig(emulator.url, emulator.core.issueToken(bob.id)), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      assert.match((await wrong.service.checkAdmin()) ?? '', /refused MM_ADMIN_TOKEN \(401\)/);
      assert.match((await notAdmin.service.checkAdmin()) ?? '', /"bob", who is not a system admin/);
    } finally {
      await wrong.close();
      await notAdmin.close();
    }
  });

  it('reports health with Mattermost up', async () => {
    const response = await fetch(`${auth.url}/api/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', mattermost: 'ok' });
  });

  it('never logs a secret or a token', async () => {
    // Everything above ran with this logger; add failures and every route.
    await fetch(`${auth.url}/api/chat/token`, { method: 'POST', headers: { authorization: 'Bearer not.a.jwt' } });
    await fetch(`${auth.url}/api/chat/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await hostJwt(newPerson(), { secret: 'x'.repeat(40) })}` },
    });
    await fetch(`${auth.url}/api/chat/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await hostJwt(newPerson())}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    await fetch(`${auth.url}/api/nowhere?access_token=${emulator.adminToken}`);
    const jwt = await hostJwt(newPerson('logs'));
    const chat = await requestToken(auth, jwt);
    await fetch(`${auth.url}/api/chat/logout`, { method: 'POST', headers: { authorization: `Bearer ${chat.token}` } });
    const demo = (await (
      await fetch(`${auth.url}/api/demo/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":"bob"}',
      })
    ).json()) as { token: string };
    const bob = await requestToken(auth, demo.token);

    const text = logs.text();
    assert.ok(text.includes('chat token issued'), 'the logger did capture the run');
    assert.ok(text.includes('"level":20'), 'debug lines (requests) too');
    const secrets = {
      adminToken: emulator.adminToken,
      jwtSecret: SECRET,
      chatToken: chat.token,
      bobToken: bob.token,
      hostJwt: jwt,
      demoJwt: demo.token,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      assert.ok(!text.includes(secret), `${name} appears in the logs`);
      // Also no fragment long enough to matter (a JWT's signature part, say).
      for (const part of secret.split('.').filter((p) => p.length >= 16))
        assert.ok(!text.includes(part), `part of ${name} appears in the logs`);
    }
  });
});

describe('auth server health with Mattermost gone', () => {
  it('answers 503 with Retry-After once the emulator is closed', async () => {
    const emulator = await startEmulator({ port: 0, seed: true });
    const logs = captureLogger();
    // /api/health answers from one ping for 5 s: the clock moves past that.
    let later = 0;
    const auth = await startAuthServer(testConfig(emulator.url, emulator.adminToken, { RATE_LIMIT_PER_SUBJECT: '3' }), {
      port: 0,
      host: '127.0.0.1',
      logger: logs.logger,
      now: () => Date.now() + later,
    });
    try {
      assert.equal((await fetch(`${auth.url}/api/health`)).status, 200);
      const jwt = await hostJwt(newPerson());
      const chat = await requestToken(auth, jwt);
      await emulator.close();
      later = 5000;
      const health = await fetch(`${auth.url}/api/health`);
      assert.equal(health.status, 503);
      assert.ok(Number(health.headers.get('retry-after')) > 0);
      assert.equal((await errorJson(health)).error, 'mattermost_unavailable');
      // A new user cannot be provisioned: 503, not a crash.
      const response = await fetch(`${auth.url}/api/chat/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await hostJwt(newPerson())}` },
      });
      assert.equal(response.status, 503);
      assert.equal((await errorJson(response)).error, 'mattermost_unavailable');
      // Rate limited too (the earlier user's budget: 1 used, then 3 more).
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await fetch(`${auth.url}/api/chat/token`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } }))
            .status,
        );
      assert.deepEqual(statuses, [200, 200, 429], 'cached token served while Mattermost is down, then the limit');

      const text = logs.text();
      assert.ok(text.includes('"level":40'), 'the failures were logged as warnings');
      for (const secret of [emulator.adminToken, SECRET, chat.token, jwt])
        assert.ok(!text.includes(secret), 'a secret appears in the logs');
    } finally {
      await auth.close();
      await emulator.close();
    }
  });
});
