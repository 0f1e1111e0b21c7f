// How long a verified host JWT is trusted without another signature check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ApiError } from '../../../src/server/errors.js';
import { IdentityVerifier } from '../../../src/server/identity.js';
import { AUDIENCE, ISSUER, SECRET, hostJwt, newPerson, testConfig } from './helpers.js';

const JWKS_URL = 'http://idp.test/.well-known/jwks.json';
const HOUR_S = 3600;

describe('IdentityVerifier', () => {
  it('trusts a verified JWT until it expires, and one signed with a JWKS key only while that key set is kept', async () => {
    let clock = Date.now();
    const rsa = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    const fetchJwks: typeof fetch = async () => Response.json({ keys: [jwk] });
    const verifier = new IdentityVerifier(testConfig('http://mm.test', 'admin-token', { JWKS_URL }), {
      fetch: fetchJwks,
      now: () => clock,
    });

    const seconds = Math.floor(clock / 1000);
    const secretSigned = await hostJwt(newPerson(), { expiresIn: HOUR_S, now: clock });
    const jwksSigned = await new SignJWT(newPerson())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + HOUR_S)
      .sign(rsa.privateKey);
    await verifier.verify(secretSigned);
    await verifier.verify(jwksSigned);
    assert.ok(verifier.cached(jwksSigned));

    clock += 10 * 60_000 + 1000;
    assert.ok(verifier.cached(secretSigned), 'the secret only changes with a restart');
    assert.equal(
      verifier.cached(jwksSigned),
      undefined,
      'the identity provider may have withdrawn the key: check again',
    );
    assert.ok(await verifier.verify(jwksSigned), 'and it still verifies with the key set as it is now');

    clock += HOUR_S * 1000;
    assert.equal(verifier.cached(secretSigned), undefined, 'expired');
  });
});

describe('host JWT age (JWT_MAX_FUTURE_IAT_SECONDS, JWT_MAX_LIFETIME_SECONDS)', () => {
  const YEAR_S = 365 * 24 * HOUR_S;
  const PORTAL_SECRET = 'portal-secret-Qm9vbGVhbiBsb2dpYyBpcyBmdW4';
  const PORTALS = JSON.stringify([{ kid: 'acme', secret: PORTAL_SECRET, origins: ['https://portal.acme.test'] }]);

  /** A JWT signed with the host secret (or a portal's), with exactly the iat/exp given (seconds; null leaves it out). */
  function signed(iat: number | null, exp: number, portal = false): Promise<string> {
    let jwt = new SignJWT({ ...newPerson(), ...(iat === null ? {} : { iat }) })
      .setProtectedHeader({ alg: 'HS256', ...(portal ? { kid: 'acme' } : {}) })
      .setExpirationTime(exp);
    if (!portal) jwt = jwt.setIssuer(ISSUER).setAudience(AUDIENCE);
    return jwt.sign(new TextEncoder().encode(portal ? PORTAL_SECRET : SECRET));
  }

  function verifierAt(clock: number, env: Record<string, string> = {}): IdentityVerifier {
    return new IdentityVerifier(testConfig('http://mm.test', 'admin-token', { PORTALS, ...env }), {
      fetch: () => Promise.reject(new Error('no network')),
      now: () => clock,
    });
  }

  async function refusal(verifier: IdentityVerifier, jwt: string): Promise<{ status: number; code: string }> {
    try {
      await verifier.verify(jwt);
    } catch (err) {
      assert.ok(err instanceof ApiError, String(err));
      return { status: err.status, code: err.code };
    }
    assert.fail('the JWT was accepted');
  }

  const clock = Date.now();
  const now = Math.floor(clock / 1000);

  it('refuses a JWT that expires 100 years after it was issued (401 token_lifetime_too_long)', async () => {
    assert.deepEqual(await refusal(verifierAt(clock), await signed(now, now + 100 * YEAR_S)), {
      status: 401,
      code: 'token_lifetime_too_long',
    });
    assert.ok(await verifierAt(clock).verify(await signed(now, now + 24 * HOUR_S)), 'exactly 24 h is fine');
    assert.equal(
      (await refusal(verifierAt(clock), await signed(now, now + 24 * HOUR_S + 1))).code,
      'token_lifetime_too_long',
    );
  });

  it('refuses a JWT issued a year in the future, or more than 60 s ahead of our clock (401 token_not_yet_valid)', async () => {
    assert.deepEqual(await refusal(verifierAt(clock), await signed(now + YEAR_S, now + YEAR_S + HOUR_S)), {
      status: 401,
      code: 'token_not_yet_valid',
    });
    assert.equal((await refusal(verifierAt(clock), await signed(now + 61, now + HOUR_S))).code, 'token_not_yet_valid');
    assert.ok(await verifierAt(clock).verify(await signed(now + 60, now + HOUR_S)), 'a host clock 60 s ahead is fine');
  });

  it('without iat, the JWT may expire at most the maximum lifetime (plus the allowed clock lead) from now', async () => {
    assert.ok(await verifierAt(clock).verify(await signed(null, now + HOUR_S)));
    assert.ok(await verifierAt(clock).verify(await signed(null, now + 24 * HOUR_S + 60)));
    assert.equal(
      (await refusal(verifierAt(clock), await signed(null, now + 24 * HOUR_S + 61))).code,
      'token_lifetime_too_long',
    );
    assert.equal(
      (await refusal(verifierAt(clock), await signed(null, now + 100 * YEAR_S))).code,
      'token_lifetime_too_long',
    );
  });

  it("applies to a portal's keys too", async () => {
    assert.ok((await verifierAt(clock).verify(await signed(now, now + HOUR_S, true))).portal, 'a portal identity');
    assert.equal(
      (await refusal(verifierAt(clock), await signed(now, now + 100 * YEAR_S, true))).code,
      'token_lifetime_too_long',
    );
    assert.equal(
      (await refusal(verifierAt(clock), await signed(now + YEAR_S, now + YEAR_S + 60, true))).code,
      'token_not_yet_valid',
    );
  });

  it('follows JWT_MAX_LIFETIME_SECONDS and JWT_MAX_FUTURE_IAT_SECONDS', async () => {
    const strict = { JWT_MAX_LIFETIME_SECONDS: '900', JWT_MAX_FUTURE_IAT_SECONDS: '0' };
    assert.ok(await verifierAt(clock, strict).verify(await signed(now, now + 900)));
    assert.equal(
      (await refusal(verifierAt(clock, strict), await signed(now, now + 901))).code,
      'token_lifetime_too_long',
    );
    assert.equal(
      (await refusal(verifierAt(clock, strict), await signed(now + 1, now + 600))).code,
      'token_not_yet_valid',
    );
    const lenient = { JWT_MAX_LIFETIME_SECONDS: String(7 * 24 * HOUR_S) };
    assert.ok(await verifierAt(clock, lenient).verify(await signed(now, now + 7 * 24 * HOUR_S)));
  });
});
