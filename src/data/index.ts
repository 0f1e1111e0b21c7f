/** The widget's data layer: what the elements import. No DOM rendering here. */
export * from './types.js';
export { ChatStore, toPostView, type ChatStoreOptions, type ChatStoreEvents } from './store.js';
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
export { createClient, websocketUrlFor, classifyError, errorMessage, ChatClient } from './client.js';
export type { RealtimeOptions } from './realtime.js';
