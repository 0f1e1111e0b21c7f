import { SUPPORT_CHANNEL_PREFIX } from '../shared/demo-users.js';
import type { AuthConfig } from './config.js';
import { ApiError } from './errors.js';
import { randomSecret, sha256Hex } from './hash.js';
import type { HostIdentity } from './identity.js';
import type { Logger } from './logger.js';
import { MattermostError } from './mattermost.js';
import type { MattermostAdmin, MmTeam, MmUser } from './mattermost.js';
import type { TokenRecord, TokenStore } from './store.js';
import { USERNAME_MAX, usernameFor, withSuffix } from './username.js';

const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 15_000;
const TOKEN_DESCRIPTION = 'bisman-chat widget';
/** The only roles an account may hold for the widget to get a token for it. */
const ALLOWED_ROLES = new Set(['system_user', 'system_guest']);
/** Portal users' emails: never routable, never another account's (RFC 2606). */
const PORTAL_EMAIL_DOMAIN = 'portal.invalid';

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
  readonly #agents = new Map<string, Promise<MmUser | null>>();

  constructor(config: AuthConfig, deps: { mm: MattermostAdmin; store: TokenStore; logger: Logger; now: () => number }) {
    this.#config = config;
    this.#mm = deps.mm;
    this.#store = deps.store;
    this.#log = deps.logger;
    this.#now = deps.now;
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
    return record && this.#fresh(record) ? record : undefined;
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
      if (!options.renew || (await this.#alive(cached))) return cached;
      // Dead: forget it, and provision again from scratch (the user, team and channel
      // of the record may be gone too).
      await this.#store.delete(cached.key, await sha256Hex(cached.token));
      this.#log.info(
        { userId: cached.userId, tokenId: cached.tokenId },
        'cached chat token refused by Mattermost; issuing a new one',
      );
    }
    const running = this.#inflight.get(identity.key);
    if (running) return running;
    const work = this.#issueLocked(identity).finally(() => this.#inflight.delete(identity.key));
    this.#inflight.set(identity.key, work);
    return work;
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
      assertAccountAllowed(current);
      base = previous;
    } else {
      base = await this.#provision(identity).catch((err: unknown) => {
        if (!(err instanceof TeamGoneError)) throw err;
        // The cached team is gone (Mattermost restarted with a fresh state): forget what
        // this process remembered of Mattermost and look it up again, once.
        this.#log.warn({ team: this.#config.mmTeamSlug }, 'cached Mattermost team is gone; looking it up again');
        this.#team = undefined;
        this.#admin = undefined;
        this.#agents.clear();
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
    this.#log.info(
      { userId: base.userId, tokenId: issued.id, rotated: Boolean(previous), expiresAt },
      'chat token issued',
    );
    return record;
  }

  async #provision(identity: HostIdentity): Promise<Omit<TokenRecord, 'tokenId' | 'token' | 'issuedAt' | 'expiresAt'>> {
    const team = await this.#getTeam();
    const user = await this.#ensureUser(identity);
    assertAccountAllowed(user);
    await this.#ensureTeamMember(team.id, user.id);
    const supportAgent = this.#config.supportAgents.includes(user.username);
    const supportChannelId = supportAgent ? undefined : await this.#ensureSupportChannel(team.id, user, identity.name);
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
    // Only the host app's own identities are matched to existing accounts by email.
    const existing = await this.#mm.getUserByEmail(identity.email).catch((err: unknown) => {
      throw toApiError(err, 'look up the user');
    });
    if (existing) return existing;
    const [first, ...rest] = identity.name.split(/\s+/);
    const base = await usernameFor(identity);
    for (let n = 1; n <= 50; n++) {
      const username = n === 1 ? base : withSuffix(base, n);
      const taken = await this.#mm.getUserByUsername(username).catch((err: unknown) => {
        throw toApiError(err, 'look up the username');
      });
      if (taken) continue;
      try {
        const user = await this.#mm.createUser({
          email: identity.email,
          username,
          password: randomSecret(),
          first_name: first ?? '',
          last_name: rest.join(' '),
        });
        this.#log.info({ userId: user.id, username }, 'mattermost user created');
        return user;
      } catch (err) {
        if (err instanceof MattermostError && err.id.includes('email_exists')) {
          // Created by a concurrent request (another instance): use that one.
          const user = await this.#mm.getUserByEmail(identity.email);
          if (user) return user;
        }
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
      const [first, ...rest] = identity.name.split(/\s+/);
      try {
        user = await this.#mm.createUser({
          email,
          username,
          password: randomSecret(),
          first_name: first ?? '',
          last_name: rest.join(' '),
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

  async #ensureSupportChannel(teamId: string, user: MmUser, displayName: string): Promise<string> {
    const name = supportChannelName(user);
    let channel = await this.#mm.getChannelByName(teamId, name).catch((err: unknown) => {
      throw toApiError(err, 'look up the support channel');
    });
    if (!channel) {
      try {
        channel = await this.#mm.createChannel({
          team_id: teamId,
          name,
          display_name: `Support · ${displayName}`.slice(0, 64),
          type: 'P',
          purpose: `Support conversation with ${displayName}`,
        });
        this.#log.info({ channelId: channel.id, userId: user.id }, 'support channel created');
      } catch (err) {
        // A concurrent instance created it first.
        channel =
          err instanceof MattermostError && err.status === 400 ? await this.#mm.getChannelByName(teamId, name) : null;
        if (!channel) throw toApiError(err, 'create the support channel');
      }
    }
    const members: string[] = [user.id];
    for (const agentName of this.#config.supportAgents) {
      const agent = await this.#getAgent(teamId, agentName);
      if (agent && agent.id !== user.id) members.push(agent.id);
    }
    for (const memberId of members) {
      await this.#mm.addToChannel(channel.id, memberId).catch((err: unknown) => {
        throw toApiError(err, 'add a member to the support channel');
      });
    }
    // Creating the channel made the admin account a member; the conversation is the
    // user's and the agents' only.
    const admin = await this.#getAdmin();
    if (!members.includes(admin.id)) {
      await this.#mm.removeFromChannel(channel.id, admin.id).catch((err: unknown) => {
        if (err instanceof MattermostError && (err.status === 404 || err.status === 400)) return; // not a member
        throw toApiError(err, 'leave the support channel');
      });
    }
    return channel.id;
  }

  #getAdmin(): Promise<MmUser> {
    this.#admin ??= this.#mm.getMe().catch((err: unknown) => {
      this.#admin = undefined;
      throw toApiError(err, 'read the admin account');
    });
    return this.#admin;
  }

  /** A support agent's user, made a team member once per process; null when it does not exist. */
  #getAgent(teamId: string, username: string): Promise<MmUser | null> {
    let agent = this.#agents.get(username);
    if (!agent) {
      agent = (async () => {
        const user = await this.#mm.getUserByUsername(username);
        if (!user) {
          this.#log.warn({ username }, 'support agent listed in SUPPORT_AGENTS does not exist in Mattermost');
          return null;
        }
        await this.#mm.addToTeam(teamId, user.id);
        return user;
      })().catch((err: unknown) => {
        this.#agents.delete(username);
        throw toApiError(err, 'look up a support agent');
      });
      this.#agents.set(username, agent);
    }
    return agent;
  }

  /**
   * Revokes a token the browser holds (its Mattermost token). A token the cache does not
   * know (issued before a restart of a memory-store server) is still a widget token of
   * its owner: then every widget token of that user is revoked. Resolves false when the
   * token is not a live token.
   */
  async revokeToken(token: string): Promise<boolean> {
    const hash = await sha256Hex(token);
    const ref = await this.#store.lookupToken(hash);
    if (ref) {
      await this.#revoke(ref.tokenId);
      await this.#store.delete(ref.key, hash);
      this.#log.info({ tokenId: ref.tokenId }, 'chat token revoked (logout)');
      return true;
    }
    let owner: MmUser;
    try {
      owner = await this.#mm.getMeWithToken(token);
    } catch (err) {
      if (err instanceof MattermostError) return false; // not a live token
      throw err;
    }
    const widgetTokens = (
      await this.#mm.listUserAccessTokens(owner.id).catch((err: unknown) => {
        throw toApiError(err, 'list the user access tokens');
      })
    ).filter((t) => t.is_active && t.description === TOKEN_DESCRIPTION);
    for (const t of widgetTokens) await this.#revoke(t.id);
    this.#log.info(
      { userId: owner.id, revoked: widgetTokens.length },
      "uncached chat token: revoked the user's widget tokens (logout)",
    );
    return widgetTokens.length > 0;
  }

  /** Revokes the current token of an identity. Resolves false when it has none cached. */
  async revokeFor(identity: HostIdentity): Promise<boolean> {
    const record = await this.#store.get(identity.key);
    if (!record) return false;
    await this.#revoke(record.tokenId);
    await this.#store.delete(record.key, await sha256Hex(record.token));
    this.#log.info({ tokenId: record.tokenId }, 'chat token revoked (logout)');
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

function isGuest(user: MmUser): boolean {
  return (user.roles ?? '').split(/\s+/).includes('system_guest');
}

/** The username and email a portal's (kid, sub) is linked to: `portal-<hash>`, `<hash>@portal.invalid`. */
export async function portalAccount(kid: string, subject: string): Promise<{ username: string; email: string }> {
  const hash = await sha256Hex(JSON.stringify([kid, subject]));
  return {
    username: `portal-${hash.slice(0, USERNAME_MAX - 'portal-'.length)}`,
    email: `${hash}@${PORTAL_EMAIL_DOMAIN}`,
  };
}

/**
 * `support-<username>`; a username that is not a valid channel name part (dots, say)
 * uses the user id instead, so two users never share a name (and a channel).
 */
export function supportChannelName(user: { id: string; username: string }): string {
  const fits = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/.test(user.username) && !user.username.includes('__');
  return `${SUPPORT_CHANNEL_PREFIX}${fits ? user.username : user.id}`;
}

function toApiError(err: unknown, doing: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof MattermostError) {
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
