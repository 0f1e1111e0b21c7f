/**
 * The chat UI (the store with Client4, the open panel, the message list with markdown and
 * the virtualizer, the composer and the lists) loads apart from `<bisman-chat>` itself, so a page that only
 * shows the launcher pays for the button. `define.ts` provides it; the page bundle reaches
 * it through the dynamic `import()` below, which esbuild splits into its own chunks.
 */
import type { ChatStore } from '../../data/store.js';
import type { ChatPanel } from './chat-panel.js';

/** What `<bisman-chat>` needs from the lazily loaded part. */
export interface ChatUi {
  ChatStore: typeof ChatStore;
  /** The open panel: tabs, lists and conversation, with their styles. */
  ChatPanel: typeof ChatPanel;
}

let ui: ChatUi | undefined;
let loading: Promise<ChatUi> | undefined;
let preloads: readonly string[] = [];

/**
 * The URLs of the modules the UI's chunk imports (the page bundle's entry names them): they
 * are fetched beside that chunk, instead of once it has arrived and been read.
 */
export function preloadWithUi(urls: readonly string[]): void {
  preloads = urls;
}

/** Called by `define.ts` once the UI's modules are evaluated (and its tags registered). */
export function provideChatUi(value: ChatUi): void {
  ui = value;
}

/** The UI if it is already loaded: the library build and inline pages have it at once. */
export function loadedChatUi(): ChatUi | undefined {
  return ui;
}

/** Loads the UI once; a failed load (a dropped network) may be tried again. */
export function loadChatUi(): Promise<ChatUi> {
  if (ui) return Promise.resolve(ui);
  if (!loading && typeof document !== 'undefined') {
    for (const href of preloads) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      document.head.append(link);
    }
  }
  loading ??= import('../../define.js').then(
    () => {
      if (!ui) throw new Error('bisman-chat: the chat UI module did not register itself');
      return ui;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
