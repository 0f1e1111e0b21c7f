/**
 * The widget's normalized chat state and every action on it. One store per widget:
 * nothing here is shared between stores, and nothing touches the DOM beyond reading
 * `document.visibilityState` and listening for `visibilitychange` / `online`.
 *
 * `ChatStore` keeps the state and decides what happens when; the work on its records lives
 * beside it: `channels.ts` (channel records and their views), `posts.ts` and
 * `post-records.ts` (a channel's posts), `threads.ts`, `users.ts` (the user directory),
 * `typing.ts`, `uploads.ts`, `file-urls.ts`, and `snapshot.ts` (the parts of `state`).
 */
import type { ChannelMembership, ServerChannel as Channel } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { UserProfile } from '@mattermost/types/users';
import { classifyError, createClient, errorMessage, websocketUrlFor, type ChatApi } from './client.js';
import { Realtime, type RealtimeEvent, type RealtimeOptions } from './realtime.js';
import { parseJson, toPostView } from './convert.js';
import { emptyPosts, type PostsRecord } from './posts.js';
import { channelViews, postsSnapshot, threadsSnapshot } from './snapshot.js';
import { TypingUsers, typingKey } from './typing.js';
import { UserDirectory } from './users.js';
import {
  authorsOf,
  deletedPost,
  firstUnreadId,
  mergePosts,
  noteSynced,
  pendingPost,
  postsOf,
  prependPosts,
  putPost,
  SeenPosts,
  withReaction,
  withSendState,
  type PendingSend,
} from './post-records.js';
import { findThreadPost, mergeThreadList, newThread, putThreadPost, type ThreadRecord } from './threads.js';
import { Session, SessionError, type TokenSource } from './session.js';
import type { UploadOptions } from './files.js';
import { FileUrls, type FileUrlKind } from './file-urls.js';
import { Uploads } from './uploads.js';
import { inScope, teamToLoad, unreadTotals } from './unread.js';
import {
  applyMember,
  channelRecord,
  dmPartnerIds,
  findChannel,
  hasUnread,
  levelCounts,
  toChannelView,
  unjoinedChannelRecord,
  usualCandidate,
  usualChannel,
  type ChannelRecord,
  type FetchedChannels,
} from './channels.js';
import type {
  ChannelView,
  ChatState,
  ChatToken,
  ConnectionState,
  FileLink,
  PostView,
  TabId,
  TokenProvider,
  UserView,
} from './types.js';

export interface ChatStoreOptions {
  tokenSource: TokenProvider | TokenSource;
  /** The tabs served (default all three); unread totals count only these. */
  tabs?: TabId[];
  /**
   * Open this channel (id, name, or `@username` for a DM) once started. A function
   * chooses it from the first loaded state (return undefined for none). Either way it is
   * the active channel from the first notified state that has channels, so unread totals
   * never count it first and drop a moment later.
   */
  initialChannel?: string | ((state: ChatState) => string | undefined);
  /**
   * With no `initialChannel`: open the first tab's usual conversation (see `usualChannel`),
   * chosen from the first channel list, so its posts are asked for beside the users' names
   * instead of after the first state. Default false: nothing opens.
   */
  openUsualChannel?: boolean;
  /** How the initial channel is opened (default `{markViewed: true}`). */
  initialChannelOptions?: OpenChannelOptions;
  /** Team name to use when the token names none (default: the token's team, else the first). */
  team?: string;
  /** Posts per page (default 60). */
  pageSize?: number;
  /** WebSocket reconnect timing (tests shorten it). */
  realtime?: RealtimeOptions;
  /** Backoff for retries while the server is unreachable, in ms. */
  retry?: { initialDelay?: number; maxDelay?: number };
  /** Share of a token's life after which it is renewed (default 0.8). */
  refreshAt?: number;
  /** How often others' presence is asked for while the chat is visible, in ms (default 60 s; tests shorten it). */
  presencePoll?: number;
}

/** How `openChannel` opens a conversation. */
export interface OpenChannelOptions {
  /**
   * True (default): the user opened it, so it is marked read now (when the chat is
   * visible) and while it stays open and visible. False: it is only selected (e.g. the
   * first conversation of an agent's support inbox, chosen by the widget): its posts
   * load and it becomes `activeChannelId`, but it keeps its unread count and is not
   * marked viewed on the server until the user opens it (`openChannel(id)`) or the
   * element calls `markViewed(id)` on a user action. `state.activeChannelViewed` tells which.
   */
  markViewed?: boolean;
}

export type { FileUrlKind } from './file-urls.js';
export { typingKey } from './typing.js';

export type ChatStoreEvents = {
  /** A new post by someone else arrived live. */
  posted: (post: PostView, channel: ChannelView) => void;
};

const ALL_TABS: readonly TabId[] = ['team', 'dm', 'support'];
const TYPING_THROTTLE = 2_000;
const MAX_MESSAGE_LENGTH = 16_383;
/** After a hidden or offline spell this long, catch up over REST even if the socket looks fine. */
const LONG_GAP = 30_000;
const CATCH_UP_OVERLAP = 1_000;
/** Others' presence is not pushed by the server (only your own): poll it for the people in view. */
const PRESENCE_POLL = 60_000;
/**
 * When even a renewed token is refused by the chat server (not by the sign-in service),
 * it may be transient (a restarted server, a token cache catching up): a few more
 * renewals, with backoff, before 'unauthorized' waits for `retry()`.
 */
const UNAUTHORIZED_RETRIES = 3;
/** A Mattermost id: 26 lowercase letters and digits (no channel name may look like one). */
const MATTERMOST_ID = /^[a-z0-9]{26}$/;
/** The socket connects when the page is idle after the first load, or after this long (ms). */
const SOCKET_IDLE_TIMEOUT = 1_000;

/** A store that is not started yet, or was stopped. */
class NotStartedError extends Error {
  override readonly name = 'NotStartedError';
  constructor() {
    super('The chat is not connected yet.');
  }
}

export class ChatStore {
  readonly #options: ChatStoreOptions;
  readonly #tabs: readonly TabId[];
  readonly #pageSize: number;
  readonly #session: Session;
  readonly #realtime: Realtime;
  readonly #listeners = new Set<(state: ChatState) => void>();
  readonly #events: { [K in keyof ChatStoreEvents]: Set<ChatStoreEvents[K]> } = { posted: new Set() };

  // Normalized, mutable state; `state` is a snapshot built from it when something changed.
  #connection: ConnectionState = 'idle';
  #error: string | undefined;
  #me: UserView | undefined;
  #teamId: string | undefined;
  #teamName: string | undefined;
  #token: ChatToken | undefined;
  readonly #channels = new Map<string, ChannelRecord>();
  readonly #users = new UserDirectory({
    call: (request) => this.#call(request),
    changed: (view) => {
      if (this.#me?.id === view.id) this.#me = view;
      this.#usersChanged = true;
      this.#touch();
    },
    fail: (error) => this.#fail(error),
  });
  readonly #posts = new Map<string, PostsRecord>();
  readonly #typing = new TypingUsers(() => {
    this.#typingChanged = true;
    this.#touch();
  });
  #activeChannelId: string | undefined;
  /** The active channel was opened by the user (not only selected): it reads as read while visible. */
  #activeViewed = true;
  #hostVisible = true;

  #snapshot: ChatState;
  #notified: ChatState | undefined;
  #stale = false;
  #channelsChanged = false;
  #usersChanged = false;
  readonly #postsChanged = new Set<string>();
  #typingChanged = false;
  #channelViews = new Map<string, ChannelView>();
  #frame: number | undefined;
  #frameTimer: ReturnType<typeof setTimeout> | undefined;

  #client: ChatApi | undefined;
  #startPromise: Promise<void> | undefined;
  #booted = false;
  #running = false;
  #socketUp = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryAttempt = 0;
  #unauthorizedRetries = 0;
  #catchUpRun: Promise<void> | undefined;
  #catchUpAgain = false;
  readonly #channelLoads = new Map<string, Promise<void>>();
  /** The initial channel's last page, requested during the first load (see `#prefetchFirstPage`). */
  readonly #firstPages = new Map<string, Promise<PostList>>();
  /** The first tab's usual conversation, when `openUsualChannel` chose it on the first load. */
  #usual: string | undefined;
  readonly #channelFetches = new Map<string, Promise<void>>();
  /** Posts not confirmed by the server, in the order they were written. */
  readonly #pendingSends = new Map<string, PendingSend>();
  #resending: Promise<void> | undefined;
  #resendAgain = false;
  #lastPendingStamp = 0;
  readonly #drafts = new Map<string, string>();
  readonly #seenPosts = new SeenPosts();
  #searchAbort: AbortController | undefined;
  readonly #typingSentAt = new Map<string, number>();
  #viewTimer: ReturnType<typeof setTimeout> | undefined;
  #hiddenAt: number | undefined;
  #offlineAt: number | undefined;
  #windowListenersOn = false;
  /**
   * Bumped on every local change of unread counts. A REST snapshot that was requested
   * before such a change is older than what we know, so its counts are skipped.
   */
  #countSeq = 0;
  #gapMarks = 0;
  #presenceTimer: ReturnType<typeof setInterval> | undefined;
  /** Cancels the socket's connection that waits for the page to be idle (see `#connectSocketWhenIdle`). */
  #cancelIdleConnect: (() => void) | undefined;
  readonly #threads = new Map<string, ThreadRecord>();
  #threadsChanged = false;
  #activeThreadId: string | undefined;
  readonly #uploads = new Uploads((request) => this.#call(request));
  readonly #fileUrls = new FileUrls((request) => this.#call(request));
  /** Channels whose same-millisecond posts need the server's word on their order. */
  readonly #tieResyncs = new Map<string, { since: number; timer: ReturnType<typeof setTimeout> }>();

  constructor(options: ChatStoreOptions) {
    if (typeof options?.tokenSource !== 'function') throw new TypeError('ChatStore needs a tokenSource function.');
    this.#options = options;
    this.#tabs = options.tabs?.length ? [...new Set(options.tabs)] : ALL_TABS;
    this.#pageSize = Math.max(1, Math.min(200, Math.floor(options.pageSize ?? 60)));
    this.#session = new Session(options.tokenSource, {
      ...(options.refreshAt !== undefined ? { refreshAt: options.refreshAt } : {}),
      onToken: (token) => this.#applyNewToken(token),
      onError: (error) => this.#onSessionError(error),
    });
    this.#realtime = new Realtime(
      {
        event: (event) => this.#onEvent(event),
        hello: () => this.#onHello(),
        resync: () => void this.#catchUp(),
        closed: (failures) => this.#onSocketClosed(failures),
      },
      options.realtime,
    );
    this.#snapshot = this.#build();
  }

  // ─── State and subscriptions ────────────────────────────────────────────────

  /** The current immutable snapshot; a new object after every change. */
  get state(): ChatState {
    if (this.#stale) this.#snapshot = this.#build();
    return this.#snapshot;
  }

  /** Calls `listener` after changes, at most once per animation frame. */
  subscribe(listener: (state: ChatState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  on<K extends keyof ChatStoreEvents>(event: K, listener: ChatStoreEvents[K]): () => void {
    const set = this.#events[event];
    set.add(listener);
    return () => set.delete(listener);
  }

  // ─── Life cycle ──────────────────────────────────────────────────────────────

  /**
   * Gets a token, loads the user, team, channels, DM partners and the initial channel, then
   * opens the WebSocket once the page is idle ('online' comes with its hello). Resolves once
   * that first load ended; it never rejects: a failure shows as `connection` 'offline'
   * (retried by itself), 'unauthorized' or 'error'.
   */
  start(): Promise<void> {
    if (this.#startPromise) return this.#startPromise;
    this.#running = true;
    this.#addWindowListeners();
    this.#startPromise = this.#booted ? this.#resume() : this.#boot();
    return this.#startPromise;
  }

  stop(): void {
    this.#running = false;
    this.#startPromise = undefined;
    this.#realtime.close();
    this.#socketUp = false;
    this.#session.dispose();
    clearTimeout(this.#retryTimer);
    this.#users.stop();
    clearTimeout(this.#viewTimer);
    clearInterval(this.#presenceTimer);
    this.#cancelIdleConnect?.();
    this.#retryTimer = this.#viewTimer = this.#presenceTimer = undefined;
    for (const { timer } of this.#tieResyncs.values()) clearTimeout(timer);
    this.#tieResyncs.clear();
    this.#firstPages.clear();
    this.#searchAbort?.abort();
    this.#typing.clear();
    this.#typingChanged = true;
    this.#fileUrls.revoke();
    this.#removeWindowListeners();
    this.#setConnection('idle');
  }

  /**
   * From offline / error / unauthorized (or while reconnecting): try again now. From
   * 'unauthorized' it asks the token source for a renewed token (`{renew: true}`).
   */
  retry(): void {
    if (!this.#running) {
      void this.start();
      return;
    }
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#retryAttempt = 0;
    this.#unauthorizedRetries = 0;
    void this.#recover(this.#connection === 'unauthorized');
  }

  /** The chat is shown (`true`) or hidden, e.g. a closed launcher panel. */
  setVisible(visible: boolean): void {
    if (this.#hostVisible === visible) return;
    this.#hostVisible = visible;
    this.#channelsChanged = true;
    this.#touch();
    if (this.#visible) this.#markActiveViewedSoon(0);
  }

  async logout(): Promise<void> {
    this.stop();
    await this.#session.logout();
    this.#booted = false;
    this.#client = undefined;
    this.#token = undefined;
    this.#me = undefined;
    this.#teamId = this.#teamName = undefined;
    this.#usual = undefined;
    this.#channels.clear();
    this.#users.clear();
    for (const id of this.#posts.keys()) this.#postsChanged.add(id);
    this.#posts.clear();
    this.#pendingSends.clear();
    this.#drafts.clear();
    this.#seenPosts.clear();
    this.#threads.clear();
    this.#uploads.clear();
    this.#activeThreadId = undefined;
    this.#threadsChanged = true;
    this.#activeChannelId = undefined;
    this.#activeViewed = true;
    this.#error = undefined;
    this.#channelsChanged = this.#usersChanged = true;
    this.#setConnection('idle');
  }

  /** `renew`: the last token was refused; ask the token source for a renewed one first. */
  async #boot(renew = false): Promise<void> {
    this.#setConnection('connecting');
    try {
      const token = renew
        ? await this.#session.refresh(this.#session.token?.token, { renew: true })
        : await this.#session.acquire();
      this.#useToken(token);
      // The team's channels and (given by id) the initial channel's last page at once: the
      // channels need only the team, the page only the id.
      const firstPage = this.#prefetchFirstPageById(token);
      const [channels, page] = await Promise.all([
        this.#resolveTeam(token).then(() => this.#fetchChannels()),
        firstPage?.catch(() => undefined),
      ]);
      this.#prefetchFirstPage(channels.channels, token);
      // The user's own profile, the DM partners' and the page's authors': one round of profiles.
      await this.#users.load([
        token.userId,
        ...dmPartnerIds(channels.channels, token.userId),
        ...(page ? authorsOf(page) : []),
      ]);
      const me = this.#users.get(token.userId);
      if (!me) throw new Error('Your chat account could not be loaded.');
      this.#me = me;
      await this.#applyChannels(channels);
      this.#booted = true;
      this.#retryAttempt = 0;
      this.#unauthorizedRetries = 0;
      // No await between the channels' arrival and this: the first state that has channels
      // already has the initial one active (read), so unread totals never flicker.
      const initial = this.#chooseInitialChannel();
      this.#touch();
      if (initial && this.#running) {
        await this.openChannel(initial, this.#options.initialChannelOptions).catch((error: unknown) => {
          console.warn(`bisman-chat: cannot open channel "${initial}":`, errorMessage(error));
        });
      }
      // After the first conversation loaded and showed, so the socket's set-up and the
      // catch-up its hello starts (which covers what was posted meanwhile) do not delay it.
      this.#connectSocketWhenIdle();
    } catch (error) {
      this.#fail(error);
    } finally {
      // A page prefetched for a channel the list did not show (or for a failed start) is stale.
      this.#firstPages.clear();
    }
  }

  /** Resolves `initialChannel` and makes it active at once when it is known already. */
  #chooseInitialChannel(): string | undefined {
    const option = this.#options.initialChannel;
    let initial: string | undefined;
    try {
      initial = typeof option === 'function' ? option(this.state) : (option ?? this.#usual);
    } catch (error) {
      console.warn('bisman-chat: initialChannel failed:', error);
    }
    if (!initial) return undefined;
    const record = this.#resolveChannel(initial);
    if (record && this.#activeChannelId === undefined) {
      this.#activeChannelId = record.id;
      this.#activeViewed = this.#options.initialChannelOptions?.markViewed !== false;
      this.#channelsChanged = true;
    }
    return initial;
  }

  /** `start()` after `stop()`: the data is still here, so catch up instead of reloading. */
  async #resume(): Promise<void> {
    this.#setConnection('connecting');
    try {
      const token = await this.#session.acquire();
      if (token !== this.#token) this.#useToken(token);
      this.#connectSocket();
      await this.#catchUp();
    } catch (error) {
      this.#fail(error);
    }
  }

  /** `forceNewToken`: after 'unauthorized', ask the token source for a renewed token first. */
  async #recover(forceNewToken = false): Promise<void> {
    if (!this.#running) return;
    if (!this.#booted) {
      this.#startPromise = this.#boot(forceNewToken);
      return this.#startPromise;
    }
    try {
      if (forceNewToken) await this.#session.refresh(this.#token?.token, { renew: true });
      if (!this.#socketUp) this.#connectSocket();
      await this.#catchUp();
    } catch (error) {
      this.#fail(error);
    }
  }

  #useToken(token: ChatToken): void {
    this.#token = token;
    if (this.#client) this.#client.setToken(token.token);
    else this.#client = createClient(token);
  }

  /** A renewed token (scheduled, or after a 401): REST uses it now, the socket re-authenticates. */
  #applyNewToken(token: ChatToken): void {
    this.#useToken(token);
    if (this.#running && this.#booted) this.#connectSocket();
  }

  #onSessionError(error: SessionError): void {
    if (error.kind === 'unauthorized') this.#fail(error);
  }

  #pollPresence(): void {
    if (this.#presenceTimer) return;
    this.#presenceTimer = setInterval(() => {
      const ids = this.#idsInView().slice(0, 100);
      if (ids.length && this.#visible && this.#connection === 'online') this.#users.loadPresence(ids);
    }, this.#options.presencePoll ?? PRESENCE_POLL);
  }

  /** DM partners, the authors in the open conversation and the open thread (not me). */
  #idsInView(): string[] {
    const ids = new Set(this.#dmPartnerIds());
    const active = this.#activeChannelId ? this.#posts.get(this.#activeChannelId) : undefined;
    if (active) for (const post of active.byId.values()) ids.add(post.userId);
    const thread = this.#activeThreadId ? this.#threads.get(this.#activeThreadId) : undefined;
    if (thread) for (const post of thread.byId.values()) ids.add(post.userId);
    ids.delete(this.#me?.id ?? '');
    return [...ids].filter((id) => this.#users.has(id));
  }

  #connectSocket(): void {
    this.#cancelIdleConnect?.();
    if (!this.#token || !this.#running) return;
    // Past the first load: the presence it held back is asked for now.
    this.#users.presenceNow();
    this.#pollPresence();
    this.#socketUp = false;
    this.#realtime.connect(websocketUrlFor(this.#token), this.#token.token);
  }

  /**
   * Connects once the page is idle (at the latest after `SOCKET_IDLE_TIMEOUT`), and reloads
   * the user's own profile then: the first load took it from /users/ids, which a server
   * sanitizes like anyone's (one that hides full names hides the user's own too).
   */
  #connectSocketWhenIdle(): void {
    const afterFirstLoad = () => {
      this.#connectSocket();
      this.#call((client) => client.getMe()).then(
        (user) => this.#users.put(user),
        () => undefined,
      );
    };
    if (typeof requestIdleCallback !== 'function') return afterFirstLoad();
    this.#cancelIdleConnect?.();
    const handle = requestIdleCallback(afterFirstLoad, { timeout: SOCKET_IDLE_TIMEOUT });
    this.#cancelIdleConnect = () => {
      cancelIdleCallback(handle);
      this.#cancelIdleConnect = undefined;
    };
  }

  async #resolveTeam(token: ChatToken): Promise<void> {
    // The host's explicit choice wins over the token's team.
    const wanted = teamToLoad(token, this.#options.team);
    if (wanted && 'id' in wanted) {
      this.#teamId = wanted.id;
      this.#teamName = token.teamName ?? (await this.#call((client) => client.getTeam(wanted.id))).name;
      return;
    }
    if (wanted) {
      const team = await this.#call((client) => client.getTeamByName(wanted.name));
      this.#teamId = team.id;
      this.#teamName = team.name;
      return;
    }
    const teams = await this.#call((client) => client.getMyTeams());
    const team = teams.find((candidate) => !candidate.delete_at) ?? teams[0];
    if (!team) throw new Error('You are not a member of any chat team.');
    this.#teamId = team.id;
    this.#teamName = team.name;
  }

  /** Channels and memberships from the server; keeps loaded posts of channels still present. */
  async #loadChannels(): Promise<void> {
    await this.#applyChannels(await this.#fetchChannels());
  }

  async #fetchChannels(): Promise<FetchedChannels> {
    const teamId = this.#requireTeam();
    const requestedAt = this.#countSeq;
    const [channels, members] = await Promise.all([
      this.#call((client) => client.getMyChannels(teamId)),
      this.#call((client) => client.getMyChannelMembers(teamId)),
    ]);
    return { channels, members, requestedAt };
  }

  async #applyChannels({ channels, members, requestedAt }: FetchedChannels): Promise<void> {
    // DM partners' names before the channels show; then channels and counts in one go.
    await this.#users.load(dmPartnerIds(channels, this.#me?.id));
    const memberById = new Map(members.map((member) => [member.channel_id, member]));
    const present = new Set<string>();
    for (const channel of channels) {
      if (channel.delete_at || !this.#inScope(channel)) continue;
      present.add(channel.id);
      this.#putChannel(channel, memberById.get(channel.id), requestedAt);
    }
    for (const id of [...this.#channels.keys()]) if (!present.has(id)) this.#dropChannel(id);
  }

  /**
   * An initial channel given by its id: its last page is asked for at once, beside the user
   * and the channel list (Mattermost refuses channel names that look like ids). The list
   * still decides whether it shows; a refused request is dropped (`#ensurePosts` takes the
   * page only for a channel in the list).
   */
  #prefetchFirstPageById(token: ChatToken): Promise<PostList> | undefined {
    const wanted = this.#options.initialChannel ?? (this.#usualIsSupport(token) ? token.supportChannelId : undefined);
    return typeof wanted === 'string' && MATTERMOST_ID.test(wanted) ? this.#requestFirstPage(wanted) : undefined;
  }

  /** The usual conversation is the user's support conversation, which the token names. */
  #usualIsSupport(token: ChatToken): boolean {
    return this.#options.openUsualChannel === true && this.#tabs[0] === 'support' && token.supportAgent !== true;
  }

  /**
   * Starts loading the initial channel's last page as soon as the channel list names it, so
   * the request runs while the DM partners' names load instead of after (`#ensurePosts`
   * takes it). Only for a channel given by id or name (`@username` needs the users first),
   * or the usual one (`openUsualChannel`), which this chooses.
   */
  #prefetchFirstPage(channels: readonly Channel[], token: ChatToken): void {
    let wanted = this.#options.initialChannel;
    if (wanted === undefined && this.#options.openUsualChannel) {
      const candidates = channels
        .filter((channel) => !channel.delete_at && this.#inScope(channel))
        .map((channel) => usualCandidate(channel, token.supportChannelId));
      wanted = this.#usual = usualChannel(candidates, this.#tabs[0] ?? 'team', {
        channelId: token.supportChannelId,
        agent: token.supportAgent === true,
      });
    }
    if (typeof wanted !== 'string') return;
    const channel = channels.find(
      (candidate) =>
        !candidate.delete_at && this.#inScope(candidate) && (candidate.id === wanted || candidate.name === wanted),
    );
    if (channel) this.#requestFirstPage(channel.id);
  }

  /** The channel's last page, asked for once (see `#firstPages`); none when its posts are loaded. */
  #requestFirstPage(channelId: string): Promise<PostList> | undefined {
    if (this.#posts.get(channelId)?.complete) return undefined;
    let page = this.#firstPages.get(channelId);
    if (page) return page;
    page = this.#call((client) => client.getPosts(channelId, 0, this.#pageSize));
    // Whoever takes the page handles its failure; one never taken (the user went elsewhere) is dropped.
    page.catch(() => undefined);
    this.#firstPages.set(channelId, page);
    return page;
  }

  #inScope(channel: Pick<Channel, 'type' | 'team_id'>): boolean {
    return inScope(channel, this.#teamId);
  }

  #dmPartnerIds(): string[] {
    const ids: string[] = [];
    for (const record of this.#channels.values()) if (record.otherUserId) ids.push(record.otherUserId);
    return ids;
  }

  // ─── Failures, retries and the connection state ─────────────────────────────

  #fail(error: unknown): void {
    if (!this.#running) return;
    if (error instanceof NotStartedError) return;
    const kind = error instanceof SessionError ? error.kind : classifyError(error);
    if (kind === 'unauthorized') {
      this.#error = error instanceof SessionError ? error.message : 'Your chat session has ended. Sign in again.';
      this.#realtime.close();
      this.#socketUp = false;
      this.#setConnection('unauthorized');
      // The sign-in service refusing is final; the chat server refusing a fresh token may not be.
      const chatServerRefused = !(error instanceof SessionError) || error.cause !== undefined;
      if (chatServerRefused && this.#unauthorizedRetries < UNAUTHORIZED_RETRIES && !this.#retryTimer) {
        const initial = this.#options.retry?.initialDelay ?? 1_000;
        const delay = initial * 2 ** this.#unauthorizedRetries;
        this.#unauthorizedRetries++;
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          if (this.#connection === 'unauthorized') void this.#recover(true);
        }, delay);
      }
      return;
    }
    if (kind === 'unreachable') {
      this.#error = error instanceof SessionError ? error.message : 'The chat server cannot be reached. Retrying…';
      this.#offlineAt ??= Date.now();
      this.#setConnection('offline');
      this.#scheduleRetry();
      return;
    }
    // Only a failed first load is fatal; a refused action later leaves the chat usable and
    // reports itself (a failed post, a rejected promise).
    if (!this.#booted) {
      this.#error = errorMessage(error);
      this.#setConnection('error');
    }
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || !this.#running) return;
    const initial = this.#options.retry?.initialDelay ?? 1_000;
    const max = this.#options.retry?.maxDelay ?? 30_000;
    const base = Math.min(max, initial * 2 ** this.#retryAttempt);
    const delay = base + Math.random() * base * 0.2;
    this.#retryAttempt++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#recover();
    }, delay);
  }

  #recovered(): void {
    this.#retryAttempt = 0;
    this.#unauthorizedRetries = 0;
    this.#offlineAt = undefined;
    if (this.#connection === 'offline' || this.#connection === 'error' || this.#connection === 'unauthorized') {
      this.#error = undefined;
      this.#setConnection(this.#socketUp ? 'online' : 'reconnecting');
    } else if (this.#connection === 'reconnecting' && this.#socketUp) {
      this.#setConnection('online');
    }
  }

  #setConnection(connection: ConnectionState): void {
    if (connection === 'online' || connection === 'idle' || connection === 'connecting') this.#error = undefined;
    const was = this.#connection;
    this.#connection = connection;
    this.#touch();
    // Back online: what failed only because the server was out of reach goes out now.
    if (connection === 'online' && was !== 'online') void this.#resendHeld();
  }

  /**
   * Sends again, one at a time and in the order they were written, the posts that failed
   * because the server was unreachable (or the session lapsed), each with its own
   * `pending_post_id`, so the server never creates one twice. Stops at the first that
   * fails again: the next time the chat is back online continues from there.
   */
  #resendHeld(): Promise<void> {
    if (this.#resending) {
      this.#resendAgain = true;
      return this.#resending;
    }
    const run = async () => {
      do {
        this.#resendAgain = false;
        for (const [pendingId, pending] of [...this.#pendingSends]) {
          if (!this.#running || this.#connection !== 'online') return;
          if (pending.failure !== 'unreachable' && pending.failure !== 'unauthorized') continue;
          const post = this.#posts.get(pending.channelId)?.byId.get(pendingId);
          if (!post || post.state !== 'failed') continue;
          this.#setPendingState(pending.channelId, pendingId, 'pending');
          await this.#submit(pendingId);
          if (this.#pendingSends.get(pendingId)?.failure !== undefined) break;
        }
      } while (this.#resendAgain && this.#running);
    };
    this.#resending = run().finally(() => {
      this.#resending = undefined;
    });
    return this.#resending;
  }

  /**
   * Runs a Client4 call. A 401 gets one new token and one retry; a second 401 means the
   * session is over.
   */
  async #call<T>(request: (client: ChatApi) => Promise<T>): Promise<T> {
    const client = this.#client;
    if (!client) throw new NotStartedError();
    const tokenUsed = client.getToken();
    try {
      return await request(client);
    } catch (error) {
      if (classifyError(error) !== 'unauthorized') throw error;
      // A request that outlived stop() or logout() must not mint a new token.
      if (!this.#running) throw new NotStartedError();
      await this.#session.refresh(tokenUsed);
      if (this.#client !== client) throw new NotStartedError();
      try {
        return await request(client);
      } catch (again) {
        if (classifyError(again) === 'unauthorized') {
          throw new SessionError('unauthorized', 'Your chat session has ended. Sign in again.', { cause: again });
        }
        throw again;
      }
    }
  }

  #requireTeam(): string {
    if (!this.#teamId) throw new NotStartedError();
    return this.#teamId;
  }

  #requireMe(): UserView {
    if (!this.#me) throw new NotStartedError();
    return this.#me;
  }

  // ─── Realtime ────────────────────────────────────────────────────────────────

  #onHello(): void {
    this.#socketUp = true;
    if (this.#connection !== 'offline' && this.#connection !== 'unauthorized') this.#setConnection('online');
    // Events between our REST reads and this socket's registration were not delivered.
    void this.#catchUp();
  }

  #onSocketClosed(failures: number): void {
    this.#socketUp = false;
    this.#markGap();
    if (!this.#running) return;
    if (this.#connection === 'online' || this.#connection === 'connecting') this.#setConnection('reconnecting');
    // A socket that keeps failing: is the server down, or was our token revoked?
    if (failures >= 2 && this.#booted) {
      this.#call((client) => client.getMe()).then(
        () => undefined,
        (error: unknown) => this.#fail(error),
      );
    }
  }

  /** REST catch-up after anything that may have lost events; concurrent requests coalesce. */
  #catchUp(): Promise<void> {
    if (!this.#booted || !this.#running) return Promise.resolve();
    this.#markGap();
    if (this.#catchUpRun) {
      this.#catchUpAgain = true;
      return this.#catchUpRun;
    }
    const run = async () => {
      try {
        do {
          this.#catchUpAgain = false;
          await this.#catchUpOnce();
        } while (this.#catchUpAgain && this.#running);
        this.#recovered();
      } catch (error) {
        this.#fail(error);
      }
    };
    this.#catchUpRun = run().finally(() => {
      this.#catchUpRun = undefined;
    });
    return this.#catchUpRun;
  }

  /**
   * Remembers, per loaded channel, the point after which events may be missing. A first page
   * still on its way has no such point yet: the catch-up waits for it, then goes on from its
   * newest post.
   */
  #markGap(): void {
    this.#gapMarks++;
    for (const record of this.#posts.values())
      if (record.complete) record.gapSince = Math.min(record.gapSince ?? Infinity, record.syncedAt);
  }

  async #catchUpOnce(): Promise<void> {
    const marks = this.#gapMarks;
    // A first page served before the socket was up may lack what was posted since.
    await Promise.allSettled(this.#channelLoads.values());
    const starts = new Map(
      [...this.#posts]
        .filter(([, record]) => record.complete)
        .map(([channelId, record]) => [
          channelId,
          { since: record.gapSince ?? record.syncedAt, known: new Set(record.order) },
        ]),
    );
    await this.#loadChannels();
    await Promise.all(
      [...starts].map(async ([channelId, start]) => {
        if (!this.#channels.has(channelId)) return;
        // `since` is exclusive and posts can share a millisecond (or commit late on a busy
        // server): ask for a little more than needed; duplicates are dropped by id.
        const since = Math.max(0, start.since - CATCH_UP_OVERLAP);
        const list = await this.#call((client) => client.getPostsSince(channelId, since));
        this.#mergePostList(channelId, list, start.known);
        const record = this.#posts.get(channelId);
        // Covered from `start` on, unless a new gap opened while this ran (the next run covers it).
        if (record && this.#gapMarks === marks) delete record.gapSince;
      }),
    );
    // The open conversation's first page may have failed while we were offline.
    const active = this.#activeChannelId;
    if (active && this.#channels.has(active) && !this.#posts.get(active)?.complete) await this.#ensurePosts(active);
    this.#touch();
  }

  #onEvent(message: RealtimeEvent): void {
    const { data, broadcast } = message;
    const me = this.#me?.id;
    switch (message.event) {
      case 'posted':
        this.#onPosted(parseJson<Post>(data.post), parseJson<string[]>(data.mentions));
        break;
      case 'post_edited':
      case 'post_deleted': {
        const post = parseJson<Post>(data.post);
        if (post) this.#upsertPost(post);
        break;
      }
      case 'reaction_added':
      case 'reaction_removed': {
        const reaction = parseJson<Reaction>(data.reaction);
        if (reaction) this.#applyReaction(reaction, message.event === 'reaction_added');
        break;
      }
      case 'typing':
        if (typeof data.user_id === 'string' && broadcast.channel_id) {
          const parentId = typeof data.parent_id === 'string' ? data.parent_id : '';
          this.#setTyping(typingKey(broadcast.channel_id, parentId), data.user_id, true);
        }
        break;
      case 'multiple_channels_viewed': {
        const times = data.channel_times;
        if (typeof times === 'object' && times !== null) {
          for (const [channelId, at] of Object.entries(times as Record<string, unknown>)) {
            this.#levelChannel(channelId, typeof at === 'number' ? at : Date.now());
          }
        }
        break;
      }
      case 'post_unread': {
        const record = broadcast.channel_id ? this.#channels.get(broadcast.channel_id) : undefined;
        if (record) {
          record.countSeq = ++this.#countSeq;
          if (typeof data.msg_count === 'number') record.msgCount = data.msg_count;
          if (typeof data.mention_count === 'number') record.mentionCount = data.mention_count;
          if (typeof data.last_viewed_at === 'number') record.lastViewedAt = data.last_viewed_at;
          this.#channelsChanged = true;
          this.#touch();
        }
        break;
      }
      case 'direct_added':
      case 'group_added':
        if (broadcast.channel_id) void this.#fetchChannel(broadcast.channel_id);
        break;
      case 'channel_created':
        if (typeof data.channel_id === 'string') void this.#fetchChannel(data.channel_id);
        break;
      case 'user_added': {
        const channelId = broadcast.channel_id || (typeof data.channel_id === 'string' ? data.channel_id : '');
        if (channelId && (data.user_id === me || broadcast.user_id === me)) void this.#fetchChannel(channelId);
        break;
      }
      case 'user_removed': {
        const channelId = typeof data.channel_id === 'string' ? data.channel_id : broadcast.channel_id;
        if (channelId && (data.user_id === me || broadcast.user_id === me)) this.#dropChannel(channelId);
        break;
      }
      case 'channel_updated': {
        const channel = parseJson<Channel>(data.channel);
        if (channel && this.#channels.has(channel.id)) this.#putChannel(channel);
        else if (typeof data.channel_id === 'string' && this.#channels.has(data.channel_id))
          void this.#fetchChannel(data.channel_id);
        break;
      }
      case 'channel_deleted':
        if (typeof data.channel_id === 'string') this.#dropChannel(data.channel_id);
        break;
      case 'channel_member_updated': {
        const member = parseJson<ChannelMembership>(data.channelMember);
        const record = member && member.user_id === me ? this.#channels.get(member.channel_id) : undefined;
        if (record && member) {
          record.countSeq = ++this.#countSeq;
          applyMember(record, member);
          this.#channelsChanged = true;
          this.#touch();
        }
        break;
      }
      case 'status_change':
        if (typeof data.user_id === 'string' && typeof data.status === 'string')
          this.#users.setPresence(data.user_id, data.status);
        break;
      case 'user_updated': {
        const user = data.user as UserProfile | undefined;
        if (user && typeof user.id === 'string' && this.#users.has(user.id)) this.#users.put(user);
        break;
      }
      default:
        break;
    }
  }

  #onPosted(post: Post | undefined, mentions: string[] | undefined): void {
    if (!post || typeof post.id !== 'string') return;
    const record = this.#channels.get(post.channel_id);
    if (!record) {
      // A conversation we did not know yet (a first DM): its counts come with it.
      if (this.#seenPosts.has(post.id)) return;
      this.#seenPosts.add(post.id);
      void this.#fetchChannel(post.channel_id).then(() => {
        const added = this.#channels.get(post.channel_id);
        if (added && post.user_id !== this.#me?.id) this.#emitPosted(toPostView(post), added);
      });
      return;
    }
    const isNew = this.#upsertPost(post);
    this.#setTyping(typingKey(post.channel_id, post.root_id), post.user_id, false);
    if (!isNew) return;
    if (post.root_id) this.#bumpReplyCount(post.channel_id, post.root_id);
    const me = this.#me?.id;
    record.countSeq = ++this.#countSeq;
    record.totalMsgCount++;
    record.lastPostAt = Math.max(record.lastPostAt, post.create_at);
    if (post.user_id === me) {
      record.msgCount = record.totalMsgCount;
      record.mentionCount = 0;
    } else if (me && mentions?.includes(me)) {
      record.mentionCount++;
    }
    this.#channelsChanged = true;
    this.#touch();
    if (post.user_id !== me) {
      if (post.channel_id === this.#activeChannelId && this.#activeViewed && this.#visible)
        this.#markActiveViewedSoon(500);
      this.#emitPosted(this.#posts.get(post.channel_id)?.byId.get(post.id) ?? toPostView(post), record);
    }
  }

  #emitPosted(post: PostView, record: ChannelRecord): void {
    const channel = this.#channelView(record);
    for (const listener of this.#events.posted) {
      try {
        listener(post, channel);
      } catch (error) {
        console.error('bisman-chat: a posted listener failed', error);
      }
    }
  }

  // ─── Channels ────────────────────────────────────────────────────────────────

  #putChannel(channel: Channel, member?: ChannelMembership, requestedAt = Infinity): void {
    const record = channelRecord(channel, this.#channels.get(channel.id), member, this.#me?.id ?? '', requestedAt);
    this.#channels.set(channel.id, record);
    this.#channelsChanged = true;
    this.#touch();
  }

  #dropChannel(channelId: string): void {
    if (!this.#channels.delete(channelId)) return;
    if (this.#posts.delete(channelId)) this.#postsChanged.add(channelId);
    if (this.#activeChannelId === channelId) this.#activeChannelId = undefined;
    this.#channelsChanged = true;
    this.#touch();
  }

  /** Fetches one channel and the user's membership in it, and adds it (one request per id at a time). */
  #fetchChannel(channelId: string): Promise<void> {
    const inFlight = this.#channelFetches.get(channelId);
    if (inFlight) return inFlight;
    const run = (async () => {
      try {
        const [channel, member] = await Promise.all([
          this.#call((client) => client.getChannel(channelId)),
          this.#call((client) => client.getMyChannelMember(channelId)),
        ]);
        if (channel.delete_at || !this.#inScope(channel)) return;
        const other = channel.type === 'D' ? channel.name.split('__').find((id) => id !== this.#me?.id) : undefined;
        // The partner's name first, so the new conversation never shows as "Direct message".
        if (other) await this.#users.load([other]).catch(() => undefined);
        this.#putChannel(channel, member);
      } catch (error) {
        const kind = classifyError(error);
        if (kind === 'unreachable' || kind === 'unauthorized' || error instanceof SessionError) this.#fail(error);
      }
    })().finally(() => this.#channelFetches.delete(channelId));
    this.#channelFetches.set(channelId, run);
    return run;
  }

  #levelChannel(channelId: string, viewedAt: number): void {
    const record = this.#channels.get(channelId);
    if (!record) return;
    levelCounts(record, viewedAt);
    record.countSeq = ++this.#countSeq;
    this.#channelsChanged = true;
    this.#touch();
  }

  #resolveChannel(idOrName: string): ChannelRecord | undefined {
    return findChannel(this.#channels, this.#users.byId, idOrName);
  }

  /**
   * Makes a channel the active one: loads its last page if it is not loaded (recording
   * the first unread post), then marks it viewed, unless `options.markViewed` is false
   * (see `OpenChannelOptions`). Accepts an id, a name or `@username`. Rejects when no
   * such channel is known.
   */
  async openChannel(idOrName: string, options: OpenChannelOptions = {}): Promise<void> {
    const userOpened = options.markViewed !== false;
    if (this.#startPromise && !this.#booted) await this.#startPromise;
    let record = this.#resolveChannel(idOrName);
    if (!record && idOrName.startsWith('@') && this.#booted) {
      const user = await this.#call((client) => client.getUserByUsername(idOrName.slice(1)));
      await this.#openDirect(user.id, options);
      return;
    }
    if (!record) throw new Error(`No channel "${idOrName}".`);
    const channelId = record.id;
    // Selecting the channel that the user has open already leaves it read.
    const viewed = userOpened || (this.#activeChannelId === channelId && this.#activeViewed);
    if (this.#activeChannelId !== channelId || this.#activeViewed !== viewed) {
      this.#activeChannelId = channelId;
      this.#activeViewed = viewed;
      this.#channelsChanged = true;
      this.#touch();
    }
    try {
      await this.#ensurePosts(channelId);
    } catch (error) {
      this.#fail(error);
      return;
    }
    record = this.#channels.get(channelId);
    if (record && this.#activeChannelId === channelId && this.#activeViewed && this.#visible && hasUnread(record)) {
      await this.markViewed(channelId);
    }
  }

  #ensurePosts(channelId: string): Promise<void> {
    const existing = this.#posts.get(channelId);
    if (existing?.complete) return Promise.resolve();
    const inFlight = this.#channelLoads.get(channelId);
    if (inFlight) return inFlight;
    // The record exists before the request, so a post that arrives live meanwhile is kept.
    const record = existing ?? emptyPosts(false);
    this.#posts.set(channelId, record);
    const knownBefore = new Set(record.order);
    const prefetched = this.#firstPages.get(channelId);
    this.#firstPages.delete(channelId);
    const load = (async () => {
      const list = await (prefetched ?? this.#call((client) => client.getPosts(channelId, 0, this.#pageSize)));
      record.hasOlder = list.order.length >= this.#pageSize;
      this.#mergePostList(channelId, list, knownBefore);
      // Before anything marks the channel viewed: where the "new messages" line goes.
      const channel = this.#channels.get(channelId);
      const me = this.#me?.id;
      if (channel && channel.msgCount < channel.totalMsgCount)
        record.firstUnreadId = firstUnreadId(record, channel.lastViewedAt, me);
      // Authors' names before the posts show, rather than ids flickering into names.
      await this.#users.load(record.order.map((id) => record.byId.get(id)?.userId ?? '')).catch(() => undefined);
      record.complete = true;
      this.#postsChanged.add(channelId);
      this.#touch();
      // The conversation on screen shows now, not a frame later: the batching per frame is
      // for bursts of live changes, and here the wait would only delay its first paint.
      if (this.#activeChannelId === channelId && this.#frame !== undefined) this.#flush();
    })().finally(() => this.#channelLoads.delete(channelId));
    this.#channelLoads.set(channelId, load);
    return load;
  }

  /** Loads the page before the oldest loaded post; `hasOlder` turns false at the start. */
  async loadOlder(channelId: string): Promise<void> {
    const record = this.#posts.get(channelId);
    if (!record || !record.complete || !record.hasOlder || record.loadingOlder) return;
    const oldest = record.order.find((id) => record.byId.get(id)?.state === 'sent');
    if (!oldest) {
      record.hasOlder = false;
      this.#postsChanged.add(channelId);
      this.#touch();
      return;
    }
    record.loadingOlder = true;
    this.#postsChanged.add(channelId);
    this.#touch();
    try {
      const list = await this.#call((client) => client.getPostsBefore(channelId, oldest, 0, this.#pageSize));
      record.hasOlder = list.order.length >= this.#pageSize;
      this.#prependPage(channelId, record, list);
    } catch (error) {
      this.#fail(error);
    } finally {
      record.loadingOlder = false;
      this.#postsChanged.add(channelId);
      this.#touch();
    }
  }

  /**
   * Marks a channel read here and on the server. For the active channel that was only
   * selected (`openChannel(id, {markViewed: false})`), this is the user's action that
   * opens it: from now on it stays read while open and visible.
   */
  async markViewed(channelId: string): Promise<void> {
    if (!this.#channels.has(channelId)) return;
    if (channelId === this.#activeChannelId && !this.#activeViewed) {
      this.#activeViewed = true;
      this.#channelsChanged = true;
    }
    this.#levelChannel(channelId, Date.now());
    try {
      await this.#call((client) => client.viewMyChannel(channelId));
    } catch (error) {
      this.#fail(error);
    }
  }

  #markActiveViewedSoon(delay: number): void {
    clearTimeout(this.#viewTimer);
    this.#viewTimer = setTimeout(() => {
      this.#viewTimer = undefined;
      const id = this.#activeChannelId;
      const record = id ? this.#channels.get(id) : undefined;
      if (id && record && this.#activeViewed && this.#visible && hasUnread(record)) {
        void this.markViewed(id);
      }
    }, delay);
  }

  /** Public channels of the team that the user has not joined. */
  async listPublicChannels(): Promise<ChannelView[]> {
    const teamId = this.#requireTeam();
    const channels = await this.#call((client) => client.getChannels(teamId, 0, 200));
    return channels
      .filter((channel) => channel.type === 'O' && !channel.delete_at && !this.#channels.has(channel.id))
      .map((channel) => this.#channelView(unjoinedChannelRecord(channel)))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async joinChannel(channelId: string): Promise<ChannelView> {
    const me = this.#requireMe();
    const member = await this.#call((client) => client.addToChannel(me.id, channelId));
    const channel = await this.#call((client) => client.getChannel(channelId));
    this.#putChannel(channel, member);
    return this.#channelView(this.#channels.get(channelId) as ChannelRecord);
  }

  /** Creates (or finds) the DM with `userId`, adds it to the channels and opens it. */
  async openDirectChannel(userId: string): Promise<ChannelView> {
    return this.#openDirect(userId);
  }

  async #openDirect(userId: string, options: OpenChannelOptions = {}): Promise<ChannelView> {
    const me = this.#requireMe();
    const channel = await this.#call((client) => client.createDirectChannel([me.id, userId]));
    if (!this.#channels.has(channel.id)) {
      const member = await this.#call((client) => client.getMyChannelMember(channel.id));
      this.#putChannel(channel, member);
    }
    await this.#users.load([userId]);
    await this.openChannel(channel.id, options);
    return this.#channelView(this.#channels.get(channel.id) as ChannelRecord);
  }

  permalink(channelId: string): string {
    const record = this.#channels.get(channelId);
    const base = `${this.#token?.serverUrl ?? ''}/${this.#teamName ?? ''}`;
    if (!record) return `${base}/channels/${channelId}`;
    if (record.type === 'D' && record.otherUserId) {
      const username = this.#users.get(record.otherUserId)?.username;
      if (username) return `${base}/messages/@${username}`;
    }
    return `${base}/channels/${record.name}`;
  }

  // ─── Posts ───────────────────────────────────────────────────────────────────

  /** A page from `getPostsBefore`: it goes in front of the loaded posts (see `prependPosts`). */
  #prependPage(channelId: string, record: PostsRecord, list: PostList): void {
    const incoming = postsOf(list, channelId);
    for (const post of incoming) this.#seenPosts.add(post.id);
    const block = prependPosts(record, incoming);
    this.#users.want(block.map((id) => record.byId.get(id)?.userId ?? ''));
    this.#postsChanged.add(channelId);
    this.#touch();
  }

  /** A page or a since-list from the server, merged with the loaded posts (see `mergePosts`). */
  #mergePostList(channelId: string, list: PostList, knownBefore: ReadonlySet<string> = new Set()): void {
    const record = this.#posts.get(channelId);
    const incoming = postsOf(list, channelId);
    for (const post of incoming) this.#seenPosts.add(post.id);
    if (!record || incoming.length === 0) return;
    const { views, replaced } = mergePosts(record, incoming, knownBefore);
    for (const pendingId of replaced) this.#pendingSends.delete(pendingId);
    this.#users.want(views.map((view) => view.userId));
    this.#postsChanged.add(channelId);
    this.#touch();
  }

  /**
   * Adds or updates a server post in its channel's loaded list. A post that carries the
   * `pending_post_id` of an optimistic one replaces it. Returns true when the post is new
   * to this store.
   */
  #upsertPost(post: Post): boolean {
    const record = this.#posts.get(post.channel_id);
    const seen = this.#seenPosts.has(post.id);
    this.#seenPosts.add(post.id);
    const view = toPostView(post);
    this.#threadPost(view);
    if (!record) return !seen;
    noteSynced(record, post);
    const change = putPost(record, view);
    if (change === 'unchanged') return false;
    if (change === 'replaced') this.#pendingSends.delete(view.pendingPostId as string);
    // A live post that shares its millisecond with a loaded one may belong before it (the
    // socket can lag behind a REST page): the server's list settles the order.
    if (change === 'tied') this.#resyncTies(post.channel_id, view.createAt);
    if (change === 'added' || change === 'tied') this.#users.want([post.user_id]);
    this.#postsChanged.add(post.channel_id);
    this.#touch();
    return change !== 'updated' && !seen;
  }

  #resyncTies(channelId: string, createAt: number): void {
    const pending = this.#tieResyncs.get(channelId);
    if (pending) {
      pending.since = Math.min(pending.since, createAt - 1);
      return;
    }
    const entry = {
      since: createAt - 1,
      // Coalesces a burst of same-millisecond posts into one request.
      timer: setTimeout(() => {
        this.#tieResyncs.delete(channelId);
        const record = this.#posts.get(channelId);
        if (!record?.complete || !this.#running) return;
        const known = new Set(record.order);
        this.#call((client) => client.getPostsSince(channelId, entry.since)).then(
          (list) => this.#mergePostList(channelId, list, known),
          (error: unknown) => this.#fail(error),
        );
      }, 50),
    };
    this.#tieResyncs.set(channelId, entry);
  }

  #bumpReplyCount(channelId: string, rootId: string): void {
    const record = this.#posts.get(channelId);
    const root = record?.byId.get(rootId) ?? this.#threads.get(rootId)?.root;
    if (!root) return;
    const next = { ...root, replyCount: root.replyCount + 1 };
    if (record?.byId.has(rootId)) {
      record.byId.set(rootId, next);
      this.#postsChanged.add(channelId);
      this.#touch();
    }
    this.#threadPost(next);
  }

  /** Puts a post into the open thread it belongs to (root or reply); pending replies stay last. */
  #threadPost(view: PostView): void {
    const thread = this.#threads.get(view.rootId || view.id);
    if (!thread || thread.channelId !== view.channelId || !putThreadPost(thread, view)) return;
    this.#threadsChanged = true;
    this.#touch();
  }

  #applyReaction(reaction: Reaction, added: boolean): void {
    const channelId = (reaction as Reaction & { channel_id?: string }).channel_id;
    const record = channelId
      ? this.#posts.get(channelId)
      : [...this.#posts.values()].find((candidate) => candidate.byId.has(reaction.post_id));
    const post = record?.byId.get(reaction.post_id) ?? findThreadPost(this.#threads.values(), reaction.post_id);
    if (!post) return;
    const next = withReaction(post, reaction, added);
    if (record?.byId.has(post.id)) {
      record.byId.set(post.id, next);
      this.#postsChanged.add(post.channelId);
      this.#touch();
    }
    this.#threadPost(next);
  }

  /**
   * Posts a message: it shows at once as 'pending', and is replaced by the server's post
   * (matched by `pending_post_id`). A failure leaves it 'failed' with `error`, for
   * `retrySend`. Resolves either way; rejects only for an empty or oversized message or a
   * store that is not started. `rootId` makes it a reply; `fileIds` (from `uploadFiles`)
   * attaches files, and then the message may be empty.
   */
  async send(
    channelId: string,
    message: string,
    options: { rootId?: string; fileIds?: readonly string[] } = {},
  ): Promise<void> {
    const me = this.#requireMe();
    const fileIds = [...(options.fileIds ?? [])];
    if (!message.trim() && fileIds.length === 0) throw new RangeError('A message cannot be empty.');
    if (message.length > MAX_MESSAGE_LENGTH)
      throw new RangeError(`A message can have at most ${MAX_MESSAGE_LENGTH} characters.`);
    if (!this.#channels.has(channelId)) throw new Error(`No channel "${channelId}".`);
    // Unique per store even for two sends in the same millisecond.
    const stamp = Math.max(Date.now(), this.#lastPendingStamp + 1);
    this.#lastPendingStamp = stamp;
    const pendingId = `${me.id}:${stamp}`;
    const rootId = options.rootId ?? '';
    this.#pendingSends.set(pendingId, { channelId, message, rootId, fileIds });
    let record = this.#posts.get(channelId);
    if (!record) {
      record = emptyPosts(false);
      this.#posts.set(channelId, record);
    }
    const view = pendingPost(pendingId, {
      channelId,
      userId: me.id,
      rootId,
      message,
      createAt: stamp,
      files: fileIds.map((id) => this.#uploads.fileView(id)),
    });
    record.byId.set(pendingId, view);
    record.order.push(pendingId);
    this.#postsChanged.add(channelId);
    this.#threadPost(view);
    this.#touch();
    await this.#submit(pendingId);
  }

  /** Sends a failed post again with the same `pending_post_id`, so the server never posts it twice. */
  async retrySend(channelId: string, pendingPostId: string): Promise<void> {
    const pending = this.#pendingSends.get(pendingPostId);
    const post = this.#posts.get(channelId)?.byId.get(pendingPostId);
    if (!pending || !post || post.state !== 'failed') return;
    this.#setPendingState(channelId, pendingPostId, 'pending');
    await this.#submit(pendingPostId);
  }

  async #submit(pendingId: string): Promise<void> {
    const pending = this.#pendingSends.get(pendingId);
    const me = this.#me;
    if (!pending || !me) return;
    delete pending.failure;
    try {
      const post = await this.#call((client) =>
        client.createPost({
          channel_id: pending.channelId,
          message: pending.message,
          root_id: pending.rootId,
          file_ids: pending.fileIds,
          pending_post_id: pendingId,
          user_id: me.id,
        }),
      );
      // The `posted` event may have arrived first and replaced the pending post already.
      const isNew = this.#upsertPost(post.pending_post_id ? post : { ...post, pending_post_id: pendingId });
      const record = this.#channels.get(pending.channelId);
      if (record) {
        record.countSeq = ++this.#countSeq;
        if (isNew) record.totalMsgCount++;
        record.msgCount = record.totalMsgCount;
        record.mentionCount = 0;
        record.lastPostAt = Math.max(record.lastPostAt, post.create_at);
        this.#channelsChanged = true;
        this.#touch();
      }
      this.#pendingSends.delete(pendingId);
      this.#uploads.attached(pending.fileIds);
    } catch (error) {
      const kind = error instanceof SessionError ? error.kind : classifyError(error);
      pending.failure = kind === 'unreachable' || kind === 'unauthorized' ? kind : 'rejected';
      this.#setPendingState(pending.channelId, pendingId, 'failed', errorMessage(error));
      if (kind === 'unreachable' || kind === 'unauthorized') this.#fail(error);
    }
  }

  #setPendingState(channelId: string, pendingId: string, state: 'pending' | 'failed', error?: string): void {
    const record = this.#posts.get(channelId);
    const post = record?.byId.get(pendingId);
    if (!record || !post || post.state === 'sent') return;
    const next = withSendState(post, state, error);
    record.byId.set(pendingId, next);
    this.#postsChanged.add(channelId);
    this.#threadPost(next);
    this.#touch();
  }

  /**
   * Adds the user's `emoji` reaction to a loaded post, or removes it if it is there. The
   * post's reactions change when the server's event arrives.
   */
  async toggleReaction(channelId: string, postId: string, emoji: string): Promise<void> {
    const me = this.#requireMe();
    const post = this.#posts.get(channelId)?.byId.get(postId) ?? findThreadPost(this.#threads.values(), postId);
    if (!post || post.state !== 'sent') throw new Error(`No sent post "${postId}" in channel "${channelId}".`);
    const mine = post.reactions.some((reaction) => reaction.emoji === emoji && reaction.userIds.includes(me.id));
    if (mine) await this.#call((client) => client.removeReaction(me.id, postId, emoji));
    else await this.#call((client) => client.addReaction(me.id, postId, emoji));
  }

  /** Changes the text of one of the user's posts; the post updates from the server's answer. */
  async editPost(postId: string, message: string): Promise<void> {
    this.#requireMe();
    if (!message.trim()) throw new RangeError('A message cannot be empty.');
    if (message.length > MAX_MESSAGE_LENGTH)
      throw new RangeError(`A message can have at most ${MAX_MESSAGE_LENGTH} characters.`);
    const post = await this.#call((client) => client.patchPost({ id: postId, message }));
    this.#upsertPost(post);
  }

  /** Deletes one of the user's posts; it shows as deleted at once. */
  async deletePost(postId: string): Promise<void> {
    this.#requireMe();
    await this.#call((client) => client.deletePost(postId));
    for (const [channelId, record] of this.#posts) {
      const post = record.byId.get(postId);
      if (!post || post.deleted) continue;
      const gone = deletedPost(post);
      record.byId.set(postId, gone);
      this.#postsChanged.add(channelId);
      this.#threadPost(gone);
      this.#touch();
    }
  }

  /**
   * Loads the thread of `rootId` (a post in a loaded channel, or any post id the server
   * knows) into `state.threads` and makes it the active thread. Live replies join it until
   * `closeThread`. Never rejects: a failure shows as the thread's `error`.
   */
  async openThread(rootId: string): Promise<void> {
    this.#requireMe();
    let thread = this.#threads.get(rootId);
    if (!thread) {
      const known = [...this.#posts.values()]
        .map((record) => record.byId.get(rootId))
        .find((post) => post !== undefined);
      thread = newThread(rootId, known && !known.rootId ? known : undefined);
      this.#threads.set(rootId, thread);
    } else {
      thread.loading = true;
      delete thread.error;
    }
    this.#activeThreadId = rootId;
    this.#threadsChanged = true;
    this.#touch();
    try {
      const list = await this.#call((client) => client.getPostThread(rootId, false));
      if (this.#threads.get(rootId) !== thread) return;
      const posts = mergeThreadList(
        thread,
        list,
        (post) => this.#posts.get(post.channel_id)?.byId.get(post.id) ?? toPostView(post),
      );
      for (const post of posts) this.#seenPosts.add(post.id);
      this.#users.want(posts.map((post) => post.user_id));
    } catch (error) {
      if (this.#threads.get(rootId) !== thread) return;
      thread.error = errorMessage(error);
      const kind = error instanceof SessionError ? error.kind : classifyError(error);
      if (kind === 'unreachable' || kind === 'unauthorized') this.#fail(error);
    } finally {
      thread.loading = false;
      this.#threadsChanged = true;
      this.#touch();
    }
  }

  /** Stops following the thread of `rootId`. */
  closeThread(rootId: string): void {
    if (!this.#threads.delete(rootId)) return;
    if (this.#activeThreadId === rootId) this.#activeThreadId = undefined;
    this.#threadsChanged = true;
    this.#touch();
  }

  /**
   * Uploads files to a channel and resolves with their ids, for `send(…, {fileIds})`.
   * Rejects with an `UploadError` ("File too large (max N MB)" for the server's 413) or an
   * `AbortError` when `signal` aborts; nothing is kept on failure, so the caller keeps its
   * files for a retry.
   */
  async uploadFiles(channelId: string, files: readonly File[], options: UploadOptions = {}): Promise<string[]> {
    this.#requireMe();
    return this.#uploads.upload(channelId, files, options);
  }

  /**
   * A function that gives an object URL for a file, its preview or its thumbnail, fetched
   * with the Bearer token (a plain `<img src>` cannot send it); give it to
   * `<bisman-message-list>` as `fileUrl`. Only a file whose bytes are a PNG, JPEG, GIF or
   * WebP comes back as an image (`link.image`); every other file is inert bytes to download
   * (`file-urls.ts`). URLs are cached per file and kind and revoked on `stop()` and
   * `logout()`, which also replace this function, so lists that cache by function ask again.
   */
  get fileUrl(): (fileId: string, kind: FileUrlKind) => Promise<FileLink> {
    return this.#fileUrls.resolve;
  }

  // ─── Users, typing, drafts ───────────────────────────────────────────────────

  /**
   * Team members whose name starts with `term`, for the DM search (you excluded). A newer
   * call aborts the older one, which rejects with an `AbortError`.
   */
  async searchUsers(term: string): Promise<UserView[]> {
    this.#searchAbort?.abort();
    const controller = new AbortController();
    this.#searchAbort = controller;
    const teamId = this.#requireTeam();
    const me = this.#me?.id;
    const result = await this.#call((client) => client.autocompleteInTeam(term.trim(), teamId, 25, controller.signal));
    if (controller.signal.aborted) throw new DOMException('Superseded by a newer search.', 'AbortError');
    const users = [...(result.users ?? []), ...(result.out_of_channel ?? [])].filter(
      (user) => user.id !== me && !user.delete_at,
    );
    const views = users.map((user) => this.#users.put(user));
    this.#touch();
    return views;
  }

  /** Tells the others that the user is typing (throttled per channel). */
  userTyping(channelId: string, rootId = ''): void {
    const now = Date.now();
    const key = `${channelId}:${rootId}`;
    if (now - (this.#typingSentAt.get(key) ?? 0) < TYPING_THROTTLE) return;
    this.#typingSentAt.set(key, now);
    this.#realtime.typing(channelId, rootId);
  }

  setDraft(channelId: string, text: string): void {
    if (text) this.#drafts.set(channelId, text);
    else this.#drafts.delete(channelId);
  }

  draft(channelId: string): string {
    return this.#drafts.get(channelId) ?? '';
  }

  /** `key` is a `typingKey` (see `TypingUsers`). */
  #setTyping(key: string, userId: string, typing: boolean): void {
    if (userId === this.#me?.id) return;
    this.#typing.set(key, userId, typing);
    if (typing) this.#users.want([userId]);
  }

  // ─── Page visibility and network ─────────────────────────────────────────────

  get #visible(): boolean {
    const documentVisible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    return this.#hostVisible && documentVisible;
  }

  readonly #onVisibilityChange = (): void => {
    this.#channelsChanged = true;
    this.#touch();
    if (document.visibilityState === 'hidden') {
      this.#hiddenAt = Date.now();
      return;
    }
    const hiddenFor = this.#hiddenAt === undefined ? 0 : Date.now() - this.#hiddenAt;
    this.#hiddenAt = undefined;
    if (hiddenFor > LONG_GAP) void this.#catchUp();
    this.#markActiveViewedSoon(0);
  };

  readonly #onOnline = (): void => {
    const offlineFor = this.#offlineAt === undefined ? 0 : Date.now() - this.#offlineAt;
    if (this.#connection === 'offline') this.retry();
    else if (offlineFor > LONG_GAP || !this.#socketUp) void this.#catchUp();
  };

  readonly #onOffline = (): void => {
    this.#offlineAt ??= Date.now();
  };

  #addWindowListeners(): void {
    if (this.#windowListenersOn) return;
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#onVisibilityChange);
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.#onOnline);
      window.addEventListener('offline', this.#onOffline);
    }
    this.#windowListenersOn = true;
  }

  #removeWindowListeners(): void {
    if (!this.#windowListenersOn) return;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.#onOnline);
      window.removeEventListener('offline', this.#onOffline);
    }
    this.#windowListenersOn = false;
  }

  // ─── Snapshots and notification ──────────────────────────────────────────────

  /** Something changed: the next `state` read rebuilds, and listeners hear of it next frame. */
  #touch(): void {
    this.#stale = true;
    if (this.#listeners.size === 0 || this.#frame !== undefined || this.#frameTimer !== undefined) return;
    if (typeof requestAnimationFrame === 'function') this.#frame = requestAnimationFrame(this.#flush);
    // Hidden tabs pause animation frames; state must still reach badges and events.
    this.#frameTimer = setTimeout(this.#flush, 100);
  }

  /** Tells the listeners now what `#touch` scheduled for the next frame. */
  readonly #flush = (): void => {
    if (this.#frame !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.#frame);
    clearTimeout(this.#frameTimer);
    this.#frame = this.#frameTimer = undefined;
    // Compared with what listeners saw last: a reader of `state` in between must not swallow the change.
    const state = this.state;
    if (state === this.#notified) return;
    this.#notified = state;
    for (const listener of [...this.#listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('bisman-chat: a state listener failed', error);
      }
    }
  };

  #build(): ChatState {
    const previous = this.#snapshot as ChatState | undefined;
    this.#stale = false;

    let channels = previous?.channels;
    if (!channels || this.#channelsChanged || this.#usersChanged) {
      channels = this.#channelViews = channelViews(this.#channels.values(), this.#channelViews, (record) =>
        this.#channelView(record),
      );
    }

    let users = previous?.users;
    if (!users || this.#usersChanged) users = new Map(this.#users.byId);

    let posts = previous?.posts;
    if (!posts || this.#postsChanged.size > 0) posts = postsSnapshot(posts, this.#postsChanged, this.#posts);

    let typing = previous?.typing;
    if (!typing || this.#typingChanged) typing = this.#typing.snapshot();

    let threads = previous?.threads;
    if (!threads || this.#threadsChanged) threads = threadsSnapshot(this.#threads.values());

    const unread =
      previous && channels === previous.channels && previous.unread
        ? previous.unread
        : unreadTotals(channels.values(), this.#tabs);

    this.#channelsChanged = this.#usersChanged = this.#typingChanged = this.#threadsChanged = false;
    this.#postsChanged.clear();

    const state: ChatState = {
      connection: this.#connection,
      supportAgent: this.#token?.supportAgent ?? false,
      tabs: this.#tabs,
      channels,
      users,
      posts,
      unread,
      typing,
      threads,
    };
    if (this.#activeThreadId) state.activeThreadId = this.#activeThreadId;
    if (this.#error) state.error = this.#error;
    if (this.#me) state.me = this.#me;
    if (this.#teamId) state.teamId = this.#teamId;
    if (this.#teamName) state.teamName = this.#teamName;
    if (this.#token) state.serverUrl = this.#token.serverUrl;
    if (this.#token?.supportChannelId) state.supportChannelId = this.#token.supportChannelId;
    if (this.#activeChannelId) {
      state.activeChannelId = this.#activeChannelId;
      state.activeChannelViewed = this.#activeViewed;
    }
    return Object.freeze(state);
  }

  #channelView(record: ChannelRecord): ChannelView {
    return toChannelView(record, {
      readNow: record.id === this.#activeChannelId && this.#activeViewed && this.#visible,
      users: this.#users.byId,
      supportChannelId: this.#token?.supportChannelId,
    });
  }
}
