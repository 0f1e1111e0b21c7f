/**
 * Roles, preferences, configuration, bots and server limits: what the web app's own data
 * layer (`mattermost-redux`) asks for while it boots, beyond the widget's needs.
 * Each follows `server/channels/api4/` (`role.go`, `preference.go`, `config.go`, `bot.go`,
 * `limits.go`, `channel.go`'s `getChannelMembersForUser`).
 */
import type { Hono } from 'hono';
import type { Ctx, Env } from './app.js';
import type { EmulatorCore, PreferenceType, Session } from './core.js';
import { isId } from './core.js';
import type { ConfigPatch } from './settings.js';
import { EmulatorError, badRequest, forbidden, invalidBody, invalidUrl, notFound } from './errors.js';

export interface RouteKit {
  auth(c: Ctx): Session;
  json(body: unknown, status?: number): Response;
  readJson(c: Ctx, param: string): Promise<unknown>;
  readObject(c: Ctx, param: string): Promise<Record<string, unknown>>;
  str(body: Record<string, unknown>, key: string, required?: boolean): string;
  urlId(c: Ctx, key: string, session?: Session): string;
  intQuery(c: Ctx, key: string, fallback: number, max?: number): number;
}

/** `model.IsValidRoleName`: lowercase letters, digits and underscores, 1 to 64. */
const ROLE_NAME = /^[a-z0-9_]{1,64}$/;
/** api4/role.go `GetRolesByNamesMax`. */
const GET_ROLES_BY_NAMES_MAX = 100;

/** A preference as the body gives it: four strings (absent ones empty). */
function parsePreference(raw: unknown): PreferenceType {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidBody('preferences');
  const pref = raw as Record<string, unknown>;
  const text = (key: string): string => {
    const value = pref[key] ?? '';
    if (typeof value !== 'string') throw invalidBody('preferences');
    return value;
  };
  return { user_id: text('user_id'), category: text('category'), name: text('name'), value: text('value') };
}

/** `model.Preference.IsValid` (`server/public/model/preference.go`): lengths in bytes, the value in runes. */
function assertValidPreference(pref: PreferenceType): void {
  const invalid = (field: string): EmulatorError =>
    badRequest(`model.preference.is_valid.${field}.app_error`, `Invalid ${field}.`);
  if (!isId(pref.user_id)) throw invalid('id');
  const bytes = (text: string): number => new TextEncoder().encode(text).length;
  if (pref.category === '' || bytes(pref.category) > 32) throw invalid('category');
  if (bytes(pref.name) > 32) throw invalid('name');
  if ([...pref.value].length > 2000) throw invalid('value');
}

export function registerSettingsRoutes(api: Hono<Env>, core: EmulatorCore, kit: RouteKit): void {
  const { auth, json, readJson, readObject, str, urlId, intQuery } = kit;
  const requireAdmin = (session: Session, permission: string): void => {
    if (!core.isAdmin(session.userId)) throw forbidden(permission);
  };
  /** Yourself, or with `edit_other_users` (system admins). */
  const selfOrEditOthers = (c: Ctx): { session: Session; userId: string } => {
    const session = auth(c);
    const userId = urlId(c, 'user_id', session);
    if (userId !== session.userId && !core.isAdmin(session.userId)) throw forbidden('edit_other_users');
    return { session, userId };
  };

  // ---------------------------------------------------------------- roles (api4/role.go)
  api.get('/roles', (c) => {
    requireAdmin(auth(c), 'manage_system');
    return json([...core.roles.values()]);
  });
  api.post('/roles/names', async (c) => {
    auth(c);
    const body = await readJson(c, 'rolenames');
    if (!Array.isArray(body) || body.some((name) => typeof name !== 'string')) throw invalidBody('rolenames');
    // model.SortedArrayFromJSON: sorted, duplicates dropped; then at most 100 names.
    const names = [...new Set(body as string[])].sort();
    // c.SetInvalidParam is api.context.invalid_body_param.app_error (web/context.go).
    if (names.length === 0) throw invalidBody('rolenames');
    if (names.length > GET_ROLES_BY_NAMES_MAX) {
      throw badRequest(
        'api.roles.get_multiple_by_name_too_many.request_error',
        `Unable to get more than ${GET_ROLES_BY_NAMES_MAX} roles by name.`,
      );
    }
    // model.CleanRoleNames: blank names skipped, the rest trimmed and checked.
    const cleaned = names.map((name) => name.trim()).filter((name) => name !== '');
    if (cleaned.some((name) => !ROLE_NAME.test(name))) throw invalidBody('rolename');
    // Names with no role are left out, not an error (RoleStore.GetByNames).
    return json(cleaned.flatMap((name) => core.getRoleByName(name) ?? []));
  });
  api.get('/roles/name/:role_name', (c) => {
    auth(c);
    const name = c.req.param('role_name');
    if (!ROLE_NAME.test(name)) throw invalidUrl('role_name');
    const role = core.getRoleByName(name);
    if (!role) throw notFound('role', 'store.sql_role.get_by_name.app_error');
    return json(role);
  });
  api.get('/roles/:role_id', (c) => {
    auth(c);
    const id = urlId(c, 'role_id');
    const role = [...core.roles.values()].find((r) => r.id === id);
    if (!role) throw notFound('role', 'store.sql_role.get.app_error');
    return json(role);
  });

  // ---------------------------------------------------------------- preferences (api4/preference.go)
  api.get('/users/:user_id/preferences', (c) => json(core.preferencesOf(selfOrEditOthers(c).userId)));
  api.get('/users/:user_id/preferences/:category', (c) =>
    json(core.preferencesOf(selfOrEditOthers(c).userId, c.req.param('category'))),
  );
  api.get('/users/:user_id/preferences/:category/name/:preference_name', (c) => {
    const { userId } = selfOrEditOthers(c);
    const name = c.req.param('preference_name');
    const pref = core.preferencesOf(userId, c.req.param('category')).find((p) => p.name === name);
    // app.GetPreferenceByCategoryAndNameForUser answers a missing one 400, not 404.
    if (!pref) throw badRequest('app.preference.get.app_error', 'Unable to get preference.');
    return json(pref);
  });
  /**
   * The body of a save or delete, checked in the server's order: an empty list is a bad
   * parameter; every preference must be the URL user's (`app.UpdatePreferences`, 403), then
   * each must be valid (the store's `IsValid`, 400).
   */
  const preferencesBody = async (c: Ctx, userId: string): Promise<PreferenceType[]> => {
    const body = await readJson(c, 'preferences');
    if (!Array.isArray(body) || body.length === 0) throw invalidBody('preferences');
    const preferences = body.map(parsePreference);
    if (preferences.some((pref) => pref.user_id !== userId)) {
      throw new EmulatorError(
        'api.preference.update_preferences.set.app_error',
        'Unable to set user preferences.',
        403,
      );
    }
    preferences.forEach(assertValidPreference);
    return preferences;
  };
  api.put('/users/:user_id/preferences', async (c) => {
    const { userId } = selfOrEditOthers(c);
    core.savePreferences(userId, await preferencesBody(c, userId));
    return json({ status: 'OK' });
  });
  api.post('/users/:user_id/preferences/delete', async (c) => {
    const { userId } = selfOrEditOthers(c);
    core.deletePreferences(userId, await preferencesBody(c, userId));
    return json({ status: 'OK' });
  });

  // ---------------------------------------------------------------- config (api4/config.go)
  api.get('/config', (c) => {
    requireAdmin(auth(c), 'manage_system');
    return json(core.config);
  });
  const writeConfig = async (c: Ctx): Promise<Response> => {
    requireAdmin(auth(c), 'manage_system');
    // Checked setting by setting as it merges (mergeConfig), like the server's JSON decode.
    return json(core.patchConfig((await readObject(c, 'config')) as ConfigPatch));
  };
  api.put('/config', writeConfig);
  api.put('/config/patch', writeConfig);

  // ---------------------------------------------------------------- bots (api4/bot.go)
  // Bot permissions (create_bot, read_others_bots, manage_others_bots) are system admins'
  // by default; a system_user has none of them.
  api.post('/bots', async (c) => {
    const session = auth(c);
    // api4/bot.go createBot: the body, then `create_bot` (never for a bot), then the setting.
    const body = await readObject(c, 'bot');
    requireAdmin(session, 'create_bot');
    if (core.getUser(session.userId)?.is_bot) throw forbidden('create_bot');
    if (!core.config.ServiceSettings.EnableBotAccountCreation) {
      throw new EmulatorError('api.bot.create_disabled', 'Bot creation has been disabled.', 403);
    }
    return json(
      core.createBot(session.userId, {
        username: str(body, 'username'),
        displayName: str(body, 'display_name', false),
        description: str(body, 'description', false),
      }),
      201,
    );
  });
  api.get('/bots', (c) => {
    requireAdmin(auth(c), 'read_others_bots');
    const includeDeleted = c.req.query('include_deleted') === 'true';
    const onlyOrphaned = c.req.query('only_orphaned') === 'true';
    const bots = [...core.bots.values()].filter(
      (b) => (includeDeleted || !b.delete_at) && (!onlyOrphaned || !!core.getUser(b.owner_id)?.delete_at),
    );
    const page = intQuery(c, 'page', 0);
    const perPage = intQuery(c, 'per_page', 60, 200);
    return json(bots.slice(page * perPage, page * perPage + perPage));
  });
  api.get('/bots/:bot_user_id', (c) => {
    requireAdmin(auth(c), 'read_others_bots');
    const bot = core.requireBot(urlId(c, 'bot_user_id'));
    if (bot.delete_at && c.req.query('include_deleted') !== 'true') {
      throw notFound('bot', 'store.sql_bot.get.missing.app_error');
    }
    return json(bot);
  });
  api.put('/bots/:bot_user_id', async (c) => {
    requireAdmin(auth(c), 'manage_others_bots');
    const botUserId = urlId(c, 'bot_user_id');
    const body = await readObject(c, 'bot');
    const patch: { username?: string; display_name?: string; description?: string } = {};
    for (const key of ['username', 'display_name', 'description'] as const) {
      if (body[key] !== undefined) patch[key] = str(body, key, key === 'username');
    }
    return json(core.patchBot(botUserId, patch));
  });
  for (const action of ['disable', 'enable'] as const) {
    api.post(`/bots/:bot_user_id/${action}`, (c) => {
      requireAdmin(auth(c), 'manage_others_bots');
      return json(core.setBotActive(urlId(c, 'bot_user_id'), action === 'enable'));
    });
  }

  // ---------------------------------------------------------------- limits (api4/limits.go)
  // Every user may ask; only those who may read user management see the counts.
  api.get('/limits/server', (c) => {
    const session = auth(c);
    const admin = core.isAdmin(session.userId);
    const active = [...core.users.values()].filter((u) => !u.delete_at && !u.is_bot).length;
    return json({ activeUserCount: admin ? active : 0, maxUsersLimit: 0, maxUsersHardLimit: 0 });
  });

  // ---------------------------------------------------------------- channel memberships across teams
  // api4/channel.go getChannelMembersForUser: page -1 (what the web app sends) is every one.
  api.get('/users/:user_id/channel_members', (c) => {
    const { userId } = selfOrEditOthers(c);
    const members = core.channelsOf(userId).flatMap((ch) => core.channelMember(ch.id, userId) ?? []);
    if (c.req.query('page') === '-1') return json(members);
    const page = intQuery(c, 'page', 0);
    const perPage = intQuery(c, 'per_page', 60, 200);
    return json(members.slice(page * perPage, page * perPage + perPage));
  });
}
