// How long a verified host JWT is trusted without another signature check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { IdentityVerifier } from '../../../src/server/identity.js';
import { AUDIENCE, ISSUER, hostJwt, newPerson, testConfig } from './helpers.js';

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
