// Registers <bisman-conversation> and the parts it renders that no other module registers
// yet (the thread view, the typing indicator); each tag only once.
import { defineElements } from '../base/define-elements.js';
import { BismanThreadView } from '../thread-view/thread-view.js';
import { BismanTypingIndicator } from '../typing-indicator/typing-indicator.js';
import { BismanConversation } from './conversation.js';

defineElements({
  'bisman-conversation': BismanConversation,
  'bisman-thread-view': BismanThreadView,
  'bisman-typing-indicator': BismanTypingIndicator,
});

declare global {
  interface HTMLElementTagNameMap {
    'bisman-conversation': BismanConversation;
    'bisman-thread-view': BismanThreadView;
    'bisman-typing-indicator': BismanTypingIndicator;
  }
}
