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
import type { AuthConfig, ChatTab } from './config.js';
import { ApiError } from './errors.js';
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
  /** The client's IP; default: X-Forwarded-For when TRUST_PROXY, else the Node socket's address. */
  clientIp?: (c: Context) => string;
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

/** The Hono app, for any fetch runtime. */
export function createAuthApp(config: AuthConfig, deps: AuthDeps = {}): Hono {
  return createAuthService(config, deps).app;
}

/** The app plus the handles a host process needs (sweeping, the token service). */
export function createAuthService(config: AuthConfig, deps: AuthDeps = {}): AuthService {
  const fetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  const now = deps.now ?? Date.now;
  const log = deps.logger ?? createLogger({ level: config.logLevel });
  const store = deps.store ?? new MemoryTokenStore(now);
  const mm = new MattermostAdmin(config.mmBaseUrl, config.mmAdminToken, fetchFn);
  const verifier = new IdentityVerifier(config, { fetch: fetchFn, now });
  const tokens = new ChatTokenService(config, { mm, store, logger: log, now });
  const clientIp = deps.clientIp ?? defaultClientIp(config.trustProxy);
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

  const selfOrigin = (c: Context): string => {
    const url = new URL(c.req.url);
    if (config.trustProxy) {
      const proto = readHeader(c, 'x-forwarded-proto')?.split(',')[0]?.trim();
      const host = readHeader(c, 'x-forwarded-host')?.split(',')[0]?.trim();
      if (proto && host) return `${proto}://${host}`;
    }
    return url.origin;
  };

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
    if (!allowed && origin !== selfOrigin(c)) {
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
  const browserUrls = (c: Context): { serverUrl: string; websocketUrl: string } => fixedUrls ?? urlsFor(selfOrigin(c));

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
  const headersFor = apiHeaders(everyOrigin);
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
    return send(c, tokenResponse(c, identity, record));
  };

  const tokenResponse = (c: Context, identity: HostIdentity, record: TokenRecord): ChatTokenResponse => {
    const urls = browserUrls(c);
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

  app.get('/api/health', async (c) => {
    let mattermost: string;
    try {
      mattermost = await mm.ping();
    } catch (err) {
      const failure =
        err instanceof ApiError ? err : new ApiError(503, 'mattermost_unavailable', 'Mattermost is unreachable');
      const retry = { 'retry-after': String(failure.retryAfterSeconds ?? 5) };
      return send(
        c,
        { error: 'mattermost_unavailable', message: failure.message, status: 'degraded', mattermost: 'down' },
        503,
        retry,
      );
    }
    if (mattermost !== 'OK') {
      return send(
        c,
        {
          error: 'mattermost_unhealthy',
          message: `Mattermost reports ${mattermost}`,
          status: 'degraded',
          mattermost: 'unhealthy',
        },
        503,
        { 'retry-after': '5' },
      );
    }
    return send(c, { status: 'ok', mattermost: 'ok' });
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
      let jwt = new SignJWT({
        email: user.email,
        name: `${user.firstName} ${user.lastName}`,
        preferred_username: user.username,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(`demo:${user.username}`)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + DEMO_TOKEN_SECONDS);
      if (config.jwtIssuer) jwt = jwt.setIssuer(config.jwtIssuer);
      if (config.jwtAudience) jwt = jwt.setAudience(config.jwtAudience);
      const token = await jwt.sign(new TextEncoder().encode(config.jwtSecret));
      const cookie = generateCookie(config.hostCookie, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: selfOrigin(c).startsWith('https:'),
        maxAge: DEMO_TOKEN_SECONDS,
      });
      log.info({ username: user.username }, 'demo login');
      return send(c, { token, user }, 200, { 'set-cookie': cookie });
    });
  }

  if (config.mmProxy) {
    app.all(
      '/api/v4/*',
      mattermostProxy({ baseUrl: config.mmBaseUrl, fetch: fetchFn, hostCookie: config.hostCookie, clientIp }),
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

  if (config.supportChannelKeyDerived)
    log.warn(
      'SUPPORT_CHANNEL_KEY is not set: support conversation names use a key derived from MM_ADMIN_TOKEN (a new admin token, new conversations); set it before production',
    );
  return { app, tokens, sweep: () => tokens.sweep(), checkAdmin, prepare: () => tokens.prepare() };
}

function methodNotAllowed(): never {
  throw new ApiError(405, 'method_not_allowed', 'Use POST');
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function defaultClientIp(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const forwarded = readHeader(c, 'x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    // @hono/node-server puts the IncomingMessage in env.incoming; read it without
    // importing node types so this module stays runtime-neutral.
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };
}
