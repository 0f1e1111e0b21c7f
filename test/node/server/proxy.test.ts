// MM_PROXY=true: the widget reaches Mattermost (REST and WebSocket) through the auth
// server's own origin, with the real client library.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { startAuthServer } from '../../../src/server/node.js';
import type { ChatTokenResponse, RunningAuthServer } from '../../../src/server/node.js';
import { makeClient, openSocket } from '../../helpers/mattermost-node.js';
import { errorJson, hostJwt, newPerson, testConfig } from './helpers.js';

/** The HTTP status a WebSocket upgrade gets (101 when it opens). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => undefined);
  });
}

describe('MM_PROXY gateway', () => {
  let emulator: RunningEmulator;
  let auth: RunningAuthServer;
  let chat: ChatTokenResponse;

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true });
    auth = await startAuthServer(testConfig(emulator.url, emulator.adminToken, { MM_PROXY: 'true' }), {
      port: 0,
      host: '127.0.0.1',
    });
    const response = await fetch(`${auth.url}/api/chat/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await hostJwt(newPerson('proxy'))}` },
    });
    chat = (await response.json()) as ChatTokenResponse;
  });
  after(async () => {
    await auth?.close();
    await emulator?.close();
  });

  it('points the widget at its own origin', () => {
    assert.equal(chat.serverUrl, auth.url);
    assert.equal(chat.websocketUrl, `${auth.url.replace('http', 'ws')}/api/v4/websocket`);
  });

  it('passes REST calls through, bodies and errors included', async () => {
    const client = makeClient(chat.serverUrl, chat.token);
    const me = await client.getMe();
    assert.equal(me.id, chat.userId);
    const post = await client.createPost({
      channel_id: chat.supportChannelId!,
      message: 'through the gateway',
      pending_post_id: `${me.id}:1`,
    } as Parameters<typeof client.createPost>[0]);
    assert.equal(post.message, 'through the gateway');
    const posts = await client.getPosts(chat.supportChannelId!);
    assert.ok(posts.order.includes(post.id));
    // Mattermost's own error passes through untouched.
    await assert.rejects(client.getUser('x'.repeat(26)), (err: { status_code?: number }) => err.status_code === 404);
    const raw = await fetch(`${auth.url}/api/v4/users/me`, { headers: { authorization: `Bearer ${chat.token}` } });
    assert.equal(raw.headers.get('content-type'), 'application/json', 'exactly, as Client4 needs');
    assert.ok(raw.headers.get('x-version-id'), 'X-Version-Id passes');
  });

  it('passes the WebSocket through with the real WebSocketClient', async () => {
    const socket = await openSocket(chat.serverUrl, chat.token);
    try {
      const hello = socket.events.find((m) => m.event === 'hello');
      assert.equal(hello?.broadcast?.user_id, chat.userId);
      const posted = socket.waitFor(
        (m) => m.event === 'posted' && String(m.data?.post).includes('live through the gateway'),
      );
      await makeClient(chat.serverUrl, chat.token).createPost({
        channel_id: chat.supportChannelId!,
        message: 'live through the gateway',
      } as Parameters<ReturnType<typeof makeClient>['createPost']>[0]);
      const event = await posted;
      assert.equal(JSON.parse(String(event.data?.post)).channel_id, chat.supportChannelId);
    } finally {
      socket.close();
    }
  });

  it('refuses upgrades on other paths and from foreign origins', async () => {
    const base = auth.url.replace('http', 'ws');
    assert.equal(await upgradeStatus(`${base}/api/chat/token`), 404);
    assert.equal(await upgradeStatus(`${base}/api/v4/websocket`, { origin: 'https://evil.test' }), 403);
    assert.equal(await upgradeStatus(`${base}/api/v4/websocket`, { origin: 'null' }), 403, 'a sandboxed frame');
    assert.equal(await upgradeStatus(`${base}/api/v4/websocket`, { origin: 'http://erp.test' }), 101);
  });

  it('is off unless MM_PROXY is set', async () => {
    const plain = await startAuthServer(testConfig(emulator.url, emulator.adminToken), { port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${plain.url}/api/v4/users/me`, {
        headers: { authorization: `Bearer ${chat.token}` },
      });
      assert.equal(response.status, 404);
      assert.equal((await errorJson(response)).error, 'not_found');
    } finally {
      await plain.close();
    }
  });
});

describe('MM_PROXY header hygiene', () => {
  let upstream: ReturnType<typeof createServer>;
  let upstreamUrl: string;
  let auth: RunningAuthServer;

  before(async () => {
    // Echoes what it received, so the test sees what Mattermost would.
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(200, {
          'content-type': 'application/json',
          connection: 'close',
          'x-upstream': 'yes',
          // What Mattermost may answer: its cookies and its own CORS answer must not reach the host origin.
          'set-cookie': ['MMAUTHTOKEN=mm-session; Path=/; HttpOnly', 'MMUSERID=u1; Path=/'],
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
        });
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            headers: req.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    auth = await startAuthServer(testConfig(upstreamUrl, 'admin-token', { MM_PROXY: 'true' }), {
      port: 0,
      host: '127.0.0.1',
    });
  });
  after(async () => {
    await auth?.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('forwards the body and query, and never a cookie, Origin, the client’s forwarding headers or hop-by-hop headers', async () => {
    const body = JSON.stringify({ message: 'x'.repeat(40_000) });
    // node:http rather than fetch, which refuses to send connection-level headers.
    const answer = await new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
      (resolve, reject) => {
        const req = request(`${auth.url}/api/v4/posts?set_online=true`, {
          method: 'POST',
          headers: {
            authorization: 'Bearer mm-token',
            'content-type': 'application/json',
            cookie: 'bisman_host=host.jwt.value; MMAUTHTOKEN=abc',
            origin: 'https://portal.test',
            connection: 'keep-alive, x-per-hop',
            'x-per-hop': 'drop me',
            'keep-alive': 'timeout=5',
            'x-custom': '1',
            'x-forwarded-for': '6.6.6.6',
            'x-forwarded-host': 'evil.test',
            'x-forwarded-proto': 'https',
            'x-real-ip': '6.6.6.6',
            forwarded: 'for=6.6.6.6;host=evil.test',
          },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(body);
      },
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['x-upstream'], 'yes');
    const seen = JSON.parse(answer.text) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/api/v4/posts?set_online=true');
    assert.equal(seen.body, body, 'the body (bigger than the token route limit) arrives whole');
    assert.equal(seen.headers.authorization, 'Bearer mm-token');
    assert.equal(seen.headers.cookie, undefined, 'the widget sends a Bearer token; the host origin’s cookies stay');
    assert.equal(seen.headers.origin, undefined);
    assert.equal(seen.headers['keep-alive'], undefined);
    assert.equal(seen.headers['x-per-hop'], undefined, 'named by Connection');
    assert.equal(seen.headers['x-custom'], '1');
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1', 'the real peer, alone');
    assert.equal(seen.headers['x-real-ip'], '127.0.0.1');
    assert.equal(seen.headers.forwarded, undefined);
    assert.equal(seen.headers['x-forwarded-host'], new URL(auth.url).host, 'from configuration, not the client');
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    // What comes back: no Mattermost cookie or CORS on the host origin, this server's security headers.
    assert.equal(answer.headers['set-cookie'], undefined);
    assert.equal(answer.headers['access-control-allow-origin'], undefined, 'https://portal.test is not allowed');
    assert.equal(answer.headers['access-control-allow-credentials'], undefined);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(answer.headers['referrer-policy'], 'no-referrer');
  });

  it('answers Expect: 100-continue with 100 and passes the request on', async () => {
    const answer = await new Promise<{ continued: boolean; status: number; text: string }>((resolve, reject) => {
      let continued = false;
      const req = request(`${auth.url}/api/v4/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', expect: '100-continue', authorization: 'Bearer mm-token' },
      });
      // The body goes only after the server said 100 Continue, as curl and .NET clients do.
      req.on('continue', () => {
        continued = true;
        req.end('{"message":"after continue"}');
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ continued, status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.ok(answer.continued, '100 Continue came first');
    assert.equal(answer.status, 200, answer.text);
    const seen = JSON.parse(answer.text) as { headers: Record<string, string>; body: string };
    assert.equal(seen.body, '{"message":"after continue"}');
    assert.equal(seen.headers.expect, undefined);
  });

  it('refuses an expectation it cannot meet with 417', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${auth.url}/api/v4/users/me`, { headers: { expect: 'something-else' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 417);
  });

  it('answers CORS preflights on /api/v4/* for allowed origins, without credentials, and only for them', async () => {
    const preflight = (origin: string) =>
      fetch(`${auth.url}/api/v4/users/me/teams`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization, content-type, x-requested-with',
        },
      });
    const allowed = await preflight('http://erp.test');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://erp.test');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null, 'the widget sends a token, no cookie');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /\bPUT\b/);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /X-Requested-With/);
    const foreign = await preflight('https://evil.test');
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    // And the answer itself is readable from the allowed origin, X-Version-Id included.
    const answer = await fetch(`${auth.url}/api/v4/users/me`, { headers: { origin: 'http://erp.test' } });
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://erp.test');
    assert.match(answer.headers.get('access-control-expose-headers') ?? '', /X-Version-Id/);
    assert.match(answer.headers.get('vary') ?? '', /Origin/);
  });

  it('answers 503 JSON, 502 to a WebSocket upgrade and 1013 to an open socket, when Mattermost is unreachable', async () => {
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    upstream.closeAllConnections();
    const response = await fetch(`${auth.url}/api/v4/users/me`);
    assert.equal(response.status, 503);
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    assert.equal((await errorJson(response)).error, 'mattermost_unavailable');
    const wsUrl = `${auth.url.replace('http', 'ws')}/api/v4/websocket`;
    assert.equal(await upgradeStatus(wsUrl, { authorization: 'Bearer mm-token' }), 502, 'a token at the upgrade');
    // A browser's socket authenticates after opening: Mattermost is asked then, and its absence is a close.
    const ws = new WebSocket(wsUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ action: 'authentication_challenge', seq: 1, data: { token: 'mm-token' } }));
    const [code] = (await once(ws, 'close')) as [number];
    assert.equal(code, 1013, 'try again later');
    upstream.listen(0, '127.0.0.1');
  });
});
