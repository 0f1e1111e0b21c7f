import { z } from 'zod';
import { DEMO_TEAM } from '../shared/demo-users.js';
import { isSecureOrLoopbackUrl } from '../shared/loopback.js';
import { isAddressOrRange } from './client-address.js';
import type { TrustProxy } from './client-address.js';

/** The widget's tabs, as a portal may restrict them. */
export type ChatTab = 'team' | 'dm' | 'support';

/** A third-party portal: its JWTs carry `kid` in the header, which selects this entry. */
export interface PortalConfig {
  readonly kid: string;
  /** HS256/384/512 shared secret (32+ chars). Either this or `jwksUrl`. */
  readonly secret?: string;
  /** JWKS of the portal's asymmetric keys. Either this or `secret`. */
  readonly jwksUrl?: string;
  /** Origins the portal's pages run on: CORS and the request Origin are checked against them. */
  readonly origins: readonly string[];
  /** Returned to the widget as `allowedTabs`. */
  readonly tabs: readonly ChatTab[];
}

export interface AuthConfig {
  /** Mattermost as the server reaches it (no trailing slash, no /api/v4). */
  readonly mmBaseUrl: string;
  readonly mmAdminToken: string;
  readonly mmTeamSlug: string;
  /**
   * Where browsers reach Mattermost (`serverUrl`), and with MM_PROXY this server's public
   * URL. Required in production with MM_PROXY: no public URL is ever built from a request.
   */
  readonly mmPublicUrl?: string;
  /** Serve `/api/v4/*` (HTTP and WebSocket) as a same-origin gateway to Mattermost. */
  readonly mmProxy: boolean;
  readonly jwtSecret?: string;
  readonly jwksUrl?: string;
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  readonly portals: readonly PortalConfig[];
  readonly allowedOrigins: readonly string[];
  /**
   * The support staff, as Mattermost user ids; a username is accepted for a transition
   * only, and resolved to its id when the server starts (see `SupportAgents`).
   */
  readonly supportAgents: readonly string[];
  /** HMAC key that names support conversations (`support-<keyed hash>`), so nobody can precompute them. */
  readonly supportChannelKey: string;
  /** True when SUPPORT_CHANNEL_KEY was not set and the key was derived (never in production). */
  readonly supportChannelKeyDerived: boolean;
  readonly port: number;
  readonly host: string;
  readonly redisUrl?: string;
  readonly tokenTtlSeconds: number;
  /** How long a rotated-out token keeps working after it expired or was replaced. */
  readonly tokenGraceSeconds: number;
  readonly hostCookie: string;
  readonly production: boolean;
  /**
   * `POST /api/demo/login` and `GET /api/demo/users` (DEMO_LOGIN=true): host JWTs signed
   * with JWT_SECRET for anyone who asks. Off unless enabled; never with NODE_ENV=production.
   */
  readonly demoLogin: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Points per window; 0 disables that limit. */
  readonly rateLimit: { readonly windowSeconds: number; readonly perIp: number; readonly perSubject: number };
  /** The proxies whose X-Forwarded-For entries are believed (TRUST_PROXY); `{hops: 0}`: none. */
  readonly trustProxy: TrustProxy;
  /** The MM_PROXY WebSocket gateway's limits. */
  readonly gateway: {
    /** Largest frame, either way (WS_MAX_FRAME_BYTES). */
    readonly maxFrameBytes: number;
    /** Open gateway sockets per client address (WS_MAX_SOCKETS_PER_IP). */
    readonly maxSocketsPerIp: number;
    /** A socket Mattermost has not confirmed as authenticated by then is closed (WS_AUTH_TIMEOUT_SECONDS). */
    readonly authTimeoutSeconds: number;
  };
  /** Health probes exempt from /api/health's rate limit: from these networks, or with this Bearer token. */
  readonly healthProbes: { readonly networks: readonly string[]; readonly token?: string };
  /** How far ahead of this server's clock a host JWT's `iat` may be (JWT_MAX_FUTURE_IAT_SECONDS). */
  readonly jwtMaxFutureIatSeconds: number;
  /**
   * The longest a host JWT may live (JWT_MAX_LIFETIME_SECONDS): `exp - iat`, or without `iat`,
   * `exp` counted from now.
   */
  readonly jwtMaxLifetimeSeconds: number;
  /**
   * Weak settings that were accepted because this is not production (plain http to another
   * machine, a weak secret): one line each, for the operator to see at start.
   */
  readonly warnings: readonly string[];
}

export type { TrustProxy } from './client-address.js';

/** Thrown by `loadConfig`: `problems` holds one line per problem, naming the variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid auth server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const TABS = ['team', 'dm', 'support'] as const;

const httpUrl = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .refine((v) => isHttpUrl(v), { message: `${name} must be an http(s) URL` })
    .transform((v) => v.replace(/\/+$/, ''));

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  return isHttpUrl(value) && new URL(value).origin === value;
}

const portalSchema = z
  .object({
    kid: z.string().min(1, 'kid must not be empty'),
    secret: z.string().min(32, 'secret must be at least 32 characters').optional(),
    jwksUrl: z.string().refine(isHttpUrl, 'jwksUrl must be an http(s) URL').optional(),
    origins: z
      .array(
        z.string().refine(isOrigin, 'each origin must look like https://portal.example (scheme, host, port; no path)'),
      )
      .min(1, 'origins must list at least one origin'),
    tabs: z.array(z.enum(TABS)).min(1, 'tabs must list at least one of team, dm, support').default(['support']),
  })
  .refine((p) => Boolean(p.secret) !== Boolean(p.jwksUrl), { message: 'give exactly one of secret or jwksUrl' });

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function intVar(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function boolVar(env: Record<string, string | undefined>, name: string, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  // "yes", "on", "enabled"... are refused rather than guessed.
  problems.push(`${name} must be true, false, 1 or 0 (got "${env[name]}")`);
  return false;
}

const SUPPORT_CHANNEL_KEY_MIN = 32;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the configuration from environment variables, and reports every problem at
 * once (one line each) instead of stopping at the first.
 */
export function loadConfig(env: Record<string, string | undefined>): AuthConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const take = <T>(name: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      problems.push(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
    return undefined;
  };

  const mmBaseUrl = take('MM_BASE_URL', httpUrl('MM_BASE_URL'), env.MM_BASE_URL);
  const mmAdminToken = env.MM_ADMIN_TOKEN?.trim();
  if (!mmAdminToken) problems.push('MM_ADMIN_TOKEN is required (a system admin personal access token or bot token)');
  let mmTeamSlug = env.MM_TEAM_SLUG?.trim();
  if (!mmTeamSlug) {
    if (production) problems.push('MM_TEAM_SLUG is required in production (the Mattermost team name, e.g. "erp")');
    mmTeamSlug = DEMO_TEAM.name;
  } else if (!/^[a-z0-9][a-z0-9_-]*$/.test(mmTeamSlug)) {
    problems.push(
      `MM_TEAM_SLUG must be a Mattermost team name (lowercase letters, digits, - and _; got "${mmTeamSlug}")`,
    );
  }
  const mmPublicUrl = env.MM_PUBLIC_URL?.trim()
    ? take('MM_PUBLIC_URL', httpUrl('MM_PUBLIC_URL'), env.MM_PUBLIC_URL)
    : undefined;
  const mmProxy = boolVar(env, 'MM_PROXY', problems);

  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  const jwksUrl = env.JWKS_URL?.trim() ? take('JWKS_URL', httpUrl('JWKS_URL'), env.JWKS_URL) : undefined;

  let portals: PortalConfig[] = [];
  if (env.PORTALS?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.PORTALS);
    } catch {
      problems.push('PORTALS must be JSON: [{"kid","secret"|"jwksUrl","origins":[...],"tabs":[...]}]');
    }
    if (parsed !== undefined) {
      const result = z.array(portalSchema).safeParse(parsed);
      if (result.success) {
        portals = result.data;
        const kids = new Set<string>();
        for (const p of portals) {
          if (kids.has(p.kid)) problems.push(`PORTALS: kid "${p.kid}" appears twice`);
          kids.add(p.kid);
        }
      } else {
        for (const issue of result.error.issues) {
          problems.push(
            `PORTALS${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`,
          );
        }
      }
    }
  }
  if (!jwtSecret && !jwksUrl && portals.length === 0 && env.PORTALS === undefined) {
    problems.push('JWT_SECRET (32+ characters) or JWKS_URL is required to verify the host identity');
  }

  const allowedOrigins = list(env.ALLOWED_ORIGINS);
  for (const origin of allowedOrigins) {
    if (!isOrigin(origin))
      problems.push(
        `ALLOWED_ORIGINS: "${origin}" is not an origin like https://erp.example (scheme, host, port; no path)`,
      );
  }
  const supportAgents = list(env.SUPPORT_AGENTS).map((s) => s.toLowerCase());
  for (const agent of supportAgents) {
    if (!/^[a-z][a-z0-9._-]{0,63}$/.test(agent) && !/^[a-z0-9]{26}$/.test(agent))
      problems.push(`SUPPORT_AGENTS: "${agent}" is neither a Mattermost user id (26 characters) nor a username`);
  }
  const supportChannelKeySet = env.SUPPORT_CHANNEL_KEY?.trim() || undefined;
  if (supportChannelKeySet !== undefined && supportChannelKeySet.length < SUPPORT_CHANNEL_KEY_MIN)
    problems.push(`SUPPORT_CHANNEL_KEY must be at least ${SUPPORT_CHANNEL_KEY_MIN} characters`);
  if (supportChannelKeySet === undefined && production)
    problems.push(
      `SUPPORT_CHANNEL_KEY is required in production (${SUPPORT_CHANNEL_KEY_MIN}+ random characters; it names the support conversations)`,
    );
  // Outside production: derived from the admin token, as secret as it and stable while it
  // is (a development JWT_SECRET is often made per run, as `npm start` does).
  const supportChannelKey = supportChannelKeySet ?? `derived:support-channel-key:${mmAdminToken ?? ''}`;

  const port = intVar(env, 'PORT', 3001, 0, 65535, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');
  const tokenTtlSeconds = intVar(env, 'TOKEN_TTL_SECONDS', 12 * 3600, 60, 365 * 24 * 3600, problems);
  const tokenGraceSeconds = intVar(env, 'TOKEN_GRACE_SECONDS', 60, 0, 24 * 3600, problems);
  const hostCookie = env.HOST_COOKIE?.trim() || 'bisman_host';
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(hostCookie))
    problems.push(`HOST_COOKIE "${hostCookie}" is not a valid cookie name`);
  const level = (env.LOG_LEVEL?.trim() || 'info') as AuthConfig['logLevel'];
  if (!LOG_LEVELS.includes(level)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const rateLimit = {
    windowSeconds: intVar(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600, problems),
    perIp: intVar(env, 'RATE_LIMIT_PER_IP', 300, 0, 10_000_000, problems),
    perSubject: intVar(env, 'RATE_LIMIT_PER_SUBJECT', 60, 0, 10_000_000, problems),
  };
  // The gateway and the proxy (SECURITY.md): who the client is, and what one may hold.
  const trustProxy = trustProxyVar(env.TRUST_PROXY, problems);
  if (mmProxy && production && !mmPublicUrl)
    problems.push(
      'MM_PUBLIC_URL is required in production with MM_PROXY=true (the URL browsers reach this server on; it is never taken from request headers)',
    );
  const gateway = {
    maxFrameBytes: intVar(env, 'WS_MAX_FRAME_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024, problems),
    maxSocketsPerIp: intVar(env, 'WS_MAX_SOCKETS_PER_IP', 20, 1, 100_000, problems),
    authTimeoutSeconds: intVar(env, 'WS_AUTH_TIMEOUT_SECONDS', 10, 1, 300, problems),
  };
  const healthNetworks = list(env.HEALTH_PROBE_NETWORKS);
  for (const network of healthNetworks)
    if (!isAddressOrRange(network))
      problems.push(`HEALTH_PROBE_NETWORKS: "${network}" is not an IP address or CIDR range like 10.0.0.0/8`);
  const healthToken = env.HEALTH_PROBE_TOKEN || undefined;
  if (healthToken !== undefined && healthToken.length < 32)
    problems.push('HEALTH_PROBE_TOKEN must be at least 32 characters');
  const jwtMaxFutureIatSeconds = intVar(env, 'JWT_MAX_FUTURE_IAT_SECONDS', 60, 0, 3600, problems);
  const jwtMaxLifetimeSeconds = intVar(env, 'JWT_MAX_LIFETIME_SECONDS', 24 * 3600, 60, 30 * 24 * 3600, problems);
  const demoLogin = boolVar(env, 'DEMO_LOGIN', problems);
  if (demoLogin && production)
    problems.push(
      'DEMO_LOGIN=true is refused with NODE_ENV=production (the demo login signs host JWTs for anyone who asks)',
    );

  // Weak but workable settings: refused in production, said out loud elsewhere.
  const weak = weakSettings({
    mmBaseUrl,
    mmPublicUrl,
    jwksUrl,
    jwtSecret,
    supportChannelKey: supportChannelKeySet,
    allowedOrigins,
    portals,
  });
  if (supportChannelKeySet === undefined && !production)
    weak.push(
      'SUPPORT_CHANNEL_KEY is not set: support conversation names use a key derived from MM_ADMIN_TOKEN (a new admin token, new conversations); set it before production',
    );
  const warnings: string[] = [];
  (production ? problems : warnings).push(...weak);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mmBaseUrl: mmBaseUrl!,
    mmAdminToken: mmAdminToken!,
    mmTeamSlug,
    mmPublicUrl,
    mmProxy,
    jwtSecret,
    jwksUrl,
    jwtIssuer: env.JWT_ISSUER?.trim() || undefined,
    jwtAudience: env.JWT_AUDIENCE?.trim() || undefined,
    portals,
    allowedOrigins,
    supportAgents,
    supportChannelKey,
    supportChannelKeyDerived: supportChannelKeySet === undefined,
    port,
    host,
    redisUrl,
    tokenTtlSeconds,
    tokenGraceSeconds,
    hostCookie,
    production,
    demoLogin,
    logLevel: level,
    rateLimit,
    trustProxy,
    jwtMaxFutureIatSeconds,
    jwtMaxLifetimeSeconds,
    warnings,
    gateway,
    healthProbes: { networks: healthNetworks, token: healthToken },
  };
}

// ---------------------------------------------------------------- weak settings

/** Secrets published as examples (jwt.io's defaults...): whoever reads the docs has them. */
const PUBLISHED_SECRETS = new Set(['a-string-secret-at-least-256-bits-long', 'your-256-bit-secret']);
const PLACEHOLDER = /change[-_ .]?me|replace[-_ .]?me|your[-_ .]?secret|placeholder|example/i;

/**
 * Why a shared secret is guessable, or undefined. Length alone says little (32 "x" are 32
 * characters), so a secret is weak when it is a published example or a placeholder, a
 * shorter piece repeated (`abcabc…`), made of fewer than 8 distinct characters, or mostly
 * runs and sequences (two thirds of its neighbouring characters equal or consecutive:
 * `aaaa`, `abcd`, `4321`). 32 random hex digits (`openssl rand -hex 16`) pass: over a
 * million draws, none had fewer than 8 distinct characters or more than 55% such pairs.
 */
export function weakSecretReason(secret: string): string | undefined {
  if (PUBLISHED_SECRETS.has(secret.toLowerCase()) || PLACEHOLDER.test(secret))
    return 'it is a published example or a placeholder';
  for (let period = 1; period <= secret.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < secret.length && repeats; i++) repeats = secret[i] === secret[i - period];
    // Never a piece of the secret itself in the message: it goes to logs.
    if (repeats) return `it repeats a piece of ${period} character${period === 1 ? '' : 's'}`;
  }
  const distinct = new Set(secret).size;
  if (distinct < 8) return `it has only ${distinct} distinct characters`;
  let steps = 0;
  for (let i = 1; i < secret.length; i++) if (Math.abs(secret.charCodeAt(i) - secret.charCodeAt(i - 1)) <= 1) steps++;
  if (steps * 3 >= (secret.length - 1) * 2) return 'it is mostly runs or sequences (like aaaa or abcd)';
  return undefined;
}

/** One line per weak setting: plain http to another machine, a guessable secret. */
function weakSettings(settings: {
  mmBaseUrl?: string;
  mmPublicUrl?: string;
  jwksUrl?: string;
  jwtSecret?: string;
  supportChannelKey?: string;
  allowedOrigins: readonly string[];
  portals: readonly PortalConfig[];
}): string[] {
  const found: string[] = [];
  const plainHttp = (name: string, url: string | undefined, risk: string): void => {
    // Named by its origin only: no user:password@ or query string in a log line.
    if (url !== undefined && isHttpUrl(url) && !isSecureOrLoopbackUrl(url))
      found.push(
        `${name} "${new URL(url).origin}" is plain http to a host that is not loopback: ${risk}; use https://`,
      );
  };
  const secret = (name: string, value: string | undefined): void => {
    // A short one is already refused, whatever it is made of.
    const reason = value === undefined || value.length < 32 ? undefined : weakSecretReason(value);
    if (reason) found.push(`${name} is weak (${reason}): use 32+ random bytes, e.g. \`openssl rand -base64 32\``);
  };
  const PAGE_RISK = 'the network could rewrite such a page to take its chat token';
  const KEY_RISK = 'the network could substitute its own keys';
  plainHttp('MM_BASE_URL', settings.mmBaseUrl, 'the admin token would cross the network in clear text');
  plainHttp('MM_PUBLIC_URL', settings.mmPublicUrl, "users' tokens would cross the network in clear text");
  plainHttp('JWKS_URL', settings.jwksUrl, KEY_RISK);
  for (const origin of settings.allowedOrigins) plainHttp('ALLOWED_ORIGINS', origin, PAGE_RISK);
  secret('JWT_SECRET', settings.jwtSecret);
  secret('SUPPORT_CHANNEL_KEY', settings.supportChannelKey);
  settings.portals.forEach((portal, i) => {
    plainHttp(`PORTALS[${i}].jwksUrl`, portal.jwksUrl, KEY_RISK);
    for (const origin of portal.origins) plainHttp(`PORTALS[${i}].origins`, origin, PAGE_RISK);
    secret(`PORTALS[${i}].secret`, portal.secret);
  });
  return found;
}

/**
 * TRUST_PROXY: `false`/`0` (no proxy), `true` (one, as before), a number of proxies that
 * each append to X-Forwarded-For, or a comma-separated list of the proxies' addresses or
 * CIDR ranges.
 */
function trustProxyVar(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false') return { hops: 0 };
  if (value === 'true') return { hops: 1 };
  if (/^\d+$/.test(value) && Number(value) <= 16) return { hops: Number(value) };
  const proxies = list(value);
  if (proxies.length > 0 && proxies.every(isAddressOrRange)) return { proxies };
  problems.push(
    `TRUST_PROXY must be true, false, a number of proxies from 0 to 16, or the proxies' addresses or CIDR ranges, comma-separated (got "${raw}")`,
  );
  return { hops: 0 };
}
