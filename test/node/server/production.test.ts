// What NODE_ENV=production adds to every answer: HSTS (Strict-Transport-Security), so a
// browser that once reached the auth server over https never falls back to plain http.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthApp } from '../../../src/server/index.js';
import { testConfig } from './helpers.js';

const HTTPS_ORIGIN = 'https://erp.test';

function app(production: boolean) {
  // Mattermost on a loopback port nobody listens on: only our own answers are looked at.
  return createAuthApp(
    testConfig('http://127.0.0.1:9', 'admin-token', {
      ALLOWED_ORIGINS: HTTPS_ORIGIN,
      ...(production ? { NODE_ENV: 'production' } : {}),
    }),
  );
}

const requests: [string, RequestInit][] = [
  ['/api/chat/token', { method: 'POST', headers: { origin: HTTPS_ORIGIN } }],
  ['/api/chat/token', { method: 'GET' }],
  ['/api/chat/logout', { method: 'POST', headers: { authorization: 'Bearer abc' } }],
  ['/api/health', {}],
  ['/api/nowhere', {}],
];

describe('auth server in production', () => {
  it('sends Strict-Transport-Security (one year, this host only) with every API answer, errors included', async () => {
    const production = app(true);
    for (const [path, init] of requests) {
      const response = await production.request(`https://auth.test${path}`, init);
      assert.equal(
        response.headers.get('strict-transport-security'),
        'max-age=31536000',
        `${path}: ${response.status}`,
      );
    }
  });

  it('sends no Strict-Transport-Security outside production', async () => {
    const development = app(false);
    for (const [path, init] of requests) {
      const response = await development.request(`http://auth.test${path}`, init);
      assert.equal(response.headers.get('strict-transport-security'), null, path);
    }
  });

  it("sends it on the MM_PROXY gateway's answers and preflights too, which are the host origin's", async () => {
    const mattermost: typeof fetch = async () =>
      new Response('{"status":"OK"}', {
        headers: { 'content-type': 'application/json', 'strict-transport-security': 'max-age=0' },
      });
    const gateway = createAuthApp(
      testConfig('http://127.0.0.1:9', 'admin-token', {
        ALLOWED_ORIGINS: HTTPS_ORIGIN,
        NODE_ENV: 'production',
        MM_PROXY: 'true',
        MM_PUBLIC_URL: 'https://auth.test',
      }),
      { fetch: mattermost },
    );
    const answer = await gateway.request('https://auth.test/api/v4/system/ping', {
      headers: { authorization: 'Bearer abc' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('strict-transport-security'), 'max-age=31536000', 'ours, not upstream');
    const preflight = await gateway.request('https://auth.test/api/v4/users/me', {
      method: 'OPTIONS',
      headers: { origin: HTTPS_ORIGIN, 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('strict-transport-security'), 'max-age=31536000');
  });
});
