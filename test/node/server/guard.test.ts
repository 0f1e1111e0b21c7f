// The token route's body read on a real Node request (@hono/node-server), where it skips
// the streamed read.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { readBufferedBody } from '../../../src/server/guard.js';

type NodeEnv = { incoming: IncomingMessage };

describe('readBufferedBody', () => {
  /** Per request: whether the request stream ended before a timer set when its body was read. */
  const endedBeforeTimer: boolean[] = [];
  let server: ReturnType<typeof createAdaptorServer>;
  let url: string;

  before(async () => {
    const app = new Hono<{ Bindings: NodeEnv }>();
    app.post('/echo', async (c) => {
      await Promise.resolve(); // the token route reads the body a microtask after the request arrives
      const body = readBufferedBody(c);
      // Otherwise @hono/node-server drains the request after two timers of its own.
      const { incoming } = c.env;
      let ended = false;
      incoming.once('end', () => (ended = true));
      setTimeout(() => endedBeforeTimer.push(ended));
      return c.json({ body: body ?? null });
    });
    server = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a small JSON body from the buffer and lets the request end by itself', async () => {
    for (const body of ['{}', '{"renew":true}']) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.deepEqual(await response.json(), { body });
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(endedBeforeTimer, [true, true]);
  });
});
