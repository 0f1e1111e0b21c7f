// Creating and wiring <bisman-chat> the way a host application would: attributes for
// the configuration, typed events for the unread badge and a refused identity.
import type { BismanChat, BismanChatUnreadDetail } from '../../src/index.js';

export type ChatMode = 'inline' | 'launcher';
export type ChatElement = BismanChat;
export type UnreadCounts = BismanChatUnreadDetail;

export interface ChatOptions {
  mode: ChatMode;
  tabs?: string;
  onUnread?: (counts: UnreadCounts) => void;
  /** The auth server refused the host identity: the ERP session is gone. */
  onUnauthorized?: () => void;
}

export const AUTH_URL = '/api/chat/token';

export function createChat(options: ChatOptions): ChatElement {
  const chat = document.createElement('bisman-chat');
  chat.setAttribute('auth-url', AUTH_URL);
  chat.setAttribute('mode', options.mode);
  chat.setAttribute('tabs', options.tabs ?? 'team dm support');
  chat.setAttribute('theme', 'light');
  chat.setAttribute('team', 'erp');
  chat.addEventListener('bisman-chat:unread', (event) => options.onUnread?.(event.detail));
  chat.addEventListener('bisman-chat:error', (event) => {
    // Only a refused identity is not recoverable: offline and the like retry by themselves.
    if (!event.detail.recoverable) options.onUnauthorized?.();
  });
  return chat;
}
