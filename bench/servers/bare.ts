// The reference for the token server: a bare Hono JSON endpoint, served the same way
// (@hono/node-server on 127.0.0.1), answering a body of the same shape.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { announce } from '../lib/child.js';

const body = {
  token: 'x'.repeat(26),
  userId: 'u'.repeat(26),
  teamId: 't'.repeat(26),
  teamName: 'erp',
  serverUrl: 'http://127.0.0.1:8065',
  websocketUrl: 'ws://127.0.0.1:8065/api/v4/websocket',
  supportChannelId: 'c'.repeat(26),
  expiresAt: Date.now() + 3_600_000,
};
const app = new Hono();
app.post('/api/chat/token', (c) => c.json(body));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (address) => {
  announce({ url: `http://127.0.0.1:${address.port}` }, () => new Promise((resolve) => server.close(resolve)));
});
