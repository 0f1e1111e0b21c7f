// Entry of dist/bisman-chat.js, the module a page loads with <script type="module">. It holds
// <bisman-chat> alone (the launcher, the shell); the chat UI is a split chunk beside it that
// loads at once for an inline panel and when idle (or on first open) for a launcher.
import { defineElements } from './elements/base/define-elements.js';
import { BismanChat } from './elements/chat/bisman-chat.js';
import { preloadWithUi } from './elements/chat/chat-ui.js';

defineElements({ 'bisman-chat': BismanChat });
// The chat UI's chunks, relative to this file: scripts/build.mjs writes them in place of the
// placeholder (this file, the only one of the bundle without a hash in its name, may change
// after the build). Left as it is elsewhere, it preloads nothing.
const UI_CHUNKS = ['__BISMAN_UI_CHUNKS__'];
preloadWithUi(
  UI_CHUNKS.filter((chunk) => !chunk.startsWith('__')).map((chunk) => new URL(chunk, import.meta.url).href),
);

export { BismanChat, parseTabs } from './elements/chat/bisman-chat.js';
export type { BismanChannelList } from './elements/channel-list/bisman-channel-list.js';
export type { BismanChannelBrowser, PublicChannel } from './elements/channel-browser/bisman-channel-browser.js';
export type { BismanComposer } from './elements/composer/bisman-composer.js';
export type { BismanMessageList } from './elements/message-list/message-list.js';
export type { BismanConversation } from './elements/conversation/conversation.js';
export type { BismanUserSearch, UserSearchFn } from './elements/user-search/bisman-user-search.js';
export type * from './events.js';
export { fetchTokenFrom } from './data/session.js';
export type { TokenSource, FetchTokenOptions } from './data/session.js';
export type * from './data/types.js';
export type { DemoUser } from './shared/demo-users.js';
