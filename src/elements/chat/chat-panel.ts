import { html, nothing } from 'lit';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChannelView, ChatState, Presence, TabId, UserView } from '../../data/types.js';
import { usualChannel } from '../../data/channels.js';
import type { ChatStrings } from '../../i18n/index.js';
import { loadPart } from '../base/lazy-parts.js';
import type { PublicChannel } from '../channel-browser/bisman-channel-browser.js';
import type { UserSearchFn } from '../user-search/bisman-user-search.js';
import { panelStyles } from './chat-panel.styles.js';
import type { ChatStoreController } from './chat-store-controller.js';
// Types only (erased): the tag map that define.ts declares, so templates here are checked against it.
import type {} from '../../define.js';

const TAB_LABEL = { team: 'tabTeam', dm: 'tabDm', support: 'tabSupport' } as const satisfies Record<
  TabId,
  keyof ChatStrings
>;

/** What can take the focus after the next render (`<bisman-chat>` moves it). */
export type Focusable = 'composer' | 'new-message' | 'user-search' | 'browse' | 'tab' | 'launcher' | 'channel' | 'back';

/** What the panel reads from its `<bisman-chat>`. */
export interface ChatPanelOptions {
  chat: ChatStoreController;
  strings(): ChatStrings;
  tabs(): readonly TabId[];
  /** The `channel` attribute: a channel asked for, so the first load opens no other. */
  initialChannel(): string | undefined;
  locale(): string | undefined;
  /** Moves the focus there after the next render. */
  focus(target: Focusable): void;
}

/**
 * The open panel of `<bisman-chat>`: its tabs, channel lists, conversation and banners, and
 * what the user does there. It loads with the chat UI (define.ts provides it), so a closed
 * launcher carries none of it; it renders into the element's own shadow root.
 */
export class ChatPanel {
  static readonly styles = panelStyles;

  #activeTab: TabId | undefined;
  #searching = false;
  /**
   * Which pane a narrow panel (below 600px, a container query) shows: the channel list or
   * the open conversation (with Back). Wide panels show both and ignore it.
   */
  #pane: 'list' | 'conversation' = 'conversation';
  /** A short message about an action that failed (joining, opening), shown until the next one succeeds. */
  #notice = '';
  /** The channel last open in each tab, so coming back to a tab shows it again. */
  private readonly channelForTab = new Map<TabId, string>();
  private firstChannelOpened = false;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly options: ChatPanelOptions,
  ) {}

  // Reactive state: a change renders the element again.
  private get activeTab(): TabId | undefined {
    return this.#activeTab;
  }
  private set activeTab(value: TabId | undefined) {
    this.#activeTab = value;
    this.host.requestUpdate();
  }
  private get searching(): boolean {
    return this.#searching;
  }
  private set searching(value: boolean) {
    this.#searching = value;
    this.host.requestUpdate();
  }
  private get pane(): 'list' | 'conversation' {
    return this.#pane;
  }
  private set pane(value: 'list' | 'conversation') {
    this.#pane = value;
    this.host.requestUpdate();
  }
  private get notice(): string {
    return this.#notice;
  }
  private set notice(value: string) {
    this.#notice = value;
    this.host.requestUpdate();
  }

  private get chat(): ChatStoreController {
    return this.options.chat;
  }
  private get t(): ChatStrings {
    return this.options.strings();
  }
  private get tabList(): readonly TabId[] {
    return this.options.tabs();
  }
  private get root(): HTMLElement | DocumentFragment {
    return this.host.renderRoot;
  }

  /** A new session (another token source or other tabs): start over from the first tab. */
  reset(): void {
    this.channelForTab.clear();
    this.activeTab = undefined;
    this.firstChannelOpened = false;
  }

  /** The tabs changed: a tab no longer shown gives way to the first. */
  syncTabs(): void {
    if (this.activeTab && !this.tabList.includes(this.activeTab)) this.activeTab = this.tabList[0];
  }

  /** The `channel` attribute changed after the start: open it (a failure shows as the notice). */
  openChannel(idOrName: string): void {
    const store = this.chat.store;
    if (store) this.attempt(store.openChannel(idOrName), this.t.couldNotOpen(idOrName));
  }

  /**
   * Everything under the header: a state (signed out of chat, offline before the first
   * load), or the banner, tabs and panels. `undefined` while the first load runs.
   */
  render(state: ChatState | undefined): TemplateResult | undefined {
    const t = this.t;
    const connection = state?.connection ?? 'idle';
    if (connection === 'unauthorized') {
      return html`<div class="state" part="status" role="alert"><p>${t.signIn}</p></div>`;
    }
    if ((connection === 'offline' || connection === 'error') && !state?.me) {
      return html`<div class="state" part="status">
        <p role="alert">${connection === 'offline' ? t.offline : t.loadFailed} ${t.retriesItself}</p>
        <button type="button" class="primary" @click=${this.onRetryConnection}>${t.retry}</button>
      </div>`;
    }
    if (!state || !state.me || connection === 'idle' || (connection === 'connecting' && !this.activeTab))
      return undefined;
    return html`${this.renderBanner(state)} ${this.renderTabs(state)}
    ${this.tabList.map(
      (tab) =>
        html`<div
          role="tabpanel"
          id="panel-${tab}"
          part="panel"
          aria-labelledby="tab-${tab}"
          data-pane=${this.paneFor(state, tab)}
          ?hidden=${tab !== this.activeTab}
        >
          ${tab === this.activeTab ? this.renderPanel(state, tab) : nothing}
        </div>`,
    )}`;
  }

  /** Runs a user-initiated action; a failure becomes the notice line instead of an unhandled rejection. */
  private attempt(action: Promise<unknown>, failure: string): void {
    action.then(
      () => {
        if (this.notice === failure) this.notice = '';
      },
      () => {
        this.notice = failure;
      },
    );
  }

  /** Follows the store: the tab of a channel opened elsewhere, the first conversation once the channels are in. */
  stateChanged(previous: ChatState | undefined, next: ChatState): void {
    const id = next.activeChannelId;
    const channel = id ? next.channels.get(id) : undefined;
    if (id !== previous?.activeChannelId && channel && this.tabList.includes(channel.tab)) {
      this.channelForTab.set(channel.tab, channel.id);
      // Narrow panels show what was just opened.
      this.pane = 'conversation';
      // A channel opened elsewhere (openChannel, a new DM, the first load) brings its tab forward.
      this.activeTab = channel.tab;
    }
    // The channels, not the socket: it connects only once the first load has shown.
    if ((next.channels.size > 0 || next.connection === 'online') && !this.firstChannelOpened) {
      this.firstChannelOpened = true;
      this.activeTab ??= this.tabList[0];
      // Nothing asked for (or it was not found): open the first tab's usual conversation.
      if (!channel && !this.options.initialChannel()) {
        const target = this.activeTab && this.defaultChannelFor(next, this.activeTab);
        if (target && this.chat.store)
          this.attempt(this.chat.store.openChannel(target), this.t.couldNotOpenConversation);
      }
    }
  }

  // ---- derived view data --------------------------------------------------

  private channelsOf(state: ChatState, tab: TabId): ChannelView[] {
    const list = [...state.channels.values()].filter((c) => c.tab === tab);
    if (tab === 'team') return list.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return list.sort((a, b) => b.lastPostAt - a.lastPostAt);
  }

  /** The channel to show when a tab is chosen: the last one open there, else a sensible first. */
  private defaultChannelFor(state: ChatState, tab: TabId): string | undefined {
    const remembered = this.channelForTab.get(tab);
    if (remembered && state.channels.has(remembered)) return remembered;
    // The same rule as the store's first load (an agent's Support tab is an inbox: opening one
    // would mark it read for them, so the agent picks what to open).
    return usualChannel(state.channels.values(), tab, {
      channelId: state.supportChannelId,
      agent: state.supportAgent === true,
    });
  }

  private selectTab(tab: TabId, focusTab: boolean): void {
    this.activeTab = tab;
    this.searching = false;
    const state = this.chat.state;
    if (state) {
      const target = this.defaultChannelFor(state, tab);
      if (target && target !== state.activeChannelId && this.chat.store) {
        this.attempt(this.chat.store.openChannel(target), this.t.couldNotOpenConversation);
      }
    }
    if (focusTab) {
      void this.host.updateComplete.then(() => this.root.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
    }
  }

  // ---- handlers -----------------------------------------------------------

  private readonly onTabClick = (event: Event) => {
    const tab = (event.currentTarget as HTMLElement).dataset.tab as TabId;
    this.selectTab(tab, false);
  };

  private readonly onTabKeyDown = (event: KeyboardEvent) => {
    const tabs = this.tabList;
    const current = tabs.indexOf(this.activeTab ?? tabs[0]!);
    const rtl = getComputedStyle(event.currentTarget as HTMLElement).direction === 'rtl';
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = current + (rtl ? -1 : 1);
        break;
      case 'ArrowLeft':
        next = current + (rtl ? 1 : -1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    this.selectTab(tabs[(next + tabs.length) % tabs.length]!, true);
  };

  private readonly onChannelSelect = (event: CustomEvent<{ channelId: string }>) => {
    this.searching = false;
    this.pane = 'conversation';
    this.options.focus('composer');
    if (this.chat.store)
      this.attempt(this.chat.store.openChannel(event.detail.channelId), this.t.couldNotOpenConversation);
    this.host.requestUpdate();
  };

  private readonly onRetryConnection = () => this.chat.store?.retry();

  /** Narrow panels: back from the conversation to the channel list, on the open channel. */
  private readonly onBack = () => {
    this.pane = 'list';
    this.options.focus('channel');
  };

  /** The user search registers on first use: it shows (and takes the focus) once it is defined. */
  private readonly onNewMessage = () => {
    void loadPart('bisman-user-search').then(
      () => {
        this.searching = true;
        this.options.focus('user-search');
      },
      () => undefined,
    );
  };

  private readonly searchUsers: UserSearchFn = async (term) => (await this.chat.store?.searchUsers(term)) ?? [];

  private readonly onUserPick = async (event: CustomEvent<{ user: UserView }>) => {
    const store = this.chat.store;
    if (!store) return;
    this.searching = false;
    this.options.focus('composer');
    try {
      await store.openDirectChannel(event.detail.user.id);
      this.notice = '';
    } catch {
      this.options.focus('new-message');
      this.notice = this.t.couldNotStartWith(event.detail.user.displayName);
    }
    this.host.requestUpdate();
  };

  private readonly onUserSearchClose = () => {
    this.searching = false;
    this.options.focus('new-message');
  };

  /** The channel browser registers on first use (a failed load lets the next click try again). */
  private readonly onBrowse = () =>
    void loadPart('bisman-channel-browser').then(
      () => this.root.querySelector('bisman-channel-browser')?.show(),
      () => undefined,
    );

  private readonly loadPublicChannels = async (): Promise<readonly PublicChannel[]> =>
    (await this.chat.store?.listPublicChannels()) ?? [];

  private readonly onJoin = async (event: CustomEvent<{ channelId: string }>) => {
    const store = this.chat.store;
    if (!store) return;
    const { channelId } = event.detail;
    this.options.focus('composer');
    try {
      if (!this.chat.state?.channels.has(channelId)) await store.joinChannel(channelId);
      await store.openChannel(channelId);
      this.notice = '';
    } catch {
      this.options.focus('browse');
      this.notice = this.t.couldNotJoin;
    }
    this.host.requestUpdate();
  };

  /** The pointer over the launcher, focus on it, a press: the panel is likely to open, so its UI loads now. */

  private renderTabs(state: ChatState) {
    const t = this.t;
    return html`<div role="tablist" part="tabs" aria-label=${t.chat} @keydown=${this.onTabKeyDown}>
      ${this.tabList.map((tab) => {
        const selected = tab === this.activeTab;
        const counts = state?.unread.byTab[tab];
        const badge =
          counts && counts.messages > 0
            ? html`<span class="badge ${counts.mentions > 0 ? 'mention' : ''}" part="tab-badge"
                >${counts.messages}<span class="sr-only"> ${t.unread(counts.mentions)}</span></span
              >`
            : nothing;
        return html`<button
          role="tab"
          type="button"
          id="tab-${tab}"
          part="tab${selected ? ' tab-selected' : ''}"
          data-tab=${tab}
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls="panel-${tab}"
          tabindex=${selected ? 0 : -1}
          @click=${this.onTabClick}
        >
          <span>${t[TAB_LABEL[tab]]}</span> ${badge}
        </button>`;
      })}
    </div>`;
  }

  private renderPanel(state: ChatState, tab: TabId) {
    const active = state.activeChannelId ? state.channels.get(state.activeChannelId) : undefined;
    const open = active && active.tab === tab ? active : undefined;
    const agentInbox = tab === 'support' && state.supportAgent === true;
    const sidebar = tab !== 'support' || agentInbox;
    return html`
      ${sidebar ? this.renderSidebar(state, tab, open) : nothing}
      ${
        sidebar && open
          ? html`<button type="button" class="back" part="back" data-focus="back" @click=${this.onBack}>
            <span aria-hidden="true" class="back-arrow">←</span> ${this.t.backToChannels}
          </button>`
          : nothing
      }
      ${open ? this.renderConversation(state, open) : this.renderNoConversation(tab)}
    `;
  }

  /** What a narrow panel shows in a tab: the list when nothing is open there (or Back was used). */
  private paneFor(state: ChatState, tab: TabId): 'list' | 'conversation' | 'single' {
    const agentInbox = tab === 'support' && state.supportAgent === true;
    if (tab === 'support' && !agentInbox) return 'single';
    const active = state.activeChannelId ? state.channels.get(state.activeChannelId) : undefined;
    return active && active.tab === tab ? this.pane : 'list';
  }

  private renderSidebar(state: ChatState, tab: TabId, open: ChannelView | undefined) {
    const channels = this.channelsOf(state, tab);
    const presence = new Map<string, Presence>();
    for (const user of state.users.values()) if (user.presence) presence.set(user.id, user.presence);
    const t = this.t;
    const label = tab === 'team' ? t.channels : tab === 'dm' ? t.conversations : t.supportInbox;
    let actions: TemplateResult | typeof nothing = nothing;
    if (tab === 'team') {
      actions = html`<div class="sidebar-actions">
        <button type="button" class="action" data-focus="browse" @click=${this.onBrowse}>${t.browseChannels}</button>
        <bisman-channel-browser
          .load=${this.loadPublicChannels}
          .memberIds=${new Set(state.channels.keys())}
          .strings=${t}
          @bisman-channel-browser:join=${this.onJoin}
        ></bisman-channel-browser>
      </div>`;
    } else if (tab === 'dm') {
      actions = html`<div class="sidebar-actions">
        ${
          this.searching
            ? html`<bisman-user-search
              label=${t.findPerson}
              exclude-id=${state.me?.id ?? ''}
              .strings=${t}
              .search=${this.searchUsers}
              @bisman-user-search:pick=${this.onUserPick}
              @bisman-user-search:close=${this.onUserSearchClose}
            ></bisman-user-search>`
            : html`<button type="button" class="action" data-focus="new-message" @click=${this.onNewMessage}>
              ${t.newMessage}
            </button>`
        }
      </div>`;
    }
    return html`<div part="sidebar">
      ${actions}
      <bisman-channel-list
        part="channel-list"
        label=${label}
        active-id=${open?.id ?? ''}
        empty-text=${tab === 'dm' ? t.noDirectMessages : t.noConversations}
        .channels=${channels}
        .presence=${presence}
        .strings=${t}
        @bisman-channel-list:select=${this.onChannelSelect}
      ></bisman-channel-list>
    </div>`;
  }

  private renderNoConversation(tab: TabId) {
    const t = this.t;
    const text = tab === 'dm' ? t.chooseConversation : tab === 'support' ? t.noSupportConversation : t.chooseChannel;
    return html`<div part="conversation"><p class="empty">${text}</p></div>`;
  }

  private renderConversation(state: ChatState, channel: ChannelView) {
    // The conversation (messages, threads, typing, uploads, composer) is its own element; its
    // parts are exported so the page styles them through this element as before.
    return html`<bisman-conversation
      part="conversation"
      exportparts="conversation-header, permalink, messages, thread, typing, notice, uploads, attach, drop-zone, composer"
      .store=${this.chat.store}
      .channelId=${channel.id}
      .state=${state}
      .strings=${this.t}
      .locale=${this.options.locale()}
    ></bisman-conversation>`;
  }

  private readonly onDismissNotice = () => {
    this.notice = '';
  };

  private renderBanner(state: ChatState) {
    if (this.notice && state.connection === 'online') {
      return html`<div class="banner" part="status">
        <span role="alert">${this.notice}</span>
        <button type="button" class="action-inline" @click=${this.onDismissNotice}>${this.t.dismiss}</button>
      </div>`;
    }
    if (state.connection === 'offline' || state.connection === 'error') {
      return html`<div class="banner" part="status">
        <span role="alert">${this.t.offlineKept}</span>
        <button type="button" class="primary" @click=${this.onRetryConnection}>${this.t.retry}</button>
      </div>`;
    }
    return nothing;
  }
}
