/**
 * The launcher's badge before the chat UI loads: unread counts over Mattermost's REST API
 * and WebSocket with `fetch` and `WebSocket` alone, so a page that never opens the chat
 * never loads `@mattermost/client` or the store. Counts as the store does (`unread.ts`),
 * from a fresh read of the channels and memberships whenever an event may have moved them.
 */
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { SessionError, websocketUrlFor, type Session } from './session.js';
import type { ChatToken, TabId, UnreadTotals } from './types.js';
import { inScope, tabOf, teamToLoad, unreadMessages, unreadTotals } from './unread.js';

/** Events after which the counts may differ (the rest leave them alone). */
const COUNT_EVENTS = new Set([
  'posted',
  'channel_viewed',
  'multiple_channels_viewed',
  'post_unread',
  'channel_member_updated',
  'direct_added',
  'group_added',
  'channel_created',
  'channel_deleted',
  'channel_restored',
  'channel_updated',
  'added_to_team',
  'leave_team',
]);
/** Membership changes count only when they are the user's own. */
const MEMBER_EVENTS = new Set(['user_added', 'user_removed']);

export interface UnreadWatcherOptions {
  /** Where the token comes from; the element hands the same session's token to the store later. */
  session: Session;
  /** The tabs shown: the totals count only these. */
  tabs: readonly TabId[];
  /** The team's name (the host's choice wins over the token's team). */
  team?: string | undefined;
  /** New totals, whenever a read changed them. */
  onTotals(totals: UnreadTotals): void;
  /** A read failed (`recoverable`: it is retried by itself); reported once until one succeeds. */
  onError(message: string, recoverable: boolean): void;
  /** How long events gather before one read, in ms (default 500). */
  debounce?: number;
  /** Backoff between retries when a read or the socket fails, in ms. */
  retry?: { initialDelay?: number; maxDelay?: number };
}

export class UnreadWatcher {
  readonly #options: UnreadWatcherOptions;
  #running = false;
  #teamId: string | undefined;
  #socket: WebSocket | undefined;
  #reading: Promise<boolean> | undefined;
  #readAgain = false;
  #readTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #failing = false;
  #totals: UnreadTotals | undefined;

  constructor(options: UnreadWatcherOptions) {
    this.#options = options;
  }

  /** The last totals read; undefined before the first read. */
  get totals(): UnreadTotals | undefined {
    return this.#totals;
  }

  /** Whether its WebSocket is open (or opening). */
  get connected(): boolean {
    return this.#socket !== undefined;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    // The counts need not wait for the socket (a proxy may even refuse WebSockets).
    void this.#read();
    void this.#connect();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#readTimer);
    clearTimeout(this.#retryTimer);
    this.#readTimer = this.#retryTimer = undefined;
    this.#closeSocket();
  }

  /** The session renewed the token: the socket authenticates again with the new one. */
  renewed(): void {
    if (!this.#running) return;
    this.#closeSocket();
    void this.#connect();
  }

  async #connect(): Promise<void> {
    let token: ChatToken;
    try {
      token = await this.#options.session.acquire();
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (!this.#running || this.#socket) return;
    const socket = new WebSocket(websocketUrlFor(token));
    this.#socket = socket;
    socket.onopen = () =>
      socket.send(JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token: token.token } }));
    socket.onmessage = (message) => this.#onMessage(message, token.userId);
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      // A refused token closes the socket too: the next read renews it before the socket reopens.
      this.#retryLater();
    };
  }

  #closeSocket(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close();
  }

  #onMessage(message: MessageEvent, me: string): void {
    let frame: { event?: unknown; data?: { user_id?: unknown }; broadcast?: { user_id?: unknown } };
    try {
      frame = JSON.parse(String(message.data));
    } catch {
      return;
    }
    const event = frame.event;
    if (typeof event !== 'string') return;
    if (event === 'hello') {
      this.#attempt = 0;
      // Events between the last read and this socket's registration were not delivered.
      this.#readSoon(0);
    } else if (
      COUNT_EVENTS.has(event) ||
      (MEMBER_EVENTS.has(event) && (frame.data?.user_id === me || frame.broadcast?.user_id === me))
    ) {
      this.#readSoon(this.#options.debounce ?? 500);
    }
  }

  /** One read for a burst of events: the first schedules it, the rest join it. */
  #readSoon(delay: number): void {
    if (this.#readTimer !== undefined) return;
    this.#readTimer = setTimeout(() => {
      this.#readTimer = undefined;
      void this.#read();
    }, delay);
  }

  /** Reads the counts (one read at a time; a request meanwhile reads once more after it). Resolves whether it succeeded. */
  #read(): Promise<boolean> {
    if (this.#reading) {
      this.#readAgain = true;
      return this.#reading;
    }
    const run = async () => {
      let ok = true;
      do {
        this.#readAgain = false;
        try {
          await this.#readOnce();
        } catch (error) {
          this.#fail(error);
          ok = false;
        }
      } while (ok && this.#readAgain && this.#running);
      if (ok && this.#running) {
        this.#attempt = 0;
        this.#failing = false;
      }
      return ok;
    };
    this.#reading = run().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #readOnce(): Promise<void> {
    const token = await this.#options.session.acquire();
    const teamId = (this.#teamId ??= await this.#resolveTeam(token));
    const [channels, members] = await Promise.all([
      this.#get<ServerChannel[]>(`/users/me/teams/${teamId}/channels?include_deleted=false`),
      this.#get<ChannelMembership[]>(`/users/me/teams/${teamId}/channels/members`),
    ]);
    if (!this.#running) return;
    const memberOf = new Map(members.map((member) => [member.channel_id, member]));
    const counted = channels
      .filter((channel) => !channel.delete_at && inScope(channel, teamId))
      .map((channel) => {
        const member = memberOf.get(channel.id);
        return {
          tab: tabOf(channel, token.supportChannelId),
          unread: member ? unreadMessages(channel.total_msg_count ?? 0, member.msg_count ?? 0) : 0,
          mentions: member?.mention_count ?? 0,
        };
      });
    const totals = unreadTotals(counted, this.#options.tabs);
    const changed = JSON.stringify(totals) !== JSON.stringify(this.#totals);
    this.#totals = totals;
    if (changed) this.#options.onTotals(totals);
  }

  async #resolveTeam(token: ChatToken): Promise<string> {
    const team = teamToLoad(token, this.#options.team);
    if (team && 'id' in team) return team.id;
    if (team) return (await this.#get<Team>(`/teams/name/${encodeURIComponent(team.name)}`)).id;
    const teams = await this.#get<Team[]>('/users/me/teams');
    const first = teams.find((candidate) => !candidate.delete_at) ?? teams[0];
    if (!first) throw new Error('You are not a member of any chat team.');
    return first.id;
  }

  /** `GET /api/v4<path>` with the bearer token (never cookies); a refused token is renewed once. */
  async #get<T>(path: string): Promise<T> {
    const session = this.#options.session;
    let token = await session.acquire();
    let response = await this.#fetch(token, path);
    if (response.status === 401) {
      token = await session.refresh(token.token);
      response = await this.#fetch(token, path);
      if (response.status === 401) {
        // The chat server refused a fresh token: maybe briefly (a restart), so it is retried.
        throw new SessionError('unauthorized', 'Your chat session has ended.', { cause: response.status });
      }
    }
    if (!response.ok) {
      const kind = response.status >= 500 || response.status === 429 ? 'unreachable' : 'invalid';
      throw new SessionError(kind, `The chat server answered ${response.status}.`);
    }
    return (await response.json()) as T;
  }

  async #fetch(token: ChatToken, path: string): Promise<Response> {
    try {
      return await fetch(`${token.serverUrl}/api/v4${path}`, {
        headers: { Authorization: `Bearer ${token.token}` },
        credentials: 'omit',
      });
    } catch (cause) {
      throw new SessionError('unreachable', 'The chat server cannot be reached.', { cause });
    }
  }

  #fail(error: unknown): void {
    if (!this.#running) return;
    // The sign-in service refusing the user is final (the store says the same when it starts).
    const final = error instanceof SessionError && error.kind === 'unauthorized' && error.cause === undefined;
    if (!this.#failing || final) {
      this.#failing = true;
      this.#options.onError(error instanceof Error ? error.message : 'Chat could not load.', !final);
    }
    if (final) this.stop();
    else this.#retryLater();
  }

  /** After a failed read or a dropped socket: read again (renewing a refused token), then reopen the socket. */
  #retryLater(): void {
    if (this.#retryTimer !== undefined || !this.#running) return;
    const initial = this.#options.retry?.initialDelay ?? 1_000;
    const base = Math.min(this.#options.retry?.maxDelay ?? 30_000, initial * 2 ** this.#attempt++);
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        void this.#read().then((ok) => {
          if (ok && this.#running && !this.#socket) void this.#connect();
        });
      },
      base + Math.random() * base * 0.2,
    );
  }
}
