// Library entry (for bundlers): registers every element at once and exports the public types.
// Pages without a bundler load dist/bisman-chat.js (src/bundle.ts), which loads the chat UI lazily.
import './define.js';

export { BismanChat, parseTabs } from './elements/chat/bisman-chat.js';
export { BismanChannelList } from './elements/channel-list/bisman-channel-list.js';
export { BismanChannelBrowser } from './elements/channel-browser/bisman-channel-browser.js';
export type { PublicChannel } from './elements/channel-browser/bisman-channel-browser.js';
export { BismanComposer } from './elements/composer/bisman-composer.js';
export { BismanMessageList } from './elements/message-list/message-list.js';
export { BismanConversation } from './elements/conversation/conversation.js';
export { BismanThreadView } from './elements/thread-view/thread-view.js';
export { BismanTypingIndicator } from './elements/typing-indicator/typing-indicator.js';
export { BismanUserSearch } from './elements/user-search/bisman-user-search.js';
export type { UserSearchFn } from './elements/user-search/bisman-user-search.js';
export type * from './events.js';
// For hosts that fetch tokens themselves but still want the auth server's shape checked.
export { fetchTokenFrom } from './data/session.js';
export type { TokenSource, FetchTokenOptions } from './data/session.js';
export type {
  ChannelPosts,
  ChannelView,
  ChatState,
  ChatToken,
  ConnectionState,
  FileLink,
  PostView,
  PostState,
  Presence,
  RasterType,
  TabId,
  TokenProvider,
  UnreadTotals,
  UserView,
} from './data/types.js';
export type { DemoUser } from './shared/demo-users.js';
