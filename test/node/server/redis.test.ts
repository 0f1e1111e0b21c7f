// Two auth server instances sharing one real redis-server: one rate limit, one token cache.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { startAuthServer } from '../../../src/server/node.js';
import type { ChatTokenResponse, RunningAuthServer } from '../../../src/server/node.js';
import { startRedis } from '../../helpers/redis.js';
import type { TestRedis } from '../../helpers/redis.js';
import { errorJson, hostJwt, newPerson, supportName, testConfig } from './helpers.js';

describe('auth server instances sharing Redis', () => {
  let redis: TestRedis;
  let emulator: RunningEmulator;
  let a: RunningAuthServer;
  let b: RunningAuthServer;

  before(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ port: 0, seed: true });
    const config = testConfig(emulator.url, emulator.adminToken, { REDIS_URL: redis.url, RATE_LIMIT_PER_IP: '1000' });
    a = await startAuthServer(config, { port: 0, host: '127.0.0.1' });
    b = await startAuthServer(config, { port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    await redis?.stop();
  });

  const token = async (server: RunningAuthServer, jwt: string): Promise<ChatTokenResponse> => {
    const response = await fetch(`${server.url}/api/chat/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}` },
    });
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
    return (await response.json()) as ChatTokenResponse;
  };

  it('hands out the token one instance issued from the other', async () => {
    const jwt = await hostJwt(newPerson('shared'));
    const first = await token(a, jwt);
    const second = await token(b, jwt);
    assert.equal(second.token, first.token);
    assert.equal(second.userId, first.userId);
  });

  it('provisions once when both instances get the first requests at the same time', async () => {
    const jwt = await hostJwt(newPerson('race'));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => token(i % 2 ? a : b, jwt)));
    assert.equal(new Set(answers.map((x) => x.token)).size, 1, 'one token');
    assert.equal(new Set(answers.map((x) => x.userId)).size, 1, 'one user');
    const name = await supportName(answers[0]!.userId);
    assert.equal(emulator.core.allChannels().filter((c) => c.name === name).length, 1, 'one support channel');
  });

  it('revokes from one instance a token issued by the other', async () => {
    const issued = await token(a, await hostJwt(newPerson('logout')));
    const response = await fetch(`${b.url}/api/chat/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}` },
    });
    assert.deepEqual(await response.json(), { status: 'OK', revoked: true });
    const me = await fetch(`${emulator.url}/api/v4/users/me`, { headers: { authorization: `Bearer ${issued.token}` } });
    assert.equal(me.status, 401);
  });

  it('refuses to start, in one line and without the password, when Redis is unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dead = `redis://:hunter2-secret@127.0.0.1:${port}`;
    await assert.rejects(
      startAuthServer(
        { ...testConfig(emulator.url, emulator.adminToken), redisUrl: dead },
        { port: 0, host: '127.0.0.1' },
      ),
      (err: Error) =>
        err.message.startsWith('Cannot connect to Redis at redis://:***@127.0.0.1') &&
        !err.message.includes('hunter2') &&
        !err.message.includes('\n'),
    );
  });

  it('counts one rate limit across instances', async () => {
    const config = testConfig(emulator.url, emulator.adminToken, { REDIS_URL: redis.url, RATE_LIMIT_PER_IP: '4' });
    // A fresh pair with a small limit; the key prefix is shared, so use a new Redis db view.
    const c = await startAuthServer({ ...config, redisUrl: `${redis.url}/1` }, { port: 0, host: '127.0.0.1' });
    const d = await startAuthServer({ ...config, redisUrl: `${redis.url}/1` }, { port: 0, host: '127.0.0.1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await fetch(`${(i % 2 ? c : d).url}/api/chat/token`, { method: 'POST' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401], 'within the limit: refused only for the missing identity');
      const limited = await fetch(`${c.url}/api/chat/token`, { method: 'POST' });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await errorJson(limited)).error, 'rate_limited');
      assert.equal(
        (await fetch(`${d.url}/api/chat/token`, { method: 'POST' })).status,
        429,
        'the other instance counts the same budget',
      );
    } finally {
      await c.close();
      await d.close();
    }
  });
});

describe('auth server when its Redis goes away', () => {
  it('answers 503 JSON with Retry-After, never a 500', async () => {
    const redis = await startRedis();
    const emulator = await startEmulator({ port: 0, seed: true });
    const auth = await startAuthServer(testConfig(emulator.url, emulator.adminToken, { REDIS_URL: redis.url }), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const jwt = await hostJwt(newPerson('redis-down'));
      const post = (token: string) =>
        fetch(`${auth.url}/api/chat/token`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      assert.equal((await post(jwt)).status, 200);
      await redis.stop();
      for (const token of [jwt, await hostJwt(newPerson('redis-down-new'))]) {
        const response = await post(token);
        assert.equal(response.status, 503);
        assert.ok(Number(response.headers.get('retry-after')) > 0);
        assert.equal((await errorJson(response)).error, 'token_cache_unavailable');
      }
    } finally {
      await auth.close();
      await emulator.close();
      await redis.stop();
    }
  });
});
