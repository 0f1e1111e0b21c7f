// The module with the side effects: it registers the package's custom elements and hands
// the store to <bisman-chat> (the page bundle loads it lazily, see chat-ui.ts). The parts
// that the first open never shows register on first use (elements/base/lazy-parts.ts).
import { ChatStore } from './data/store.js';
import { defineElements } from './elements/base/define-elements.js';
import type { BismanChannelBrowser } from './elements/channel-browser/bisman-channel-browser.js';
import { BismanChannelList } from './elements/channel-list/bisman-channel-list.js';
import { BismanChat } from './elements/chat/bisman-chat.js';
import { ChatPanel } from './elements/chat/chat-panel.js';
import { provideChatUi } from './elements/chat/chat-ui.js';
import { BismanComposer } from './elements/composer/bisman-composer.js';
import { BismanConversation } from './elements/conversation/conversation.js';
import { BismanMessageList } from './elements/message-list/message-list.js';
import type { BismanThreadView } from './elements/thread-view/thread-view.js';
import { BismanTypingIndicator } from './elements/typing-indicator/typing-indicator.js';
import type { BismanUserSearch } from './elements/user-search/bisman-user-search.js';

const elements = {
  'bisman-chat': BismanChat,
  'bisman-channel-list': BismanChannelList,
  'bisman-composer': BismanComposer,
  'bisman-conversation': BismanConversation,
  'bisman-message-list': BismanMessageList,
  'bisman-typing-indicator': BismanTypingIndicator,
} satisfies Record<string, CustomElementConstructor>;

provideChatUi({ ChatStore, ChatPanel });
defineElements(elements);

declare global {
  interface HTMLElementTagNameMap {
    'bisman-chat': BismanChat;
    'bisman-channel-list': BismanChannelList;
    'bisman-channel-browser': BismanChannelBrowser;
    'bisman-composer': BismanComposer;
    'bisman-conversation': BismanConversation;
    'bisman-message-list': BismanMessageList;
    'bisman-thread-view': BismanThreadView;
    'bisman-typing-indicator': BismanTypingIndicator;
    'bisman-user-search': BismanUserSearch;
  }
}
