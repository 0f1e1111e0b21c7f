import { SupportAgents } from './agents.js';
import { SYNTHETIC_EMAIL_TLD, splitName } from './claims.js';
import type { AuthConfig } from './config.js';
import { ApiError } from './errors.js';
import { randomSecret, sha256Hex } from './hash.js';
import type { HostIdentity } from './identity.js';
import type { Logger } from './logger.js';
import { MattermostError } from './mattermost.js';
import type { MattermostAdmin, MmTeam, MmUser } from './mattermost.js';
import type { TokenRecord, TokenStore } from './store.js';
import { SupportChannelNames, SupportConversations } from './support-channel.js';
import { PORTAL_USERNAME_PREFIX, USERNAME_MAX, usernameFor, withSuffix } from './username.js';

const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 15_000;
const TOKEN_DESCRIPTION = 'bisman-chat widget';
/** The only roles an account may hold for the widget to get a token for it. */
const ALLOWED_ROLES = new Set(['system_user', 'system_guest']);
/** Portal users' emails: never routable, never another account's (RFC 2606). */
const PORTAL_EMAIL_DOMAIN = `portal${SYNTHETIC_EMAIL_TLD}`;
/** Accounts of host identities whose e-mail the host app says is not verified: linked by subject. */
const UNVERIFIED_EMAIL_DOMAIN = `unverified${SYNTHETIC_EMAIL_TLD}`;
/**
 * How long a cached token is handed out without reading its account again: a promotion
 * (to system admin, say), a deactivation or a demotion is seen within this.
 */
export const ROLE_RECHECK_MS = 5 * 60_000;
/** Bounds the memory of when each identity was checked (oldest forgotten first: checked again). */
const CHECKED_MAX = 100_000;

/**
 * Turns a host identity into a Mattermost user with a token: provisions the user, the
 * team membership and the support channel once, then hands out the cached token until
 * it is due for rotation. Work for one identity runs once at a time in this process
 * (single flight) and, with a shared store, once across instances (a lock).
 */
export class ChatTokenService {
  readonly #config: AuthConfig;
  readonly #mm: MattermostAdmin;
  readonly #store: TokenStore;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #inflight = new Map<string, Promise<TokenRecord>>();
  #team: Promise<MmTeam> | undefined;
  #admin: Promise<MmUser> | undefined;
  readonly #agents: SupportAgents;
  readonly #conversations: SupportConversations;
  /** Identity key → when its account was last read and allowed (ms epoch). */
  readonly #checkedAt = new Map<string, number>();
  /** Re-checks under way, one per identity: a burst of requests reads the account once. */
  readonly #rechecks = new Map<string, Promise<boolean>>();

  constructor(config: AuthConfig, deps: { mm: MattermostAdmin; store: TokenStore; logger: Logger; now: () => number }) {
    this.#config = config;
    this.#mm = deps.mm;
    this.#store = deps.store;
    this.#log = deps.logger;
    this.#now = deps.now;
    this.#agents = new SupportAgents(config.supportAgents, { ...deps, toApiError });
    this.#conversations = new SupportConversations({
      mm: deps.mm,
      logger: deps.logger,
      names: new SupportChannelNames(config.supportChannelKey),
      provisioner: () => this.#getAdmin(),
      toApiError,
    });
  }

  /**
   * Resolves SUPPORT_AGENTS (the transition usernames, once): the server calls it at
   * start, and stops with its one-line `AgentConfigError` message when it rejects.
   */
  prepare(): Promise<void> {
    return this.#agents.prepare();
  }

  /** How long before `expiresAt` a request gets a fresh token instead of the cached one. */
  get refreshWindowMs(): number {
    return Math.min(300, this.#config.tokenTtlSeconds / 4) * 1000;
  }

  /**
   * The identity's cached token, when it is fresh and the store answers without waiting
   * (the memory store): the usual request then needs no promise. Else undefined, and
   * `getToken` has the answer.
   */
  cached(identity: HostIdentity): TokenRecord | undefined {
    const record = this.#store.peek?.(identity.key);
    return record && this.#fresh(record) && !this.#dueForCheck(record) ? record : undefined;
  }

  /**
   * The identity's token: the cached one while it is fresh, else a new one. With
   * `renew` (the widget got a 401 with its token) the cached token is first checked
   * against Mattermost, and replaced when Mattermost refuses it (revoked, or Mattermost
   * lost its state): only then, so the usual request costs no Mattermost call.
   */
  async getToken(identity: HostIdentity, options: { renew?: boolean } = {}): Promise<TokenRecord> {
    const cached = await this.#store.get(identity.key);
    if (cached && this.#fresh(cached)) {
      // The rules of first issuance, again: at every renew, and every ROLE_RECHECK_MS.
      let usable = options.renew || this.#dueForCheck(cached) ? await this.#recheckOnce(identity, cached) : true;
      if (usable && options.renew && !(await this.#alive(cached))) {
        // Dead: forget it, and provision again from scratch (the user, team and channel
        // of the record may be gone too).
        await this.#store.delete(cached.key, await sha256Hex(cached.token));
        this.#log.info(
          { userId: cached.userId, tokenId: cached.tokenId },
          'cached chat token refused by Mattermost; issuing a new one',
        );
        usable = false;
      }
      if (usable) return cached;
    }
    const running = this.#inflight.get(identity.key);
    if (running) return running;
    const work = this.#issueLocked(identity).finally(() => this.#inflight.delete(identity.key));
    this.#inflight.set(identity.key, work);
    return work;
  }

  #dueForCheck(record: TokenRecord): boolean {
    return this.#now() - (this.#checkedAt.get(record.key) ?? record.issuedAt) >= ROLE_RECHECK_MS;
  }

  #markChecked(key: string): void {
    this.#checkedAt.delete(key);
    this.#checkedAt.set(key, this.#now());
    if (this.#checkedAt.size > CHECKED_MAX) this.#checkedAt.delete(this.#checkedAt.keys().next().value!);
  }

  #recheckOnce(identity: HostIdentity, record: TokenRecord): Promise<boolean> {
    let running = this.#rechecks.get(record.key);
    if (!running) {
      running = this.#recheck(identity, record).finally(() => this.#rechecks.delete(record.key));
      this.#rechecks.set(record.key, running);
    }
    return running;
  }

  /**
   * Reads the record's account again and applies the rules of first issuance. Refused
   * (promoted to admin, deactivated, a bot): every widget token of the user is revoked and
   * the refusal thrown. A portal account that is no longer a guest: its tokens are revoked
   * and false returned, so it is provisioned again (made a guest again); so is an account
   * that is gone (Mattermost lost its state). Else true.
   */
  async #recheck(identity: HostIdentity, record: TokenRecord): Promise<boolean> {
    const current = await this.#mm.getUser(record.userId).catch((err: unknown) => {
      throw toApiError(err, 'read the user');
    });
    if (!current) {
      await this.#store.delete(record.key, await sha256Hex(record.token));
      return false;
    }
    try {
      assertAccountAllowed(current);
    } catch (err) {
      await this.#revokeAll(record, 'account no longer allowed');
      throw err;
    }
    if (identity.portal && !isGuest(current)) {
      await this.#revokeAll(record, 'portal account is no longer a guest');
      return false;
    }
    this.#markChecked(record.key);
    return true;
  }

  /** Revokes every widget token of the record's user, and forgets the record. */
  async #revokeAll(record: TokenRecord, why: string): Promise<void> {
    await this.#store.delete(record.key, await sha256Hex(record.token));
    this.#checkedAt.delete(record.key);
    const revoked = await this.#revokeWidgetTokens(record.userId, record.tokenId);
    this.#log.warn({ userId: record.userId, revoked }, `chat tokens revoked: ${why}`);
  }

  /** Revokes the user's active widget tokens (and `alsoTokenId`); resolves how many. */
  async #revokeWidgetTokens(userId: string, alsoTokenId?: string): Promise<number> {
    const ids = new Set(alsoTokenId ? [alsoTokenId] : []);
    const tokens = await this.#mm.listUserAccessTokens(userId).catch((err: unknown) => {
      throw toApiError(err, 'list the user access tokens');
    });
    for (const t of tokens) if (t.is_active && t.description === TOKEN_DESCRIPTION) ids.add(t.id);
    for (const id of ids) await this.#revoke(id);
    return ids.size;
  }

  /** Does Mattermost still take this token, for this user? */
  async #alive(record: TokenRecord): Promise<boolean> {
    try {
      return (await this.#mm.getMeWithToken(record.token)).id === record.userId;
    } catch (err) {
      if (err instanceof MattermostError) return false; // 401: revoked or unknown
      throw err; // unreachable: say so rather than hand out a token we could not check
    }
  }

  #fresh(record: TokenRecord): boolean {
    return this.#now() < record.expiresAt - this.refreshWindowMs;
  }

  async #issueLocked(identity: HostIdentity): Promise<TokenRecord> {
    const lockName = `issue:${await sha256Hex(identity.key)}`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const unlock = await this.#store.lock(lockName, LOCK_TTL_MS);
      if (unlock) {
        try {
          // Another instance may have finished while we waited for the lock.
          const cached = await this.#store.get(identity.key);
          if (cached && this.#fresh(cached)) return cached;
          return await this.#issue(identity, cached);
        } finally {
          await unlock();
        }
      }
      const cached = await this.#store.get(identity.key);
      if (cached && this.#fresh(cached)) return cached;
      if (Date.now() > deadline)
        throw new ApiError(503, 'busy', 'Another request is preparing this chat account; try again shortly', 2);
      // Another instance holds the lock: back off briefly and look again.
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 250)));
    }
  }

  async #issue(identity: HostIdentity, previous: TokenRecord | null): Promise<TokenRecord> {
    let base: Omit<TokenRecord, 'tokenId' | 'token' | 'issuedAt' | 'expiresAt'>;
    // Rotation: the user, team and channel were provisioned with this record; the
    // account is read again (it may have been promoted, deactivated or deleted since).
    const current = previous
      ? await this.#mm.getUser(previous.userId).catch((err: unknown) => {
          throw toApiError(err, 'read the user');
        })
      : null;
    // A portal user that is no longer a guest is provisioned again (made a guest again).
    if (previous && current && (!identity.portal || isGuest(current))) {
      try {
        assertAccountAllowed(current);
      } catch (err) {
        await this.#revokeAll(previous, 'account no longer allowed');
        throw err;
      }
      base = previous;
    } else {
      base = await this.#provision(identity).catch((err: unknown) => {
        if (!(err instanceof TeamGoneError)) throw err;
        // The cached team is gone (Mattermost restarted with a fresh state): forget what
        // this process remembered of Mattermost and look it up again, once.
        this.#log.warn({ team: this.#config.mmTeamSlug }, 'cached Mattermost team is gone; looking it up again');
        this.#team = undefined;
        this.#admin = undefined;
        this.#agents.forget();
        return this.#provision(identity);
      });
    }
    const issued = await this.#mm.createUserAccessToken(base.userId, TOKEN_DESCRIPTION).catch((err: unknown) => {
      throw toApiError(err, 'create the user access token');
    });
    const issuedAt = this.#now();
    const expiresAt = issuedAt + this.#config.tokenTtlSeconds * 1000;
    const record: TokenRecord = {
      ...base,
      key: identity.key,
      tokenId: issued.id,
      token: issued.token,
      issuedAt,
      expiresAt,
    };
    const keepMs = expiresAt + this.#config.tokenGraceSeconds * 1000 - issuedAt;
    await this.#store.set(record, await sha256Hex(issued.token), keepMs);
    // Every token is scheduled for revocation when it is issued, so none outlives its
    // grace even if nobody asks again; a rotation leaves the old schedule in place.
    await this.#store.scheduleRevocation(issued.id, expiresAt + this.#config.tokenGraceSeconds * 1000);
    this.#markChecked(identity.key);
    this.#log.info(
      { userId: base.userId, tokenId: issued.id, rotated: Boolean(previous), expiresAt },
      'chat token issued',
    );
    return record;
  }

  async #provision(identity: HostIdentity): Promise<Omit<TokenRecord, 'tokenId' | 'token' | 'issuedAt' | 'expiresAt'>> {
    const team = await this.#getTeam();
    // Before the user: the agents' usernames are then known, and never generated for it.
    await this.#agents.refresh();
    const user = await this.#ensureUser(identity);
    assertAccountAllowed(user);
    await this.#ensureTeamMember(team.id, user.id);
    const supportAgent = this.#agents.isAgent(user.id);
    const supportChannelId = supportAgent
      ? undefined
      : await this.#conversations.ensure(
          team.id,
          user,
          identity.name,
          (await this.#agents.members(team.id)).filter((agent) => agent.id !== user.id),
        );
    return {
      key: identity.key,
      userId: user.id,
      username: user.username,
      teamId: team.id,
      teamName: team.name,
      supportChannelId,
      supportAgent,
    };
  }

  #getTeam(): Promise<MmTeam> {
    this.#team ??= this.#mm
      .getTeamByName(this.#config.mmTeamSlug)
      .then((team) => {
        if (!team)
          throw new ApiError(
            502,
            'team_not_found',
            `The Mattermost team "${this.#config.mmTeamSlug}" does not exist (MM_TEAM_SLUG)`,
          );
        return team;
      })
      .catch((err: unknown) => {
        this.#team = undefined; // retry on the next request
        throw toApiError(err, 'look up the team');
      });
    return this.#team;
  }

  async #ensureUser(identity: HostIdentity): Promise<MmUser> {
    if (identity.portal) return this.#ensurePortalUser(identity, identity.portal.kid);
    if (!identity.emailVerified) return this.#ensureUnverifiedUser(identity);
    // Only the host app's own identities, with an e-mail it does not call unverified, are
    // matched to existing accounts by e-mail; never to a portal's account.
    const existing = await this.#mm.getUserByEmail(identity.email).catch((err: unknown) => {
      throw toApiError(err, 'look up the user');
    });
    if (existing) return assertNotSynthetic(existing);
    const user = await this.#createHostUser(identity, identity.email);
    return user ?? assertNotSynthetic(await this.#mm.getUserByEmail(identity.email));
  }

  /**
   * A host identity whose JWT says `email_verified: false`: its e-mail names nobody. Its
   * account is linked by subject, through a synthetic e-mail, like a portal's.
   */
  async #ensureUnverifiedUser(identity: HostIdentity): Promise<MmUser> {
    const email = `${await sha256Hex(JSON.stringify(['unverified', identity.subject]))}@${UNVERIFIED_EMAIL_DOMAIN}`;
    const existing = await this.#mm.getUserByEmail(email).catch((err: unknown) => {
      throw toApiError(err, 'look up the user');
    });
    if (existing) return existing;
    const user = (await this.#createHostUser(identity, email)) ?? (await this.#mm.getUserByEmail(email));
    if (!user) throw new ApiError(503, 'busy', 'Another request is preparing this chat account; try again shortly', 2);
    return user;
  }

  /** A new account for a host identity; null when a concurrent request created the e-mail's first. */
  async #createHostUser(identity: HostIdentity, email: string): Promise<MmUser | null> {
    const base = await usernameFor(identity);
    for (let n = 1; n <= 50; n++) {
      const username = n === 1 ? base : withSuffix(base, n);
      if (this.#agents.isReservedUsername(username)) continue;
      const taken = await this.#mm.getUserByUsername(username).catch((err: unknown) => {
        throw toApiError(err, 'look up the username');
      });
      if (taken) continue;
      try {
        const user = await this.#mm.createUser({
          email,
          username,
          password: randomSecret(),
          ...splitName(identity.name),
        });
        this.#log.info({ userId: user.id, username }, 'mattermost user created');
        return user;
      } catch (err) {
        // Created by a concurrent request (another instance): use that one.
        if (err instanceof MattermostError && err.id.includes('email_exists')) return null;
        if (err instanceof MattermostError && err.id.includes('username_exists')) continue;
        throw toApiError(err, 'create the user');
      }
    }
    throw new ApiError(502, 'username_unavailable', 'Could not find a free Mattermost username for this user');
  }

  /**
   * A portal identity's user. A portal's claims are not trusted to name an existing
   * account: its user is linked by (kid, sub) only, through a username and email derived
   * from them, which Mattermost keeps (and the emulator too) so the link survives
   * restarts. The portal's email claim is never used: another account may hold it, or
   * the host app's user may later (and would then be matched to the portal's account).
   */
  async #ensurePortalUser(identity: HostIdentity, kid: string): Promise<MmUser> {
    const { username, email } = await portalAccount(kid, identity.subject);
    const find = async (): Promise<MmUser | null> => {
      const user = await this.#mm.getUserByUsername(username).catch((err: unknown) => {
        throw toApiError(err, 'look up the portal user');
      });
      if (user && user.email.toLowerCase() !== email) {
        throw new ApiError(
          409,
          'portal_account_conflict',
          `The Mattermost username "${username}" reserved for this portal user belongs to another account`,
        );
      }
      return user;
    };
    let user = await find();
    if (!user) {
      try {
        user = await this.#mm.createUser({
          email,
          username,
          password: randomSecret(),
          ...splitName(identity.name),
        });
        this.#log.info({ userId: user.id, username, portal: kid }, 'mattermost portal user created');
      } catch (err) {
        // Created by a concurrent request (another instance): use that one.
        if (err instanceof MattermostError && (err.id.includes('username_exists') || err.id.includes('email_exists'))) {
          user = await find();
          if (!user)
            throw new ApiError(
              409,
              'portal_account_conflict',
              'The email reserved for this portal user belongs to another account',
            );
        } else {
          throw toApiError(err, 'create the portal user');
        }
      }
    }
    assertAccountAllowed(user);
    if (isGuest(user)) return user;
    // A guest before it joins the team: it never becomes a full member, not even for a
    // moment (no town-square, no public channels). When Mattermost refuses, nothing
    // else happens: the account stays outside the team, without a token.
    try {
      await this.#mm.demoteToGuest(user.id);
    } catch (err) {
      if (!(err instanceof MattermostError)) throw toApiError(err, 'make the portal user a guest');
      if (!err.id.includes('already_guest')) {
        const why = `${err.status} ${err.id || err.message}`;
        throw new ApiError(
          502,
          'guest_accounts_unavailable',
          `Mattermost refused to make this portal user a guest (${why}); portals need guest accounts (GuestAccountsSettings.Enable, a licensed feature)`,
        );
      }
    }
    this.#log.info({ userId: user.id, portal: kid }, 'portal user is a guest');
    return { ...user, roles: 'system_guest' };
  }

  async #ensureTeamMember(teamId: string, userId: string): Promise<void> {
    await this.#mm.addToTeam(teamId, userId).catch((err: unknown) => {
      if (err instanceof MattermostError && err.status === 404) throw new TeamGoneError(this.#config.mmTeamSlug);
      throw toApiError(err, 'add the user to the team');
    });
  }

  #getAdmin(): Promise<MmUser> {
    this.#admin ??= this.#mm.getMe().catch((err: unknown) => {
      this.#admin = undefined;
      throw toApiError(err, 'read the admin account');
    });
    return this.#admin;
  }

  /**
   * Logout with the token the browser holds (its Mattermost token): every live widget
   * token of its owner is revoked, the rotated-out one still in its grace included, and
   * the identity's cached record forgotten. Resolves false when the token is not a live
   * token and the cache does not know it.
   */
  async revokeToken(token: string): Promise<boolean> {
    const hash = await sha256Hex(token);
    const ref = await this.#store.lookupToken(hash);
    const record = ref ? await this.#store.get(ref.key) : null;
    let userId = record?.userId;
    if (userId === undefined) {
      try {
        userId = (await this.#mm.getMeWithToken(token)).id;
      } catch (err) {
        if (!(err instanceof MattermostError)) throw err;
        // Not a live token: revoke what the cache knows of it, if anything.
        if (ref) {
          await this.#revoke(ref.tokenId);
          await this.#store.delete(ref.key, hash);
        }
        return ref !== null;
      }
    }
    if (ref) await this.#store.delete(ref.key, hash);
    if (record) await this.#store.delete(record.key, await sha256Hex(record.token));
    if (ref) this.#checkedAt.delete(ref.key);
    const revoked = await this.#revokeWidgetTokens(userId, ref?.tokenId);
    this.#log.info({ userId, revoked }, 'chat tokens revoked (logout): every widget token of the user');
    return revoked > 0;
  }

  /** Logout with the host identity: every live widget token of its user. Resolves false when it has none cached. */
  async revokeFor(identity: HostIdentity): Promise<boolean> {
    const record = await this.#store.get(identity.key);
    if (!record) return false;
    await this.#store.delete(record.key, await sha256Hex(record.token));
    this.#checkedAt.delete(record.key);
    const revoked = await this.#revokeWidgetTokens(record.userId, record.tokenId);
    this.#log.info({ userId: record.userId, revoked }, 'chat tokens revoked (logout): every widget token of the user');
    return true;
  }

  async #revoke(tokenId: string): Promise<void> {
    try {
      await this.#mm.revokeUserAccessToken(tokenId);
    } catch (err) {
      // Already gone (revoked by an admin, or earlier): nothing left to do.
      if (err instanceof MattermostError && (err.status === 404 || err.status === 400)) return;
      throw toApiError(err, 'revoke the token');
    }
  }

  /** Revokes the tokens whose grace ended. Failed revocations are retried on a later sweep. */
  async sweep(): Promise<number> {
    const due = await this.#store.takeDueRevocations(this.#now());
    let revoked = 0;
    for (const tokenId of due) {
      try {
        await this.#revoke(tokenId);
        revoked++;
        this.#log.info({ tokenId }, 'rotated chat token revoked');
      } catch {
        this.#log.warn({ tokenId }, 'revoking a rotated chat token failed; will retry');
        await this.#store.scheduleRevocation(tokenId, this.#now() + 30_000);
      }
    }
    return revoked;
  }
}

/** The team id this process remembered answers 404: Mattermost lost or replaced the team. */
class TeamGoneError extends ApiError {
  constructor(slug: string) {
    super(502, 'team_not_found', `The Mattermost team "${slug}" is gone (MM_TEAM_SLUG)`);
  }
}

/**
 * Refuses accounts the widget must never get a token for: bots, deactivated accounts,
 * and any account with a role beyond `system_user`/`system_guest` (system admins, and
 * also system managers, post-all, user-access-token roles...).
 */
export function assertAccountAllowed(user: MmUser): void {
  if (user.is_bot)
    throw new ApiError(
      403,
      'account_not_allowed',
      'This chat account is a bot account; the chat does not issue tokens for bots',
    );
  if (user.delete_at) throw new ApiError(403, 'account_not_allowed', 'This chat account is deactivated in Mattermost');
  const beyond = (user.roles ?? '').split(/\s+/).filter((role) => role && !ALLOWED_ROLES.has(role));
  if (beyond.length > 0) {
    throw new ApiError(
      403,
      'account_not_allowed',
      `This chat account holds Mattermost roles the widget may not use (${beyond.join(', ')}); sign in to Mattermost directly`,
    );
  }
}

/** A host identity is never given an account this server made for a portal or an unverified e-mail. */
function assertNotSynthetic(user: MmUser | null): MmUser {
  if (!user) throw new ApiError(503, 'busy', 'Another request is preparing this chat account; try again shortly', 2);
  if (user.username.startsWith(PORTAL_USERNAME_PREFIX) || user.email.toLowerCase().endsWith(SYNTHETIC_EMAIL_TLD)) {
    throw new ApiError(
      409,
      'account_conflict',
      "This e-mail belongs to a chat account that is linked to another sign-in (a portal's); it cannot be used here",
    );
  }
  return user;
}

function isGuest(user: MmUser): boolean {
  return (user.roles ?? '').split(/\s+/).includes('system_guest');
}

/** The username and email a portal's (kid, sub) is linked to: `portal-<hash>`, `<hash>@portal.invalid`. */
export async function portalAccount(kid: string, subject: string): Promise<{ username: string; email: string }> {
  const hash = await sha256Hex(JSON.stringify([kid, subject]));
  return {
    username: `${PORTAL_USERNAME_PREFIX}${hash.slice(0, USERNAME_MAX - PORTAL_USERNAME_PREFIX.length)}`,
    email: `${hash}@${PORTAL_EMAIL_DOMAIN}`,
  };
}

function toApiError(err: unknown, doing: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof MattermostError) {
    // Mattermost's model validation refused what the claims gave (user.go IsValid): the
    // client's request, not a fault of ours or Mattermost's.
    const field = /^model\.user\.is_valid\.([a-z_]+)\.app_error$/.exec(err.id)?.[1];
    if (err.status === 400 && field) {
      return new ApiError(400, 'invalid_claims', `Mattermost refused the host identity's ${field} (${err.message})`);
    }
    if (err.status === 401 || err.status === 403) {
      return new ApiError(
        502,
        'mattermost_admin_rejected',
        `Mattermost refused the admin token when trying to ${doing} (check MM_ADMIN_TOKEN and EnableUserAccessTokens)`,
      );
    }
    if (err.status === 501)
      return new ApiError(
        502,
        'mattermost_tokens_disabled',
        'Mattermost has personal access tokens disabled (ServiceSettings.EnableUserAccessTokens)',
      );
    return new ApiError(
      502,
      'mattermost_error',
      `Mattermost refused to ${doing} (${err.status} ${err.id || err.message})`,
    );
  }
  return new ApiError(502, 'mattermost_error', `Could not ${doing}`);
}
