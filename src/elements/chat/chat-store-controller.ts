import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatStore } from '../../data/store.js';
import type { TokenSource } from '../../data/session.js';
import type { ChannelView, ChatState, PostView, TabId } from '../../data/types.js';
import { loadChatUi, loadedChatUi, whenIdle } from './chat-ui.js';

/** What the controller needs to know to build a store; read again on every (re)start. */
export interface ChatStoreOptions {
  tokenSource: TokenSource | undefined;
  tabs: readonly TabId[];
  initialChannel: string | undefined;
  team: string | undefined;
  /** Whether the chat is on screen (a closed launcher panel is not): unread stays unread. */
  visible: boolean;
  /**
   * Whether the chat UI is needed now (an inline panel, an open launcher). When it is not and
   * the UI is not loaded yet, it loads once the browser is idle, and the store starts then so
   * the launcher's badge is live.
   */
  eager: boolean;
}

/** What the controller reports to its host, beyond "render again". */
export interface ChatStoreCallbacks {
  ready(): void;
  unread(totals: { messages: number; mentions: number }): void;
  message(post: PostView, channel: ChannelView): void;
  error(message: string, recoverable: boolean): void;
  /** Called after every state change, before the host renders. */
  changed(previous: ChatState | undefined, next: ChatState): void;
}

const ERROR_TEXT: Partial<Record<ChatState['connection'], string>> = {
  offline: 'Chat is offline.',
  error: 'Chat could not load.',
  unauthorized: 'Sign in to use chat.',
};

/**
 * Owns one element's `ChatStore`: starts it when the host connects, stops it when the
 * host disconnects, and turns state changes into the element's public events. Each
 * element has its own controller, so instances on one page never share state.
 */
export class ChatStoreController implements ReactiveController {
  store: ChatStore | undefined;
  private unsubscribe: (() => void) | undefined;
  private offPosted: (() => void) | undefined;
  private previous: ChatState | undefined;
  private lastTotals = { messages: 0, mentions: 0 };
  private readyFired = false;
  private connected = false;
  /** Bumped on every teardown: a UI load that finishes after it starts nothing. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: () => ChatStoreOptions,
    private readonly callbacks: ChatStoreCallbacks,
  ) {
    host.addController(this);
  }

  /**
   * The last state the store notified. Not `store.state`: reading that between a change and
   * its notification would fold the change into this read and the notification (and the
   * events derived from it) would never come.
   */
  get state(): ChatState | undefined {
    return this.store ? this.previous : undefined;
  }

  hostConnected(): void {
    this.connected = true;
    this.start();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.teardown();
  }

  /** Stops the current store (if any) and starts a new one from the current options. */
  restart(): void {
    this.teardown();
    if (this.connected) this.start();
  }

  /** Loads the chat UI now rather than when idle (the launcher was opened); the store starts after it. */
  load(): void {
    if (!loadedChatUi() && this.connected) this.startWhen(loadChatUi());
  }

  private start(): void {
    const { tokenSource, tabs, initialChannel, team, visible, eager } = this.options();
    if (!tokenSource) return;
    const ui = loadedChatUi();
    if (!ui) {
      this.startWhen(eager ? loadChatUi() : whenIdle().then(loadChatUi));
      return;
    }
    const store = new ui.ChatStore({ tokenSource, tabs: [...tabs], initialChannel, team });
    store.setVisible(visible);
    this.store = store;
    this.previous = undefined;
    this.unsubscribe = store.subscribe(() => this.onChange(store));
    this.offPosted = store.on('posted', (post: PostView, channel: ChannelView) => {
      // Not store.state here: reading it mid-change would take the change out of the next notification.
      if (this.store === store && post.userId !== this.previous?.me?.id) this.callbacks.message(post, channel);
    });
    // start() never rejects: failures show in the state.
    void store.start();
    this.onChange(store);
  }

  private startWhen(loaded: Promise<unknown>): void {
    const generation = this.generation;
    loaded.then(
      () => {
        if (this.connected && this.generation === generation && !this.store) this.start();
      },
      () => {
        if (this.connected && this.generation === generation) this.callbacks.error('Chat could not load.', true);
      },
    );
  }

  private teardown(): void {
    this.generation++;
    this.unsubscribe?.();
    this.offPosted?.();
    this.unsubscribe = undefined;
    this.offPosted = undefined;
    this.store?.stop();
    this.store = undefined;
    this.previous = undefined;
    this.host.requestUpdate();
  }

  private onChange(store: ChatStore): void {
    if (this.store !== store) return;
    const next = store.state;
    const previous = this.previous;
    this.previous = next;
    this.callbacks.changed(previous, next);
    if (previous?.connection !== next.connection) {
      if (next.connection === 'online' && !this.readyFired) {
        this.readyFired = true;
        this.callbacks.ready();
      }
      const text = ERROR_TEXT[next.connection];
      if (text) this.callbacks.error(next.error ?? text, next.connection !== 'unauthorized');
    }
    const { messages, mentions } = next.unread;
    if (messages !== this.lastTotals.messages || mentions !== this.lastTotals.mentions) {
      this.lastTotals = { messages, mentions };
      this.callbacks.unread({ messages, mentions });
    }
    this.host.requestUpdate();
  }
}
