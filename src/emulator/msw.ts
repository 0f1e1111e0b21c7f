/**
 * The emulator as msw 2 handlers, for browser tests and the demo without a server:
 * REST through the Hono app, the WebSocket through `ws.link`.
 */
import { http, ws } from 'msw';
import type { RequestHandler, WebSocketHandler } from 'msw';
import type { EmulatorCore } from './core.js';
import { createEmulatorApp } from './app.js';
import { acceptSocket } from './websocket.js';

export function createEmulatorHandlers(
  core: EmulatorCore,
  options: { baseUrl: string },
): Array<RequestHandler | WebSocketHandler> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const wsBase = base.replace(/^http/, 'ws');
  const app = createEmulatorApp(core);
  const socketLink = ws.link(`${wsBase}/api/v4/websocket`);
  return [
    http.all(`${base}/api/v4/*`, async ({ request }) => {
      // The app routes on the path only, so the page's origin does not matter.
      return app.fetch(request);
    }),
    socketLink.addEventListener('connection', ({ client }) => {
      const handlers = acceptSocket(
        core,
        {
          send: (data) => client.send(data),
          close: (code, reason) => client.close(code, reason),
        },
        { url: client.url.href },
      );
      client.addEventListener('message', (event) => {
        if (typeof event.data === 'string') handlers.message(event.data);
      });
      client.addEventListener('close', () => handlers.closed());
    }),
  ];
}
