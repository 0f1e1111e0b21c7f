// Which Mattermost account an identity gets: portals are linked by (kid, sub) only,
// never matched by email; privileged, bot and deactivated accounts never get a token.
// On both editions: Team Edition refuses to demote (no license), so a portal identity's
// account is made but never gets a token (502 guest_accounts_unavailable).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator, User } from '../../../src/emulator/node.js';
import { createAuthApp } from '../../../src/server/index.js';
import type { ChatTokenResponse } from '../../../src/server/index.js';
import { portalAccount } from '../../../src/server/service.js';
import type { Hono } from 'hono';
import { describeEachEdition, errorJson, hostJwt, newPerson, testConfig } from './helpers.js';

const PORTAL_SECRET = 'portal-secret-that-is-long-enough-01234';
const PORTAL_ORIGIN = 'https://portal.acme.test';
const PORTALS = JSON.stringify([{ kid: 'acme', secret: PORTAL_SECRET, origins: [PORTAL_ORIGIN], tabs: ['support'] }]);
/** What Team Edition answers a demotion (server/channels/api4/user.go, demoteUserToGuest: no license). */
const NO_GUEST_LICENSE = /501 api\.team\.demote_user_to_guest\.license\.error/;

/**
 * Asserts Team Edition's answer to a portal identity, as a real Team Edition server makes the
 * auth server give it: 502 guest_accounts_unavailable naming Mattermost's refusal. The account
 * (kid, sub) links to was made, but stays a plain user outside the team, with no token.
 */
async function assertPortalRefused(emulator: RunningEmulator, response: Response, sub: string): Promise<User> {
  const body = await errorJson(response);
  assert.equal(response.status, 502, JSON.stringify(body));
  assert.equal(body.error, 'guest_accounts_unavailable');
  assert.match(body.message, NO_GUEST_LICENSE);
  const user = emulator.core.getUserByUsername((await portalAccount('acme', sub)).username);
  assert.ok(user, 'the account (kid, sub) links to exists');
  assert.equal(user.roles, 'system_user', 'not a guest: Team Edition cannot make one');
  assert.deepEqual(emulator.core.teamsOf(user.id), [], 'outside the team: never a full member instead');
  assert.equal([...emulator.core.accessTokens.values()].filter((t) => t.user_id === user.id).length, 0, 'no token');
  return user;
}

describeEachEdition('auth server: which account an identity gets', (edition) => {
  let emulator: RunningEmulator;
  let app: Hono;
  let clock = Date.now();

  /** A fresh auth server (memory store): what a restart gives. */
  const newApp = () =>
    createAuthApp(testConfig(emulator.url, emulator.adminToken, { PORTALS, TOKEN_TTL_SECONDS: '600' }), {
      now: () => clock,
    });
  const portalJwt = (claims: Record<string, unknown>) =>
    hostJwt(claims, { kid: 'acme', secret: PORTAL_SECRET, issuer: null, audience: null, now: clock });
  const request = (on: Hono, jwt: string, origin?: string) =>
    on.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: '{}',
    });
  const token = async (on: Hono, jwt: string, origin?: string): Promise<ChatTokenResponse> => {
    const response = await request(on, jwt, origin);
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as ChatTokenResponse;
  };
  /** The Mattermost user a portal identity is linked to: its token's on Enterprise; on Team Edition, refused. */
  const portalUserId = async (on: Hono, claims: { sub: string } & Record<string, unknown>): Promise<string> => {
    const response = await request(on, await portalJwt(claims), PORTAL_ORIGIN);
    if (edition === 'team') return (await assertPortalRefused(emulator, response, claims.sub)).id;
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as ChatTokenResponse).userId;
  };

  before(async () => {
    clock = Date.now(); // each edition's suite starts its own clock
    emulator = await startEmulator({ port: 0, seed: true, edition });
    app = newApp();
  });
  after(async () => {
    await emulator?.close();
  });

  it("never gives a portal the account its email claim names, not even the admin's", async () => {
    const admin = emulator.core.getUserByUsername('admin')!;
    const alice = emulator.core.getUserByUsername('alice')!;
    for (const victim of [admin, alice]) {
      const roles = victim.roles;
      const userId = await portalUserId(app, {
        sub: `claims-${victim.username}`,
        email: victim.email,
        name: 'Mallory',
      });
      assert.notEqual(userId, victim.id, `a portal got ${victim.username}'s account`);
      assert.equal(emulator.core.getUser(victim.id)!.roles, roles, `${victim.username} was not demoted`);
      const user = emulator.core.getUser(userId)!;
      assert.ok(!user.roles.includes('system_admin'));
      assert.match(user.email, /^[0-9a-f]{64}@portal\.invalid$/, 'a non-routable email, not the claimed one');
      assert.match(user.username, /^portal-[0-9a-f]{15}$/);
    }
  });

  it('links a portal identity by (kid, sub), across restarts, whatever its email claim', async () => {
    const person = newPerson('linked');
    const first = await portalUserId(app, person);
    const afterRestart = await portalUserId(newApp(), { ...person, email: `changed-${person.email}` });
    assert.equal(afterRestart, first, 'same (kid, sub): same user, even with another email');
    const other = await portalUserId(app, { ...person, sub: `${person.sub}-2` });
    assert.notEqual(other, first, 'another sub with the same email: another user');
  });

  it("keeps a portal user apart from the host app's user with the same email", async () => {
    const person = newPerson('both');
    const host = await token(app, await hostJwt(person));
    const portal = await portalUserId(app, person);
    assert.notEqual(portal, host.userId);
    assert.equal(emulator.core.getUser(host.userId)!.email, person.email);
  });

  it('refuses a token for a system admin, a bot, a deactivated account or extra roles, with 403 account_not_allowed', async () => {
    const admin = emulator.core.getUserByUsername('admin')!;
    const refused = async (jwt: string, what: string) => {
      const response = await request(newApp(), jwt);
      const body = await errorJson(response);
      assert.equal(response.status, 403, `${what}: ${JSON.stringify(body)}`);
      assert.equal(body.error, 'account_not_allowed', what);
    };
    await refused(await hostJwt({ sub: 'host-admin', email: admin.email, name: 'Ada Admin' }), 'system admin');
    for (const [what, change] of [
      ['bot', { is_bot: true }],
      ['deactivated', { delete_at: Date.now() }],
      ['post_all role', { roles: 'system_user system_post_all' }],
      ['user manager role', { roles: 'system_user_manager system_user' }],
    ] as const) {
      const person = newPerson('flagged');
      const user = emulator.core.createUser({
        username: person.sub.toLowerCase(),
        email: person.email,
        password: 'Passw0rd!x',
      });
      Object.assign(user, change);
      await refused(await hostJwt(person), what);
    }
  });

  it('re-checks the account when it rotates the token', async () => {
    const person = newPerson('promoted');
    const jwt = await hostJwt(person, { now: clock, expiresIn: 7200 });
    const first = await token(app, jwt);
    emulator.core.getUser(first.userId)!.roles = 'system_user system_admin';
    assert.equal((await token(app, jwt)).token, first.token, 'cached until it is due');
    clock += 601_000;
    const response = await request(app, jwt);
    assert.equal(response.status, 403);
    assert.equal((await errorJson(response)).error, 'account_not_allowed');
  });
});

describeEachEdition('auth server: portal users are guests', (edition) => {
  let emulator: RunningEmulator;
  const calls: string[] = [];
  let demoteAnswer: (() => Response) | undefined;

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true, edition });
  });
  after(async () => {
    await emulator?.close();
  });

  /** The auth app over the emulator, recording each Mattermost call; `demoteAnswer` replaces the demote's answer. */
  const newApp = () =>
    createAuthApp(testConfig(emulator.url, emulator.adminToken, { PORTALS }), {
      fetch: async (input, init) => {
        const url = new URL(String(input));
        calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/\/[a-z0-9]{26}(?=\/|$)/g, '/{id}')}`);
        if (demoteAnswer && url.pathname.endsWith('/demote')) return demoteAnswer();
        return fetch(input, init);
      },
    });
  const portalJwt = (claims: Record<string, unknown>) =>
    hostJwt(claims, { kid: 'acme', secret: PORTAL_SECRET, issuer: null, audience: null });
  const request = async (app: Hono, jwt: string) =>
    app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, origin: PORTAL_ORIGIN, 'content-type': 'application/json' },
      body: '{}',
    });
  const mmAs = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${emulator.url}/api/v4${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });

  if (edition === 'team') {
    // What a real Team Edition server makes of a portal: the demotion is refused for want of
    // a license (server/channels/api4/user.go, demoteUserToGuest: 501
    // api.team.demote_user_to_guest.license.error), so the portal user gets no token.
    it('Team Edition: refuses a portal identity with 502 guest_accounts_unavailable (no license), every time, and never adds a full member', async () => {
      calls.length = 0;
      const person = newPerson('teamedition');
      const app = newApp();
      for (let attempt = 0; attempt < 2; attempt++) {
        await assertPortalRefused(emulator, await request(app, await portalJwt(person)), person.sub);
      }
      assert.equal(calls.filter((c) => c === 'POST /api/v4/users/{id}/demote').length, 2, calls.join('\n'));
      assert.ok(
        !calls.some(
          (c) => c.includes('/teams/{id}/members') || c.includes('/tokens') || c.startsWith('POST /api/v4/channels'),
        ),
        calls.join('\n'),
      );
    });
    return;
  }

  it('makes a portal user a guest before it joins the team: its support channel only, no public channels', async () => {
    calls.length = 0;
    demoteAnswer = undefined;
    const response = await request(newApp(), await portalJwt(newPerson('guest')));
    assert.equal(response.status, 200, await response.clone().text());
    const chat = (await response.json()) as ChatTokenResponse;
    assert.deepEqual(chat.allowedTabs, ['support']);
    assert.ok(calls.indexOf('POST /api/v4/users/{id}/demote') > calls.indexOf('POST /api/v4/users'), calls.join('\n'));
    assert.ok(
      calls.indexOf('POST /api/v4/users/{id}/demote') < calls.indexOf('POST /api/v4/teams/{id}/members'),
      'demoted before joining the team',
    );

    const user = emulator.core.getUser(chat.userId)!;
    assert.equal(user.roles, 'system_guest');
    const mine = emulator.core.channelsOf(chat.userId, chat.teamId).map((c) => c.id);
    assert.deepEqual(
      mine,
      [chat.supportChannelId],
      'member of the support channel only (no town-square, no off-topic)',
    );
    const townSquare = emulator.core.allChannels().find((c) => c.team_id === chat.teamId && c.name === 'town-square')!;
    assert.equal((await mmAs(chat.token, `/teams/${chat.teamId}/channels`)).status, 403, 'cannot list public channels');
    assert.equal((await mmAs(chat.token, `/channels/${townSquare.id}/posts`)).status, 403, 'cannot read town-square');
    const post = await mmAs(chat.token, '/posts', {
      method: 'POST',
      body: JSON.stringify({ channel_id: townSquare.id, message: 'hi' }),
    });
    assert.equal(post.status, 403, 'cannot post in town-square');
    const own = await mmAs(chat.token, '/posts', {
      method: 'POST',
      body: JSON.stringify({ channel_id: chat.supportChannelId, message: 'help' }),
    });
    assert.equal(own.status, 201, 'can write in its support channel');
  });

  it('refuses with 502 guest_accounts_unavailable when Mattermost will not demote, and never adds a full member', async () => {
    calls.length = 0;
    demoteAnswer = () =>
      Response.json(
        {
          id: 'api.team.demote_user_to_guest.disabled.error',
          message: 'Guest accounts are disabled.',
          status_code: 501,
        },
        { status: 501 },
      );
    const person = newPerson('noguest');
    const app = newApp();
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await request(app, await portalJwt(person));
      const body = await errorJson(response);
      assert.equal(response.status, 502, JSON.stringify(body));
      assert.equal(body.error, 'guest_accounts_unavailable');
      assert.match(body.message, /GuestAccountsSettings\.Enable/);
    }
    assert.ok(!calls.some((c) => c.includes('/teams/{id}/members') || c.includes('/tokens')), calls.join('\n'));
    demoteAnswer = undefined;
    const chat = (await (await request(app, await portalJwt(person))).json()) as ChatTokenResponse;
    assert.equal(
      emulator.core.getUser(chat.userId)!.roles,
      'system_guest',
      'the half-provisioned account is demoted once Mattermost allows it',
    );
  });

  it('makes a promoted portal user a guest again at the next provisioning', async () => {
    demoteAnswer = undefined;
    const jwt = await portalJwt(newPerson('promoted'));
    const first = (await (await request(newApp(), jwt)).json()) as ChatTokenResponse;
    emulator.core.promoteToUser(first.userId);
    const again = await request(newApp(), jwt);
    assert.equal(again.status, 200);
    assert.equal(emulator.core.getUser(first.userId)!.roles, 'system_guest');
  });
});
