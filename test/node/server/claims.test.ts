// What a host JWT's claims can and cannot do: an unverified or look-alike e-mail takes no
// account, a host identity never lands on a portal's account or name, and names are
// cleaned and bounded to Mattermost's own field limits (server/public/model/user.go).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hono } from 'hono';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { createAuthApp } from '../../../src/server/index.js';
import type { ChatTokenResponse } from '../../../src/server/index.js';
import { errorJson, hostJwt, newPerson, testConfig } from './helpers.js';

const PORTAL_SECRET = 'portal-secret-that-is-long-enough-01234';
const PORTAL_ORIGIN = 'https://portal.acme.test';
const PORTALS = JSON.stringify([{ kid: 'acme', secret: PORTAL_SECRET, origins: [PORTAL_ORIGIN], tabs: ['support'] }]);

describe('auth server: host claims', () => {
  let emulator: RunningEmulator;
  let app: Hono;

  const newApp = () => createAuthApp(testConfig(emulator.url, emulator.adminToken, { PORTALS }));
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
  const refusal = async (claims: Record<string, unknown>) => {
    const response = await request(app, await hostJwt(claims));
    return { status: response.status, ...(await errorJson(response)) };
  };
  const portalJwt = (claims: Record<string, unknown>) =>
    hostJwt(claims, { kid: 'acme', secret: PORTAL_SECRET, issuer: null, audience: null });

  before(async () => {
    // Enterprise: a portal identity's account is a guest, a licensed feature (on Team
    // Edition its token is refused before any claim below is looked at).
    emulator = await startEmulator({ port: 0, seed: true, edition: 'enterprise' });
    app = newApp();
  });
  after(async () => {
    await emulator?.close();
  });

  describe('e-mail', () => {
    it('links an e-mail the JWT calls unverified to no existing account, and the same subject to the same account', async () => {
      const kate = emulator.core.createUser({
        username: `kate${Date.now().toString(36)}`,
        email: 'kate@bisman.example',
      });
      const claims = { sub: 'host-unverified-kate', email: 'kate@bisman.example', email_verified: false, name: 'Kate' };
      const chat = await token(app, await hostJwt(claims));
      assert.notEqual(chat.userId, kate.id, "not Kate's account");
      assert.match(emulator.core.getUser(chat.userId)!.email, /@unverified\.invalid$/);
      assert.equal((await token(newApp(), await hostJwt(claims))).userId, chat.userId, 'after a restart too');

      const verified = await token(app, await hostJwt({ ...claims, sub: 'host-kate', email_verified: true }));
      assert.equal(verified.userId, kate.id, 'a verified (or unqualified) e-mail still finds its account');
    });

    it('refuses (400) an e-mail that NFKC changes: the Kelvin sign K (U+212A) does not take kate@', async () => {
      const before = emulator.core.getUserByEmail('kate@bisman.example');
      const answer = await refusal({ sub: 'host-kelvin', email: '\u212Aate@bisman.example', name: 'Mallory' });
      assert.equal(answer.status, 400);
      assert.equal(answer.error, 'invalid_email');
      assert.equal(emulator.core.getUserByEmail('kate@bisman.example'), before);
    });

    it('refuses a non-ASCII letter that case-maps to ASCII (İ, ſ) and compares ASCII case-insensitively', async () => {
      for (const email of ['\u0130nes@bisman.example', 'ro\u017Fa@bisman.example']) {
        const answer = await refusal({ sub: `host-${email}`, email, name: 'Mallory' });
        assert.equal(answer.status, 400, email);
      }
      const alice = emulator.core.getUserByUsername('alice')!;
      const chat = await token(app, await hostJwt({ sub: 'demo:alice', email: 'Alice@Bisman.Example', name: 'Alice' }));
      assert.equal(chat.userId, alice.id);
      const accented = await token(
        app,
        await hostJwt({ ...newPerson('jose'), email: `josé${Date.now()}@bisman.example` }),
      );
      assert.match(emulator.core.getUser(accented.userId)!.email, /^josé\d+@bisman\.example$/);
    });
  });

  describe('portal accounts', () => {
    it("never maps a host identity onto a portal's account: its synthetic e-mail is refused", async () => {
      const portal = await token(
        app,
        await portalJwt({ sub: 'cust-1', email: 'c1@customer.test', name: 'C One' }),
        PORTAL_ORIGIN,
      );
      const synthetic = emulator.core.getUser(portal.userId)!.email;
      assert.match(synthetic, /@portal\.invalid$/);
      const answer = await refusal({ sub: 'host-takeover', email: synthetic, name: 'Mallory' });
      assert.equal(answer.status, 400);
      assert.equal(answer.error, 'reserved_email');
      assert.equal(emulator.core.getUser(portal.userId)!.email, synthetic);
    });

    it("never gives a host user a portal account's name, so a portal's first sign-in is not blocked", async () => {
      const { portalAccount } = await import('../../../src/server/service.js');
      const { username } = await portalAccount('acme', 'cust-2');
      const host = await token(app, await hostJwt({ ...newPerson('squat'), preferred_username: username }));
      assert.doesNotMatch(emulator.core.getUser(host.userId)!.username, /^portal-/);
      const portal = await token(
        app,
        await portalJwt({ sub: 'cust-2', email: 'c2@customer.test', name: 'C Two' }),
        PORTAL_ORIGIN,
      );
      assert.equal(emulator.core.getUser(portal.userId)!.username, username);
    });
  });

  describe('names and limits', () => {
    it('strips control, bidi and zero-width characters from display names', async () => {
      const name = 'Ad\u0000min\u202E \u200BBoss\u2066\uFEFF';
      const chat = await token(app, await hostJwt({ ...newPerson('bidi'), name }));
      const user = emulator.core.getUser(chat.userId)!;
      assert.equal(`${user.first_name} ${user.last_name}`, 'Admin Boss');
      assert.equal(emulator.core.getChannel(chat.supportChannelId!)!.display_name, 'Support · Admin Boss');
    });

    it("bounds a 4 KB name to Mattermost's first and last name limits (64 runes each)", async () => {
      const name = `${'𝒜'.repeat(30)}${'a'.repeat(2000)} ${'b'.repeat(2000)}`;
      const chat = await token(
        app,
        await hostJwt({ ...newPerson('long'), name, preferred_username: 'x'.repeat(4096) }),
      );
      const user = emulator.core.getUser(chat.userId)!;
      assert.equal([...user.first_name].length, 64);
      assert.equal(user.first_name, `${'𝒜'.repeat(30)}${'a'.repeat(34)}`, 'counted in runes, no surrogate pair cut');
      assert.ok([...user.last_name].length <= 64);
      assert.ok([...emulator.core.getChannel(chat.supportChannelId!)!.display_name].length <= 64);
    });

    it('refuses (400) an e-mail longer than 128 bytes', async () => {
      const answer = await refusal({ sub: 'host-long-mail', email: `${'a'.repeat(5000)}@customer.test`, name: 'X' });
      assert.equal(answer.status, 400);
      assert.equal(answer.error, 'invalid_email');
    });

    it("answers Mattermost's 400 for a claim it refuses as the client's 400, not a 502", async () => {
      const answer = await refusal({ sub: 'host-comma', email: 'a,b@customer.test', name: 'X' });
      assert.equal(answer.status, 400);
      assert.equal(answer.error, 'invalid_claims');
      assert.match(answer.message, /email/);
    });
  });
});
