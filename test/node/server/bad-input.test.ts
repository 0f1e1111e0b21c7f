// Every class of bad input gets a clear JSON error, before Mattermost is involved.
// Mattermost here is a closed port: a request that passes every check ends in 503.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { before, describe, it } from 'node:test';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { createAuthApp } from '../../../src/server/index.js';
import type { Hono } from 'hono';
import { ERP_ORIGIN, SECRET, errorJson, hostJwt, newPerson, testConfig, unsignedJwt } from './helpers.js';

const PORTAL_SECRET = 'portal-secret-that-is-long-enough-01234';
const PORTAL_ORIGIN = 'https://portal.acme.test';
const JWKS_URL = 'http://idp.test/.well-known/jwks.json';

/** A loopback URL where nothing listens. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('auth server: bad input', () => {
  let mmUrl: string;
  let app: Hono;
  const portals = JSON.stringify([{ kid: 'acme', secret: PORTAL_SECRET, origins: [PORTAL_ORIGIN], tabs: ['support'] }]);

  before(async () => {
    mmUrl = await deadUrl();
    app = createAuthApp(testConfig(mmUrl, 'admin-token', { PORTALS: portals }));
  });

  const tokenRequest = (
    init: { jwt?: string; origin?: string; body?: string; type?: string | null; cookie?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.jwt) headers.authorization = `Bearer ${init.jwt}`;
    if (init.origin) headers.origin = init.origin;
    if (init.type !== null) headers['content-type'] = init.type ?? 'application/json';
    if (init.cookie) headers.cookie = init.cookie;
    return app.request('http://auth.test/api/chat/token', { method: 'POST', headers, body: init.body ?? '{}' });
  };

  async function expectError(response: Response, status: number, code: string): Promise<void> {
    const body = await errorJson(response);
    assert.equal(response.status, status, `${code}: ${JSON.stringify(body)}`);
    assert.equal(body.error, code, body.message);
  }

  it('asks for an identity when none is sent', async () => {
    await expectError(await tokenRequest(), 401, 'missing_identity');
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const response = await app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: 'Basic YTpi' },
    });
    await expectError(response, 401, 'unsupported_authorization');
  });

  it('refuses a malformed JWT', async () => {
    await expectError(await tokenRequest({ jwt: 'not.a-jwt' }), 401, 'malformed_token');
    await expectError(await tokenRequest({ jwt: 'garbage' }), 401, 'malformed_token');
    await expectError(await tokenRequest({ jwt: 'two words' }), 401, 'malformed_token');
  });

  it('refuses a bearer header without a token', async () => {
    const response = await app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: 'Bearer   ' },
    });
    await expectError(response, 401, 'unsupported_authorization');
  });

  it('refuses an expired JWT', async () => {
    const jwt = await hostJwt(newPerson(), { now: Date.now() - 7200_000, expiresIn: 3600 });
    await expectError(await tokenRequest({ jwt }), 401, 'token_expired');
  });

  it('refuses a JWT whose nbf is in the future', async () => {
    const jwt = await hostJwt(newPerson(), { notBefore: 600 });
    await expectError(await tokenRequest({ jwt }), 401, 'token_not_yet_valid');
  });

  it('refuses a wrong issuer and a wrong audience', async () => {
    await expectError(
      await tokenRequest({ jwt: await hostJwt(newPerson(), { issuer: 'https://evil.test' }) }),
      401,
      'invalid_issuer',
    );
    await expectError(
      await tokenRequest({ jwt: await hostJwt(newPerson(), { audience: 'someone-else' }) }),
      401,
      'invalid_audience',
    );
  });

  it('refuses a JWT that never expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ ...newPerson() })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://erp.test')
      .setAudience('bisman-chat')
      .setIssuedAt(now)
      .sign(new TextEncoder().encode(SECRET));
    await expectError(await tokenRequest({ jwt }), 401, 'invalid_claims');
  });

  it('refuses a JWT without email', async () => {
    const { email: _email, ...noEmail } = newPerson();
    await expectError(await tokenRequest({ jwt: await hostJwt(noEmail) }), 401, 'invalid_claims');
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = unsignedJwt({ ...newPerson(), iss: 'https://erp.test', aud: 'bisman-chat', iat: now, exp: now + 600 });
    await expectError(await tokenRequest({ jwt }), 401, 'unsupported_algorithm');
  });

  it('refuses a forged signature', async () => {
    const jwt = await hostJwt(newPerson(), { secret: `${SECRET}-but-not-ours` });
    await expectError(await tokenRequest({ jwt }), 401, 'invalid_signature');
    // Same payload, signature of another token.
    const good = await hostJwt(newPerson());
    const other = await hostJwt(newPerson());
    const spliced = `${good.split('.').slice(0, 2).join('.')}.${other.split('.')[2]}`;
    await expectError(await tokenRequest({ jwt: spliced }), 401, 'invalid_signature');
  });

  it('refuses an unknown kid', async () => {
    const jwt = await hostJwt(newPerson(), { kid: 'nobody' });
    await expectError(await tokenRequest({ jwt }), 401, 'unknown_key');
  });

  it('refuses a portal key used from a foreign origin, and accepts it from the portal', async () => {
    const jwt = await hostJwt(newPerson(), { kid: 'acme', secret: PORTAL_SECRET, issuer: null, audience: null });
    await expectError(await tokenRequest({ jwt, origin: ERP_ORIGIN }), 403, 'origin_not_allowed');
    await expectError(await tokenRequest({ jwt, origin: 'https://elsewhere.test' }), 403, 'origin_not_allowed');
    // Past every check, the request reaches Mattermost, which is down here.
    await expectError(await tokenRequest({ jwt, origin: PORTAL_ORIGIN }), 503, 'mattermost_unavailable');
  });

  it('refuses the host secret used from a portal-only origin', async () => {
    const jwt = await hostJwt(newPerson());
    await expectError(await tokenRequest({ jwt, origin: PORTAL_ORIGIN }), 403, 'origin_not_allowed');
  });

  it('refuses an oversized body with 413', async () => {
    const jwt = await hostJwt(newPerson());
    // Counted while reading (no Content-Length)...
    await expectError(
      await tokenRequest({ jwt, body: JSON.stringify({ pad: 'x'.repeat(20_000) }) }),
      413,
      'payload_too_large',
    );
    // ...and refused from the header alone.
    const declared = await app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', 'content-length': '20000' },
      body: '{}',
    });
    await expectError(declared, 413, 'payload_too_large');
  });

  it('refuses a body that is not JSON', async () => {
    const jwt = await hostJwt(newPerson());
    await expectError(await tokenRequest({ jwt, type: 'text/plain', body: 'hello' }), 415, 'unsupported_media_type');
    await expectError(
      await tokenRequest({ jwt, type: 'application/x-www-form-urlencoded', body: 'a=b' }),
      415,
      'unsupported_media_type',
    );
    await expectError(await tokenRequest({ jwt, body: '{"a":' }), 400, 'invalid_json');
    await expectError(await tokenRequest({ jwt, body: '[1,2]' }), 400, 'invalid_body');
  });

  it('answers 503 with Retry-After when Mattermost is unreachable', async () => {
    const response = await tokenRequest({ jwt: await hostJwt(newPerson()), origin: ERP_ORIGIN });
    assert.ok(Number(response.headers.get('retry-after')) > 0, 'Retry-After');
    await expectError(response, 503, 'mattermost_unavailable');
  });

  it('reads the identity from the host cookie too', async () => {
    const response = await tokenRequest({ cookie: `bisman_host=${await hostJwt(newPerson())}` });
    await expectError(response, 503, 'mattermost_unavailable');
  });

  it('answers unknown routes and wrong methods with the JSON shape', async () => {
    await expectError(await app.request('http://auth.test/api/nothing'), 404, 'not_found');
    await expectError(await app.request('http://auth.test/api/chat/token'), 405, 'method_not_allowed');
  });

  it('reports Mattermost down on /api/health with 503 and Retry-After', async () => {
    const response = await app.request('http://auth.test/api/health');
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    await expectError(response, 503, 'mattermost_unavailable');
  });

  it('gives CORS only to configured origins', async () => {
    const preflight = (origin: string) =>
      app.request('http://auth.test/api/chat/token', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight(ERP_ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ERP_ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal((await preflight(PORTAL_ORIGIN)).headers.get('access-control-allow-origin'), PORTAL_ORIGIN);
    assert.equal((await preflight('https://evil.test')).headers.get('access-control-allow-origin'), null);
    const evil = await tokenRequest({ jwt: await hostJwt(newPerson()), origin: 'https://evil.test' });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    await expectError(evil, 403, 'origin_not_allowed');
    // Errors carry CORS too, so the widget can read why it was refused.
    const refused = await tokenRequest({ origin: ERP_ORIGIN });
    assert.equal(refused.headers.get('access-control-allow-origin'), ERP_ORIGIN);
    assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
    await expectError(refused, 401, 'missing_identity');
  });
});

describe('auth server: rate limits', () => {
  it('limits requests per address with 429 and Retry-After', async () => {
    const app = createAuthApp(testConfig(await deadUrl(), 'admin-token', { RATE_LIMIT_PER_IP: '2' }));
    const send = () => app.request('http://auth.test/api/chat/token', { method: 'POST' });
    assert.equal((await send()).status, 401);
    assert.equal((await send()).status, 401);
    const limited = await send();
    const body = await errorJson(limited);
    assert.equal(limited.status, 429);
    assert.equal(body.error, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });

  it('limits requests per subject', async () => {
    const app = createAuthApp(testConfig(await deadUrl(), 'admin-token', { RATE_LIMIT_PER_SUBJECT: '1' }));
    const person = newPerson();
    const send = async (p: { sub: string; email: string }) =>
      app.request('http://auth.test/api/chat/token', {
        method: 'POST',
        headers: { authorization: `Bearer ${await hostJwt(p)}` },
      });
    assert.equal((await send(person)).status, 503, 'first: reaches (dead) Mattermost');
    assert.equal((await send(person)).status, 429, 'second for the same subject');
    assert.equal((await send(newPerson())).status, 503, 'another subject has its own budget');
  });
});

describe('auth server: JWKS keys', () => {
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let jwk: JWK;
  before(async () => {
    rsa = await generateKeyPair('RS256');
    jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  });

  async function jwksApp(env: Record<string, string | undefined>) {
    const mm = await deadUrl();
    const fetchFn: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      return url === JWKS_URL ? Response.json({ keys: [jwk] }) : fetch(input, init);
    };
    return createAuthApp(testConfig(mm, 'admin-token', env), { fetch: fetchFn });
  }

  const rsJwt = (kid = 'rsa-1') => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...newPerson() })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer('https://erp.test')
      .setAudience('bisman-chat')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(rsa.privateKey);
  };
  const post = (app: Hono, jwt: string) =>
    app.request('http://auth.test/api/chat/token', { method: 'POST', headers: { authorization: `Bearer ${jwt}` } });

  it('accepts an RS256 token from the JWKS and refuses an unknown kid', async () => {
    const app = await jwksApp({ JWT_SECRET: undefined, JWKS_URL });
    assert.equal(
      (await errorJson(await post(app, await rsJwt()))).error,
      'mattermost_unavailable',
      'verified, then Mattermost is down',
    );
    const unknown = await post(app, await rsJwt('rsa-2'));
    assert.equal(unknown.status, 401);
    assert.equal((await errorJson(unknown)).error, 'unknown_key');
  });

  it('takes HS tokens to the secret and RS tokens to the JWKS when both are configured', async () => {
    const app = await jwksApp({ JWKS_URL });
    assert.equal(
      (await errorJson(await post(app, await rsJwt()))).error,
      'mattermost_unavailable',
      'RS256 with kid: verified',
    );
    assert.equal(
      (await errorJson(await post(app, await hostJwt(newPerson())))).error,
      'mattermost_unavailable',
      'HS256: verified',
    );
    const forged = await hostJwt(newPerson(), { secret: 'z'.repeat(40) });
    assert.equal((await errorJson(await post(app, forged))).error, 'invalid_signature');
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const app = await jwksApp({ JWT_SECRET: undefined, JWKS_URL });
    const pem = await exportSPKI(rsa.publicKey);
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ ...newPerson() })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer('https://erp.test')
      .setAudience('bisman-chat')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(pem));
    const response = await post(app, forged);
    assert.equal(response.status, 401);
    assert.equal((await errorJson(response)).error, 'unsupported_algorithm');
  });

  it('refuses an RS256 token where only the HMAC secret is configured', async () => {
    const app = await jwksApp({});
    const { kid: _kid, ...noKid } = jwk;
    assert.ok(noKid);
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ ...newPerson() })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://erp.test')
      .setAudience('bisman-chat')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(rsa.privateKey);
    const response = await post(app, jwt);
    assert.equal(response.status, 401);
    assert.equal((await errorJson(response)).error, 'unsupported_algorithm');
  });
});

describe('auth server: demo login', () => {
  it('is not there in production', async () => {
    const app = createAuthApp(
      testConfig(await deadUrl(), 'admin-token', { NODE_ENV: 'production', ALLOWED_ORIGINS: 'https://erp.test' }),
    );
    const login = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"alice"}',
    });
    assert.equal(login.status, 404);
    assert.equal((await errorJson(login)).error, 'not_found');
    assert.equal((await app.request('http://auth.test/api/demo/users')).status, 404);
  });

  it('is off unless DEMO_LOGIN=true, and DEMO_LOGIN=true is refused in production', async () => {
    const app = createAuthApp(testConfig(await deadUrl(), 'admin-token'));
    const login = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"alice"}',
    });
    assert.equal(login.status, 404);
    assert.equal((await app.request('http://auth.test/api/demo/users')).status, 404);
    assert.throws(
      () => testConfig('http://mm.test', 'admin-token', { NODE_ENV: 'production', DEMO_LOGIN: 'true' }),
      /DEMO_LOGIN=true is refused with NODE_ENV=production/,
    );
  });

  it('refuses clearly when only JWKS is configured', async () => {
    const app = createAuthApp(
      testConfig(await deadUrl(), 'admin-token', { JWT_SECRET: undefined, JWKS_URL, DEMO_LOGIN: 'true' }),
    );
    const login = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"alice"}',
    });
    assert.equal(login.status, 403);
    const body = await errorJson(login);
    assert.equal(body.error, 'demo_login_unavailable');
    assert.match(body.message, /JWT_SECRET/);
  });

  it('signs a host JWT into an HttpOnly SameSite=Lax cookie for a demo user', async () => {
    const app = createAuthApp(testConfig(await deadUrl(), 'admin-token', { DEMO_LOGIN: 'true' }));
    const users = (await (await app.request('http://auth.test/api/demo/users')).json()) as {
      users: { username: string }[];
    };
    assert.ok(users.users.some((u) => u.username === 'alice'));
    const login = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"alice"}',
    });
    assert.equal(login.status, 200);
    const body = (await login.json()) as { token: string; user: { username: string } };
    assert.equal(body.user.username, 'alice');
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^bisman_host=${body.token.replace(/\./g, '\\.')};`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const unknown = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"mallory"}',
    });
    assert.equal(unknown.status, 404);
    assert.equal((await errorJson(unknown)).error, 'unknown_demo_user');
    const bad = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user":1}',
    });
    assert.equal(bad.status, 400);
  });

  it('offers no administrator: the token route would refuse one anyway', async () => {
    const app = createAuthApp(testConfig(await deadUrl(), 'admin-token', { DEMO_LOGIN: 'true' }));
    const users = (await (await app.request('http://auth.test/api/demo/users')).json()) as {
      users: { username: string; role: string }[];
    };
    assert.deepEqual(
      users.users.filter((u) => u.role === 'admin'),
      [],
    );
    const admin = await app.request('http://auth.test/api/demo/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"admin"}',
    });
    assert.equal(admin.status, 404);
  });
});

describe('auth server: Mattermost failing', () => {
  /** An app whose Mattermost answers every call with `answer`. */
  const appWith = (answer: () => Response) =>
    createAuthApp(testConfig('http://mm.test', 'admin-token'), { fetch: async () => answer() });
  const token = async (app: Hono) =>
    app.request('http://auth.test/api/chat/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${await hostJwt(newPerson())}` },
    });
  const mmError = (status: number) =>
    new Response(JSON.stringify({ id: 'x', message: 'x', status_code: status }), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  it('answers 502 with Retry-After when Mattermost fails with a 5xx', async () => {
    const response = await token(appWith(() => mmError(500)));
    assert.equal(response.status, 502);
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    assert.equal((await errorJson(response)).error, 'mattermost_error');
  });

  it("answers 503 with Mattermost's Retry-After when Mattermost rate-limits us", async () => {
    const response = await token(
      appWith(() => new Response('too many', { status: 429, headers: { 'retry-after': '7' } })),
    );
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.equal((await errorJson(response)).error, 'mattermost_busy');
  });

  it('says so when Mattermost refuses the admin token', async () => {
    const response = await token(appWith(() => mmError(401)));
    assert.equal(response.status, 502);
    const body = await errorJson(response);
    assert.equal(body.error, 'mattermost_admin_rejected');
    assert.match(body.message, /MM_ADMIN_TOKEN/);
  });

  it('answers 502 when Mattermost sends something that is not JSON', async () => {
    const response = await token(
      appWith(
        () => new Response('<html>proxy error</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      ),
    );
    assert.equal(response.status, 502);
    assert.equal((await errorJson(response)).error, 'mattermost_error');
  });

  it('reports an unhealthy Mattermost on /api/health', async () => {
    const app = appWith(() => Response.json({ status: 'UNHEALTHY' }));
    const response = await app.request('http://auth.test/api/health');
    assert.equal(response.status, 503);
    assert.equal((await errorJson(response)).error, 'mattermost_unhealthy');
  });
});
