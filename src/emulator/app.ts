/**
 * The emulator's REST API v4 as a Hono app (fetch Request -> Response), shaped like
 * Mattermost's answers: exact `application/json`, AppError bodies, `X-Version-Id`
 * and `X-Request-Id` on every response, the real statuses (201 for creates).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type { EmulatorCore, Session, User, UserStatus } from './core.js';
import { fileTooLarge, isId, newId } from './core.js';
import { EmulatorError, forbidden, invalidBody, invalidParam, invalidUrl, notFound, sessionExpired } from './errors.js';
import { channelPostList, threadList, unreadWindow } from './post-lists.js';
import { NO_DERIVED_IMAGE, PARSE_BOOL_TRUE, fileResponse } from './files.js';
import { emojiRoutes } from './emoji.js';
import { registerSettingsRoutes } from './settings-routes.js';

export type Env = { Variables: { requestId: string } };
export type Ctx = Context<Env>;

/** Mattermost's `ServiceSettings.MaximumPayloadSizeBytes` default, for JSON bodies. */
const MAX_JSON_BODY = 300_000;
const OK = { status: 'OK' };

export interface EmulatorAppOptions {
  /**
   * Origins allowed by CORS (Mattermost's `AllowCorsFrom`): `scheme://host[:port]`,
   * or `*` for any; none by default (same-origin use only).
   */
  corsOrigins?: string[];
}

/**
 * CORS origins as browsers send them in `Origin`: each entry may also be a list
 * split by commas or spaces, a trailing slash or path is dropped, `*` stays.
 * Throws on anything that is not an http(s) origin.
 */
export function normalizeCorsOrigins(entries: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    for (const raw of entry.split(/[\s,]+/)) {
      if (!raw) continue;
      let origin = raw;
      if (raw !== '*') {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new Error(`invalid CORS origin "${raw}" (expected like http://localhost:3000)`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw new Error(`invalid CORS origin "${raw}" (expected http: or https:)`);
        }
        origin = url.origin;
      }
      if (!out.includes(origin)) out.push(origin);
    }
  }
  return out;
}

function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  const h = new Headers({ 'Content-Type': 'application/json' });
  for (const [k, v] of Object.entries(headers ?? {})) h.set(k, v);
  return new Response(JSON.stringify(body), { status, headers: h });
}

function cookies(c: Ctx): Map<string, string> {
  const out = new Map<string, string>();
  const header = c.req.header('cookie');
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** The caller's token source, in the server's order: cookie, then header, then query. */
function credentials(c: Ctx): { token: string; viaCookie: boolean } | undefined {
  const cookie = cookies(c).get('MMAUTHTOKEN');
  if (cookie) return { token: cookie, viaCookie: true };
  const auth = c.req.header('authorization');
  if (auth) {
    const match = auth.match(/^(bearer|token)\s+(\S+)$/i);
    return match ? { token: match[2]!, viaCookie: false } : { token: '', viaCookie: false };
  }
  const query = c.req.query('access_token');
  return query ? { token: query, viaCookie: false } : undefined;
}

/**
 * The session of a route that needs none (`APIHandler`): a missing or unknown token is no
 * error there, the request is simply anonymous.
 */
function optionalSession(core: EmulatorCore, c: Ctx): Session | undefined {
  const cred = credentials(c);
  return cred ? core.sessionFor(cred.token) : undefined;
}

/** An unlicensed server past its hard user limit (app/user.go createUserOrGuest, app/limits.go). */
function userLimitExceeded(): EmulatorError {
  return new EmulatorError(
    'api.user.create_user.user_limits.exceeded',
    "Can't create user. Server exceeds safe user limit. Contact your administrator with: ERROR_SAFETY_LIMITS_EXCEEDED.",
    400,
  );
}

/** "Your license does not support guest accounts": Team Edition's answer to a guest-account call. */
function guestAccountsUnlicensed(id: string, status: number): EmulatorError {
  return new EmulatorError(id, 'Your license does not support guest accounts', status);
}

function authenticate(core: EmulatorCore, c: Ctx): Session {
  const cred = credentials(c);
  if (!cred) throw sessionExpired();
  const session = core.sessionFor(cred.token);
  if (!session) throw sessionExpired('token');
  if (cred.viaCookie && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    if (c.req.header('x-csrf-token') !== session.csrf) throw sessionExpired('csrf');
  }
  return session;
}

async function readText(c: Ctx, limit: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) throw tooLarge();
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength > limit) throw tooLarge();
  return new TextDecoder().decode(buf);
}

function tooLarge(): EmulatorError {
  return new EmulatorError('api.context.request_body_too_large.app_error', 'The request body is too large.', 413);
}

async function readJson(c: Ctx, param: string): Promise<unknown> {
  const text = await readText(c, MAX_JSON_BODY);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidBody(param);
  }
}

async function readObject(c: Ctx, param: string): Promise<Record<string, unknown>> {
  const body = await readJson(c, param);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBody(param);
  return body as Record<string, unknown>;
}

async function readIdArray(c: Ctx, param: string): Promise<string[]> {
  const body = await readJson(c, param);
  if (!Array.isArray(body) || body.some((id) => !isId(id))) throw invalidBody(param);
  return body as string[];
}

function str(body: Record<string, unknown>, key: string, required = true): string {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw invalidBody(key);
    return '';
  }
  if (typeof value !== 'string') throw invalidBody(key);
  if (required && !value) throw invalidBody(key);
  return value;
}

function bodyId(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (!isId(value)) throw invalidBody(key);
  return value;
}

function urlId(c: Ctx, key: string, session?: Session): string {
  const value = c.req.param(key);
  if (value === 'me' && session) return session.userId;
  if (!isId(value)) throw invalidUrl(key);
  return value;
}

/**
 * A paging number as the server's parameter parser reads it (`web/params.go`): a value
 * that is not a non-negative integer falls back to the default, never an error.
 */
function intQuery(c: Ctx, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = c.req.query(key);
  if (raw === undefined || !/^\d+$/.test(raw)) return fallback;
  return Math.min(Number(raw), max);
}

function paginate<T>(c: Ctx, items: T[]): T[] {
  const page = intQuery(c, 'page', 0);
  const perPage = intQuery(c, 'per_page', 60, 200);
  return items.slice(page * perPage, page * perPage + perPage);
}

function matchesTerm(user: User, term: string): boolean {
  if (!term) return true;
  const t = term.toLowerCase().replace(/^@/, '');
  return [
    user.username,
    user.first_name,
    user.last_name,
    user.nickname,
    user.email,
    `${user.first_name} ${user.last_name}`,
  ].some((field) => field.toLowerCase().startsWith(t));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function avatarSvg(user: User): string {
  const initials = ((user.first_name[0] ?? '') + (user.last_name[0] ?? '') || user.username.slice(0, 2)).toUpperCase();
  let hash = 0;
  for (const ch of user.id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">` +
    `<rect width="128" height="128" fill="hsl(${hue},45%,45%)"/>` +
    `<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="52" fill="#fff">${escapeXml(initials)}</text></svg>`
  );
}

function webPage(title: string, body: string): Response {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)} - Mattermost (emulator)</title></head>` +
    `<body><main><h1>${escapeXml(title)}</h1><p>${escapeXml(body)}</p></main></body></html>`;
  return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

export function createEmulatorApp(core: EmulatorCore, options: EmulatorAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();

  app.use('*', async function mattermostHeaders(c, next) {
    const requestId = newId();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    c.res.headers.set('X-Version-Id', core.versionId);
  });

  const corsOrigins = normalizeCorsOrigins(options.corsOrigins ?? []);
  if (corsOrigins.length) {
    // Mattermost's rs/cors wrapper (AllowCorsFrom, app/server.go): any requested header is
    // allowed (`AllowedHeaders: ["*"]`, so Authorization) and a preflight answers 204. A
    // listed origin is answered by name, with credentials (as with CorsAllowCredentials on,
    // which a widget's Client4 needs: it fetches with `credentials: 'include'`). `*` is rs/cors's match-all:
    // `Access-Control-Allow-Origin: *`, never with credentials, so a page on any origin may
    // call with a token it holds but can never ride on the user's cookie; an origin that is
    // neither gets no CORS header at all (its preflight still 204, which the browser refuses).
    const listed = new Set(corsOrigins.filter((origin) => origin !== '*'));
    const shared = {
      allowMethods: ['POST', 'GET', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'],
      exposeHeaders: ['Token', 'X-Version-Id', 'X-Request-Id', 'X-Cluster-Id'],
      maxAge: 86400,
    };
    // Functions rather than the literal '*', so hono's cors adds `Vary: Origin` either way.
    const byName = cors({ ...shared, origin: (origin) => origin, credentials: true });
    const anyOrigin = corsOrigins.includes('*') ? cors({ ...shared, origin: () => '*' }) : undefined;
    app.use('/api/v4/*', async (c, next) => {
      const origin = c.req.header('origin') ?? '';
      const answer = origin === '' ? undefined : listed.has(origin) ? byName : anyOrigin;
      if (answer) return answer(c, next);
      if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
        return new Response(null, { status: 204, headers: { Vary: 'Origin' } });
      }
      await next();
    });
  }

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof EmulatorError) return json(err.toJSON(requestId), err.status);
    // A thrown bug, not a client mistake: answer like the server and say so in the log.
    console.error('[emulator] unexpected error', err);
    return json(
      new EmulatorError('api.context.unknown.app_error', 'An unknown error occurred.', 500).toJSON(requestId),
      500,
    );
  });

  app.notFound((c) =>
    json(
      new EmulatorError(
        'api.context.404.app_error',
        'Sorry, we could not find the page.',
        404,
        `There doesn't appear to be an api call for the url='${new URL(c.req.url).pathname}'.`,
      ).toJSON(c.get('requestId')),
      404,
    ),
  );

  const api = new Hono<Env>();
  const auth = (c: Ctx): Session => authenticate(core, c);

  // ------------------------------------------------------------ system
  api.get('/system/ping', () =>
    json({
      ActiveSearchBackend: 'database',
      AndroidLatestVersion: '',
      AndroidMinVersion: '',
      IosLatestVersion: '',
      IosMinVersion: '',
      status: 'OK',
    }),
  );
  api.get('/config/client', (c) => {
    if (c.req.query('format') !== 'old') {
      throw new EmulatorError(
        'api.config.client.old_format.app_error',
        'New format for the client configuration is not supported yet. Please specify format=old in the query string.',
        501,
      );
    }
    return json(core.clientConfig());
  });
  // api4/license.go (11.1): `format` is required and only "old" exists (a later server
  // ignores it); no session needed. A system admin (`read_license_information`) gets the
  // whole license, anyone else the sanitized one. Team Edition: `{IsLicensed: "false"}`.
  api.get('/license/client', (c) => {
    const format = c.req.query('format');
    if (!format) {
      throw new EmulatorError(
        'api.license.client.old_format.app_error',
        'New format for the client license is not supported yet. Please specify format=old in the query string.',
        400,
      );
    }
    if (format !== 'old') throw invalidParam('format');
    const session = optionalSession(core, c);
    return json(core.clientLicense(!(session && core.isAdmin(session.userId))));
  });

  // ------------------------------------------------------------ login and sessions
  api.post('/users/login', async (c) => {
    const body = await readObject(c, 'login_id');
    const password = str(body, 'password', false);
    let user: User | undefined;
    if (typeof body.id === 'string' && body.id) user = core.getUser(body.id);
    else {
      const loginId = str(body, 'login_id');
      user = core.getUserByUsername(loginId) ?? core.getUserByEmail(loginId);
    }
    // A deactivated account never reaches the password check (checkUserNotDisabled comes
    // first), so it counts no failure.
    if (!user || user.delete_at || !core.checkLoginPassword(user, password)) {
      throw new EmulatorError(
        'api.user.login.invalid_credentials_email_username',
        'Enter a valid email or username and/or password.',
        401,
      );
    }
    // api4/user.go login: a guest signs in only where a license allows guest accounts.
    if (core.isGuest(user.id) && !core.licensed)
      throw guestAccountsUnlicensed('api.user.login.guest_accounts.license.error', 401);
    const session = core.createSession(user.id);
    const headers = new Headers({ 'Content-Type': 'application/json', Token: session.token });
    if (c.req.header('x-requested-with') === 'XMLHttpRequest') {
      const maxAge = 30 * 24 * 3600;
      headers.append('Set-Cookie', `MMAUTHTOKEN=${session.token}; Path=/; Max-Age=${maxAge}; HttpOnly`);
      headers.append('Set-Cookie', `MMUSERID=${user.id}; Path=/; Max-Age=${maxAge}`);
      headers.append('Set-Cookie', `MMCSRF=${session.csrf}; Path=/; Max-Age=${maxAge}`);
    }
    return new Response(JSON.stringify(core.sanitizeUser(user)), { status: 200, headers });
  });

  api.post('/users/logout', (c) => {
    const cred = credentials(c);
    const session = cred ? core.sessionFor(cred.token) : undefined;
    // A personal access token outlives logout: only login sessions end here.
    if (session && !session.tokenId) core.revokeSession(session.token);
    const headers = new Headers({ 'Content-Type': 'application/json' });
    for (const name of ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF'])
      headers.append('Set-Cookie', `${name}=; Path=/; Max-Age=0`);
    return new Response(JSON.stringify(OK), { status: 200, headers });
  });

  registerSettingsRoutes(api, core, { auth, json, readJson, readObject, str, urlId, intQuery });

  // ------------------------------------------------------------ users (literal paths before :user_id)
  api.post('/users', async (c) => {
    const cred = credentials(c);
    const session = cred ? core.sessionFor(cred.token) : undefined;
    if (!session || !core.isAdmin(session.userId)) throw forbidden('creating users needs an admin');
    if (core.hardUserLimitExceeded) throw userLimitExceeded();
    const body = await readObject(c, 'user');
    const user = core.createUser({
      username: str(body, 'username'),
      email: str(body, 'email'),
      password: str(body, 'password'),
      firstName: str(body, 'first_name', false),
      lastName: str(body, 'last_name', false),
      nickname: str(body, 'nickname', false),
      position: str(body, 'position', false),
    });
    return json(core.sanitizeUser(user), 201);
  });

  api.post('/users/ids', async (c) => {
    const session = auth(c);
    const ids = await readIdArray(c, 'user_ids');
    const visible = core.visibleUsers(session.userId);
    const users = ids.map((id) => core.getUser(id)).filter((u): u is User => !!u && (!visible || visible.has(u.id)));
    return json(users.map((u) => core.sanitizeUser(u)));
  });

  api.post('/users/usernames', async (c) => {
    const session = auth(c);
    const body = await readJson(c, 'usernames');
    if (!Array.isArray(body) || body.some((n) => typeof n !== 'string')) throw invalidBody('usernames');
    const visible = core.visibleUsers(session.userId);
    const users = (body as string[])
      .map((n) => core.getUserByUsername(n))
      .filter((u): u is User => !!u && (!visible || visible.has(u.id)));
    return json(users.map((u) => core.sanitizeUser(u)));
  });

  api.post('/users/status/ids', async (c) => {
    auth(c);
    const ids = await readIdArray(c, 'user_ids');
    return json(ids.map((id) => core.getStatus(id)));
  });

  api.post('/users/search', async (c) => {
    const session = auth(c);
    const body = await readObject(c, 'term');
    const term = str(body, 'term', false);
    const limit = typeof body.limit === 'number' && body.limit > 0 ? Math.min(body.limit, 1000) : 100;
    const teamId = str(body, 'team_id', false);
    const inChannel = str(body, 'in_channel_id', false);
    const notInChannel = str(body, 'not_in_channel_id', false);
    if (inChannel) core.assertCanRead(inChannel, session.userId);
    const visible = core.visibleUsers(session.userId);
    const users = [...core.users.values()].filter(
      (u) =>
        (!visible || visible.has(u.id)) &&
        (body.allow_inactive === true || !u.delete_at) &&
        matchesTerm(u, term) &&
        (!teamId || core.isTeamMember(teamId, u.id)) &&
        (!inChannel || core.isChannelMember(inChannel, u.id)) &&
        (!notInChannel || !core.isChannelMember(notInChannel, u.id)),
    );
    return json(users.slice(0, limit).map((u) => core.sanitizeUser(u)));
  });

  api.get('/users/autocomplete', (c) => {
    const session = auth(c);
    const name = c.req.query('name') ?? '';
    const teamId = c.req.query('in_team') ?? '';
    const channelId = c.req.query('in_channel') ?? '';
    const limit = intQuery(c, 'limit', 25, 100);
    if (teamId && !isId(teamId)) throw invalidUrl('in_team');
    if (channelId) {
      if (!isId(channelId)) throw invalidUrl('in_channel');
      core.assertCanRead(channelId, session.userId);
    }
    // A guest's view restrictions: only users it shares a channel with.
    const visible = core.visibleUsers(session.userId);
    const pool = [...core.users.values()].filter(
      (u) =>
        !u.delete_at &&
        (!visible || visible.has(u.id)) &&
        matchesTerm(u, name) &&
        (!teamId || core.isTeamMember(teamId, u.id)),
    );
    if (!channelId) return json({ users: pool.slice(0, limit).map((u) => core.sanitizeUser(u)) });
    const inside = pool.filter((u) => core.isChannelMember(channelId, u.id));
    const outside = pool.filter((u) => !core.isChannelMember(channelId, u.id));
    return json({
      users: inside.slice(0, limit).map((u) => core.sanitizeUser(u)),
      out_of_channel: outside.slice(0, limit).map((u) => core.sanitizeUser(u)),
    });
  });

  api.get('/users', (c) => {
    const session = auth(c);
    const inChannel = c.req.query('in_channel');
    const notInChannel = c.req.query('not_in_channel');
    const inTeam = c.req.query('in_team');
    for (const [key, value] of [
      ['in_channel', inChannel],
      ['not_in_channel', notInChannel],
      ['in_team', inTeam],
    ] as const) {
      if (value !== undefined && value !== '' && !isId(value)) throw invalidUrl(key);
    }
    if (inChannel) core.assertCanRead(inChannel, session.userId);
    const visible = core.visibleUsers(session.userId);
    const users = [...core.users.values()].filter(
      (u) =>
        !u.delete_at &&
        (!visible || visible.has(u.id)) &&
        (!inChannel || core.isChannelMember(inChannel, u.id)) &&
        (!notInChannel || !core.isChannelMember(notInChannel, u.id)) &&
        (!inTeam || core.isTeamMember(inTeam, u.id)),
    );
    return json(paginate(c, users).map((u) => core.sanitizeUser(u)));
  });

  api.get('/users/username/:username', (c) => {
    const session = auth(c);
    const user = core.getUserByUsername(c.req.param('username'));
    if (!user) throw notFound('user', 'app.user.get_by_username.app_error');
    if (!core.canSeeUser(session.userId, user.id)) throw forbidden('view_members');
    return json(core.sanitizeUser(user));
  });

  api.get('/users/email/:email', (c) => {
    const session = auth(c);
    const user = core.getUserByEmail(c.req.param('email'));
    if (!user) throw notFound('user', 'app.user.missing_account.const');
    if (!core.canSeeUser(session.userId, user.id)) throw forbidden('view_members');
    return json(core.sanitizeUser(user));
  });

  // ------------------------------------------------------------ user access tokens
  api.post('/users/tokens/revoke', async (c) => {
    const session = auth(c);
    const body = await readObject(c, 'token_id');
    const pat = core.requireAccessToken(bodyId(body, 'token_id'));
    core.assertSelfOrAdmin(session.userId, pat.user_id);
    core.revokeAccessToken(pat.id);
    return json(OK);
  });
  for (const action of ['disable', 'enable'] as const) {
    api.post(`/users/tokens/${action}`, async (c) => {
      const session = auth(c);
      const body = await readObject(c, 'token_id');
      const pat = core.requireAccessToken(bodyId(body, 'token_id'));
      core.assertSelfOrAdmin(session.userId, pat.user_id);
      core.setAccessTokenActive(pat.id, action === 'enable');
      return json(OK);
    });
  }
  api.get('/users/tokens/:token_id', (c) => {
    const session = auth(c);
    const pat = core.requireAccessToken(urlId(c, 'token_id'));
    core.assertSelfOrAdmin(session.userId, pat.user_id);
    return json(core.sanitizeToken(pat));
  });

  // ------------------------------------------------------------ my teams and channels
  api.get('/users/:user_id/teams', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    return json(core.teamsOf(userId));
  });
  api.get('/users/:user_id/teams/members', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    return json(core.teamsOf(userId).map((t) => core.teamMember(t.id, userId)));
  });
  api.get('/users/:user_id/teams/unread', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    return json(core.teamUnreads(userId));
  });
  api.get('/users/:user_id/teams/:team_id/channels', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    const teamId = urlId(c, 'team_id');
    core.assertSelfOrAdmin(session.userId, userId);
    core.requireTeam(teamId);
    return json(core.channelsOf(userId, teamId));
  });
  api.get('/users/:user_id/teams/:team_id/channels/members', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    const teamId = urlId(c, 'team_id');
    core.assertSelfOrAdmin(session.userId, userId);
    core.requireTeam(teamId);
    return json(core.channelsOf(userId, teamId).map((ch) => core.channelMember(ch.id, userId)));
  });
  api.get('/users/:user_id/channels', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    return json(core.channelsOf(userId));
  });
  api.get('/users/:user_id/channels/:channel_id/posts/unread', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    const channelId = urlId(c, 'channel_id');
    core.assertSelfOrAdmin(session.userId, userId);
    core.assertCanRead(channelId, userId);
    const member = core.channelMember(channelId, userId);
    return json(
      unreadWindow(
        core,
        channelId,
        member?.last_viewed_at ?? 0,
        intQuery(c, 'limit_before', 30, 200),
        intQuery(c, 'limit_after', 30, 200),
      ),
    );
  });
  api.get('/users/:user_id/status', (c) => {
    const session = auth(c);
    return json(core.getStatus(core.requireUser(urlId(c, 'user_id', session)).id));
  });
  api.put('/users/:user_id/status', async (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    const body = await readObject(c, 'status');
    const status = str(body, 'status');
    if (!['online', 'away', 'dnd', 'offline'].includes(status)) throw invalidBody('status');
    if (body.user_id !== undefined && body.user_id !== userId) throw invalidBody('user_id');
    const dnd = typeof body.dnd_end_time === 'number' ? body.dnd_end_time : 0;
    return json(core.setStatus(userId, status as UserStatus['status'], true, dnd));
  });

  api.get('/users/:user_id/image', (c) => {
    const session = auth(c);
    const user = core.requireUser(urlId(c, 'user_id', session));
    return new Response(avatarSvg(user), {
      status: 200,
      headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400, private' },
    });
  });
  api.get('/users/:user_id/image/default', (c) => {
    const session = auth(c);
    const user = core.requireUser(urlId(c, 'user_id', session));
    return new Response(avatarSvg(user), { status: 200, headers: { 'Content-Type': 'image/svg+xml' } });
  });

  api.post('/users/:user_id/tokens', async (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    const isAdmin = core.isAdmin(session.userId);
    // Tokens for others need an admin; for oneself the token role, as on the real server.
    const canOwn = core.getUser(session.userId)?.roles.split(' ').includes('system_user_access_token') ?? false;
    if (!isAdmin && (userId !== session.userId || !canOwn)) throw forbidden('create_user_access_token');
    const body = await readObject(c, 'description');
    const description = str(body, 'description');
    core.requireUser(userId);
    return json(core.createAccessToken(userId, description));
  });
  api.get('/users/:user_id/tokens', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    const all = [...core.accessTokens.values()].filter((t) => t.user_id === userId).map((t) => core.sanitizeToken(t));
    return json(paginate(c, all));
  });

  api.get('/users/:user_id', (c) => {
    const session = auth(c);
    const user = core.requireUser(urlId(c, 'user_id', session));
    if (!core.canSeeUser(session.userId, user.id)) throw forbidden('view_members');
    return json(core.sanitizeUser(user));
  });

  // api4/user.go updateUserRoles: `manage_roles` (system admins), roles checked by
  // model.IsValidUserRoles before the permission, then `{"status":"OK"}`.
  api.put('/users/:user_id/roles', async (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    const body = await readObject(c, 'roles');
    const roles = str(body, 'roles');
    if (!core.isAdmin(session.userId)) throw forbidden('manage_roles');
    core.updateUserRoles(userId, roles);
    return json(OK);
  });

  // Guest accounts (api4/user.go): demoting needs a license with guest accounts and
  // GuestAccountsSettings.Enable, checked before the permission and the user, so Team
  // Edition answers 501 to anyone, for any id. Promoting checks no license. The
  // `demote_to_guest` / `promote_guest` permissions are system admins' only.
  api.post('/users/:user_id/demote', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    if (!core.licensed) throw guestAccountsUnlicensed('api.team.demote_user_to_guest.license.error', 501);
    if (!core.isAdmin(session.userId)) throw forbidden('demote_to_guest');
    core.demoteToGuest(userId);
    return json(OK);
  });
  api.post('/users/:user_id/promote', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    if (!core.isAdmin(session.userId)) throw forbidden('promote_guest');
    core.promoteToUser(userId);
    return json(OK);
  });

  // ------------------------------------------------------------ teams
  const canSeeTeam = (teamId: string, userId: string): boolean => {
    const team = core.requireTeam(teamId);
    return core.isAdmin(userId) || core.isTeamMember(teamId, userId) || team.allow_open_invite;
  };
  api.post('/teams', async (c) => {
    const session = auth(c);
    const body = await readObject(c, 'team');
    const type = str(body, 'type', false) || 'O';
    if (type !== 'O' && type !== 'I') throw invalidBody('type');
    const team = core.createTeam({
      name: str(body, 'name'),
      displayName: str(body, 'display_name'),
      type,
      creatorId: session.userId,
    });
    return json(team, 201);
  });
  api.get('/teams', (c) => {
    const session = auth(c);
    const teams = [...core.teams.values()].filter((t) => !t.delete_at && canSeeTeam(t.id, session.userId));
    return json(paginate(c, teams));
  });
  api.get('/teams/name/:team_name/channels/name/:channel_name', (c) => {
    const session = auth(c);
    const team = core.getTeamByName(c.req.param('team_name'));
    if (!team) throw notFound('team', 'app.team.get_by_name.missing.app_error');
    const channel = core.getChannelByName(team.id, c.req.param('channel_name'));
    if (!channel) throw notFound('channel', 'app.channel.get_by_name.missing.app_error');
    core.assertCanRead(channel.id, session.userId);
    return json(channel);
  });
  api.get('/teams/name/:team_name', (c) => {
    const session = auth(c);
    const team = core.getTeamByName(c.req.param('team_name'));
    if (!team) throw notFound('team', 'app.team.get_by_name.missing.app_error');
    if (!canSeeTeam(team.id, session.userId)) throw forbidden();
    return json(team);
  });
  api.get('/teams/:team_id', (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    if (!canSeeTeam(teamId, session.userId)) throw forbidden();
    return json(core.requireTeam(teamId));
  });
  api.get('/teams/:team_id/members', (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    if (!canSeeTeam(teamId, session.userId)) throw forbidden();
    const visible = core.visibleUsers(session.userId);
    const members = [...(core.teamMembers.get(teamId)?.values() ?? [])].filter(
      (m) => !visible || visible.has(m.user_id),
    );
    return json(paginate(c, members));
  });
  api.get('/teams/:team_id/members/:user_id', (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    const userId = urlId(c, 'user_id', session);
    if (!canSeeTeam(teamId, session.userId)) throw forbidden();
    const member = core.teamMember(teamId, userId);
    if (!member) throw notFound('team member', 'app.team.get_member.missing.app_error');
    return json(member);
  });
  api.post('/teams/:team_id/members', async (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    const body = await readObject(c, 'team_member');
    const userId = bodyId(body, 'user_id');
    if (body.team_id !== undefined && body.team_id !== teamId) throw invalidBody('team_id');
    const team = core.requireTeam(teamId);
    // Guests lack `join_public_teams`: only an admin adds them.
    const selfJoinOpen = userId === session.userId && team.allow_open_invite && !core.isGuest(session.userId);
    if (!core.isAdmin(session.userId) && !selfJoinOpen) throw forbidden('add_user_to_team');
    core.requireUser(userId);
    return json(core.addTeamMember(teamId, userId), 201);
  });
  api.delete('/teams/:team_id/members/:user_id', (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    const userId = urlId(c, 'user_id', session);
    core.assertSelfOrAdmin(session.userId, userId);
    core.requireTeam(teamId);
    core.removeTeamMember(teamId, userId);
    return json(OK);
  });

  api.get('/teams/:team_id/channels/name/:channel_name', (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    core.requireTeam(teamId);
    const channel = core.getChannelByName(teamId, c.req.param('channel_name'));
    if (!channel) throw notFound('channel', 'app.channel.get_by_name.missing.app_error');
    core.assertCanRead(channel.id, session.userId);
    return json(channel);
  });
  api.get('/teams/:team_id/channels', (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    core.requireTeam(teamId);
    if (!core.isTeamMember(teamId, session.userId) && !core.isAdmin(session.userId)) throw forbidden();
    // Guests lack `list_team_channels`.
    if (core.isGuest(session.userId)) throw forbidden('list_team_channels');
    const open = core.allChannels().filter((ch) => ch.team_id === teamId && ch.type === 'O');
    return json(paginate(c, open));
  });
  api.post('/teams/:team_id/channels/search', async (c) => {
    const session = auth(c);
    const teamId = urlId(c, 'team_id');
    core.requireTeam(teamId);
    if (!core.isTeamMember(teamId, session.userId) && !core.isAdmin(session.userId)) throw forbidden();
    const body = await readObject(c, 'channel_search');
    const term = str(body, 'term', false).toLowerCase();
    const matches = (ch: { name: string; display_name: string }): boolean =>
      ch.name.includes(term) || ch.display_name.toLowerCase().includes(term);
    // Without `list_team_channels` (a guest) the server searches the user's own channels.
    if (core.isGuest(session.userId)) {
      return json(core.channelsOf(session.userId, teamId).filter((ch) => ch.team_id === teamId && matches(ch)));
    }
    const found = core.allChannels().filter((ch) => ch.team_id === teamId && ch.type === 'O' && matches(ch));
    return json(found);
  });

  // ------------------------------------------------------------ channels
  api.post('/channels', async (c) => {
    const session = auth(c);
    const body = await readObject(c, 'channel');
    const teamId = bodyId(body, 'team_id');
    const type = str(body, 'type');
    if (type !== 'O' && type !== 'P') throw invalidBody('type');
    core.requireTeam(teamId);
    if (!core.isTeamMember(teamId, session.userId) && !core.isAdmin(session.userId)) throw forbidden();
    if (core.isGuest(session.userId))
      throw forbidden(type === 'O' ? 'create_public_channel' : 'create_private_channel');
    const channel = core.createChannel({
      teamId,
      name: str(body, 'name'),
      displayName: str(body, 'display_name'),
      type,
      creatorId: session.userId,
      purpose: str(body, 'purpose', false),
      header: str(body, 'header', false),
    });
    return json(channel, 201);
  });
  api.post('/channels/direct', async (c) => {
    const session = auth(c);
    const ids = await readIdArray(c, 'user_ids');
    if (ids.length !== 2) throw invalidBody('user_ids');
    const [a, b] = ids as [string, string];
    if (a !== session.userId && b !== session.userId && !core.isAdmin(session.userId)) throw forbidden('manage_system');
    core.requireUser(a);
    core.requireUser(b);
    if (!core.canSeeUser(session.userId, a) || !core.canSeeUser(session.userId, b)) throw forbidden('view_members');
    return json(core.createDirectChannel(a, b), 201);
  });
  api.post('/channels/group', async (c) => {
    const session = auth(c);
    const ids = await readIdArray(c, 'user_ids');
    if (ids.some((id) => !core.canSeeUser(session.userId, id))) throw forbidden('view_members');
    return json(core.createGroupChannel(session.userId, ids), 201);
  });
  const view = (ids: string[], session: Session): Response => {
    const times: Record<string, number> = {};
    for (const id of ids) {
      core.requireChannel(id);
      if (!core.isChannelMember(id, session.userId)) throw forbidden();
    }
    for (const id of ids) times[id] = core.viewChannel(id, session.userId);
    if (ids.length) core.emit('multiple_channels_viewed', { channel_times: times }, { user_id: session.userId });
    return json({ status: 'OK', last_viewed_at_times: times });
  };
  api.post('/channels/members/:user_id/view', async (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    if (userId !== session.userId) throw forbidden();
    const body = await readObject(c, 'channel_view');
    const channelId = str(body, 'channel_id', false);
    if (channelId && !isId(channelId)) throw invalidBody('channel_id');
    return view(channelId ? [channelId] : [], session);
  });
  api.post('/channels/members/:user_id/mark_read', async (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    if (userId !== session.userId) throw forbidden();
    return view(await readIdArray(c, 'channel_ids'), session);
  });
  api.get('/channels/:channel_id', (c) => {
    const session = auth(c);
    return json(core.assertCanRead(urlId(c, 'channel_id'), session.userId));
  });
  api.put('/channels/:channel_id/patch', async (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    const channel = core.requireChannel(channelId);
    if (!core.isChannelMember(channelId, session.userId) && !core.isAdmin(session.userId)) throw forbidden();
    if (channel.type === 'D') throw forbidden();
    const body = await readObject(c, 'channel');
    const patch: { display_name?: string; purpose?: string; header?: string } = {};
    for (const key of ['display_name', 'purpose', 'header'] as const) {
      if (body[key] !== undefined) patch[key] = str(body, key, key === 'display_name');
    }
    if (body.name !== undefined) core.renameChannel(channelId, str(body, 'name'));
    return json(core.updateChannel(channelId, patch));
  });
  api.get('/channels/:channel_id/stats', (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    core.assertCanRead(channelId, session.userId);
    const posts = core.channelPosts(channelId);
    return json({
      channel_id: channelId,
      member_count: core.channelMembers(channelId).length,
      guest_count: core.channelMembers(channelId).filter((m) => core.isGuest(m.user_id)).length,
      pinnedpost_count: posts.filter((p) => p.is_pinned).length,
      files_count: posts.reduce((n, p) => n + (p.file_ids?.length ?? 0), 0),
    });
  });
  api.get('/channels/:channel_id/members', (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    core.assertCanRead(channelId, session.userId);
    return json(paginate(c, core.channelMembers(channelId)));
  });
  api.get('/channels/:channel_id/members/:user_id', (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    const userId = urlId(c, 'user_id', session);
    core.assertCanRead(channelId, session.userId);
    const member = core.channelMember(channelId, userId);
    if (!member) throw notFound('channel member', 'app.channel.get_member.missing.app_error');
    return json(member);
  });
  api.post('/channels/:channel_id/members', async (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    const channel = core.requireChannel(channelId);
    const body = await readObject(c, 'user_id');
    const userId = bodyId(body, 'user_id');
    core.requireUser(userId);
    const actor = session.userId;
    const admin = core.isAdmin(actor);
    if (channel.type === 'D' || channel.type === 'G') throw badChannelType();
    // Guests have neither `join_public_channels` nor `manage_*_channel_members`.
    if (core.isGuest(actor))
      throw forbidden(userId === actor ? 'join_public_channels' : 'manage_public_channel_members');
    if (!admin) {
      const selfJoin = userId === actor && channel.type === 'O' && core.isTeamMember(channel.team_id, actor);
      if (!selfJoin && !core.isChannelMember(channelId, actor)) throw forbidden();
    }
    return json(core.addChannelMember(channelId, userId), 201);
  });
  api.delete('/channels/:channel_id/members/:user_id', (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    const userId = urlId(c, 'user_id', session);
    core.requireChannel(channelId);
    if (
      userId !== session.userId &&
      !core.isAdmin(session.userId) &&
      !core.isChannelMember(channelId, session.userId)
    ) {
      throw forbidden();
    }
    core.removeChannelMember(channelId, userId, session.userId);
    return json(OK);
  });
  api.get('/channels/:channel_id/posts', (c) => {
    const session = auth(c);
    const channelId = urlId(c, 'channel_id');
    core.assertCanRead(channelId, session.userId);
    const sinceRaw = c.req.query('since');
    let since: number | undefined;
    if (sinceRaw !== undefined && sinceRaw !== '') {
      since = Number(sinceRaw);
      if (!Number.isFinite(since) || since < 0) throw invalidUrl('since');
    }
    const before = c.req.query('before') || undefined;
    const after = c.req.query('after') || undefined;
    if (before && !isId(before)) throw invalidUrl('before');
    if (after && !isId(after)) throw invalidUrl('after');
    return json(
      channelPostList(core, channelId, {
        page: intQuery(c, 'page', 0),
        perPage: intQuery(c, 'per_page', 60, 200),
        ...(since !== undefined ? { since } : {}),
        ...(before ? { before } : {}),
        ...(after ? { after } : {}),
      }),
    );
  });

  // ------------------------------------------------------------ posts
  const postForReader = (postId: string, userId: string) => {
    const post = core.requirePost(postId);
    core.assertCanRead(post.channel_id, userId);
    return post;
  };
  api.post('/posts/ids', async (c) => {
    const session = auth(c);
    const ids = await readIdArray(c, 'post_ids');
    const out = ids
      .map((id) => core.getPost(id))
      .filter((p): p is NonNullable<typeof p> => !!p && core.canRead(p.channel_id, session.userId));
    return json(out);
  });
  api.post('/posts', async (c) => {
    const session = auth(c);
    const body = await readObject(c, 'post');
    const channelId = bodyId(body, 'channel_id');
    const message = str(body, 'message', false);
    const rootId = str(body, 'root_id', false);
    if (rootId && !isId(rootId)) throw invalidBody('root_id');
    const fileIds = body.file_ids;
    if (fileIds !== undefined && fileIds !== null && (!Array.isArray(fileIds) || fileIds.some((f) => !isId(f)))) {
      throw invalidBody('file_ids');
    }
    const props = body.props;
    if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props)))
      throw invalidBody('props');
    if (!message && !(Array.isArray(fileIds) && fileIds.length)) throw invalidParam('message');
    core.assertCanPost(channelId, session.userId);
    const pending = str(body, 'pending_post_id', false);
    const post = core.createPost({
      channelId,
      userId: session.userId,
      message,
      ...(rootId ? { rootId } : {}),
      ...(pending ? { pendingPostId: pending } : {}),
      ...(Array.isArray(fileIds) ? { fileIds: fileIds as string[] } : {}),
      ...(props ? { props: props as Record<string, unknown> } : {}),
    });
    return json(post, 201);
  });
  api.get('/posts/:post_id', (c) => {
    const session = auth(c);
    return json(postForReader(urlId(c, 'post_id'), session.userId));
  });
  api.get('/posts/:post_id/thread', (c) => {
    const session = auth(c);
    const post = postForReader(urlId(c, 'post_id'), session.userId);
    const root = post.root_id ? core.requirePost(post.root_id) : post;
    return json(threadList(core, root));
  });
  api.get('/posts/:post_id/reactions', (c) => {
    const session = auth(c);
    const post = postForReader(urlId(c, 'post_id'), session.userId);
    return json(core.reactionsFor(post.id));
  });
  api.get('/posts/:post_id/files/info', (c) => {
    const session = auth(c);
    const post = postForReader(urlId(c, 'post_id'), session.userId);
    return json((post.file_ids ?? []).map((id) => core.files.get(id)?.info).filter((f) => !!f));
  });
  const editPost = async (c: Ctx, patchOnly: boolean): Promise<Response> => {
    const session = auth(c);
    const postId = urlId(c, 'post_id');
    const body = await readObject(c, 'post');
    if (!patchOnly && body.id !== undefined && body.id !== postId) throw invalidBody('id');
    const patch: { message?: string; is_pinned?: boolean; props?: Record<string, unknown> } = {};
    if (body.message !== undefined) patch.message = str(body, 'message', false);
    else if (!patchOnly) throw invalidBody('message');
    if (body.is_pinned !== undefined) {
      if (typeof body.is_pinned !== 'boolean') throw invalidBody('is_pinned');
      patch.is_pinned = body.is_pinned;
    }
    if (body.props !== undefined && body.props !== null) {
      if (typeof body.props !== 'object' || Array.isArray(body.props)) throw invalidBody('props');
      patch.props = body.props as Record<string, unknown>;
    }
    const post = postForReader(postId, session.userId);
    return json(core.updatePost(post.id, session.userId, patch));
  };
  api.put('/posts/:post_id/patch', (c) => editPost(c, true));
  api.put('/posts/:post_id', (c) => editPost(c, false));
  api.delete('/posts/:post_id', (c) => {
    const session = auth(c);
    const post = postForReader(urlId(c, 'post_id'), session.userId);
    core.deletePost(post.id, session.userId);
    return json(OK);
  });

  // ------------------------------------------------------------ reactions
  api.post('/reactions', async (c) => {
    const session = auth(c);
    const body = await readObject(c, 'reaction');
    const userId = bodyId(body, 'user_id');
    const postId = bodyId(body, 'post_id');
    const emoji = str(body, 'emoji_name');
    if (userId !== session.userId) throw forbidden();
    const post = postForReader(postId, session.userId);
    if (!core.isChannelMember(post.channel_id, session.userId)) throw forbidden();
    return json(core.addReaction(userId, postId, emoji));
  });
  api.delete('/users/:user_id/posts/:post_id/reactions/:emoji_name', (c) => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    const postId = urlId(c, 'post_id');
    core.assertSelfOrAdmin(session.userId, userId);
    postForReader(postId, session.userId);
    core.removeReaction(userId, postId, c.req.param('emoji_name'));
    return json(OK);
  });

  // ------------------------------------------------------------ files
  api.post('/files', async (c) => {
    const session = auth(c);
    const contentType = c.req.header('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
      throw new EmulatorError(
        'api.file.upload_file.incorrect_number_of_files.app_error',
        'Unable to upload files. Use multipart/form-data.',
        400,
      );
    }
    // Room for the multipart framing of a few files at the limit.
    const limit = core.maxFileSize * 10 + 1024 * 1024;
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > limit) throw fileTooLarge('upload', core.maxFileSize);
    const buf = await c.req.arrayBuffer();
    if (buf.byteLength > limit) throw fileTooLarge('upload', core.maxFileSize);
    let form: FormData;
    try {
      form = await new Response(buf, { headers: { 'Content-Type': contentType } }).formData();
    } catch {
      throw invalidBody('multipart');
    }
    const channelId = (form.get('channel_id') as string | null) ?? c.req.query('channel_id') ?? '';
    if (!isId(channelId)) throw invalidBody('channel_id');
    core.assertCanPost(channelId, session.userId);
    const files = form.getAll('files').filter((f): f is File => typeof f !== 'string');
    if (!files.length) {
      throw new EmulatorError(
        'api.file.upload_file.incorrect_number_of_files.app_error',
        'Unable to upload files. Incorrect number of files specified.',
        400,
      );
    }
    const clientIds = form.getAll('client_ids').map(String);
    for (const file of files) if (file.size > core.maxFileSize) throw fileTooLarge(file.name, core.maxFileSize);
    const infos = [];
    for (const file of files) {
      infos.push(
        core.storeFile({
          userId: session.userId,
          channelId,
          name: file.name || 'file',
          // Typed by its name, as model.NewInfo does: the part's Content-Type is the uploader's word.
          data: new Uint8Array(await file.arrayBuffer()),
        }),
      );
    }
    return json({ file_infos: infos, client_ids: clientIds }, 201);
  });
  const fileFor = (c: Ctx) => {
    const session = auth(c);
    const stored = core.files.get(urlId(c, 'file_id'));
    if (!stored) throw notFound('file', 'app.file_info.get.app_error');
    core.assertCanRead(stored.info.channel_id, session.userId);
    return stored;
  };
  // api4/file.go: the file as uploaded; its preview and thumbnail only when it has them (an
  // image whose bytes decoded), labelled image/jpeg whatever they hold, as Mattermost does.
  const serveFile = (kind: 'file' | 'preview' | 'thumbnail') => (c: Ctx) => {
    const { info, data } = fileFor(c);
    if (kind !== 'file' && !info.has_preview_image) throw NO_DERIVED_IMAGE[kind];
    return fileResponse({
      name: info.name,
      contentType: kind === 'file' ? info.mime_type : 'image/jpeg',
      data,
      modified: info.update_at,
      forceDownload: PARSE_BOOL_TRUE.has(c.req.query('download') ?? ''),
    });
  };
  api.get('/files/:file_id/info', (c) => json(fileFor(c).info));
  api.get('/files/:file_id/preview', serveFile('preview'));
  api.get('/files/:file_id/thumbnail', serveFile('thumbnail'));
  api.get('/files/:file_id', serveFile('file'));

  emojiRoutes(core, api, auth);
  app.route('/api/v4', api);

  // ------------------------------------------------------------ web app paths ("Open in Mattermost")
  app.get('/:team/channels/:channel', (c) => {
    const team = core.getTeamByName(c.req.param('team'));
    const channel = team && core.getChannelByName(team.id, c.req.param('channel'));
    return webPage(
      channel ? `${channel.display_name} · ${team.display_name}` : 'Channel not found',
      'This is the Mattermost emulator: the web app is not emulated, the channel lives in the chat widget.',
    );
  });
  app.get('/:team/pl/:post_id', (c) => {
    const post = core.getPost(c.req.param('post_id'));
    return webPage(
      post ? 'Message permalink' : 'Message not found',
      'This is the Mattermost emulator: the web app is not emulated, the message lives in the chat widget.',
    );
  });
  app.get('/:team/messages/:user', (c) => {
    const name = c.req.param('user').replace(/^@/, '');
    const user = core.getUserByUsername(name);
    return webPage(
      user ? `Direct message with @${user.username}` : 'User not found',
      'This is the Mattermost emulator: the web app is not emulated, the conversation lives in the chat widget.',
    );
  });

  return app;
}

function badChannelType(): EmulatorError {
  return new EmulatorError(
    'api.channel.add_user_to_channel.type.app_error',
    'Cannot add user to this channel type.',
    400,
  );
}
