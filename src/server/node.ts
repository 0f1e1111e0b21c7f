// The auth server on Node: HTTP via @hono/node-server, the MM_PROXY WebSocket gateway
// (ws), Redis (ioredis) for shared rate limits and token cache when REDIS_URL is set.
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import WebSocket, { WebSocketServer } from 'ws';
import { createAuthService } from './app.js';
import type { AuthDeps, AuthService } from './app.js';
import { loadConfig } from './config.js';
import type { AuthConfig } from './config.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { withoutCookie } from './proxy.js';
import { RedisTokenStore } from './redis-store.js';
import { MemoryTokenStore } from './store.js';

export * from './index.js';
export { RedisTokenStore } from './redis-store.js';

export interface StartOptions {
  /** Default: config.port (0 picks a free port). */
  port?: number;
  /** Default: config.host. */
  host?: string;
  logger?: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface RunningAuthServer {
  /** `http://host:port`, loopback when listening on every interface. */
  readonly url: string;
  readonly port: number;
  readonly service: AuthService;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 15_000;
/** Said at start when DEMO_LOGIN=true. */
export const DEMO_LOGIN_WARNING =
  'DEMO_LOGIN=true: /api/demo/login signs host JWTs with JWT_SECRET for anyone who asks; development only';
const WS_PATH = /^\/api\/v4\/websocket\/?$/;

/** Starts the auth server; rejects with a one-line Error when the port is taken. */
export async function startAuthServer(
  config: AuthConfig = loadConfig(process.env),
  options: StartOptions = {},
): Promise<RunningAuthServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const deps: AuthDeps = { logger, fetch: options.fetch, now: options.now };
  let redis: Redis | undefined;
  if (config.redisUrl) {
    // No offline queue: while Redis is away, commands fail at once (limits fall back to
    // memory, token requests get a 503) instead of each waiting for reconnects.
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new Error(
        `Cannot connect to Redis at ${redactUrl(config.redisUrl)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const client = redis;
    deps.store = new RedisTokenStore(client);
    deps.limiterFactory = (o) =>
      new RateLimiterRedis({
        ...o,
        storeClient: client,
        // While Redis is away, each instance limits on its own rather than not at all.
        insuranceLimiter: new RateLimiterMemory({ points: o.points, duration: o.duration }),
      });
  } else {
    deps.store = new MemoryTokenStore(options.now);
  }
  const service = createAuthService(config, deps);
  if (config.demoLogin) logger.warn(DEMO_LOGIN_WARNING);

  const host = options.host ?? config.host;
  const server = createAdaptorServer({ fetch: service.app.fetch, hostname: host });
  const bridges = new Set<{ client?: WebSocket; upstream: WebSocket }>();
  const wss = new WebSocketServer({ noServer: true });
  const allowedOrigins = new Set([
    ...config.allowedOrigins,
    ...(config.mmPublicUrl ? [new URL(config.mmPublicUrl).origin] : []),
    ...config.portals.flatMap((p) => p.origins),
  ]);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset before the upgrade completes must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway');
    } catch {
      return rejectUpgrade(socket, 400, 'Bad Request');
    }
    if (!config.mmProxy || !WS_PATH.test(url.pathname)) return rejectUpgrade(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin && !allowedOrigins.has(origin) && originHost(origin) !== req.headers.host)
      return rejectUpgrade(socket, 403, 'Forbidden');
    const target = `${config.mmBaseUrl.replace(/^http/, 'ws')}${url.pathname}${url.search}`;
    const headers: Record<string, string> = {};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const cookie = withoutCookie(req.headers.cookie ?? null, config.hostCookie);
    if (cookie) headers.cookie = cookie;
    if (req.headers['user-agent']) headers['user-agent'] = req.headers['user-agent'];
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    // Connect upstream first, so a client sees Mattermost being down as a failed upgrade.
    const upstream = new WebSocket(target, { headers, handshakeTimeout: 10_000 });
    const bridge: { client?: WebSocket; upstream: WebSocket } = { upstream };
    bridges.add(bridge);
    const early: { data: WebSocket.RawData; binary: boolean }[] = [];
    const onEarly = (data: WebSocket.RawData, binary: boolean) => early.push({ data, binary });
    upstream.on('message', onEarly);
    upstream.once('unexpected-response', (_req, res) => {
      bridges.delete(bridge);
      rejectUpgrade(socket, res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 502, 'Bad Gateway');
      upstream.terminate();
    });
    upstream.on('error', (err) => {
      if (!bridge.client) {
        bridges.delete(bridge);
        logger.warn({ err: err.message }, 'websocket gateway: Mattermost unreachable');
        rejectUpgrade(socket, 502, 'Bad Gateway');
      }
    });
    upstream.once('open', () => {
      wss.handleUpgrade(req, socket, head, (client) => {
        bridge.client = client;
        upstream.off('message', onEarly);
        for (const m of early) client.send(m.data, { binary: m.binary });
        upstream.on('message', (data, binary) => {
          if (client.readyState === WebSocket.OPEN) client.send(data, { binary });
        });
        client.on('message', (data, binary) => {
          if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary });
        });
        upstream.on('close', (code, reason) => {
          bridges.delete(bridge);
          closeWith(client, code, reason);
        });
        client.on('close', (code, reason) => {
          bridges.delete(bridge);
          closeWith(upstream, code, reason);
        });
        client.on('error', () => upstream.terminate());
      });
    });
  });

  const port = options.port ?? config.port;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        err.code === 'EADDRINUSE'
          ? Object.assign(new Error(`Port ${port} on ${host} is already in use`), { code: err.code })
          : Object.assign(new Error(`Cannot listen on ${host}:${port}: ${err.message}`), { code: err.code }),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  }).catch(async (err: unknown) => {
    await redis?.quit().catch(() => redis?.disconnect());
    throw err;
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  // Say early when the admin token is wrong, instead of at the first user's request.
  service
    .checkAdmin()
    .then((problem) => {
      if (problem) logger.warn({ mattermost: config.mmBaseUrl }, problem);
    })
    .catch(() => undefined);

  const sweeper = setInterval(() => {
    service
      .sweep()
      .catch((err: unknown) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'token sweep failed'),
      );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    service,
    close() {
      closed ??= (async () => {
        clearInterval(sweeper);
        for (const { client, upstream } of bridges) {
          client?.terminate();
          upstream.terminate();
        }
        bridges.clear();
        wss.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await redis?.quit().catch(() => redis?.disconnect());
      })();
      return closed;
    },
  };
}

/** The host of an Origin header; null for "null" or anything unparsable. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The URL without its password (REDIS_URL may carry one). */
function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'REDIS_URL';
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Passes a close on; codes that may not be sent (1005, 1006, 1015) become 1000/1011. */
function closeWith(socket: WebSocket, code: number, reason: Buffer): void {
  if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) return;
  if (socket.readyState === WebSocket.CONNECTING) return socket.terminate();
  const sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  socket.close(sendable ? code : code === 1005 ? 1000 : 1011, sendable ? reason : undefined);
}
