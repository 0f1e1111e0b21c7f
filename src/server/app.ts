import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { generateCookie, getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { SignJWT } from 'jose';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import { DEMO_USERS } from '../shared/demo-users.js';

/** The demo people who can use the chat: no token is ever issued for an administrator. */
const CHAT_DEMO_USERS = DEMO_USERS.filter((user) => user.role !== 'admin');
import type { DemoUser } from '../shared/demo-users.js';
import { addressMatcher, clientAddressOf } from './client-address.js';
import type { ClientAddress } from './client-address.js';
import { ConfigError } from './config.js';
import type { AuthConfig, ChatTab } from './config.js';
import { ApiError } from './errors.js';
import { constantTimeEqual } from './hash.js';
import { apiGuard, apiHeaders, readBufferedBody, readHeader } from './guard.js';
import type { ErrorBody } from './errors.js';
import { IdentityVerifier } from './identity.js';
import type { HostIdentity } from './identity.js';
import { libraryLimit, MemoryLimit } from './limits.js';
import type { RequestLimit } from './limits.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { MattermostAdmin } from './mattermost.js';
import { mattermostProxy } from './proxy.js';
import { ChatTokenService } from './service.js';
import { MemoryTokenStore } from './store.js';
import type { TokenRecord, TokenStore } from './store.js';

/** What `POST /api/chat/token` answers (the widget's `ChatToken`). */
export interface ChatTokenResponse {
  token: string;
  userId: string;
  teamId: string;
  teamName: string;
  serverUrl: string;
  websocketUrl: string;
  supportChannelId?: string;
  supportAgent: boolean;
  /** ms epoch: fetch a new token before then. */
  expiresAt: number;
  /** Present for portal identities: the tabs that portal may show. */
  allowedTabs?: ChatTab[];
}

export interface AuthDeps {
  fetch?: typeof fetch;
  logger?: Logger;
  store?: TokenStore;
  /** Clock, ms epoch (tests move it to cross TTLs). */
  now?: () => number;
  /** Builds the rate limiters (Redis-backed in node.ts); default: counted in memory by MemoryLimit. */
  limiterFactory?: (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;
  /**
   * The client's address; default: the socket peer's, or with TRUST_PROXY the entry of
   * X-Forwarded-For the trusted proxies wrote (client-address.ts).
   */
  clientIp?: (c: Context) => string;
  /**
   * This server's own URL when MM_PUBLIC_URL is not set (development): `startAuthServer`
   * gives the URL it listens on. Never taken from a request's Host or X-Forwarded-* headers.
   */
  ownUrl?: () => string | undefined;
}

export interface AuthService {
  readonly app: Hono;
  readonly tokens: ChatTokenService;
  /** Revokes rotated tokens whose grace ended (also runs on each token request). */
  sweep(): Promise<number>;
  /** Checks the admin token against Mattermost: null when fine, else the problem in one line. */
  checkAdmin(): Promise<string | null>;
  /**
   * Resolves what the service needs from Mattermost before its first token (SUPPORT_AGENTS
   * usernames, for a transition). A start calls it, and stops with its one-line message
   * when it rejects; token requests wait for it too.
   */
  prepare(): Promise<void>;
}

const BODY_LIMIT = 16 * 1024;
const SWEEP_EVERY_MS = 5000;
const DEMO_TOKEN_SECONDS = 12 * 3600;
const demoLoginBody = z.object({ username: z.string().min(1).max(64) });
const BEARER_SCHEME = /^bearer\s+/i;
/** How long one Mattermost ping answers /api/health. */
const HEALTH_CACHE_MS = 5000;

/** The Hono app, for any fetch runtime. */
export function createAuthApp(config: AuthConfig, deps: AuthDeps = {}): Hono {
  return createAuthService(config, deps).app;
}

/** The app plus the handles a host process needs (sweeping, the token service). */
export function createAuthService(config: AuthConfig, deps: AuthDeps = {}): AuthService {
  const fetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  const now = deps.now ?? Date.now;
  const log = deps.logger ?? createLogger({ level: config.logLevel });
  for (const warning of config.warnings) log.warn(warning);
  const store = deps.store ?? new MemoryTokenStore(now);
  const mm = new MattermostAdmin(config.mmBaseUrl, config.mmAdminToken, fetchFn);
  const verifier = new IdentityVerifier(config, { fetch: fetchFn, now });
  const tokens = new ChatTokenService(config, { mm, store, logger: log, now });
  const clientIp = deps.clientIp ?? defaultClientIp(clientAddressOf(config.trustProxy));
  const window = config.rateLimit.windowSeconds;
  const makeLimit = (keyPrefix: string, points: number): RequestLimit | null => {
    if (points <= 0) return null;
    if (deps.limiterFactory) return libraryLimit(deps.limiterFactory({ keyPrefix, points, duration: window }), log);
    return new MemoryLimit({ points, windowMs: window * 1000, now });
  };
  const ipLimit = makeLimit('bisman-chat:rl:ip', config.rateLimit.perIp);
  const subjectLimit = makeLimit('bisman-chat:rl:sub', config.rateLimit.perSubject);

  const publicOrigin = config.mmPublicUrl ? new URL(config.mmPublicUrl).origin : undefined;
  const hostOrigins = new Set([...config.allowedOrigins, ...(publicOrigin ? [publicOrigin] : [])]);
  const everyOrigin = new Set([...hostOrigins, ...config.portals.flatMap((p) => p.origins)]);

  /** This server's public origin, from configuration only (MM_PUBLIC_URL, else where it listens). */
  const ownOrigin = (): string | undefined => {
    if (publicOrigin !== undefined) return publicOrigin;
    const own = deps.ownUrl?.();
    return own === undefined ? undefined : new URL(own).origin;
  };
  if (config.mmProxy && !config.mmPublicUrl && deps.ownUrl === undefined)
    throw new ConfigError([
      'MM_PUBLIC_URL is required with MM_PROXY=true outside startAuthServer (the URL browsers reach this server on)',
    ]);

  /** A browser request must come from an origin allowed for this identity (or our own). */
  const checkOrigin = (c: Context, identity?: HostIdentity): void => {
    const origin = readHeader(c, 'origin');
    if (origin === undefined) return;
    const allowed =
      identity === undefined
        ? everyOrigin.has(origin)
        : identity.portal
          ? identity.portal.origins.includes(origin)
          : hostOrigins.has(origin);
    if (!allowed && origin !== ownOrigin()) {
      throw new ApiError(
        403,
        'origin_not_allowed',
        identity?.portal
          ? `Origin ${origin} is not one of portal "${identity.portal.kid}"'s origins`
          : `Origin ${origin} is not allowed`,
      );
    }
  };

  const bearer = (c: Context): string | undefined => {
    const header = readHeader(c, 'authorization');
    if (header === undefined) return undefined;
    const scheme = BEARER_SCHEME.exec(header);
    // Only the scheme is matched here: scanning the token too was a twentieth of the token
    // route's own work, and whoever takes the token checks it (a JWT's signature, a
    // Mattermost token's hash).
    const token = scheme === null ? '' : header.slice(scheme[0].length).trimEnd();
    if (token === '') throw new ApiError(401, 'unsupported_authorization', 'Authorization must be "Bearer <token>"');
    return token;
  };

  const hostJwt = (c: Context): string => {
    const jwt = bearer(c) ?? getCookie(c, config.hostCookie);
    if (!jwt)
      throw new ApiError(
        401,
        'missing_identity',
        `Send the host identity as "Authorization: Bearer <jwt>" or the ${config.hostCookie} cookie`,
      );
    return jwt;
  };

  /** Body of our POST routes: empty, or a JSON object. */
  const readBody = async (c: Context): Promise<Record<string, unknown>> => {
    const type = readHeader(c, 'content-type');
    if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
    }
    let text = readBufferedBody(c);
    if (text === undefined) {
      // Node emits the request once it has parsed the headers, and buffers a small body right
      // after, from the same packet: a microtask later it is usually all there.
      await Promise.resolve();
      text = readBufferedBody(c) ?? (await c.req.text());
    }
    if (text.trim() === '') return {};
    if (type === undefined) throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new ApiError(400, 'invalid_body', 'The body must be a JSON object');
    return data as Record<string, unknown>;
  };

  const count = (limit: RequestLimit | null, key: string, what: string): void | Promise<void> =>
    limit?.count(key, what);

  const rateLimitIp =
    (what: string): MiddlewareHandler =>
    async (c, next) => {
      await count(ipLimit, clientIp(c), what);
      await next();
    };

  const urlsFor = (serverUrl: string) => ({
    serverUrl,
    websocketUrl: `${serverUrl.replace(/^http/, 'ws')}/api/v4/websocket`,
  });
  const fixedUrls = config.mmPublicUrl
    ? urlsFor(config.mmPublicUrl)
    : config.mmProxy
      ? undefined
      : urlsFor(config.mmBaseUrl);
  const browserUrls = (): { serverUrl: string; websocketUrl: string } => fixedUrls ?? urlsFor(ownOrigin()!);

  // Runtimes without a long-lived process (no interval timer) still revoke rotated
  // tokens: token requests trigger a sweep, at most every few seconds.
  let lastSweep = 0;
  const sweepNowAndThen = (): void => {
    const at = now();
    if (at - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = at;
    tokens.sweep().catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'token sweep failed'));
  };

  const app = new Hono();

  if (log.isLevelEnabled('debug')) {
    app.use('*', async function logRequests(c, next) {
      const started = performance.now();
      await next();
      // Path only: a query string may carry an access_token on the proxy.
      log.debug(
        { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
  }

  const guard = apiGuard({ origins: everyOrigin, maxBodyBytes: BODY_LIMIT });
  const headersFor = apiHeaders(everyOrigin, { hsts: config.production });
  /** Every answer of the API routes, errors included, goes out through here. */
  const send = (c: Context, body: unknown, status = 200, extra?: Record<string, string>): Response =>
    new Response(JSON.stringify(body), { status, headers: headersFor(c, extra) });
  app.use('/api/chat/logout', guard.middleware);
  app.use('/api/demo/*', guard.middleware);
  app.use('/api/health', guard.middleware);

  /**
   * POST /api/chat/token. A step is awaited only when it has to wait (limits shared through
   * Redis, a JWT not seen before, a token to issue): the usual request (limits counted in
   * memory, a verified JWT, a cached token) waits only for its body. callgrind, main thread:
   * the awaits it skips were 8% of the route's instructions.
   */
  const issueToken = async (c: Context): Promise<Response> => {
    const ipCounted = count(ipLimit, clientIp(c), 'token requests from this address');
    if (ipCounted) await ipCounted;
    checkOrigin(c);
    const { renew } = await readBody(c);
    if (renew !== undefined && typeof renew !== 'boolean')
      throw new ApiError(400, 'invalid_body', '"renew" must be true or false');
    const jwt = hostJwt(c);
    const identity = verifier.cached(jwt) ?? (await verifier.verify(jwt));
    checkOrigin(c, identity);
    const subjectCounted = count(subjectLimit, identity.key, 'token requests for this user');
    if (subjectCounted) await subjectCounted;
    sweepNowAndThen();
    // A renewal checks the cached token against Mattermost: never answered from the cache.
    const record =
      (renew === true ? undefined : tokens.cached(identity)) ??
      (await tokens.getToken(identity, { renew: renew === true }));
    return send(c, tokenResponse(identity, record));
  };

  const tokenResponse = (identity: HostIdentity, record: TokenRecord): ChatTokenResponse => {
    const urls = browserUrls();
    const body: ChatTokenResponse = {
      token: record.token,
      userId: record.userId,
      teamId: record.teamId,
      teamName: record.teamName,
      serverUrl: urls.serverUrl,
      websocketUrl: urls.websocketUrl,
      supportChannelId: record.supportChannelId,
      supportAgent: record.supportAgent,
      expiresAt: record.expiresAt,
    };
    if (identity.portal) body.allowedTabs = [...identity.portal.tabs];
    return body;
  };

  // One handler, the guard and the method check included: Hono calls a route's lone handler
  // directly, where middleware or a second matching route make it compose a chain (2.5%).
  app.all('/api/chat/token', (c) =>
    guard.around(c, () => (c.req.method === 'POST' ? issueToken(c) : methodNotAllowed())),
  );

  app.post('/api/chat/logout', rateLimitIp('logout requests from this address'), async (c) => {
    checkOrigin(c);
    await readBody(c);
    const presented = bearer(c);
    let revoked: boolean;
    // A JWT is the host identity; anything else is taken for the Mattermost token.
    if (presented !== undefined && presented.split('.').length !== 3) {
      revoked = await tokens.revokeToken(presented);
    } else {
      const identity = await verifier.verify(hostJwt(c));
      checkOrigin(c, identity);
      revoked = await tokens.revokeFor(identity);
    }
    return send(c, { status: 'OK', revoked });
  });

  // /api/health: Mattermost is pinged (with the admin token) at most once per HEALTH_CACHE_MS,
  // whoever asks; each client address is rate limited unless it is a configured probe.
  const healthLimit = makeLimit('bisman-chat:rl:health', config.rateLimit.perIp);
  const probeNetwork = addressMatcher(config.healthProbes.networks);
  const probeToken = config.healthProbes.token;
  let health: { at: number; answer: Promise<HealthAnswer> } | undefined;
  const mattermostHealth = (): Promise<HealthAnswer> => {
    const at = now();
    if (health === undefined || at - health.at >= HEALTH_CACHE_MS) health = { at, answer: pingMattermost(mm) };
    return health.answer;
  };
  const isProbe = (c: Context, address: string): boolean => {
    if (probeNetwork(address)) return true;
    if (probeToken === undefined) return false;
    const header = readHeader(c, 'authorization');
    const scheme = header === undefined ? null : BEARER_SCHEME.exec(header);
    return scheme !== null && constantTimeEqual(header!.slice(scheme[0].length).trim(), probeToken);
  };

  app.get('/api/health', async (c) => {
    const address = clientIp(c);
    if (!isProbe(c, address)) await count(healthLimit, address, 'health checks from this address');
    const answer = await mattermostHealth();
    return send(c, answer.body, answer.status, answer.retryAfter ? { 'retry-after': answer.retryAfter } : undefined);
  });

  if (config.demoLogin && !config.production) {
    app.get('/api/demo/users', (c) => send(c, { users: CHAT_DEMO_USERS }));

    app.post('/api/demo/login', rateLimitIp('demo logins from this address'), async (c) => {
      checkOrigin(c);
      if (!config.jwtSecret) {
        throw new ApiError(
          403,
          'demo_login_unavailable',
          'Demo login signs with JWT_SECRET, which is not set (only JWKS_URL/PORTALS are configured)',
        );
      }
      const parsed = demoLoginBody.safeParse(await readBody(c));
      if (!parsed.success) throw new ApiError(400, 'invalid_body', 'Send {"username": "<demo user>"}');
      const user: DemoUser | undefined = CHAT_DEMO_USERS.find((u) => u.username === parsed.data.username.toLowerCase());
      if (!user)
        throw new ApiError(
          404,
          'unknown_demo_user',
          `No demo user "${parsed.data.username}"; try ${CHAT_DEMO_USERS.map((u) => u.username).join(', ')}`,
        );
      await count(subjectLimit, `demo|${user.username}`, 'demo logins for this user');
      const issuedAt = Math.floor(now() / 1000);
      // A demo JWT must pass our own JWT_MAX_LIFETIME_SECONDS.
      const lifetime = Math.min(DEMO_TOKEN_SECONDS, config.jwtMaxLifetimeSeconds);
      let jwt = new SignJWT({
        email: user.email,
        name: `${user.firstName} ${user.lastName}`,
        preferred_username: user.username,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(`demo:${user.username}`)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetime);
      if (config.jwtIssuer) jwt = jwt.setIssuer(config.jwtIssuer);
      if (config.jwtAudience) jwt = jwt.setAudience(config.jwtAudience);
      const token = await jwt.sign(new TextEncoder().encode(config.jwtSecret));
      const cookie = generateCookie(config.hostCookie, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: ownOrigin()?.startsWith('https:') ?? false,
        maxAge: lifetime,
      });
      log.info({ username: user.username }, 'demo login');
      return send(c, { token, user }, 200, { 'set-cookie': cookie });
    });
  }

  if (config.mmProxy) {
    app.all(
      '/api/v4/*',
      mattermostProxy({
        baseUrl: config.mmBaseUrl,
        fetch: fetchFn,
        origins: everyOrigin,
        clientIp,
        publicOrigin: ownOrigin,
        hsts: config.production,
      }),
    );
  }

  app.all('/api/chat/logout', methodNotAllowed);

  app.notFound((c) =>
    send(c, { error: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } satisfies ErrorBody, 404),
  );

  // Errors carry the same headers (CORS included), so the widget can read why.
  const errorResponse = (c: Context, err: ApiError): Response => {
    const retry =
      err.retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(Math.max(1, Math.ceil(err.retryAfterSeconds))) };
    return send(c, { error: err.code, message: err.message } satisfies ErrorBody, err.status, retry);
  };

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      if (err.status >= 500) log.warn({ path: c.req.path, error: err.code, status: err.status }, err.message);
      else log.debug({ path: c.req.path, error: err.code, status: err.status }, 'request refused');
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) {
      return errorResponse(
        c,
        new ApiError(
          err.status,
          err.status === 413 ? 'payload_too_large' : 'bad_request',
          err.message || 'Bad request',
        ),
      );
    }
    log.error({ path: c.req.path, err: errorMessage(err) }, 'unhandled error');
    return send(c, { error: 'internal_error', message: 'Something went wrong on our side' } satisfies ErrorBody, 500);
  });

  const checkAdmin = async (): Promise<string | null> => {
    try {
      const me = await mm.getMe();
      return (me.roles ?? '').split(' ').includes('system_admin')
        ? null
        : `MM_ADMIN_TOKEN belongs to "${me.username}", who is not a system admin`;
    } catch (err) {
      if (err instanceof ApiError) return err.message;
      const status = (err as { status?: number }).status;
      return `Mattermost refused MM_ADMIN_TOKEN (${status ?? 'error'})`;
    }
  };

  return { app, tokens, sweep: () => tokens.sweep(), checkAdmin, prepare: () => tokens.prepare() };
}

interface HealthAnswer {
  readonly status: 200 | 503;
  readonly body: Record<string, string>;
  readonly retryAfter?: string;
}

async function pingMattermost(mm: MattermostAdmin): Promise<HealthAnswer> {
  let mattermost: string;
  try {
    mattermost = await mm.ping();
  } catch (err) {
    const failure =
      err instanceof ApiError ? err : new ApiError(503, 'mattermost_unavailable', 'Mattermost is unreachable');
    return {
      status: 503,
      body: { error: 'mattermost_unavailable', message: failure.message, status: 'degraded', mattermost: 'down' },
      retryAfter: String(failure.retryAfterSeconds ?? 5),
    };
  }
  if (mattermost !== 'OK') {
    return {
      status: 503,
      body: {
        error: 'mattermost_unhealthy',
        message: `Mattermost reports ${mattermost}`,
        status: 'degraded',
        mattermost: 'unhealthy',
      },
      retryAfter: '5',
    };
  }
  return { status: 200, body: { status: 'ok', mattermost: 'ok' } };
}

function methodNotAllowed(): never {
  throw new ApiError(405, 'method_not_allowed', 'Use POST');
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function defaultClientIp(address: ClientAddress): (c: Context) => string {
  return (c) => {
    // @hono/node-server puts the IncomingMessage in env.incoming; read it without
    // importing node types so this module stays runtime-neutral.
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return address(env?.incoming?.socket?.remoteAddress, readHeader(c, 'x-forwarded-for'));
  };
}
