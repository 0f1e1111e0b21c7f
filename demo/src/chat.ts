// Creating and wiring <bisman-chat> the way a host application would.
export type ChatMode = 'inline' | 'launcher';

/** What the demo uses of the element (its full API is in the README). */
export interface ChatElement extends HTMLElement {
  logout(): Promise<void>;
  open?(): void;
}

export interface UnreadCounts {
  messages: number;
  mentions: number;
}

export interface ChatOptions {
  mode: ChatMode;
  tabs?: string;
  label?: string;
  onUnread?: (counts: UnreadCounts) => void;
  /** The auth server refused the host identity: the ERP session is gone. */
  onUnauthorized?: () => void;
}

export const AUTH_URL = '/api/chat/token';

export function createChat(options: ChatOptions): ChatElement {
  const chat = document.createElement('bisman-chat') as ChatElement;
  chat.setAttribute('auth-url', AUTH_URL);
  chat.setAttribute('mode', options.mode);
  chat.setAttribute('tabs', options.tabs ?? 'team dm support');
  chat.setAttribute('theme', 'light');
  chat.setAttribute('team', 'erp');
  if (options.label) chat.setAttribute('aria-label', options.label);
  chat.addEventListener('bisman-chat:unread', (event) => {
    const detail = (event as CustomEvent<Partial<UnreadCounts>>).detail ?? {};
    options.onUnread?.({ messages: Number(detail.messages ?? 0), mentions: Number(detail.mentions ?? 0) });
  });
  chat.addEventListener('bisman-chat:error', (event) => {
    if (isUnauthorized((event as CustomEvent<unknown>).detail)) options.onUnauthorized?.();
  });
  return chat;
}

/** The element reports `{message, recoverable}`; only a refused identity is not recoverable. */
function isUnauthorized(detail: unknown): boolean {
  return typeof detail === 'object' && detail !== null && (detail as { recoverable?: unknown }).recoverable === false;
}
