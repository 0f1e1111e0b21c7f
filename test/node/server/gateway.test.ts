// The MM_PROXY WebSocket gateway under attack from the network: oversize frames, many
// sockets from one address, sockets that never authenticate. Real `ws` clients against a
// real listening server; Mattermost is the emulator or, to see what the gateway sends and
// to misbehave on purpose, a bare `ws` server.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { startAuthServer } from '../../../src/server/node.js';
import type { RunningAuthServer } from '../../../src/server/node.js';
import { testConfig } from './helpers.js';

const MiB = 1024 * 1024;

/** A Mattermost stand-in: records each upgrade's headers and each frame; `onSocket` decides the rest. */
async function fakeMattermost(onSocket: (ws: WebSocket) => void = () => undefined) {
  const upgrades: IncomingHttpHeaders[] = [];
  const frames: string[] = [];
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, maxPayload: 64 * MiB });
  wss.on('connection', (ws, req) => {
    upgrades.push(req.headers);
    ws.on('message', (data) => frames.push(data.toString()));
    onSocket(ws);
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    upgrades,
    frames,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Opens a WebSocket and resolves once it is open (rejects with the HTTP status if refused). */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

async function closeCode(ws: WebSocket): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) throw new Error('already closed');
  const [code] = (await once(ws, 'close')) as [number];
  return code;
}

const challenge = (token: string, seq = 1) =>
  JSON.stringify({ action: 'authentication_challenge', seq, data: { token } });

/**
 * Upgrades a raw socket, then sends one binary frame that declares `bytes` of payload and
 * streams it from a single reused 1 MiB buffer (so this process holds no copy of it).
 * Resolves with the close code the server sent, and how much was written by then.
 */
async function sendOversizeFrame(wsUrl: string, bytes: number): Promise<{ code: number; written: number }> {
  const url = new URL(wsUrl.replace(/^ws/, 'http'));
  const req = request(url, {
    headers: {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': randomBytes(16).toString('base64'),
    },
  });
  req.end();
  const [, socket] = (await once(req, 'upgrade')) as [unknown, Socket];
  let code = 0;
  const closed = new Promise<void>((resolve) => {
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // A close frame: 0x88, its length, then the status code.
      if (received.length >= 4 && received[0] === 0x88) {
        code = received.readUInt16BE(2);
        resolve();
      }
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  // FIN + binary, masked, 64-bit length; an all-zero mask leaves the payload as it is.
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(bytes), 2);
  let written = 0;
  let done = false;
  void closed.then(() => (done = true));
  socket.write(header);
  const chunk = Buffer.alloc(MiB, 0x61);
  while (!done && written < bytes) {
    written += chunk.length;
    if (!socket.write(chunk)) await Promise.race([once(socket, 'drain'), closed]);
  }
  await closed;
  socket.destroy();
  return { code, written };
}

describe('the WebSocket gateway’s limits', () => {
  let emulator: RunningEmulator;
  let auth: RunningAuthServer;
  let wsUrl: string;

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: true });
    auth = await startAuthServer(
      testConfig(emulator.url, emulator.adminToken, { MM_PROXY: 'true', WS_MAX_SOCKETS_PER_IP: '4' }),
      { port: 0, host: '127.0.0.1' },
    );
    wsUrl = `${auth.url.replace('http', 'ws')}/api/v4/websocket`;
  });
  after(async () => {
    await auth?.close();
    await emulator?.close();
  });

  it('closes with 1009 at a frame over 1 MiB, before reading it: memory stays flat', async (t) => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const { code, written } = await sendOversizeFrame(wsUrl, 60 * MiB);
    const grown = process.memoryUsage().rss - before;
    t.diagnostic(
      `60 MiB frame: closed ${code} after ${(written / MiB).toFixed(0)} MiB written; RSS ${(before / MiB).toFixed(0)} → ${((before + grown) / MiB).toFixed(0)} MiB`,
    );
    assert.equal(code, 1009, 'message too big');
    assert.ok(written < 60 * MiB, 'closed before the frame was all sent');
    assert.ok(grown < 40 * MiB, `RSS grew ${(grown / MiB).toFixed(1)} MiB`);
  });

  it('opens at most WS_MAX_SOCKETS_PER_IP sockets per client address, and frees a place when one closes', async () => {
    const open = await Promise.all([1, 2, 3, 4].map(() => openSocket(wsUrl)));
    await assert.rejects(openSocket(wsUrl), /HTTP 429/);
    const closed = once(open[0]!, 'close');
    open[0]!.close();
    await closed;
    // The gateway sees the close a moment after the client does.
    let again: WebSocket | undefined;
    for (let i = 0; i < 50 && !again; i++)
      again = await openSocket(wsUrl).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 20)));
    assert.ok(again, 'a place was freed');
    for (const ws of [...open, again]) ws.terminate();
  });

  it('closes with 1008 a socket whose first frame is not an authentication challenge', async () => {
    const ws = await openSocket(wsUrl);
    const closed = closeCode(ws);
    ws.send(JSON.stringify({ action: 'ping', seq: 1 }));
    assert.equal(await closed, 1008);
  });
});

describe('the WebSocket gateway and Mattermost', () => {
  it('opens no Mattermost socket before a token, and closes with 1008 a socket that sends none in time', async () => {
    const mattermost = await fakeMattermost();
    const auth = await startAuthServer(
      testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true', WS_AUTH_TIMEOUT_SECONDS: '1' }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`);
      const started = Date.now();
      assert.equal(await closeCode(ws), 1008);
      const waited = Date.now() - started;
      assert.ok(waited >= 900 && waited < 3000, `closed after ${waited} ms`);
      assert.equal(mattermost.upgrades.length, 0, 'Mattermost never saw it');
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });

  it('closes with 1008 a socket Mattermost never confirms as authenticated', async () => {
    // Takes the challenge and says nothing: a bogus token on a server that does not close.
    const mattermost = await fakeMattermost();
    const auth = await startAuthServer(
      testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true', WS_AUTH_TIMEOUT_SECONDS: '1' }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`);
      ws.send(challenge('bogus'));
      assert.equal(await closeCode(ws), 1008);
      assert.deepEqual(mattermost.frames, [challenge('bogus')], 'the challenge was passed on, and only it');
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });

  it('closes with 1008 a socket that sends more than 64 KiB before Mattermost confirms its session', async () => {
    const mattermost = await fakeMattermost();
    const auth = await startAuthServer(testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true' }), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`);
      const closed = closeCode(ws);
      ws.send(challenge('unconfirmed'));
      // Each frame is under WS_MAX_FRAME_BYTES; together they are what an unknown client may not park here.
      for (let i = 0; i < 8; i++) ws.send(Buffer.alloc(16 * 1024, 0x20));
      assert.equal(await closed, 1008);
      const received = mattermost.frames.reduce((sum, frame) => sum + frame.length, 0);
      assert.ok(received <= 64 * 1024, `Mattermost got ${received} bytes`);
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });

  it('keeps a socket Mattermost confirmed open past the authentication timeout', async () => {
    const mattermost = await fakeMattermost((ws) =>
      ws.once('message', () => ws.send(JSON.stringify({ status: 'OK', seq_reply: 1 }))),
    );
    const auth = await startAuthServer(
      testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true', WS_AUTH_TIMEOUT_SECONDS: '1' }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`);
      ws.send(challenge('good'));
      const [reply] = (await once(ws, 'message')) as [Buffer];
      assert.equal(reply.toString(), '{"status":"OK","seq_reply":1}');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(ws.readyState, WebSocket.OPEN);
      ws.close();
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });

  it('closes an authenticated socket with 1009 at a frame over 1 MiB, which Mattermost never sees', async () => {
    const mattermost = await fakeMattermost((ws) =>
      ws.once('message', () => ws.send(JSON.stringify({ status: 'OK', seq_reply: 1 }))),
    );
    const auth = await startAuthServer(testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true' }), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`);
      ws.send(challenge('good'));
      await once(ws, 'message');
      const closed = closeCode(ws);
      ws.send(Buffer.alloc(MiB + 1));
      assert.equal(await closed, 1009);
      assert.deepEqual(mattermost.frames, [challenge('good')]);
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });

  it('closes with 1009 when Mattermost sends a frame over the limit', async () => {
    const mattermost = await fakeMattermost((ws) =>
      ws.once('message', () => {
        ws.send(JSON.stringify({ status: 'OK', seq_reply: 1 }));
        ws.send(Buffer.alloc(2 * MiB, 0x20));
      }),
    );
    const auth = await startAuthServer(testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true' }), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`);
      const closed = closeCode(ws);
      ws.send(challenge('good'));
      assert.equal(await closed, 1009);
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });

  it('sends Mattermost neither the host origin’s cookies nor the client’s forwarding headers', async () => {
    const mattermost = await fakeMattermost();
    const auth = await startAuthServer(
      testConfig(mattermost.url, 'admin-token', { MM_PROXY: 'true', MM_PUBLIC_URL: 'https://erp.example' }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const ws = await openSocket(`${auth.url.replace('http', 'ws')}/api/v4/websocket`, {
        cookie: 'erp_session=secret; MMAUTHTOKEN=abc; bisman_host=jwt',
        'x-forwarded-for': '6.6.6.6',
        'x-real-ip': '6.6.6.6',
        forwarded: 'for=6.6.6.6',
        authorization: 'Bearer mm-token',
      });
      const [headers] = mattermost.upgrades;
      assert.equal(headers?.cookie, undefined);
      assert.equal(headers?.authorization, 'Bearer mm-token', 'a token at the upgrade passes');
      assert.equal(headers?.['x-forwarded-for'], '127.0.0.1', 'the real peer');
      assert.equal(headers?.['x-real-ip'], '127.0.0.1');
      assert.equal(headers?.forwarded, undefined);
      assert.equal(headers?.['x-forwarded-host'], 'erp.example', 'from MM_PUBLIC_URL');
      assert.equal(headers?.['x-forwarded-proto'], 'https');
      ws.close();
    } finally {
      await auth.close();
      await mattermost.close();
    }
  });
});
