import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatStore } from '../../data/store.js';
import { handOffSource, Session, type TokenSource } from '../../data/session.js';
import type { ChannelView, ChatState, PostView, TabId, UnreadTotals } from '../../data/types.js';
import { UnreadWatcher } from '../../data/unread-watcher.js';
import { whenIdle } from '../base/idle.js';
import { loadChatUi, loadedChatUi, type ChatUi } from './chat-ui.js';

/** When a launcher loads the chat UI before its first open: see the element's `prefetch` attribute. */
export type Prefetch = 'intent' | 'idle' | 'none';

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
   * the UI is not loaded yet, an unread watcher keeps the launcher's badge live until the UI
   * loads (see `prefetch`) and its store takes over.
   */
  eager: boolean;
  prefetch: Prefetch;
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
 *
 * Until the chat UI (and with it the store) has loaded, a session fetches the token (in
 * parallel with the UI's load) and, for a closed launcher, an `UnreadWatcher` keeps the
 * badge live. The store gets that token, and takes the badge over once it has counted:
 * the watcher stops then, so the badge never drops back to zero in between.
 */
export class ChatStoreController implements ReactiveController {
  store: ChatStore | undefined;
  /** The token's holder before the store exists; the store's first token comes from it. */
  private session: Session | undefined;
  private watcher: UnreadWatcher | undefined;
  /** Whether the store has counted the unread messages yet (before that, the watcher's count shows). */
  private storeCounts = false;
  /** `logout()` ran before there was a store: no UI load starts one (until a restart). */
  private signedOut = false;
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

  /** Whether it runs: a store, or the session that fetches the token while the UI loads. */
  get started(): boolean {
    return this.store !== undefined || this.session !== undefined;
  }

  /** The unread totals the badge shows: the store's once it has counted, else the watcher's. */
  get unread(): UnreadTotals | undefined {
    return this.storeCounts ? this.previous?.unread : this.watcher?.totals;
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

  /**
   * Loads the chat UI now (the launcher is opening, or the user shows the intent to open it);
   * the store starts after it.
   */
  load(): void {
    if (!loadedChatUi() && this.connected) this.startWhen(loadChatUi());
  }

  /** Signs out: revokes the token through whichever holds it (the store, or the session before it). */
  async logout(): Promise<void> {
    const { store, session } = this;
    this.stopWatcher();
    if (store) {
      await store.logout();
      return;
    }
    // Signed out before the UI came: nothing starts until the host restarts the chat.
    this.signedOut = true;
    this.report({ messages: 0, mentions: 0 });
    await session?.logout();
  }

  private start(): void {
    const { tokenSource, tabs, team, eager, prefetch } = this.options();
    if (!tokenSource) return;
    const ui = loadedChatUi();
    if (ui) {
      this.startStore(ui, tokenSource);
      return;
    }
    const session = new Session(tokenSource, { onToken: () => this.watcher?.renewed() });
    this.session = session;
    if (eager) {
      // The token comes while the UI loads, not after it; the store takes it from the session.
      session.acquire().catch(() => undefined);
      this.startWhen(loadChatUi());
      return;
    }
    const watcher = new UnreadWatcher({
      session,
      tabs,
      team,
      onTotals: (totals) => {
        if (this.watcher === watcher) this.report(totals);
      },
      onError: (message, recoverable) => {
        if (this.watcher === watcher) this.callbacks.error(message, recoverable);
      },
    });
    this.watcher = watcher;
    watcher.start();
    if (prefetch === 'idle') this.startWhen(whenIdle().then(loadChatUi));
  }

  private startStore(ui: ChatUi, tokenSource: TokenSource): void {
    const { tabs, initialChannel, team, visible } = this.options();
    const session = this.session;
    // The session's token (fetched while the UI loaded, or the watcher's) is the store's
    // first; from then on the store's own session renews it, so this one stops renewing.
    const source = session
      ? handOffSource(tokenSource, () => session.acquire().finally(() => session.dispose()))
      : tokenSource;
    // With no channel asked for, the store opens the first tab's usual conversation itself: it
    // chooses it from the first channel list and asks for its posts beside the users' names.
    const store = new ui.ChatStore({
      tokenSource: source,
      tabs: [...tabs],
      initialChannel,
      openUsualChannel: true,
      team,
    });
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

  private startWhen(loaded: Promise<ChatUi>): void {
    const generation = this.generation;
    loaded.then(
      (ui) => {
        const { tokenSource } = this.options();
        const live = this.connected && this.generation === generation && !this.signedOut;
        if (live && !this.store && tokenSource) this.startStore(ui, tokenSource);
      },
      () => {
        if (this.connected && this.generation === generation) this.callbacks.error('Chat could not load.', true);
      },
    );
  }

  /** The store has counted (or there is none any more): the watcher and the session it used are done. */
  private stopWatcher(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    this.session?.dispose();
    this.session = undefined;
  }

  private teardown(): void {
    this.generation++;
    this.stopWatcher();
    this.storeCounts = this.signedOut = false;
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
    // Its channels (all of them at once) or its socket's hello: the store has counted.
    if (!this.storeCounts && (next.channels.size > 0 || next.connection === 'online')) {
      this.storeCounts = true;
      this.stopWatcher();
    }
    if (this.storeCounts) this.report(next.unread);
    else this.host.requestUpdate();
  }

  /** Fires the unread event when the totals moved, and renders the badge. */
  private report({ messages, mentions }: Pick<UnreadTotals, 'messages' | 'mentions'>): void {
    if (messages !== this.lastTotals.messages || mentions !== this.lastTotals.mentions) {
      this.lastTotals = { messages, mentions };
      this.callbacks.unread({ messages, mentions });
    }
    this.host.requestUpdate();
  }
}
