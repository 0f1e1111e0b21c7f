/**
 * The events the package's elements fire: one detail type per event, all bubbling and
 * composed, and declared in `HTMLElementEventMap` so `addEventListener` is typed.
 */
import type { ChannelView, PostView, UserView } from './data/types.js';
import type {
  BismanMessageListLoadOlderDetail,
  BismanMessageListRetryDetail,
} from './elements/message-list/message-list.js';

/** `bisman-chat:unread`: the unread totals across the tabs changed. */
export interface BismanChatUnreadDetail {
  messages: number;
  mentions: number;
}

/** `bisman-chat:message`: someone else posted (in any channel the user is in). */
export interface BismanChatMessageDetail {
  post: PostView;
  channel: ChannelView;
}

/** `bisman-chat:error`: the chat could not connect or lost its connection. */
export interface BismanChatErrorDetail {
  message: string;
  /** False when only the host can fix it (the user is not signed in). */
  recoverable: boolean;
}

/** Event name → detail, for every event the package's elements fire. */
export interface BismanEventDetails {
  /** The first load finished: channels, users and the first conversation are there. */
  'bisman-chat:ready': undefined;
  'bisman-chat:unread': BismanChatUnreadDetail;
  'bisman-chat:message': BismanChatMessageDetail;
  'bisman-chat:error': BismanChatErrorDetail;
  /** `<bisman-channel-list>`: a channel was chosen. */
  'bisman-channel-list:select': { channelId: string };
  /** `<bisman-composer>`: the user sent a message (trailing whitespace dropped, indentation kept; never blank). */
  'bisman-composer:send': { message: string };
  /** `<bisman-composer>`: the text changed (for drafts). */
  'bisman-composer:input': { value: string };
  /** `<bisman-user-search>`: a person was chosen. */
  'bisman-user-search:pick': { user: UserView };
  /** `<bisman-user-search>`: the search was dismissed (Escape or the close button). */
  'bisman-user-search:close': undefined;
  /** `<bisman-message-list>`: the reader is near the top; load older posts. */
  'bisman-message-list:load-older': BismanMessageListLoadOlderDetail;
  /** `<bisman-message-list>`: resend a failed post (same pending id, so never twice). */
  'bisman-message-list:retry': BismanMessageListRetryDetail;
  /** `<bisman-channel-browser>`: the user chose to join (or open) a public channel. */
  'bisman-channel-browser:join': { channelId: string };
}

export type BismanEventName = keyof BismanEventDetails;

export type BismanEvent<K extends BismanEventName> = CustomEvent<BismanEventDetails[K]>;

export type BismanChatReadyEvent = BismanEvent<'bisman-chat:ready'>;
export type BismanChatUnreadEvent = BismanEvent<'bisman-chat:unread'>;
export type BismanChatMessageEvent = BismanEvent<'bisman-chat:message'>;
export type BismanChatErrorEvent = BismanEvent<'bisman-chat:error'>;

type BismanEventMap = { [K in BismanEventName]: BismanEvent<K> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges our events into the DOM's map
  interface HTMLElementEventMap extends BismanEventMap {}
}
