// Browser entry: registers the elements and exports the public types.
import './define.js';

export { BismanChat, parseTabs } from './elements/chat/bisman-chat.js';
export { BismanChannelList } from './elements/channel-list/bisman-channel-list.js';
export { BismanChannelBrowser } from './elements/channel-browser/bisman-channel-browser.js';
export type { PublicChannel } from './elements/channel-browser/bisman-channel-browser.js';
export { BismanComposer } from './elements/composer/bisman-composer.js';
export { BismanMessageList } from './elements/message-list/message-list.js';
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
  PostView,
  PostState,
  Presence,
  TabId,
  TokenProvider,
  UnreadTotals,
  UserView,
} from './data/types.js';
export type { DemoUser } from './shared/demo-users.js';
