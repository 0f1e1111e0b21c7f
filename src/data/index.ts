/**
 * The widget's data layer: what the elements import. No DOM rendering here, and no
 * module-level state: every `ChatStore` is independent.
 *
 * ```ts
 * const store = new ChatStore({ tokenSource: fetchTokenFrom('/api/chat/token') });
 * const off = store.subscribe((state) => render(state)); // at most once per frame
 * await store.start(); // never rejects: see state.connection / state.error
 * await store.openChannel('town-square');
 * await store.send(store.state.activeChannelId!, 'Hello'); // failures show as a 'failed' post
 * store.stop();
 * ```
 *
 * - `session.ts`: where the token comes from (`fetchTokenFrom`), renewal before expiry
 *   and after a 401, revocation on logout. The token lives in memory only.
 * - `store.ts`: the store itself: its life cycle, failures and retries, the socket's
 *   events, catch-up, every action, and when listeners hear of a change. Its records and
 *   helpers live beside it: `channels.ts` (channel records, unread counting, lookup),
 *   `post-records.ts` (how pages, live posts and pending sends enter a channel's record),
 *   `threads.ts`, `users.ts` (profiles in batches, presence), `typing.ts`, `uploads.ts`,
 *   `file-urls.ts` and `snapshot.ts` (the state listeners get, sharing what did not change).
 * - `realtime.ts`: the one `WebSocketClient` per store and its reconnects.
 * - `client.ts`: Client4 set up for a widget (bearer token, no cookies).
 * - `files.ts`: uploads with progress (the one XMLHttpRequest: fetch cannot report it) and
 *   the upload errors; `store.fileUrl` turns file ids into authenticated object URLs
 *   (`file-urls.ts`: typed by the bytes, images only when they prove it, else downloads).
 */
export * from './types.js';
export {
  ChatStore,
  type ChatStoreOptions,
  type ChatStoreEvents,
  type FileUrlKind,
  type OpenChannelOptions,
} from './store.js';
export { UploadError, type UploadOptions } from './files.js';
export { toPostView, toUserView } from './convert.js';
export {
  Session,
  SessionError,
  fetchTokenFrom,
  parseChatToken,
  type FetchTokenOptions,
  type SessionErrorKind,
  type SessionOptions,
  type TokenSource,
} from './session.js';
export { createClient, websocketUrlFor, classifyError, errorMessage, ChatClient, type ChatApi } from './client.js';
export type { RealtimeOptions } from './realtime.js';
