/**
 * The data layer's public shapes: what elements see. Slim view models, never raw
 * Mattermost objects (a 10,000-post channel must stay small in memory).
 */

/** What the auth server's token route returns, or a host's `tokenProvider` resolves to. */
export interface ChatToken {
  token: string;
  userId: string;
  /** Base URL for the REST API (without `/api/v4`). */
  serverUrl: string;
  websocketUrl?: string;
  teamId?: string;
  teamName?: string;
  supportChannelId?: string;
  /** True for support agents: the Support tab shows every support conversation as an inbox. */
  supportAgent?: boolean;
  /** Milliseconds since the epoch; the widget fetches a new token before then. */
  expiresAt?: number;
}

/** What the widget asks of a token provider. */
export interface TokenRequestOptions {
  /**
   * True when the chat server refused (401) the token this provider handed out last,
   * e.g. after Mattermost restarted or the token was revoked: return a freshly issued
   * token, not a cached one. The auth server's route gets it as JSON `{"renew": true}`.
   * Absent for a first token and for scheduled renewals before `expiresAt`.
   */
  renew?: boolean;
}

/**
 * A host's own token source (the element's `tokenProvider` property). Providers that
 * ignore the argument keep working; a provider that caches tokens should honour `renew`.
 */
export type TokenProvider = (options?: TokenRequestOptions) => Promise<ChatToken>;

export type TabId = 'team' | 'dm' | 'support';

export type ConnectionState =
  | 'idle' // not started
  | 'connecting' // getting a token, first load
  | 'online' // REST loaded and WebSocket open
  | 'reconnecting' // WebSocket dropped, retrying with backoff; REST catch-up follows
  | 'offline' // chat unreachable; retrying by itself, `retry()` forces it
  | 'unauthorized' // the token source refused us (host not signed in)
  | 'error';

export type Presence = 'online' | 'away' | 'dnd' | 'offline';

export interface UserView {
  id: string;
  username: string;
  /** "First Last", else nickname, else username. */
  displayName: string;
  /**
   * Undefined until the server has told it: a moment after the profile (on the first load,
   * once the first view has shown). Nobody is shown offline for not being known yet.
   */
  presence: Presence | undefined;
  lastPictureUpdate: number;
}

export interface ChannelView {
  id: string;
  teamId: string;
  type: 'O' | 'P' | 'D' | 'G';
  name: string;
  /** For DMs: the other person's display name; for GMs: the others' names. */
  displayName: string;
  purpose: string;
  tab: TabId;
  /** For DMs: the other user's id. */
  otherUserId?: string;
  lastPostAt: number;
  lastViewedAt: number;
  /** Unread messages (channel total minus the member's count). */
  unread: number;
  mentions: number;
}

export type PostState = 'sent' | 'pending' | 'failed';

export interface ReactionView {
  emoji: string;
  userIds: string[];
}

export interface FileView {
  id: string;
  name: string;
  size: number;
  /** What the server says the file is: never what decides how it is shown (`file-urls.ts`). */
  mimeType: string;
  hasPreview: boolean;
}

/** The raster formats an attachment may be shown as: the ones its first bytes can prove. */
export type RasterType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/**
 * A fetched attachment as an object URL of the host page's origin. With `image`, its bytes
 * are a PNG, JPEG, GIF or WebP and the URL is typed so: safe in an `<img>` and opened in a
 * tab. Without, the URL holds the bytes as `application/octet-stream`: offer it only as a
 * download (`<a download>`), since whatever it holds (SVG, HTML, XHTML, a polyglot) would
 * otherwise run as a document of the host's origin.
 */
export interface FileLink {
  href: string;
  image?: RasterType;
}

export interface PostView {
  /** The server id, or the pending id while the post is pending or failed. */
  id: string;
  channelId: string;
  userId: string;
  rootId: string;
  message: string;
  /** Mattermost post type: '' for a user post, 'system_*' for system messages. */
  type: string;
  createAt: number;
  editAt: number;
  deleted: boolean;
  replyCount: number;
  state: PostState;
  pendingPostId?: string;
  /** Why a failed post failed, for the retry affordance. */
  error?: string;
  reactions: ReactionView[];
  files: FileView[];
}

/** The posts of one channel, oldest first. */
export interface ChannelPosts {
  order: string[];
  byId: ReadonlyMap<string, PostView>;
  /** More posts exist before `order[0]`. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The first unread post when the channel was opened (for the "new messages" line). */
  firstUnreadId?: string;
}

/** An open thread: its root and replies, live. */
export interface ThreadPosts {
  rootId: string;
  channelId: string;
  /** The root post; undefined until the thread loaded (or if the root is gone). */
  root?: PostView;
  /** Reply ids, oldest first (the root excluded); pending replies last. */
  order: string[];
  /** The root and the replies by id. */
  byId: ReadonlyMap<string, PostView>;
  loading: boolean;
  /** Why the thread could not be loaded. */
  error?: string;
}

export interface UnreadTotals {
  messages: number;
  mentions: number;
  byTab: Record<TabId, { messages: number; mentions: number }>;
}

/** Everything the elements render, as one immutable snapshot (replaced on every change). */
export interface ChatState {
  connection: ConnectionState;
  /** Human-readable, for the offline / error / unauthorized states. */
  error?: string;
  me?: UserView;
  teamId?: string;
  teamName?: string;
  serverUrl?: string;
  supportChannelId?: string;
  /** True for support agents: the Support tab is an inbox of every support conversation. */
  supportAgent: boolean;
  /** The tabs this store serves (the store's `tabs` option; default all three). */
  tabs: readonly TabId[];
  /** Every channel the user is a member of in the team, plus DMs and group messages. */
  channels: ReadonlyMap<string, ChannelView>;
  users: ReadonlyMap<string, UserView>;
  /** Loaded posts per channel id; a channel is absent until it is opened. */
  posts: ReadonlyMap<string, ChannelPosts>;
  activeChannelId?: string;
  /**
   * With `activeChannelId`: true when the user opened it (it reads as read while visible),
   * false when it was only selected (`openChannel(id, {markViewed: false})`) and keeps its
   * unread count until the user opens it or `markViewed(id)` is called.
   */
  activeChannelViewed?: boolean;
  /** Across the store's tabs; the active channel counts as read while the chat is visible. */
  unread: UnreadTotals;
  /** Who is typing, by `typingKey`: in the channel itself (its id) or in a thread (`thread:<rootId>`); entries expire after about 5 s. */
  typing: ReadonlyMap<string, readonly string[]>;
  /** Open threads by root id (see `openThread`). */
  threads: ReadonlyMap<string, ThreadPosts>;
  /** The thread the user opened last and has not closed. */
  activeThreadId?: string;
}
