/**
 * The emulator's state and rules, with no transport: REST routes (app.ts), the
 * WebSocket (websocket.ts), the seed and tests all go through this class, so an
 * action taken programmatically emits exactly the events a REST call would.
 * Browser-safe: no `node:` imports; randomness from `globalThis.crypto`.
 */
import type { UserProfile } from '@mattermost/types/users';
import type { Team, TeamMembership } from '@mattermost/types/teams';
import type { Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { FileInfo } from '@mattermost/types/files';
import type { Role } from '@mattermost/types/roles';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Bot } from '@mattermost/types/bots';
import { EmulatorError, badRequest, forbidden, invalidBody, notFound, sessionExpired } from './errors.js';
import { builtInRoles } from './roles.js';
import { type ConfigPatch, type EmulatorConfig, clientConfigOf, defaultConfig, mergeConfig } from './settings.js';

export type User = UserProfile;
export type { Team, Channel, Post, Reaction, FileInfo, TeamMembership, ChannelMembership, Role, PreferenceType, Bot };

export const SERVER_VERSION = '11.1.0';
export const BUILD_NUMBER = '11.1.0';

/**
 * What the real server sends in `X-Version-Id` and `hello.server_version`:
 * `<version>.<build>.<config hash>.<licensed>` (web/handlers.go), so it tells a licensed
 * server from an unlicensed one. `core.versionId` is the one for the core's edition.
 */
export function versionId(licensed: boolean): string {
  return `${SERVER_VERSION}.${BUILD_NUMBER}.emulator.${licensed}`;
}
/** Team Edition's `X-Version-Id` (no license). */
export const VERSION_ID = versionId(false);

/**
 * The Mattermost the emulator answers as. `team`: Mattermost Team Edition, the free build
 * without a license (`IsLicensed: "false"`; licensed calls refused, guest accounts among
 * them). `enterprise`: Enterprise Edition with an Enterprise license and guest accounts
 * enabled (`GuestAccountsSettings.Enable`).
 */
export type Edition = 'team' | 'enterprise';
export const EDITIONS: readonly Edition[] = ['team', 'enterprise'];

export function isEdition(value: unknown): value is Edition {
  return value === 'team' || value === 'enterprise';
}

export interface Session {
  id: string;
  token: string;
  userId: string;
  csrf: string;
  createAt: number;
  /** Set when the session is a user access token's. */
  tokenId?: string;
}

export interface UserAccessToken {
  id: string;
  token: string;
  user_id: string;
  description: string;
  is_active: boolean;
}

export type UserAccessTokenSanitized = Omit<UserAccessToken, 'token'>;

export interface UserStatus {
  user_id: string;
  status: 'online' | 'away' | 'dnd' | 'offline';
  manual: boolean;
  last_activity_at: number;
  dnd_end_time: number;
}

export interface StoredFile {
  info: FileInfo;
  data: Uint8Array;
}

export interface Broadcast {
  omit_users: Record<string, boolean> | null;
  user_id: string;
  channel_id: string;
  team_id: string;
  connection_id: string;
  omit_connection_id: string;
}

export interface EmulatorEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: Broadcast;
}

/** A live (or dormant, awaiting reconnect) WebSocket connection as the core sees it. */
export interface EventSink {
  readonly connectionId: string;
  readonly userId: string;
  readonly token: string;
  deliver(event: EmulatorEvent): void;
  /** Closes the socket abnormally and forgets the connection. */
  kill(): void;
  /** Closes the socket abnormally but keeps the connection for a reconnect. */
  drop(): boolean;
}

interface ChannelRecord {
  channel: Channel & { total_msg_count: number; total_msg_count_root: number };
  members: Map<string, ChannelMembership>;
  /** Post ids in create_at order, deleted ones included (since-queries need them). */
  postIds: string[];
}

export interface EmulatorOptions {
  adminToken?: string;
  siteUrl?: string;
  maxFileSize?: number;
  now?: () => number;
  /** `ServiceSettings.MaximumLoginAttempts`: failed password logins that lock an account (10). */
  maximumLoginAttempts?: number;
  /** The edition it answers as: `team` (the default, no license) or `enterprise` (licensed, guest accounts on). */
  edition?: Edition;
}

/**
 * `maxUsersHardLimit` (server/channels/app/limits.go): past this many active users (bots and
 * deactivated accounts not counted), an unlicensed server creates no more users.
 */
export const MAX_USERS_HARD_LIMIT = 11_000;

/** Mattermost's `ServiceSettings.MaximumLoginAttempts` default (`ServiceSettingsDefaultMaxLoginAttempts`, model/config.go). */
export const MAXIMUM_LOGIN_ATTEMPTS = 10;

const ID_ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** A 26-character Mattermost id (base32 of 16 random bytes, Mattermost's alphabet). */
export function newId(): string {
  const bytes = new Uint8Array(17);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += ID_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.slice(0, 26);
}

export const isId = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9]{26}$/.test(value);

const USERNAME_RE = /^[a-z][a-z0-9.\-_]{0,63}$/;
const RESERVED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system', 'valet', 'admin-bot']);
const CHANNEL_NAME_RE = /^[a-z0-9][a-z0-9\-_]{0,63}$/;
const PENDING_POST_TTL = 30_000;
const MAX_POST_LENGTH = 16383;

const DEFAULT_USER_NOTIFY_PROPS: UserProfile['notify_props'] = {
  channel: 'true',
  comments: 'never',
  desktop: 'mention',
  desktop_sound: 'true',
  calls_desktop_sound: 'true',
  email: 'true',
  first_name: 'false',
  mark_unread: 'all',
  mention_keys: '',
  highlight_keys: '',
  push: 'mention',
  push_status: 'away',
};

const DEFAULT_CHANNEL_NOTIFY_PROPS: ChannelMembership['notify_props'] = {
  desktop: 'default',
  desktop_threads: 'all',
  email: 'default',
  mark_unread: 'all',
  push: 'default',
  push_threads: 'all',
  ignore_channel_mentions: 'default',
  channel_auto_follow_threads: 'off',
  desktop_sound: 'default',
};

export const emptyBroadcast = (): Broadcast => ({
  omit_users: null,
  user_id: '',
  channel_id: '',
  team_id: '',
  connection_id: '',
  omit_connection_id: '',
});

export class EmulatorCore {
  readonly adminToken: string;
  readonly now: () => number;
  readonly adminUser: User;
  readonly edition: Edition;
  /** The Enterprise license's dates and id; undefined on Team Edition. */
  private readonly license?: { id: string; issuedAt: number; startsAt: number; expiresAt: number };

  readonly users = new Map<string, User>();
  private readonly passwords = new Map<string, string>();
  /** `Users.FailedAttempts`: failed password logins in a row, per user id. */
  private readonly failedAttempts = new Map<string, number>();
  readonly sessions = new Map<string, Session>();
  readonly accessTokens = new Map<string, UserAccessToken>();
  readonly teams = new Map<string, Team>();
  readonly teamMembers = new Map<string, Map<string, TeamMembership>>();
  private readonly channelRecords = new Map<string, ChannelRecord>();
  readonly posts = new Map<string, Post>();
  private readonly reactions = new Map<string, Reaction[]>();
  /** Reply ids per root, so reply counts don't scan the channel. */
  private readonly replies = new Map<string, string[]>();
  readonly files = new Map<string, StoredFile>();
  private readonly statuses = new Map<string, UserStatus>();
  private readonly pendingPosts = new Map<string, { postId: string; at: number }>();
  private readonly sinks = new Set<EventSink>();
  /** The built-in roles by name (`model.MakeDefaultRoles`). */
  readonly roles: Map<string, Role>;
  /** Preferences per user id, keyed by category and name (`preferenceKey`). */
  private readonly preferences = new Map<string, Map<string, PreferenceType>>();
  /** Bot records by their user id. */
  readonly bots = new Map<string, Bot>();
  #config: EmulatorConfig;

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.#config = defaultConfig({
      siteUrl: options.siteUrl ?? '',
      maxFileSize: options.maxFileSize ?? 100 * 1024 * 1024,
      maximumLoginAttempts: options.maximumLoginAttempts ?? MAXIMUM_LOGIN_ATTEMPTS,
    });
    this.roles = builtInRoles(this.now());
    const edition: unknown = options.edition ?? 'team';
    if (!isEdition(edition))
      throw new TypeError(`unknown edition "${String(edition)}" (expected ${EDITIONS.join(' or ')})`);
    this.edition = edition;
    if (edition === 'enterprise') {
      const issuedAt = this.now();
      this.license = { id: newId(), issuedAt, startsAt: issuedAt, expiresAt: issuedAt + 365 * 24 * 3600 * 1000 };
    }
    this.adminUser = this.createUser({
      username: 'admin',
      email: 'admin@bisman.example',
      firstName: 'Ada',
      lastName: 'Admin',
      roles: 'system_admin system_user',
      password: 'admin-password',
    });
    this.adminToken = this.issueToken(this.adminUser.id, 'emulator admin', options.adminToken);
  }

  // ---------------------------------------------------------------- edition and license

  /** A license is loaded (`App.Channels().License() != nil`): Enterprise only. */
  get licensed(): boolean {
    return this.license !== undefined;
  }

  /**
   * `GuestAccountsSettings.Enable`, off by default: on only where the license allows guest
   * accounts (the Enterprise emulator turns it on, as a deployment with portals would).
   */
  get guestAccountsEnabled(): boolean {
    return this.licensed;
  }

  /**
   * `isHardUserLimitExceeded` (app/limits.go): without a license, more active users than
   * `MAX_USERS_HARD_LIMIT` (the store's count: no bots, no deactivated accounts) and
   * `createUserOrGuest` refuses every new user. A license lifts it.
   */
  get hardUserLimitExceeded(): boolean {
    if (this.licensed) return false;
    let active = 0;
    for (const user of this.users.values()) if (!user.delete_at && !user.is_bot) active++;
    return active > MAX_USERS_HARD_LIMIT;
  }

  /** `X-Version-Id` and `hello.server_version`, whose last part says whether a license is loaded. */
  get versionId(): string {
    return versionId(this.licensed);
  }

  /**
   * `GET /license/client?format=old`'s map, as `utils.GetClientLicense` builds it
   * (server/channels/utils/license.go): `{IsLicensed: "false"}` without a license; with one,
   * every feature as a string. `sanitized` (a caller without `read_license_information`, any
   * non-admin or no session) drops what `GetSanitizedClientLicense` drops: Id, Name, Email,
   * IssuedAt, StartsAt, ExpiresAt, SkuName.
   */
  clientLicense(sanitized: boolean): Record<string, string> {
    const license = this.license;
    if (!license) return { IsLicensed: 'false' };
    // An Enterprise license leaves its features unset, so Features.SetDefaults
    // (model/license.go) turns each on through FutureFeatures; Cloud stays off.
    const on = 'true';
    const full: Record<string, string> = {
      IsLicensed: 'true',
      Id: license.id,
      SkuName: 'Enterprise',
      SkuShortName: 'enterprise',
      Users: '1000',
      LDAP: on,
      LDAPGroups: on,
      MFA: on,
      SAML: on,
      Cluster: on,
      Metrics: on,
      GoogleOAuth: on,
      Office365OAuth: on,
      OpenId: on,
      Compliance: on,
      MHPNS: on,
      Announcement: on,
      Elasticsearch: on,
      DataRetention: on,
      IDLoadedPushNotifications: on,
      IssuedAt: String(license.issuedAt),
      StartsAt: String(license.startsAt),
      ExpiresAt: String(license.expiresAt),
      Name: 'Emulator Admin',
      Email: 'license@emulator.invalid',
      Company: 'bisman-chat emulator',
      EmailNotificationContents: on,
      MessageExport: on,
      CustomPermissionsSchemes: on,
      GuestAccounts: on,
      GuestAccountsPermissions: on,
      CustomTermsOfService: on,
      LockTeammateNameDisplay: on,
      Cloud: 'false',
      SharedChannels: on,
      RemoteClusterService: on,
      OutgoingOAuthConnections: on,
      IsTrial: 'false',
      IsGovSku: 'false',
    };
    if (sanitized) {
      for (const key of ['Id', 'Name', 'Email', 'IssuedAt', 'StartsAt', 'ExpiresAt', 'SkuName']) delete full[key];
    }
    return full;
  }

  // ---------------------------------------------------------------- events

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Live connection count per user (statuses follow it). */
  connectionsOf(userId: string): EventSink[] {
    return [...this.sinks].filter((s) => s.userId === userId);
  }

  /**
   * Sends an event to every connection its broadcast addresses, as the server's
   * `ShouldSendEvent` does. `perUser` adds recipient-specific data (mentions).
   */
  emit(
    event: string,
    data: Record<string, unknown>,
    broadcast: Partial<Broadcast>,
    perUser?: (userId: string) => Record<string, unknown> | undefined,
  ): void {
    const full: Broadcast = { ...emptyBroadcast(), ...broadcast };
    // One shared object for every recipient without extras lets transports serialize it once.
    const shared: EmulatorEvent = { event, data, broadcast: full };
    // A guest hears of users (new or updated) only if it can see them (ShouldSendEvent).
    const subject =
      event === 'new_user' ? (data.user_id as string) : event === 'user_updated' ? (data.user as User).id : undefined;
    for (const sink of [...this.sinks]) {
      if (!this.shouldSend(sink, full)) continue;
      if (subject !== undefined && !this.canSeeUser(sink.userId, subject)) continue;
      const extra = perUser?.(sink.userId);
      sink.deliver(extra ? { event, data: { ...data, ...extra }, broadcast: full } : shared);
    }
  }

  private shouldSend(sink: EventSink, b: Broadcast): boolean {
    if (b.connection_id && b.connection_id !== sink.connectionId) return false;
    if (b.omit_connection_id && b.omit_connection_id === sink.connectionId) return false;
    if (b.user_id) return b.user_id === sink.userId;
    if (b.omit_users?.[sink.userId]) return false;
    if (b.channel_id) return this.channelRecords.get(b.channel_id)?.members.has(sink.userId) ?? false;
    if (b.team_id) return this.teamMembers.get(b.team_id)?.has(sink.userId) ?? false;
    return true;
  }

  /** Abnormally closes live sockets (reconnect tests). Returns how many. */
  dropConnections(filter: { userId?: string } = {}): number {
    let count = 0;
    for (const sink of [...this.sinks]) {
      if (filter.userId && sink.userId !== filter.userId) continue;
      if (sink.drop()) count++;
    }
    return count;
  }

  // ---------------------------------------------------------------- users

  createUser(input: {
    username: string;
    email: string;
    password?: string;
    firstName?: string;
    lastName?: string;
    nickname?: string;
    roles?: string;
    position?: string;
  }): User {
    const username = input.username.toLowerCase();
    if (!USERNAME_RE.test(username) || RESERVED_USERNAMES.has(username)) {
      throw badRequest(
        'model.user.is_valid.username.app_error',
        "Username must begin with a letter and contain between 1 to 64 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'.",
      );
    }
    const email = input.email.toLowerCase();
    validateUserFields({ ...input, email });
    for (const u of this.users.values()) {
      if (u.username === username) {
        throw badRequest('app.user.save.username_exists.app_error', 'An account with that username already exists.');
      }
      if (u.email === email) {
        throw badRequest('app.user.save.email_exists.app_error', 'An account with that email already exists.');
      }
    }
    if (input.password !== undefined && input.password.length < 8) {
      throw badRequest(
        'model.user.is_valid.pwd_min_length.app_error',
        'Your password must contain at least 8 characters.',
      );
    }
    const now = this.now();
    const user: User = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      username,
      password: '',
      auth_service: '',
      email,
      nickname: input.nickname ?? '',
      first_name: input.firstName ?? '',
      last_name: input.lastName ?? '',
      position: input.position ?? '',
      roles: input.roles ?? 'system_user',
      props: {},
      notify_props: { ...DEFAULT_USER_NOTIFY_PROPS },
      last_password_update: now,
      last_picture_update: 0,
      locale: 'en',
      timezone: { useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' },
      mfa_active: false,
      last_activity_at: 0,
      is_bot: false,
      bot_description: '',
      terms_of_service_id: '',
      terms_of_service_create_at: 0,
    };
    this.users.set(user.id, user);
    if (input.password !== undefined) this.passwords.set(user.id, input.password);
    this.statuses.set(user.id, {
      user_id: user.id,
      status: 'offline',
      manual: false,
      last_activity_at: 0,
      dnd_end_time: 0,
    });
    this.emit('new_user', { user_id: user.id }, {});
    return user;
  }

  /** The user as the API shows it: no password, no auth data. */
  sanitizeUser(user: User): User {
    const { password: _password, auth_data: _authData, failed_attempts: _failed, ...rest } = user;
    return { ...rest, email_verified: true, disable_welcome_email: false } as unknown as User;
  }

  getUser(userId: string): User | undefined {
    return this.users.get(userId);
  }

  requireUser(userId: string): User {
    const user = this.users.get(userId);
    if (!user || user.delete_at) throw notFound('user', 'app.user.missing_account.const');
    return user;
  }

  getUserByUsername(username: string): User | undefined {
    const name = username.toLowerCase();
    for (const u of this.users.values()) if (u.username === name) return u;
    return undefined;
  }

  getUserByEmail(email: string): User | undefined {
    const e = email.toLowerCase();
    for (const u of this.users.values()) if (u.email === e) return u;
    return undefined;
  }

  isAdmin(userId: string): boolean {
    return this.users.get(userId)?.roles.split(' ').includes('system_admin') ?? false;
  }

  /** A guest account (`system_guest`): sees and joins only what it is added to. */
  isGuest(userId: string): boolean {
    return this.users.get(userId)?.roles.split(' ').includes('system_guest') ?? false;
  }

  /**
   * Can `viewerId` see `targetId`? Everyone can, except a guest, who sees only
   * itself and the users it shares a channel with (the server's view restrictions:
   * guests lack `view_members`).
   */
  canSeeUser(viewerId: string, targetId: string): boolean {
    return this.visibleUsers(viewerId)?.has(targetId) ?? true;
  }

  /** The users `viewerId` may see, or undefined for everyone (see `canSeeUser`). */
  visibleUsers(viewerId: string): Set<string> | undefined {
    if (!this.isGuest(viewerId)) return undefined;
    const out = new Set<string>([viewerId]);
    for (const r of this.channelRecords.values()) {
      if (r.channel.delete_at || !r.members.has(viewerId)) continue;
      for (const id of r.members.keys()) out.add(id);
    }
    return out;
  }

  /**
   * Makes the user a guest, as the store's `DemoteUserToGuest`: `system_user` becomes
   * `system_guest`, `system_admin` is dropped, team and channel memberships turn
   * guest (`scheme_guest: true, scheme_user: false, scheme_admin: false`). Sessions
   * and tokens keep working; memberships stay. Emits `user_updated`, then
   * `memberrole_updated` and `channel_member_updated` to the user, as the server does.
   * Throws 501 `already_guest` for a guest (the route checks permissions first).
   */
  demoteToGuest(userId: string): User {
    const user = this.requireUser(userId);
    if (this.isGuest(userId)) {
      throw new EmulatorError(
        'api.user.demote_user_to_guest.already_guest.app_error',
        'Unable to convert the user to guest because is already a guest.',
        501,
      );
    }
    const roles: string[] = [];
    for (const role of user.roles.split(' ').filter(Boolean)) {
      if (role === 'system_user') roles.push('system_guest');
      else if (role !== 'system_admin') roles.push(role);
    }
    if (!roles.includes('system_guest')) roles.push('system_guest');
    this.setGuestFlags(user, roles.join(' '), true);
    return user;
  }

  /**
   * Makes a guest a regular user again (`PromoteGuestToUser`): `system_guest` becomes
   * `system_user`, memberships turn user, and the user joins town-square and off-topic
   * of each team. Throws 501 `no_guest` for a non-guest.
   */
  promoteToUser(userId: string): User {
    const user = this.requireUser(userId);
    if (!this.isGuest(userId)) {
      throw new EmulatorError(
        'api.user.promote_guest_to_user.no_guest.app_error',
        'Unable to convert guest to regular user because is not a guest.',
        501,
      );
    }
    const roles = user.roles
      .split(' ')
      .filter(Boolean)
      .map((role) => (role === 'system_guest' ? 'system_user' : role));
    this.setGuestFlags(user, [...new Set(roles)].join(' '), false);
    for (const team of this.teamsOf(userId)) this.joinDefaultChannels(team.id, userId);
    return user;
  }

  /**
   * `PUT /users/{id}/roles` (api4/user.go updateUserRoles → app.UpdateUserRoles): the
   * account's system roles replaced; `model.IsValidUserRoles` refuses unknown names and
   * `system_admin` alone. Emits `user_role_updated` to the user.
   */
  updateUserRoles(userId: string, roles: string): User {
    const user = this.requireUser(userId);
    const names = roles.trim().split(/\s+/).filter(Boolean);
    const valid = names.every((role) => SYSTEM_ROLES.has(role)) && !(names.length === 1 && names[0] === 'system_admin');
    if (!valid) throw invalidBody('roles'); // c.SetInvalidParam: invalid_body_param
    user.roles = names.join(' ');
    user.update_at = this.now();
    this.emit('user_role_updated', { user_id: userId, roles: user.roles }, { user_id: userId });
    return user;
  }

  private setGuestFlags(user: User, roles: string, guest: boolean): void {
    user.roles = roles;
    user.update_at = Math.max(this.now(), user.update_at + 1);
    this.emit('user_updated', { user: this.sanitizeUser(user) }, {});
    for (const team of this.teamsOf(user.id)) {
      const member = this.teamMember(team.id, user.id)!;
      Object.assign(member, {
        roles: guest ? 'team_guest' : 'team_user',
        scheme_guest: guest,
        scheme_user: !guest,
        scheme_admin: false,
      });
      this.emit('memberrole_updated', { member: JSON.stringify(member) }, { user_id: user.id });
    }
    for (const record of this.channelRecords.values()) {
      const member = record.members.get(user.id);
      if (!member) continue;
      const wasAdmin = member.scheme_admin;
      Object.assign(member, {
        roles: guest ? 'channel_guest' : 'channel_user',
        scheme_guest: guest,
        scheme_user: !guest,
        scheme_admin: guest ? false : wasAdmin,
        last_update_at: this.now(),
      });
      if (record.channel.type !== 'D' && record.channel.type !== 'G') {
        this.emit('channel_member_updated', { channelMember: JSON.stringify(member) }, { user_id: user.id });
      }
    }
  }

  checkPassword(user: User, password: string): boolean {
    const stored = this.passwords.get(user.id);
    return stored !== undefined && stored === password;
  }

  /** A new password unlocks the account, as the store's `UpdatePassword` sets `FailedAttempts = 0`. */
  setPassword(userId: string, password: string): void {
    this.passwords.set(userId, password);
    this.failedAttempts.delete(userId);
  }

  /**
   * A password login's check, as `CheckPasswordAndAllCriteria` (app/authentication.go) makes
   * it: an account with `maximumLoginAttempts` failures in a row is locked, whatever the
   * password (401 `api.user.check_user_login_attempts.too_many.app_error`, which the login
   * route does not mask); a wrong password counts one more failure; the right one resets the
   * count. Nothing unlocks it but a right password before the limit, or a new password.
   */
  checkLoginPassword(user: User, password: string): boolean {
    if ((this.failedAttempts.get(user.id) ?? 0) >= this.maximumLoginAttempts) {
      // No detailed_error ("user_id=…"): the server wipes it outside developer mode.
      throw new EmulatorError(
        'api.user.check_user_login_attempts.too_many.app_error',
        'Your account is locked because of too many failed password attempts. Please reset your password.',
        401,
      );
    }
    if (!this.checkPassword(user, password)) {
      this.failedAttempts.set(user.id, (this.failedAttempts.get(user.id) ?? 0) + 1);
      return false;
    }
    this.failedAttempts.delete(user.id);
    return true;
  }

  displayName(user: User): string {
    const full = `${user.first_name} ${user.last_name}`.trim();
    return full || user.username;
  }

  // ---------------------------------------------------------------- sessions and tokens

  createSession(userId: string, token: string = newId(), tokenId?: string): Session {
    const session: Session = {
      id: newId(),
      token,
      userId,
      csrf: newId(),
      createAt: this.now(),
      ...(tokenId ? { tokenId } : {}),
    };
    this.sessions.set(token, session);
    return session;
  }

  /** The session of a bearer token or cookie, or undefined (expired, revoked, disabled). */
  sessionFor(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session) return undefined;
    const user = this.users.get(session.userId);
    if (!user || user.delete_at) return undefined;
    if (session.tokenId) {
      const pat = this.accessTokens.get(session.tokenId);
      if (!pat || !pat.is_active) return undefined;
    }
    return session;
  }

  revokeSession(token: string): void {
    this.sessions.delete(token);
    this.killConnections((s) => s.token === token);
  }

  private killConnections(match: (sink: EventSink) => boolean): void {
    for (const sink of [...this.sinks]) {
      if (match(sink)) {
        this.sinks.delete(sink);
        sink.kill();
      }
    }
  }

  /** A user access token (what the auth server gets); `token` fixes its value (admin token). */
  issueToken(userId: string, description = '', token?: string): string {
    return this.createAccessToken(userId, description, token).token;
  }

  createAccessToken(userId: string, description: string, token: string = newId()): UserAccessToken {
    this.requireUser(userId);
    if (this.sessions.has(token)) throw badRequest('app.user_access_token.save.app_error', 'Token already exists.');
    const pat: UserAccessToken = { id: newId(), token, user_id: userId, description, is_active: true };
    this.accessTokens.set(pat.id, pat);
    this.createSession(userId, token, pat.id);
    return pat;
  }

  revokeAccessToken(tokenId: string): UserAccessToken {
    const pat = this.requireAccessToken(tokenId);
    this.accessTokens.delete(tokenId);
    this.revokeSession(pat.token);
    return pat;
  }

  setAccessTokenActive(tokenId: string, active: boolean): void {
    const pat = this.requireAccessToken(tokenId);
    pat.is_active = active;
    if (!active) this.killConnections((s) => s.token === pat.token);
  }

  requireAccessToken(tokenId: string): UserAccessToken {
    const pat = this.accessTokens.get(tokenId);
    if (!pat) throw notFound('token', 'app.user_access_token.get_by_token.app_error');
    return pat;
  }

  sanitizeToken(pat: UserAccessToken): UserAccessTokenSanitized {
    return { id: pat.id, user_id: pat.user_id, description: pat.description, is_active: pat.is_active };
  }

  // ---------------------------------------------------------------- statuses

  getStatus(userId: string): UserStatus {
    return (
      this.statuses.get(userId) ?? {
        user_id: userId,
        status: 'offline',
        manual: false,
        last_activity_at: 0,
        dnd_end_time: 0,
      }
    );
  }

  setStatus(userId: string, status: UserStatus['status'], manual: boolean, dndEndTime = 0): UserStatus {
    const prev = this.getStatus(userId);
    // Automatic changes never override a status the user chose.
    if (!manual && prev.manual && prev.status !== 'online' && status !== 'offline') return prev;
    const next: UserStatus = {
      user_id: userId,
      status,
      manual,
      last_activity_at: this.now(),
      dnd_end_time: dndEndTime,
    };
    this.statuses.set(userId, next);
    if (prev.status !== status) this.emit('status_change', { status, user_id: userId }, { user_id: userId });
    return next;
  }

  // ---------------------------------------------------------------- teams

  createTeam(input: { name: string; displayName: string; type?: 'O' | 'I'; creatorId?: string }): Team {
    const name = input.name.toLowerCase();
    if (!CHANNEL_NAME_RE.test(name)) throw badRequest('model.team.is_valid.url.app_error', 'Invalid URL Identifier.');
    if (this.getTeamByName(name))
      throw badRequest('app.team.save.existing.app_error', 'A team with that name already exists.');
    if (!input.displayName.trim()) throw badRequest('model.team.is_valid.name.app_error', 'Invalid name.');
    const now = this.now();
    const team: Team = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      display_name: input.displayName,
      name,
      description: '',
      email: '',
      type: input.type ?? 'O',
      company_name: '',
      allowed_domains: '',
      invite_id: newId(),
      allow_open_invite: (input.type ?? 'O') === 'O',
      scheme_id: '',
      group_constrained: false,
      policy_id: null,
      last_team_icon_update: 0,
    };
    this.teams.set(team.id, team);
    this.teamMembers.set(team.id, new Map());
    const creator = input.creatorId ?? this.adminUser.id;
    this.createChannel(
      { teamId: team.id, name: 'town-square', displayName: 'Town Square', type: 'O', creatorId: '' },
      false,
    );
    this.createChannel(
      { teamId: team.id, name: 'off-topic', displayName: 'Off-Topic', type: 'O', creatorId: '' },
      false,
    );
    if (input.creatorId) this.addTeamMember(team.id, creator);
    return team;
  }

  getTeamByName(name: string): Team | undefined {
    const n = name.toLowerCase();
    for (const t of this.teams.values()) if (t.name === n && !t.delete_at) return t;
    return undefined;
  }

  requireTeam(teamId: string): Team {
    const team = this.teams.get(teamId);
    if (!team || team.delete_at) throw notFound('team', 'app.team.get.find.app_error');
    return team;
  }

  isTeamMember(teamId: string, userId: string): boolean {
    return this.teamMembers.get(teamId)?.has(userId) ?? false;
  }

  teamsOf(userId: string): Team[] {
    return [...this.teams.values()].filter((t) => !t.delete_at && this.isTeamMember(t.id, userId));
  }

  /**
   * Joins the team, then town-square and off-topic, as Mattermost does (a guest joins
   * the team only: `JoinUserToTeam` skips default channels for guests). Idempotent.
   */
  addTeamMember(teamId: string, userId: string): TeamMembership {
    this.requireTeam(teamId);
    this.requireUser(userId);
    const members = this.teamMembers.get(teamId)!;
    const existing = members.get(userId);
    if (existing) return existing;
    const guest = this.isGuest(userId);
    const member = {
      team_id: teamId,
      user_id: userId,
      roles: guest ? 'team_guest' : 'team_user',
      delete_at: 0,
      scheme_admin: false,
      scheme_guest: guest,
      scheme_user: !guest,
      explicit_roles: '',
      create_at: this.now(),
    } as unknown as TeamMembership;
    members.set(userId, member);
    this.emit('added_to_team', { team_id: teamId, user_id: userId }, { user_id: userId });
    if (!guest) this.joinDefaultChannels(teamId, userId);
    return member;
  }

  private joinDefaultChannels(teamId: string, userId: string): void {
    for (const name of ['town-square', 'off-topic']) {
      const channel = this.getChannelByName(teamId, name);
      if (channel) this.addChannelMember(channel.id, userId);
    }
  }

  removeTeamMember(teamId: string, userId: string): void {
    const members = this.teamMembers.get(teamId);
    if (!members?.delete(userId)) return;
    for (const record of this.channelRecords.values()) {
      if (record.channel.team_id === teamId) record.members.delete(userId);
    }
    this.emit('leave_team', { team_id: teamId, user_id: userId }, { team_id: teamId });
    this.emit('leave_team', { team_id: teamId, user_id: userId }, { user_id: userId });
  }

  teamMember(teamId: string, userId: string): TeamMembership | undefined {
    return this.teamMembers.get(teamId)?.get(userId);
  }

  /** Unread totals per team the user belongs to (DMs excluded, as the server does). */
  teamUnreads(userId: string): Array<Record<string, number | string>> {
    return this.teamsOf(userId).map((team) => {
      let msg = 0;
      let msgRoot = 0;
      let mention = 0;
      let mentionRoot = 0;
      for (const record of this.channelRecords.values()) {
        if (record.channel.team_id !== team.id) continue;
        const m = record.members.get(userId);
        if (!m) continue;
        msg += Math.max(0, record.channel.total_msg_count - m.msg_count);
        msgRoot += Math.max(0, record.channel.total_msg_count_root - m.msg_count_root);
        mention += m.mention_count;
        mentionRoot += m.mention_count_root;
      }
      return {
        team_id: team.id,
        msg_count: msg,
        mention_count: mention,
        mention_count_root: mentionRoot,
        msg_count_root: msgRoot,
        thread_count: 0,
        thread_mention_count: 0,
        thread_urgent_mention_count: 0,
      };
    });
  }

  // ---------------------------------------------------------------- channels

  createChannel(
    input: {
      teamId: string;
      name: string;
      displayName: string;
      type: 'O' | 'P';
      creatorId: string;
      purpose?: string;
      header?: string;
    },
    notify = true,
  ): Channel {
    this.requireTeam(input.teamId);
    const name = input.name.toLowerCase();
    if (!CHANNEL_NAME_RE.test(name) || /^[a-z0-9]{26}$/.test(name) || name.includes('__')) {
      throw badRequest('model.channel.is_valid.name.app_error', 'Invalid channel name.');
    }
    // ChannelDisplayNameMaxRunes (model/channel.go) counts runes, not UTF-16 units.
    if (!input.displayName.trim() || [...input.displayName].length > 64) {
      throw badRequest('model.channel.is_valid.display_name.app_error', 'Invalid display name.');
    }
    if (input.type !== 'O' && input.type !== 'P') throw invalidBody('type');
    if (this.getChannelByName(input.teamId, name)) {
      throw badRequest(
        'store.sql_channel.save_channel.exists.app_error',
        'A channel with that name already exists on the same team.',
      );
    }
    const channel = this.storeChannel({
      team_id: input.teamId,
      type: input.type,
      name,
      display_name: input.displayName,
      purpose: input.purpose ?? '',
      header: input.header ?? '',
      creator_id: input.creatorId,
    });
    if (input.creatorId) {
      if (!this.isTeamMember(input.teamId, input.creatorId)) this.addTeamMember(input.teamId, input.creatorId);
      this.addChannelMember(channel.id, input.creatorId, { roles: 'channel_user channel_admin', quiet: true });
      if (notify)
        this.emit('channel_created', { channel_id: channel.id, team_id: input.teamId }, { user_id: input.creatorId });
    }
    return channel;
  }

  private storeChannel(
    fields: Pick<Channel, 'team_id' | 'type' | 'name' | 'display_name' | 'purpose' | 'header' | 'creator_id'>,
  ): Channel {
    const now = this.now();
    const channel = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      ...fields,
      last_post_at: now,
      last_root_post_at: now,
      total_msg_count: 0,
      total_msg_count_root: 0,
      extra_update_at: 0,
      scheme_id: '',
      props: null,
      group_constrained: false,
      shared: false,
      policy_id: null,
    } as unknown as ChannelRecord['channel'];
    this.channelRecords.set(channel.id, { channel, members: new Map(), postIds: [] });
    return channel;
  }

  getChannel(channelId: string): Channel | undefined {
    const record = this.channelRecords.get(channelId);
    return record && !record.channel.delete_at ? record.channel : undefined;
  }

  requireChannel(channelId: string): Channel {
    const channel = this.getChannel(channelId);
    if (!channel) throw notFound('channel', 'app.channel.get.existing.app_error');
    return channel;
  }

  getChannelByName(teamId: string, name: string): Channel | undefined {
    const n = name.toLowerCase();
    for (const r of this.channelRecords.values()) {
      if (r.channel.team_id === teamId && r.channel.name === n && !r.channel.delete_at) return r.channel;
    }
    return undefined;
  }

  allChannels(): Channel[] {
    return [...this.channelRecords.values()].filter((r) => !r.channel.delete_at).map((r) => r.channel);
  }

  isChannelMember(channelId: string, userId: string): boolean {
    return this.channelRecords.get(channelId)?.members.has(userId) ?? false;
  }

  channelMember(channelId: string, userId: string): ChannelMembership | undefined {
    return this.channelRecords.get(channelId)?.members.get(userId);
  }

  channelMembers(channelId: string): ChannelMembership[] {
    return [...(this.channelRecords.get(channelId)?.members.values() ?? [])];
  }

  /** Channels of a team the user is in, plus their DMs and GMs (getMyChannels). */
  channelsOf(userId: string, teamId?: string): Channel[] {
    const out: Channel[] = [];
    for (const r of this.channelRecords.values()) {
      if (r.channel.delete_at || !r.members.has(userId)) continue;
      if (teamId === undefined || r.channel.team_id === teamId || r.channel.team_id === '') out.push(r.channel);
    }
    return out;
  }

  /**
   * May this user read the channel (member, or any team member for a public one; a
   * guest only as a member: guests lack `read_public_channel`)?
   */
  canRead(channelId: string, userId: string): boolean {
    const channel = this.getChannel(channelId);
    if (!channel) return false;
    if (this.isChannelMember(channelId, userId) || this.isAdmin(userId)) return true;
    return channel.type === 'O' && this.isTeamMember(channel.team_id, userId) && !this.isGuest(userId);
  }

  addChannelMember(
    channelId: string,
    userId: string,
    options: { roles?: string; quiet?: boolean } = {},
  ): ChannelMembership {
    const record = this.channelRecords.get(channelId);
    if (!record || record.channel.delete_at) throw notFound('channel', 'app.channel.get.existing.app_error');
    this.requireUser(userId);
    const existing = record.members.get(userId);
    if (existing) return existing;
    const channel = record.channel;
    if (channel.team_id && !this.isTeamMember(channel.team_id, userId)) {
      throw badRequest(
        'api.channel.add_user.to.channel.failed.deleted.app_error',
        'Failed to add user to channel because they have been removed from the team.',
      );
    }
    const now = this.now();
    const guest = this.isGuest(userId);
    const member = {
      channel_id: channelId,
      user_id: userId,
      roles: guest ? 'channel_guest' : (options.roles ?? 'channel_user'),
      last_viewed_at: 0,
      msg_count: 0,
      msg_count_root: 0,
      mention_count: 0,
      mention_count_root: 0,
      urgent_mention_count: 0,
      notify_props: { ...DEFAULT_CHANNEL_NOTIFY_PROPS },
      last_update_at: now,
      scheme_guest: guest,
      scheme_user: !guest,
      scheme_admin: !guest && (options.roles ?? '').includes('channel_admin'),
      explicit_roles: '',
    } as unknown as ChannelMembership;
    record.members.set(userId, member);
    if (!options.quiet && channel.type !== 'D' && channel.type !== 'G') {
      this.emit(
        'user_added',
        { user_id: userId, team_id: channel.team_id },
        { channel_id: channelId, omit_users: { [userId]: true } },
      );
      this.emit(
        'user_added',
        { user_id: userId, team_id: channel.team_id },
        { user_id: userId, channel_id: channelId },
      );
    }
    return member;
  }

  removeChannelMember(channelId: string, userId: string, removerId: string): void {
    const record = this.channelRecords.get(channelId);
    if (!record || record.channel.delete_at) throw notFound('channel', 'app.channel.get.existing.app_error');
    if (record.channel.type === 'D' || record.channel.type === 'G') {
      throw badRequest(
        'api.channel.remove_user_from_channel.direct.app_error',
        'Cannot remove user from a direct or group channel.',
      );
    }
    if (record.channel.name === 'town-square') {
      throw badRequest(
        'api.channel.remove.default.app_error',
        'Unable to remove user from the default channel town-square.',
      );
    }
    if (!record.members.has(userId)) throw notFound('channel member', 'app.channel.get_member.missing.app_error');
    record.members.delete(userId);
    this.emit('user_removed', { user_id: userId, remover_id: removerId }, { channel_id: channelId });
    this.emit('user_removed', { channel_id: channelId, remover_id: removerId }, { user_id: userId });
  }

  updateChannel(channelId: string, patch: Partial<Pick<Channel, 'display_name' | 'purpose' | 'header'>>): Channel {
    const record = this.channelRecords.get(channelId);
    if (!record || record.channel.delete_at) throw notFound('channel', 'app.channel.get.existing.app_error');
    Object.assign(record.channel, patch, { update_at: this.now() });
    this.emit('channel_updated', { channel: JSON.stringify(record.channel) }, { channel_id: channelId });
    return record.channel;
  }

  /**
   * A new name for a team channel (`PUT /channels/{id}/patch` with `name`), validated as
   * at creation (model/channel.go IsValid) and unique in its team
   * (store.sql_channel.update.exists.app_error, as SqlChannelStore.Update answers).
   */
  renameChannel(channelId: string, newName: string): Channel {
    const record = this.channelRecords.get(channelId);
    if (!record || record.channel.delete_at) throw notFound('channel', 'app.channel.get.existing.app_error');
    const name = newName.toLowerCase();
    if (record.channel.type === 'D' || record.channel.type === 'G')
      throw badRequest(
        'api.channel.update_channel.tried.app_error',
        'Tried to perform an invalid update of the default channel',
      );
    if (!CHANNEL_NAME_RE.test(name) || /^[a-z0-9]{26}$/.test(name) || name.includes('__')) {
      throw badRequest('model.channel.is_valid.name.app_error', 'Invalid channel name.');
    }
    const other = this.getChannelByName(record.channel.team_id, name);
    if (other && other.id !== channelId) {
      throw badRequest('store.sql_channel.update.exists.app_error', 'A channel with that handle already exists');
    }
    Object.assign(record.channel, { name, update_at: this.now() });
    this.emit('channel_updated', { channel: JSON.stringify(record.channel) }, { channel_id: channelId });
    return record.channel;
  }

  /** A DM; idempotent (the existing one comes back), as Mattermost does. */
  createDirectChannel(userA: string, userB: string): Channel {
    this.requireUser(userA);
    this.requireUser(userB);
    const name = [userA, userB].sort().join('__');
    for (const r of this.channelRecords.values()) {
      if (r.channel.type === 'D' && r.channel.name === name) return r.channel;
    }
    const channel = this.storeChannel({
      team_id: '',
      type: 'D',
      name,
      display_name: '',
      purpose: '',
      header: '',
      creator_id: userA,
    });
    this.addChannelMember(channel.id, userA, { quiet: true });
    if (userB !== userA) this.addChannelMember(channel.id, userB, { quiet: true });
    this.emit('direct_added', { creator_id: userA, teammate_id: userB }, { channel_id: channel.id });
    return channel;
  }

  createGroupChannel(creatorId: string, userIds: string[]): Channel {
    const ids = [...new Set([creatorId, ...userIds])].sort();
    if (ids.length < 3 || ids.length > 8) {
      throw badRequest(
        'api.channel.create_group.bad_size.app_error',
        'Group message channels must contain at least 3 and no more than 8 users.',
      );
    }
    const users = ids.map((id) => this.requireUser(id));
    const name = hashName(ids.join(','));
    for (const r of this.channelRecords.values()) {
      if (r.channel.type === 'G' && r.channel.name === name) return r.channel;
    }
    const channel = this.storeChannel({
      team_id: '',
      type: 'G',
      name,
      display_name: users.map((u) => u.username).join(', '),
      purpose: '',
      header: '',
      creator_id: creatorId,
    });
    for (const id of ids) this.addChannelMember(channel.id, id, { quiet: true });
    this.emit('group_added', { teammate_ids: JSON.stringify(ids) }, { channel_id: channel.id });
    return channel;
  }

  /** Brings the member level with the channel's totals (the view route). */
  viewChannel(channelId: string, userId: string): number {
    const record = this.channelRecords.get(channelId);
    const member = record?.members.get(userId);
    if (!record || !member) throw forbidden();
    const now = this.now();
    member.last_viewed_at = now;
    member.msg_count = record.channel.total_msg_count;
    member.msg_count_root = record.channel.total_msg_count_root;
    member.mention_count = 0;
    member.mention_count_root = 0;
    (member as ChannelMembership & { urgent_mention_count: number }).urgent_mention_count = 0;
    member.last_update_at = now;
    return now;
  }

  // ---------------------------------------------------------------- posts

  createPost(input: {
    channelId: string;
    userId: string;
    message: string;
    rootId?: string;
    createAt?: number;
    pendingPostId?: string;
    fileIds?: string[];
    props?: Record<string, unknown>;
    type?: Post['type'];
  }): Post {
    const record = this.channelRecords.get(input.channelId);
    if (!record || record.channel.delete_at) throw notFound('channel', 'app.channel.get.existing.app_error');
    const user = this.requireUser(input.userId);
    if (input.message.length > MAX_POST_LENGTH) {
      throw badRequest(
        'model.post.is_valid.message_length.app_error',
        `Message property length is greater than the limit of ${MAX_POST_LENGTH} characters.`,
      );
    }
    if (input.pendingPostId) {
      this.prunePending();
      const seen = this.pendingPosts.get(input.pendingPostId);
      const previous = seen && this.posts.get(seen.postId);
      if (previous) return previous;
    }
    let rootId = input.rootId ?? '';
    if (rootId) {
      const root = this.posts.get(rootId);
      if (!root || root.delete_at || root.channel_id !== input.channelId) {
        throw badRequest('api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');
      }
      if (root.root_id) rootId = root.root_id;
    }
    const fileIds = (input.fileIds ?? []).slice(0, 10);
    const files: FileInfo[] = [];
    for (const id of fileIds) {
      const stored = this.files.get(id);
      if (!stored || stored.info.user_id !== input.userId || stored.info.post_id) {
        throw badRequest('api.post.create_post.file_ids.app_error', 'Invalid file_ids.');
      }
      files.push(stored.info);
    }
    const now = this.now();
    const createAt = input.createAt ?? now;
    const post: Post = {
      id: newId(),
      create_at: createAt,
      update_at: createAt,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: input.userId,
      channel_id: input.channelId,
      root_id: rootId,
      original_id: '',
      message: input.message,
      type: input.type ?? '',
      props: input.props ?? {},
      hashtags: '',
      pending_post_id: input.pendingPostId ?? '',
      reply_count: 0,
      last_reply_at: 0,
      participants: null,
      metadata: {} as Post['metadata'],
      ...(fileIds.length ? { file_ids: fileIds } : {}),
    };
    for (const info of files) info.post_id = post.id;
    this.posts.set(post.id, post);
    insertSorted(record.postIds, post, this.posts);
    if (rootId) {
      const list = this.replies.get(rootId) ?? [];
      list.push(post.id);
      this.replies.set(rootId, list);
    }
    if (input.pendingPostId) this.pendingPosts.set(input.pendingPostId, { postId: post.id, at: now });

    const channel = record.channel;
    channel.last_post_at = Math.max(channel.last_post_at, createAt);
    channel.total_msg_count += 1;
    if (!rootId) {
      channel.last_root_post_at = Math.max(channel.last_root_post_at, createAt);
      channel.total_msg_count_root += 1;
    }
    const mentioned = this.mentionedUsers(channel, post, user);
    for (const [memberId, member] of record.members) {
      if (memberId === input.userId) {
        // Posting reads the channel for its author.
        member.msg_count = channel.total_msg_count;
        member.msg_count_root = channel.total_msg_count_root;
        member.last_viewed_at = Math.max(member.last_viewed_at, createAt);
        member.mention_count = 0;
        member.mention_count_root = 0;
      } else if (mentioned.has(memberId)) {
        member.mention_count += 1;
        if (!rootId) member.mention_count_root += 1;
      }
    }
    const full = this.decoratePost(post);
    this.emit(
      'posted',
      {
        channel_display_name: channel.type === 'D' ? `@${user.username}` : channel.display_name,
        channel_name: channel.name,
        channel_type: channel.type,
        post: JSON.stringify(full),
        sender_name: `@${user.username}`,
        set_online: true,
        team_id: channel.team_id,
        ...(files.length ? { otherFile: 'true' } : {}),
      },
      { channel_id: channel.id },
      (recipient) => (mentioned.has(recipient) ? { mentions: JSON.stringify([recipient]) } : undefined),
    );
    return full;
  }

  /** Who a post mentions: @username, @channel/@all/@here for everyone, the other side of a DM. */
  private mentionedUsers(channel: Channel, post: Post, sender: User): Set<string> {
    const out = new Set<string>();
    const members = this.channelRecords.get(channel.id)?.members ?? new Map<string, ChannelMembership>();
    if (channel.type === 'D') {
      for (const id of members.keys()) if (id !== sender.id) out.add(id);
      return out;
    }
    const names = [...post.message.matchAll(/(?:^|[^\w@])@([a-z0-9][a-z0-9.\-_]*)/gi)].map((m) =>
      m[1]!.toLowerCase().replace(/[.\-_]+$/, ''),
    );
    for (const name of names) {
      if (name === 'channel' || name === 'all' || name === 'here') {
        for (const id of members.keys()) if (id !== sender.id) out.add(id);
        continue;
      }
      const user = this.getUserByUsername(name);
      if (user && user.id !== sender.id && members.has(user.id)) out.add(user.id);
    }
    return out;
  }

  private prunePending(): void {
    const cutoff = this.now() - PENDING_POST_TTL;
    for (const [key, value] of this.pendingPosts) if (value.at < cutoff) this.pendingPosts.delete(key);
  }

  getPost(postId: string): Post | undefined {
    const post = this.posts.get(postId);
    return post && !post.delete_at ? this.decoratePost(post) : undefined;
  }

  requirePost(postId: string): Post {
    const post = this.getPost(postId);
    if (!post) throw notFound('post', 'app.post.get.app_error');
    return post;
  }

  /** The post as the API shows it: reply_count, reactions and files in metadata. */
  decoratePost(post: Post): Post {
    const rootId = post.root_id || post.id;
    let replyCount = 0;
    let lastReplyAt = 0;
    for (const id of this.replies.get(rootId) ?? []) {
      const p = this.posts.get(id)!;
      if (!p.delete_at) {
        replyCount++;
        lastReplyAt = Math.max(lastReplyAt, p.create_at);
      }
    }
    const reactions = this.reactions.get(post.id) ?? [];
    const files = (post.file_ids ?? []).map((id) => this.files.get(id)?.info).filter((f): f is FileInfo => !!f);
    const metadata: Record<string, unknown> = {};
    if (reactions.length) metadata.reactions = reactions.map((r) => ({ ...r }));
    if (files.length) metadata.files = files.map((f) => ({ ...f }));
    const out: Post = {
      ...post,
      reply_count: replyCount,
      last_reply_at: post.root_id ? 0 : lastReplyAt,
      metadata: metadata as Post['metadata'],
    };
    if (reactions.length) (out as Post & { has_reactions: boolean }).has_reactions = true;
    return out;
  }

  updatePost(
    postId: string,
    actorId: string,
    patch: { message?: string; is_pinned?: boolean; props?: Record<string, unknown> },
  ): Post {
    const post = this.posts.get(postId);
    if (!post || post.delete_at) throw notFound('post', 'app.post.get.app_error');
    if (post.user_id !== actorId && !this.isAdmin(actorId)) throw forbidden();
    const now = Math.max(this.now(), post.update_at + 1);
    if (patch.message !== undefined && patch.message !== post.message) {
      if (patch.message.length > MAX_POST_LENGTH) {
        throw badRequest('model.post.is_valid.message_length.app_error', 'Message is too long.');
      }
      post.message = patch.message;
      post.edit_at = now;
    }
    if (patch.is_pinned !== undefined) post.is_pinned = patch.is_pinned;
    if (patch.props !== undefined) post.props = patch.props;
    post.update_at = now;
    const full = this.decoratePost(post);
    this.emit('post_edited', { post: JSON.stringify(full) }, { channel_id: post.channel_id });
    return full;
  }

  /** Deletes the post (and a root's replies), keeping them for since-queries. */
  deletePost(postId: string, actorId: string): Post {
    const post = this.posts.get(postId);
    if (!post || post.delete_at) throw notFound('post', 'app.post.get.app_error');
    if (post.user_id !== actorId && !this.isAdmin(actorId)) throw forbidden();
    const now = Math.max(this.now(), post.update_at + 1);
    const victims = [post];
    if (!post.root_id) {
      for (const id of this.replies.get(post.id) ?? []) {
        const p = this.posts.get(id)!;
        if (!p.delete_at) victims.push(p);
      }
    }
    for (const p of victims) {
      p.delete_at = now;
      p.update_at = now;
    }
    const full = this.decoratePost(post);
    const data = { post: JSON.stringify(full) };
    this.emit('post_deleted', data, { channel_id: post.channel_id }, (uid) =>
      this.isAdmin(uid) ? { delete_by: actorId } : undefined,
    );
    return full;
  }

  /** Posts of a channel in create order (oldest first); deleted ones only if asked. */
  channelPosts(channelId: string, includeDeleted = false): Post[] {
    const record = this.channelRecords.get(channelId);
    if (!record) return [];
    const out: Post[] = [];
    for (const id of record.postIds) {
      const p = this.posts.get(id)!;
      if (includeDeleted || !p.delete_at) out.push(p);
    }
    return out;
  }

  /** Live posts of a channel, newest first, lazily (pages read only what they show). */
  *newestFirst(channelId: string): Generator<Post> {
    const ids = this.channelRecords.get(channelId)?.postIds ?? [];
    for (let i = ids.length - 1; i >= 0; i--) {
      const p = this.posts.get(ids[i]!)!;
      if (!p.delete_at) yield p;
    }
  }

  /** A root's live replies, oldest first. */
  repliesOf(rootId: string): Post[] {
    const out: Post[] = [];
    for (const id of this.replies.get(rootId) ?? []) {
      const p = this.posts.get(id)!;
      if (!p.delete_at) out.push(p);
    }
    return out.sort((a, b) => a.create_at - b.create_at);
  }

  // ---------------------------------------------------------------- reactions

  addReaction(userId: string, postId: string, emojiName: string): Reaction {
    const post = this.posts.get(postId);
    if (!post || post.delete_at) throw notFound('post', 'app.post.get.app_error');
    if (!/^[a-zA-Z0-9_+-]{1,64}$/.test(emojiName)) throw invalidBody('emoji_name');
    const list = this.reactions.get(postId) ?? [];
    const existing = list.find((r) => r.user_id === userId && r.emoji_name === emojiName);
    if (existing) return existing;
    const now = Math.max(this.now(), post.update_at + 1);
    const reaction = {
      user_id: userId,
      post_id: postId,
      emoji_name: emojiName,
      create_at: now,
      update_at: now,
      delete_at: 0,
      remote_id: '',
      channel_id: post.channel_id,
    } as Reaction;
    list.push(reaction);
    this.reactions.set(postId, list);
    post.update_at = now;
    this.emit('reaction_added', { reaction: JSON.stringify(reaction) }, { channel_id: post.channel_id });
    return reaction;
  }

  removeReaction(userId: string, postId: string, emojiName: string): void {
    const post = this.posts.get(postId);
    if (!post || post.delete_at) throw notFound('post', 'app.post.get.app_error');
    const list = this.reactions.get(postId) ?? [];
    const index = list.findIndex((r) => r.user_id === userId && r.emoji_name === emojiName);
    if (index < 0) return;
    const [removed] = list.splice(index, 1);
    const now = Math.max(this.now(), post.update_at + 1);
    post.update_at = now;
    this.emit(
      'reaction_removed',
      { reaction: JSON.stringify({ ...removed, update_at: now, delete_at: now }) },
      { channel_id: post.channel_id },
    );
  }

  reactionsFor(postId: string): Reaction[] {
    return (this.reactions.get(postId) ?? []).map((r) => ({ ...r }));
  }

  // ---------------------------------------------------------------- files

  storeFile(input: { userId: string; channelId: string; name: string; data: Uint8Array; mimeType?: string }): FileInfo {
    if (input.data.byteLength > this.maxFileSize) throw fileTooLarge(input.name, this.maxFileSize);
    const now = this.now();
    const dot = input.name.lastIndexOf('.');
    const extension = dot >= 0 ? input.name.slice(dot + 1).toLowerCase() : '';
    const mime = input.mimeType || mimeFromExtension(extension);
    // app/file.go preprocessImage: an image type (not SVG) gets a preview and a thumbnail
    // only when its bytes decode; a "png" that is not one keeps its type and has neither.
    const raster = mime.startsWith('image') && mime !== 'image/svg+xml' ? decodableImage(input.data) : undefined;
    const info = {
      id: newId(),
      user_id: input.userId,
      channel_id: input.channelId,
      post_id: '',
      create_at: now,
      update_at: now,
      delete_at: 0,
      name: input.name,
      extension,
      size: input.data.byteLength,
      mime_type: mime,
      width: raster?.width ?? 0,
      height: raster?.height ?? 0,
      has_preview_image: raster !== undefined,
      mini_preview: null,
      remote_id: '',
      archived: false,
    } as unknown as FileInfo;
    this.files.set(info.id, { info, data: input.data });
    return info;
  }

  // ---------------------------------------------------------------- permission helpers used by routes

  assertCanRead(channelId: string, userId: string): Channel {
    const channel = this.requireChannel(channelId);
    if (!this.canRead(channelId, userId)) throw forbidden();
    return channel;
  }

  assertCanPost(channelId: string, userId: string): Channel {
    const channel = this.requireChannel(channelId);
    // Even a public channel takes posts only from its members (and system admins).
    if (!this.isChannelMember(channelId, userId) && !this.isAdmin(userId)) throw forbidden();
    return channel;
  }

  assertSelfOrAdmin(actorId: string, userId: string): void {
    if (actorId !== userId && !this.isAdmin(actorId)) throw forbidden();
  }

  // ---------------------------------------------------------------- configuration

  /** The server configuration (a copy is never needed: change it with `patchConfig`). */
  get config(): Readonly<EmulatorConfig> {
    return this.#config;
  }

  /** `ServiceSettings.SiteURL`. */
  get siteUrl(): string {
    return this.#config.ServiceSettings.SiteURL;
  }

  /** `FileSettings.MaxFileSize`. */
  get maxFileSize(): number {
    return this.#config.FileSettings.MaxFileSize;
  }

  /** `ServiceSettings.MaximumLoginAttempts`. */
  get maximumLoginAttempts(): number {
    return this.#config.ServiceSettings.MaximumLoginAttempts;
  }

  /**
   * Changes settings (a test hook, and what `PUT /config/patch` does): merges `patch` as
   * the server decodes a config patch, then sends every client `config_changed` with the new
   * client configuration, as `app.UpdateConfig`'s listener does.
   */
  patchConfig(patch: ConfigPatch): EmulatorConfig {
    const next = mergeConfig(this.#config, patch);
    if (!next) throw invalidBody('config');
    this.#config = next;
    this.emit('config_changed', { config: this.clientConfig() }, {});
    return next;
  }

  /** The client configuration (`GET /config/client?format=old`): the settings, the edition and its license. */
  clientConfig(): Record<string, string> {
    return clientConfigOf(this.#config, {
      enterpriseReady: this.edition === 'enterprise',
      guestAccounts: this.guestAccountsEnabled,
    });
  }

  // ---------------------------------------------------------------- roles

  getRoleByName(name: string): Role | undefined {
    return this.roles.get(name);
  }

  // ---------------------------------------------------------------- preferences

  preferencesOf(userId: string, category?: string): PreferenceType[] {
    const all = [...(this.preferences.get(userId)?.values() ?? [])];
    return category === undefined ? all : all.filter((p) => p.category === category);
  }

  /**
   * Saves preferences (`SqlPreferenceStore.Save`: an upsert by user, category and name)
   * and sends `preferences_changed` to the user's connections.
   */
  savePreferences(userId: string, preferences: PreferenceType[]): void {
    let mine = this.preferences.get(userId);
    if (!mine) this.preferences.set(userId, (mine = new Map()));
    for (const pref of preferences) mine.set(preferenceKey(pref), { ...pref, user_id: userId });
    this.emit('preferences_changed', { preferences: JSON.stringify(preferences) }, { user_id: userId });
  }

  deletePreferences(userId: string, preferences: PreferenceType[]): void {
    const mine = this.preferences.get(userId);
    for (const pref of preferences) mine?.delete(preferenceKey(pref));
    this.emit('preferences_deleted', { preferences: JSON.stringify(preferences) }, { user_id: userId });
  }

  // ---------------------------------------------------------------- bots

  /**
   * A bot and its user account (`app.CreateBot`: `model.UserFromBot`, `is_bot: true`, an
   * e-mail at `localhost`, no password, so no password login).
   */
  createBot(ownerId: string, input: { username: string; displayName?: string; description?: string }): Bot {
    const user = this.createUser({
      username: input.username,
      email: `${input.username.toLowerCase()}@localhost`,
      firstName: input.displayName ?? '',
    });
    user.is_bot = true;
    user.bot_description = input.description ?? '';
    const bot: Bot = {
      user_id: user.id,
      username: user.username,
      display_name: input.displayName ?? '',
      description: input.description ?? '',
      owner_id: ownerId,
      create_at: user.create_at,
      update_at: user.create_at,
      delete_at: 0,
    };
    this.bots.set(user.id, bot);
    return bot;
  }

  requireBot(botUserId: string): Bot {
    const bot = this.bots.get(botUserId);
    if (!bot) throw notFound('bot', 'store.sql_bot.get.missing.app_error');
    return bot;
  }

  patchBot(botUserId: string, patch: { username?: string; display_name?: string; description?: string }): Bot {
    const bot = this.requireBot(botUserId);
    const user = this.requireUser(botUserId);
    if (patch.username !== undefined && patch.username.toLowerCase() !== user.username) {
      const username = patch.username.toLowerCase();
      if (!USERNAME_RE.test(username) || RESERVED_USERNAMES.has(username)) {
        throw badRequest('model.bot.is_valid.username.app_error', 'Invalid username.');
      }
      if (this.getUserByUsername(username)) {
        throw badRequest('app.user.save.username_exists.app_error', 'An account with that username already exists.');
      }
      user.username = bot.username = username;
    }
    if (patch.display_name !== undefined) bot.display_name = user.first_name = patch.display_name;
    if (patch.description !== undefined) bot.description = user.bot_description = patch.description;
    bot.update_at = user.update_at = this.now();
    this.emit('user_updated', { user: this.sanitizeUser(user) }, {});
    return bot;
  }

  /** Disables (or enables) a bot and its account, as `app.UpdateBotActive` does. */
  setBotActive(botUserId: string, active: boolean): Bot {
    const bot = this.requireBot(botUserId);
    // A disabled bot's account is deactivated: look it up as it is.
    const user = this.users.get(botUserId)!;
    const now = this.now();
    bot.delete_at = user.delete_at = active ? 0 : now;
    bot.update_at = user.update_at = now;
    if (!active) this.killConnections((sink) => sink.userId === botUserId);
    this.emit('user_updated', { user: this.sanitizeUser(user) }, {});
    return bot;
  }

  /** The session of a token, or the 401 a request without one gets. */
  requireSession(token: string | undefined): Session {
    const session = this.sessionFor(token);
    if (!session) throw sessionExpired(token ? 'token=' : '');
    return session;
  }
}

/** The store's primary key, as one string that no two (category, name) pairs share. */
function preferenceKey(pref: { category: string; name: string }): string {
  return JSON.stringify([pref.category, pref.name]);
}

export function fileTooLarge(name: string, max: number): EmulatorError {
  return new EmulatorError(
    'api.file.upload_file.too_large_detailed.app_error',
    `Unable to upload file ${name}. ${max} bytes max.`,
    413,
  );
}

/** `local@domain`, each a dot-atom (RFC 5322 3.4.1 as net/mail parses it), UTF-8 allowed. */
const DOT_ATOM_EMAIL =
  /^[^\s()<>[\]:;,\\"@.]+(?:\.[^\s()<>[\]:;,\\"@.]+)*@[^\s()<>[\]:;,\\"@.]+(?:\.[^\s()<>[\]:;,\\"@.]+)*$/u;

/** The system roles Mattermost ships (model/role.go). */
const SYSTEM_ROLES = new Set([
  'system_user',
  'system_admin',
  'system_guest',
  'system_post_all',
  'system_post_all_public',
  'system_user_access_token',
  'system_user_manager',
  'system_read_only_admin',
  'system_manager',
  'system_custom_group_admin',
]);

/**
 * Mattermost's `User.IsValid` (server/public/model/user.go) for the fields a create
 * takes: UserEmailMaxLength 128 (bytes), names and nickname 64 runes, position 128 runes;
 * the e-mail must be what `IsValidEmail` (model/utils.go, net/mail's ParseAddress)
 * takes: a dot-atom local part and domain, no display name.
 */
function validateUserFields(input: {
  email: string;
  firstName?: string;
  lastName?: string;
  nickname?: string;
  position?: string;
}): void {
  if (new TextEncoder().encode(input.email).length > 128 || !DOT_ATOM_EMAIL.test(input.email))
    throw badRequest('model.user.is_valid.email.app_error', 'Invalid email.');
  const runes = (value: string | undefined) => [...(value ?? '')].length;
  const limits = [
    ['first_name', input.firstName, 64],
    ['last_name', input.lastName, 64],
    ['nickname', input.nickname, 64],
    ['position', input.position, 128],
  ] as const;
  for (const [field, value, max] of limits) {
    if (runes(value) > max)
      throw badRequest(`model.user.is_valid.${field}.app_error`, `Invalid ${field.replace('_', ' ')}.`);
  }
}

function insertSorted(ids: string[], post: Post, posts: Map<string, Post>): void {
  let i = ids.length;
  while (i > 0 && posts.get(ids[i - 1]!)!.create_at > post.create_at) i--;
  ids.splice(i, 0, post.id);
}

/** Mattermost names GMs by a hash of their members; any stable 40-hex works. */
function hashName(input: string): string {
  let h1 = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < input.length; i++) h1 = Math.imul(h1 ^ input.charCodeAt(i), 16777619) >>> 0;
    h1 = Math.imul(h1 ^ round, 16777619) >>> 0;
    out += h1.toString(16).padStart(8, '0');
  }
  return out;
}

/**
 * model.NewInfo: Mattermost types a file by its name's extension (Go's `mime.TypeByExtension`
 * with the system's mime.types), never by what the uploader said; unknown extensions get none.
 */
const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  htm: 'text/html; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xhtml: 'application/xhtml+xml',
  xht: 'application/xhtml+xml',
  xml: 'text/xml; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  zip: 'application/zip',
  bin: 'application/octet-stream',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};

function mimeFromExtension(ext: string): string {
  return MIME[ext] ?? '';
}

const startsWith = (data: Uint8Array, magic: readonly number[], at = 0): boolean =>
  data.byteLength >= at + magic.length && magic.every((byte, i) => data[at + i] === byte);

/**
 * What Go's `image.DecodeConfig` (with the decoders Mattermost registers: png, jpeg, gif,
 * bmp, tiff, webp) would accept, by the format's signature; PNG and GIF report their size.
 */
function decodableImage(data: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && data.byteLength >= 24) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (startsWith(data, [0x47, 0x49, 0x46, 0x38]) && data.byteLength >= 10) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  const signature =
    startsWith(data, [0xff, 0xd8, 0xff]) ||
    (startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data, [0x57, 0x45, 0x42, 0x50], 8)) ||
    startsWith(data, [0x42, 0x4d]) ||
    startsWith(data, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(data, [0x4d, 0x4d, 0x00, 0x2a]);
  return signature ? { width: 0, height: 0 } : undefined;
}
