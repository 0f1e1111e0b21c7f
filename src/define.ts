// The only module with a side effect: it registers the package's custom elements.
import { BismanChannelBrowser } from './elements/channel-browser/bisman-channel-browser.js';
import { BismanChannelList } from './elements/channel-list/bisman-channel-list.js';
import { BismanChat } from './elements/chat/bisman-chat.js';
import { BismanComposer } from './elements/composer/bisman-composer.js';
import { BismanMessageList } from './elements/message-list/message-list.js';
import { BismanUserSearch } from './elements/user-search/bisman-user-search.js';

const elements = {
  'bisman-chat': BismanChat,
  'bisman-channel-list': BismanChannelList,
  'bisman-channel-browser': BismanChannelBrowser,
  'bisman-composer': BismanComposer,
  'bisman-message-list': BismanMessageList,
  'bisman-user-search': BismanUserSearch,
} satisfies Record<string, CustomElementConstructor>;

// Guard: the bundle and the library build may both load on one page, or a host may import twice.
for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'bisman-chat': BismanChat;
    'bisman-channel-list': BismanChannelList;
    'bisman-channel-browser': BismanChannelBrowser;
    'bisman-composer': BismanComposer;
    'bisman-message-list': BismanMessageList;
    'bisman-user-search': BismanUserSearch;
  }
}
