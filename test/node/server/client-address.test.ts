// TRUST_PROXY: the client's address is the X-Forwarded-For entry the trusted proxies wrote
// (the rightmost untrusted hop), never the leftmost, which the client writes itself; and the
// public origin comes from configuration, never from Host or X-Forwarded-Host.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuthApp } from '../../../src/server/index.js';
import { addressMatcher, clientAddressOf } from '../../../src/server/client-address.js';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { startAuthServer } from '../../../src/server/node.js';
import type { ChatTokenResponse } from '../../../src/server/node.js';
import { ConfigError } from '../../../src/server/index.js';
import { hostJwt, newPerson, testConfig } from './helpers.js';

describe('the client address behind proxies', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const address = clientAddressOf({ hops: 0 });
    assert.equal(address('203.0.113.9', '1.2.3.4'), '203.0.113.9');
    assert.equal(address('::ffff:203.0.113.9', undefined), '203.0.113.9', 'IPv4-mapped IPv6 is one key with IPv4');
    assert.equal(address(undefined, '1.2.3.4'), 'unknown');
  });

  it('with one trusted hop is the entry that proxy appended, not what the client sent before it', () => {
    const address = clientAddressOf({ hops: 1 });
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy (10.0.0.2) appended the real peer.
    assert.equal(address('10.0.0.2', '6.6.6.6, 198.51.100.7'), '198.51.100.7');
    assert.equal(address('10.0.0.2', '198.51.100.7'), '198.51.100.7');
    assert.equal(address('10.0.0.2', undefined), '10.0.0.2', 'no header: the peer');
    assert.equal(address('10.0.0.2', 'garbage'), '10.0.0.2', 'an entry that is no address ends the walk');
    assert.equal(address('10.0.0.2', '17'), '10.0.0.2', 'nor a legacy IPv4 spelling');
  });

  it('with two hops skips both proxies, and never reads further left', () => {
    const address = clientAddressOf({ hops: 2 });
    assert.equal(address('10.0.0.3', '6.6.6.6, 198.51.100.7, 10.0.0.2'), '198.51.100.7');
    assert.equal(address('10.0.0.3', '198.51.100.7'), '198.51.100.7', 'a shorter chain: its farthest address');
  });

  it('with trusted CIDRs skips every trusted proxy from the right', () => {
    const address = clientAddressOf({ proxies: ['10.0.0.0/8', 'fd00::/8'] });
    assert.equal(address('10.0.0.3', '6.6.6.6, 198.51.100.7, 10.1.2.3'), '198.51.100.7');
    assert.equal(address('fd00::1', '2001:db8::5'), '2001:db8::5');
    assert.equal(address('198.51.100.9', '6.6.6.6'), '198.51.100.9', 'a peer that is no trusted proxy is the client');
    assert.equal(address('::ffff:10.0.0.3', '198.51.100.7'), '198.51.100.7', 'IPv4-mapped peers match IPv4 ranges');
  });

  it('matches addresses against single IPs and ranges of both families', () => {
    const matches = addressMatcher(['192.168.1.7', '10.0.0.0/8', '2001:db8::/32']);
    assert.ok(matches('192.168.1.7'));
    assert.ok(!matches('192.168.1.8'));
    assert.ok(matches('10.200.0.1'));
    assert.ok(matches('2001:db8::1'));
    assert.ok(!matches('2001:db9::1'));
    assert.ok(!matches('not an address'));
  });
});

describe('TRUST_PROXY on the auth server', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true });
  });
  after(async () => {
    await emulator?.close();
  });

  it('rate limits by the address the proxy saw: a client rotating X-Forwarded-For still gets 429', async () => {
    const auth = await startAuthServer(
      testConfig(emulator.url, emulator.adminToken, { TRUST_PROXY: 'true', RATE_LIMIT_PER_IP: '20' }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        // Behind the usual appending proxy: the client's own header, then the proxy's entry.
        const response = await fetch(`${auth.url}/api/chat/logout`, {
          method: 'POST',
          headers: { 'x-forwarded-for': `6.6.${i}.6, 198.51.100.7`, authorization: 'Bearer not-a-token' },
        });
        statuses.push(response.status);
        await response.body?.cancel();
      }
      assert.equal(statuses.filter((s) => s === 429).length, 20, statuses.join(' '));
    } finally {
      await auth.close();
    }
  });

  it('builds serverUrl from MM_PUBLIC_URL, never from Host or X-Forwarded-Host', async () => {
    const auth = await startAuthServer(
      testConfig(emulator.url, emulator.adminToken, {
        MM_PROXY: 'true',
        MM_PUBLIC_URL: 'https://erp.example',
        TRUST_PROXY: 'true',
        ALLOWED_ORIGINS: 'https://erp.example',
      }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const jwt = await hostJwt(newPerson('origin'));
      // fetch will not send another Host: the app is asked in process, as any runtime would.
      const spoofs: Record<string, string>[] = [
        { host: 'evil.test' },
        { 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http' },
      ];
      for (const headers of spoofs) {
        const response = await auth.service.app.request('http://evil.test/api/chat/token', {
          method: 'POST',
          headers: { authorization: `Bearer ${jwt}`, ...headers },
        });
        const body = (await response.json()) as ChatTokenResponse;
        assert.equal(response.status, 200, JSON.stringify(body));
        assert.equal(body.serverUrl, 'https://erp.example');
        assert.equal(body.websocketUrl, 'wss://erp.example/api/v4/websocket');
      }
    } finally {
      await auth.close();
    }
  });

  it('without MM_PUBLIC_URL in development, gives the URL it listens on, whatever Host says', async () => {
    const auth = await startAuthServer(testConfig(emulator.url, emulator.adminToken, { MM_PROXY: 'true' }), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const response = await auth.service.app.request('http://evil.test/api/chat/token', {
        method: 'POST',
        headers: { authorization: `Bearer ${await hostJwt(newPerson('dev'))}`, host: 'evil.test' },
      });
      assert.equal(((await response.json()) as ChatTokenResponse).serverUrl, auth.url);
      // Nor is an Origin equal to the request's Host taken for this server's own.
      const foreign = await auth.service.app.request('http://evil.test/api/chat/token', {
        method: 'POST',
        headers: { authorization: `Bearer ${await hostJwt(newPerson('dev'))}`, origin: 'http://evil.test' },
      });
      assert.equal(foreign.status, 403);
    } finally {
      await auth.close();
    }
  });

  it('refuses MM_PROXY without MM_PUBLIC_URL where it cannot know its own URL (a fetch runtime)', () => {
    assert.throws(
      () => createAuthApp(testConfig(emulator.url, emulator.adminToken, { MM_PROXY: 'true' })),
      (err: unknown) => err instanceof ConfigError && err.problems[0]!.startsWith('MM_PUBLIC_URL is required'),
    );
  });
});
