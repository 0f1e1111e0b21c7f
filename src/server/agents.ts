// The support staff: known by Mattermost user id, never by a name somebody could take.
import { ApiError } from './errors.js';
import type { Logger } from './logger.js';
import type { MattermostAdmin, MmUser } from './mattermost.js';

/** How often an agent id Mattermost does not know is looked up again. */
export const AGENT_RETRY_MS = 5 * 60_000;
const USER_ID = /^[a-z0-9]{26}$/;

/** SUPPORT_AGENTS cannot be used as given: the message is one line, naming the entry. */
export class AgentConfigError extends ApiError {
  constructor(message: string) {
    super(503, 'support_agents_invalid', message);
    this.name = 'AgentConfigError';
  }
}

interface Known {
  user: MmUser | null;
  /** When to read the account again (ms epoch): an unknown id may appear, an agent may be deactivated. */
  retryAt: number;
  /** Made a member of the team (once per process). */
  inTeam?: Promise<void>;
}

/**
 * SUPPORT_AGENTS as user ids. A username is accepted for a transition only: `prepare()`
 * resolves it once, at start, to an existing active account (logged with its id), and
 * refuses to start when one does not resolve; names are never matched after that, so a
 * listed agent who does not exist yet cannot be claimed by whoever first gets that name.
 */
export class SupportAgents {
  readonly #entries: readonly string[];
  readonly #mm: MattermostAdmin;
  readonly #log: Logger;
  readonly #now: () => number;
  #ids: ReadonlySet<string> = new Set();
  #reserved: ReadonlySet<string> = new Set();
  #prepared: Promise<void> | undefined;
  readonly #known = new Map<string, Known>();

  readonly #toApiError: (err: unknown, doing: string) => ApiError;

  constructor(
    entries: readonly string[],
    deps: {
      mm: MattermostAdmin;
      logger: Logger;
      now: () => number;
      toApiError: (err: unknown, doing: string) => ApiError;
    },
  ) {
    this.#entries = entries;
    this.#toApiError = deps.toApiError;
    this.#mm = deps.mm;
    this.#log = deps.logger;
    this.#now = deps.now;
  }

  /** Resolves the transition usernames (once; again after a failure). Rejects with an `AgentConfigError`. */
  prepare(): Promise<void> {
    this.#prepared ??= this.#resolve().catch((err: unknown) => {
      this.#prepared = undefined;
      throw err;
    });
    return this.#prepared;
  }

  async #resolve(): Promise<void> {
    const ids = new Set<string>();
    const reserved = new Set<string>();
    for (const entry of this.#entries) {
      if (USER_ID.test(entry)) {
        ids.add(entry);
        continue;
      }
      const user = await this.#mm.getUserByUsername(entry).catch((err: unknown) => {
        throw this.#toApiError(err, `look up the support agent "${entry}"`);
      });
      if (!user || user.delete_at || user.is_bot)
        throw new AgentConfigError(
          `SUPPORT_AGENTS: "${entry}" is not an active Mattermost account; list agents by user id`,
        );
      this.#log.warn(
        { username: entry, userId: user.id },
        'SUPPORT_AGENTS lists a username: replace it with the user id',
      );
      ids.add(user.id);
      reserved.add(entry);
      this.#known.set(user.id, { user, retryAt: this.#now() + AGENT_RETRY_MS });
    }
    this.#ids = ids;
    this.#reserved = reserved;
  }

  /** Is this Mattermost user a support agent? (By id: after `prepare()`.) */
  isAgent(userId: string): boolean {
    return this.#ids.has(userId);
  }

  /**
   * Usernames never generated for anyone else: the agents' (as listed for the transition,
   * and as Mattermost knows them now).
   */
  isReservedUsername(username: string): boolean {
    if (this.#reserved.has(username)) return true;
    for (const known of this.#known.values()) if (known.user?.username === username) return true;
    return false;
  }

  /**
   * Reads the agents' accounts, each every `AGENT_RETRY_MS`: an id Mattermost does not know
   * is logged and may appear later; a deactivated agent stops being one of `members()`
   * (and reconciling removes it from the conversations it is provisioned into).
   */
  async refresh(): Promise<void> {
    await this.prepare();
    for (const id of this.#ids) {
      const known = this.#known.get(id);
      if (known && this.#now() < known.retryAt) continue;
      const user = await this.#mm.getUser(id).catch((err: unknown) => {
        throw this.#toApiError(err, 'look up a support agent');
      });
      const active = user && !user.delete_at ? user : null;
      if (!active)
        this.#log.warn({ userId: id }, 'support agent listed in SUPPORT_AGENTS is not an active Mattermost account');
      // A team membership already made stays made.
      this.#known.set(id, {
        user: active,
        retryAt: this.#now() + AGENT_RETRY_MS,
        inTeam: known?.user ? known.inTeam : undefined,
      });
    }
  }

  /** The agents that exist and are active, each made a member of the team once per process. */
  async members(teamId: string): Promise<MmUser[]> {
    await this.refresh();
    const members: MmUser[] = [];
    for (const id of this.#ids) {
      const known = this.#known.get(id);
      const user = known?.user;
      if (!known || !user) continue;
      known.inTeam ??= this.#mm.addToTeam(teamId, user.id).then(
        () => undefined,
        (err: unknown) => {
          known.inTeam = undefined;
          throw this.#toApiError(err, 'add a support agent to the team');
        },
      );
      await known.inTeam;
      members.push(user);
    }
    return members;
  }

  /** Forgets what this process learnt of the accounts (Mattermost lost its state): looked up again by id. */
  forget(): void {
    this.#known.clear();
  }
}
