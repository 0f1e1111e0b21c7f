// The auth server on Node: HTTP via @hono/node-server, the MM_PROXY WebSocket gateway
// (ws), Redis (ioredis) for shared rate limits and token cache when REDIS_URL is set.
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { createAuthService } from './app.js';
import { clientAddressOf } from './client-address.js';
import type { AuthDeps, AuthService } from './app.js';
import { loadConfig } from './config.js';
import type { AuthConfig } from './config.js';
import { createWebSocketGateway, rejectUpgrade } from './gateway.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
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

/** Starts the auth server; rejects with a one-line Error when the port is taken. */
export async function startAuthServer(
  config: AuthConfig = loadConfig(process.env),
  options: StartOptions = {},
): Promise<RunningAuthServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clientAddress = clientAddressOf(config.trustProxy);
  // Where this server listens: its public URL when MM_PUBLIC_URL is not set (development).
  const listening: { url?: string } = {};
  const deps: AuthDeps = { logger, fetch: options.fetch, now: options.now, ownUrl: () => listening.url };
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
  const gateway = config.mmProxy
    ? createWebSocketGateway({
        mmBaseUrl: config.mmBaseUrl,
        origins: new Set([
          ...config.allowedOrigins,
          ...(config.mmPublicUrl ? [new URL(config.mmPublicUrl).origin] : []),
          ...config.portals.flatMap((p) => p.origins),
        ]),
        ownOrigin: () => {
          const url = config.mmPublicUrl ?? listening.url;
          return url === undefined ? undefined : new URL(url).origin;
        },
        clientAddress: (req) => clientAddress(req.socket.remoteAddress, headerValue(req.headers['x-forwarded-for'])),
        maxFrameBytes: config.gateway.maxFrameBytes,
        maxSocketsPerIp: config.gateway.maxSocketsPerIp,
        authTimeoutMs: config.gateway.authTimeoutSeconds * 1000,
        logger,
      })
    : undefined;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (gateway === undefined) {
      socket.on('error', () => socket.destroy());
      return rejectUpgrade(socket, 404);
    }
    gateway.upgrade(req, socket, head);
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
  const ownUrl = `http://${urlHost}:${actualPort}`;
  listening.url = ownUrl;

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
    url: ownUrl,
    port: actualPort,
    service,
    close() {
      closed ??= (async () => {
        clearInterval(sweeper);
        gateway?.close();
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

/** One value of a header Node may give as a list. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
