/**
 * The emulator served over real HTTP and WebSocket in Node: @hono/node-server for
 * REST, `ws` for the upgrade at /api/v4/websocket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { EDITIONS, EmulatorCore, isEdition } from './core.js';
import type { Edition } from './core.js';
import { createEmulatorApp, normalizeCorsOrigins } from './app.js';
import { ABNORMAL_CLOSE, acceptSocket } from './websocket.js';
import { seedDemo } from './seed.js';
import { isLoopbackHost } from '../shared/loopback.js';

export * from './index.js';

export interface RunningEmulator {
  url: string;
  core: EmulatorCore;
  adminToken: string;
  close(): Promise<void>;
}

export interface StartEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The interface to listen on: loopback (`127.0.0.1`, the default; `localhost`, `::1`) unless `allowRemote`. */
  host?: string;
  /**
   * Listen on a host other machines can reach (`0.0.0.0`, a LAN address). Off by default:
   * the emulator's accounts have published passwords and its admin token may be the printed
   * default, which anyone who can reach it would then hold.
   */
  allowRemote?: boolean;
  adminToken?: string;
  /**
   * The Mattermost it answers as: `team` (the default: Team Edition, no license, guest
   * accounts refused) or `enterprise` (licensed, guest accounts enabled). With `core`, the
   * core's own edition (`new EmulatorCore({edition})`); naming another one is an error.
   */
  edition?: Edition;
  /** Seed the demo world (default false). */
  seed?: boolean;
  core?: EmulatorCore;
  /**
   * Origins a page may use the emulator from directly (Mattermost's `AllowCorsFrom`):
   * REST CORS and the WebSocket origin check. `*` allows any. See `normalizeCorsOrigins`.
   */
  corsOrigins?: string[];
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * Mattermost's WebSocket origin check (`App.OriginChecker`): with `AllowCorsFrom` set,
 * only those origins and the SiteURL's; without it, gorilla's same-origin rule (the
 * Origin's host must be the request's Host). No Origin header is always fine. One
 * concession to development: with no list, loopback origins pass, so a dev server's
 * proxy on another local port (Vite rewrites Host, not Origin) keeps working.
 */
export function websocketOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  listed: readonly string[] | undefined,
  siteUrl: string,
): boolean {
  if (origin === undefined || origin === '') return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === 'null') return false;
  if (listed?.length) {
    if (listed.includes('*') || listed.includes(parsed.origin)) return true;
    try {
      return siteUrl !== '' && new URL(siteUrl).origin === parsed.origin;
    } catch {
      return false;
    }
  }
  if (isLoopbackHost(parsed.hostname)) return true;
  return parsed.host.toLowerCase() === (host ?? '').toLowerCase();
}

/** Thrown by `startEmulator` for a host other machines can reach, without `allowRemote`. */
export class RemoteHostRefused extends Error {
  constructor(readonly host: string) {
    super(
      `refusing to listen on ${host}, which other machines can reach (its accounts have published passwords): ` +
        'listen on loopback, or pass allowRemote: true',
    );
    this.name = 'RemoteHostRefused';
  }
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!options.allowRemote && !isLoopbackHost(host)) throw new RemoteHostRefused(host);
  if (options.edition !== undefined && !isEdition(options.edition)) {
    throw new TypeError(`unknown edition "${String(options.edition)}" (expected ${EDITIONS.join(' or ')})`);
  }
  if (options.core && options.edition !== undefined && options.edition !== options.core.edition) {
    throw new TypeError(
      `edition "${options.edition}" given with a ${options.core.edition} core: pass it to new EmulatorCore({edition}) instead`,
    );
  }
  const core =
    options.core ??
    new EmulatorCore({
      ...(options.adminToken ? { adminToken: options.adminToken } : {}),
      ...(options.edition ? { edition: options.edition } : {}),
    });
  const corsOrigins = normalizeCorsOrigins(options.corsOrigins ?? []);
  if (options.seed) seedDemo(core);
  const app = createEmulatorApp(core, { corsOrigins });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  // "*" lets a page on any origin open a socket, but, as REST under "*" gets no credentials,
  // not on the user's cookie: it authenticates with a token it holds. Origins listed by name
  // (or that pass the check without a list: the SiteURL's, loopback) keep the cookie.
  const byName = corsOrigins.filter((origin) => origin !== '*');
  const socketHeaders = (request: IncomingMessage): Headers => {
    const headers = headersOf(request);
    if (
      corsOrigins.includes('*') &&
      !websocketOriginAllowed(request.headers.origin, request.headers.host, byName, core.siteUrl)
    )
      headers.delete('cookie');
    return headers;
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/api/v4/websocket' && path !== '/api/v4/websocket/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!websocketOriginAllowed(request.headers.origin, request.headers.host, corsOrigins, core.siteUrl)) {
      // What gorilla's Upgrader answers when CheckOrigin refuses.
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nwebsocket: request origin not allowed by Upgrader.CheckOrigin\n',
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      const handlers = acceptSocket(
        core,
        {
          send: (data) => {
            if (ws.readyState === ws.OPEN) ws.send(data);
          },
          close: (code, reason) => {
            // No close frame: the client sees 1006, as when the server drops a connection.
            if (code === ABNORMAL_CLOSE) ws.terminate();
            else ws.close(code, reason);
          },
        },
        { url: request.url ?? '/', headers: socketHeaders(request) },
      );
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          ws.terminate(); // msgpack frames are not emulated
          return;
        }
        handlers.message(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
      });
      ws.on('close', () => {
        sockets.delete(ws);
        handlers.closed();
      });
      ws.on('error', () => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    core,
    adminToken: core.adminToken,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
