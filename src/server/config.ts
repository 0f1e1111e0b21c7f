import { z } from 'zod';
import { DEMO_TEAM } from '../shared/demo-users.js';

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
  /** What the browser uses as `serverUrl`, when set. */
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
  /** Take the client IP and the public origin from X-Forwarded-* headers. */
  readonly trustProxy: boolean;
}

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
  const trustProxy = boolVar(env, 'TRUST_PROXY', problems);
  const demoLogin = boolVar(env, 'DEMO_LOGIN', problems);
  if (demoLogin && production)
    problems.push(
      'DEMO_LOGIN=true is refused with NODE_ENV=production (the demo login signs host JWTs for anyone who asks)',
    );

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
  };
}
