// /api/health is open to anyone, and each answer used to ping Mattermost with the admin
// token: now one ping answers for 5 s, and each client address is rate limited, except
// the orchestrator's probes (from HEALTH_PROBE_NETWORKS, or with HEALTH_PROBE_TOKEN).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthApp } from '../../../src/server/index.js';
import { errorJson, testConfig } from './helpers.js';

const PROBE_TOKEN = 'probe-token-that-is-long-enough-0123456789';

function healthApp(env: Record<string, string> = {}) {
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const pings: string[] = [];
  const app = createAuthApp(testConfig('http://mm.test', 'admin-token', env), {
    now: () => clock,
    fetch: async (input, init) => {
      pings.push(String(input));
      assert.equal(new Headers(init?.headers).get('authorization'), 'Bearer admin-token');
      // Answers a little later, so that concurrent checks overlap.
      await new Promise((resolve) => setTimeout(resolve, 10));
      return Response.json({ status: 'OK' });
    },
  });
  const health = (headers: Record<string, string> = {}) => app.request('http://auth.test/api/health', { headers });
  return { health, pings, tick: (ms: number) => (clock += ms) };
}

describe('/api/health', () => {
  it('pings Mattermost once for any number of checks within 5 s, concurrent ones included', async () => {
    const { health, pings, tick } = healthApp();
    const answers = await Promise.all(Array.from({ length: 20 }, () => health()));
    for (const answer of answers) assert.deepEqual(await answer.json(), { status: 'ok', mattermost: 'ok' });
    for (let i = 0; i < 20; i++) assert.equal((await health()).status, 200);
    assert.equal(pings.length, 1, 'one ping for 40 checks');
    tick(5000);
    assert.equal((await health()).status, 200);
    assert.equal(pings.length, 2, 'a new ping once the answer is 5 s old');
  });

  it('is rate limited per client address, with Retry-After', async () => {
    const { health } = healthApp({ RATE_LIMIT_PER_IP: '5', TRUST_PROXY: 'true' });
    const from = (address: string) => health({ 'x-forwarded-for': address });
    for (let i = 0; i < 5; i++) assert.equal((await from('198.51.100.7')).status, 200);
    const limited = await from('198.51.100.7');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await errorJson(limited)).error, 'rate_limited');
    assert.equal((await from('198.51.100.8')).status, 200, 'another address has its own count');
  });

  it('does not limit probes from HEALTH_PROBE_NETWORKS or with HEALTH_PROBE_TOKEN', async () => {
    const { health } = healthApp({
      RATE_LIMIT_PER_IP: '2',
      TRUST_PROXY: 'true',
      HEALTH_PROBE_NETWORKS: '10.0.0.0/8',
      HEALTH_PROBE_TOKEN: PROBE_TOKEN,
    });
    for (let i = 0; i < 10; i++) assert.equal((await health({ 'x-forwarded-for': '10.1.2.3' })).status, 200);
    const tokenProbe = { 'x-forwarded-for': '198.51.100.7', authorization: `Bearer ${PROBE_TOKEN}` };
    for (let i = 0; i < 10; i++) assert.equal((await health(tokenProbe)).status, 200);
    // A wrong token is an ordinary request: counted like any other.
    const wrong = { 'x-forwarded-for': '198.51.100.9', authorization: `Bearer ${PROBE_TOKEN}x` };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await health(wrong)).status);
    assert.deepEqual(statuses, [200, 200, 429]);
  });
});
