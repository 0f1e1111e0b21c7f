import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { fetchTokenFrom } from '../../data/session.js';
import type { TokenSource } from '../../data/session.js';
import type { ChannelView, ChatState, TabId, TokenProvider, UserView } from '../../data/types.js';
import { cachedStrings, en, isRtl, loadStrings, resolveLocale, type ChatStrings } from '../../i18n/index.js';
import { BismanElement } from '../base/bisman-element.js';
import type { BismanConversation } from '../conversation/conversation.js';
import type { BismanChannelBrowser, PublicChannel } from '../channel-browser/bisman-channel-browser.js';
import type { BismanUserSearch, UserSearchFn } from '../user-search/bisman-user-search.js';
import { chatStyles } from './bisman-chat.styles.js';
import { ChatStoreController } from './chat-store-controller.js';
import { VisualViewportController } from './viewport-controller.js';
// Types only (erased): the tag map that define.ts declares, so templates here are checked against it.
import type {} from '../../define.js';

const ALL_TABS: readonly TabId[] = ['team', 'dm', 'support'];

const TAB_LABEL = { team: 'tabTeam', dm: 'tabDm', support: 'tabSupport' } as const satisfies Record<TabId, keyof ChatStrings>;

/** Parses the `tabs` attribute: known names in their canonical order; all when none is known. */
export function parseTabs(value: string | null | undefined): TabId[] {
  const asked = new Set((value ?? '').split(/\s+/).filter(Boolean));
  const tabs = ALL_TABS.filter((tab) => asked.has(tab));
  return tabs.length > 0 ? tabs : [...ALL_TABS];
}

type Focusable = 'composer' | 'new-message' | 'user-search' | 'browse' | 'tab' | 'launcher' | 'channel' | 'back';


/** A child element that was just created has no shadow content until its first update. */
async function focusWhenRendered(target: HTMLElement): Promise<void> {
  if ('updateComplete' in target) await (target as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  target.focus();
}

/**
 * @tag bisman-chat
 * @summary Mattermost chat for a signed-in host page: Team, Direct messages and Support tabs.
 *
 * @attr auth-url - The auth server's token route (`POST`, with the host's cookies); ignored when `tokenProvider` is set.
 * @attr tabs - Which tabs to show: a space-separated subset of `team dm support` (default all three).
 * @attr team - The team's name (informational: the token names the team).
 * @attr channel - The channel to open first (id or name).
 * @attr mode - `inline` (a panel in the page) or `launcher` (a button with a badge that opens the panel).
 * @attr theme - `light`, `dark` or `auto` (follows the system).
 * @attr locale - The language (`en`, `de`, `ar`; a BCP 47 tag): defaults to the page's `<html lang>`, then English. Arabic, Hebrew, Persian and Urdu lay the widget out right to left.
 * @attr nonce - A CSP nonce for the `<style>` elements that browsers without constructable stylesheets need (Lit reads it as `litNonce`); modern browsers need none.
 *
 * @event bisman-chat:ready - The first load finished.
 * @event bisman-chat:unread - `{messages, mentions}` across the tabs, whenever the totals change.
 * @event bisman-chat:message - `{post, channel}`: someone else posted.
 * @event bisman-chat:error - `{message, recoverable}`: the chat could not connect or lost its connection.
 *
 * @csspart base - The panel.
 * @csspart launcher - The launcher button (`mode="launcher"`).
 * @csspart launcher-badge - The unread count on the launcher.
 * @csspart launcher-panel - The floating panel the launcher opens (full screen below 640px).
 * @csspart close - The panel's Close button (launcher mode).
 * @csspart header - The panel's header.
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab (the selected one also has `tab-selected`).
 * @csspart tab-badge - A tab's unread count.
 * @csspart panel - Each tab panel.
 * @csspart sidebar - The column with the channel list.
 * @csspart back - The "Back to channels" button: panels narrower than 600px show the channel list or the conversation.
 * @csspart channel-list - The channel list.
 * @csspart conversation - The open conversation (`<bisman-conversation>`; its parts below are exported).
 * @csspart conversation-header - Its header (name and link).
 * @csspart permalink - The "Open in Mattermost" link.
 * @csspart messages - The message list.
 * @csspart thread - The open thread (from `<bisman-conversation>`).
 * @csspart typing - "Bob is typing…" under the message list.
 * @csspart notice - A failed action in the conversation (reacting, editing, deleting).
 * @csspart uploads - The tray of attached files.
 * @csspart attach - The Attach files button.
 * @csspart drop-zone - What shows while files are dragged over the conversation.
 * @csspart composer - The message box.
 * @csspart status - The connecting, offline and signed-out states (and the line about a failed action).
 *
 * @cssproperty --bisman-chat-font-family - Font of the whole widget.
 * @cssproperty --bisman-chat-font-size - Base font size.
 * @cssproperty --bisman-chat-background - Panel background.
 * @cssproperty --bisman-chat-surface-color - Header and banner background.
 * @cssproperty --bisman-chat-text-color - Text.
 * @cssproperty --bisman-chat-muted-color - Secondary text.
 * @cssproperty --bisman-chat-border-color - Borders.
 * @cssproperty --bisman-chat-accent-color - Buttons, the selected tab's underline.
 * @cssproperty --bisman-chat-accent-text-color - Text on the accent color.
 * @cssproperty --bisman-chat-focus-color - Focus rings.
 * @cssproperty --bisman-chat-link-color - Links.
 * @cssproperty --bisman-chat-badge-color - Unread counts.
 * @cssproperty --bisman-chat-badge-text-color - Text of the counts.
 * @cssproperty --bisman-chat-mention-color - Mention counts.
 * @cssproperty --bisman-chat-selected-color - The open channel in a list.
 * @cssproperty --bisman-chat-hover-color - Hovered rows.
 * @cssproperty --bisman-chat-radius - Corner radius.
 * @cssproperty --bisman-chat-block-size - The panel's height.
 * @cssproperty --bisman-chat-sidebar-size - The channel list's width.
 * @cssproperty --bisman-chat-launcher-offset - Distance of the launcher (and its panel) from the viewport's corner, safe-area insets added.
 * @cssproperty --bisman-chat-panel-inline-size - The launcher panel's width.
 * @cssproperty --bisman-chat-shadow - Shadow of the launcher and its panel.
 * @cssproperty --bisman-chat-z-index - Stacking level of the launcher and its panel.
 * @cssproperty --bisman-chat-presence-online-color - Presence dot: online.
 * @cssproperty --bisman-chat-presence-away-color - Presence dot: away.
 * @cssproperty --bisman-chat-presence-dnd-color - Presence dot: do not disturb.
 * @cssproperty --bisman-chat-backdrop-color - Behind the channel browser dialog.
 */
export class BismanChat extends BismanElement {
  static override styles = chatStyles;

  /** The auth server's token route. */
  @property({ attribute: 'auth-url' }) accessor authUrl: string | undefined;

  /** Space-separated subset of `team dm support`. */
  @property() accessor tabs = 'team dm support';

  /** The team's name. */
  @property() accessor team: string | undefined;

  /** The channel to open first (id or name). */
  @property() accessor channel: string | undefined;

  /** `inline` or `launcher`. */
  @property({ reflect: true }) accessor mode: 'inline' | 'launcher' = 'inline';

  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | 'auto' = 'light';

  /** The language; defaults to the page's `<html lang>`, then English. */
  @property() accessor locale: string | undefined;

  /** Fetches the user's Mattermost token; replaces `auth-url`. */
  @property({ attribute: false }) accessor tokenProvider: TokenProvider | undefined;

  /** A bearer token for the auth server (sent as `Authorization: Bearer …` with `auth-url`). */
  @property({ attribute: false }) accessor hostToken: string | undefined;

  @state() private accessor activeTab: TabId | undefined;
  @state() private accessor searching = false;
  @state() private accessor panelOpen = false;
  @state() private accessor signedOut = false;
  /**
   * Which pane a narrow panel (below 600px, a container query) shows: the channel list or
   * the open conversation (with Back). Wide panels show both and ignore it.
   */
  @state() private accessor pane: 'list' | 'conversation' = 'conversation';
  /** A short message about an action that failed (joining, opening), shown until the next one succeeds. */
  @state() private accessor notice = '';
  /** This element's strings: its own, so instances on one page may differ in language. */
  @state() private accessor t: ChatStrings = en;
  private resolvedLocale = 'en';
  private localeRun = 0;

  @query('bisman-conversation') private accessor conversation: BismanConversation | null = null;
  @query('bisman-user-search') private accessor userSearch: BismanUserSearch | null = null;
  @query('bisman-channel-browser') private accessor browser: BismanChannelBrowser | null = null;

  /** The channel last open in each tab, so coming back to a tab shows it again. */
  private readonly channelForTab = new Map<TabId, string>();
  private pendingFocus: Focusable | undefined;
  private firstChannelOpened = false;
  private tabList: TabId[] = [...ALL_TABS];

  private readonly chat = new ChatStoreController(
    this,
    () => ({
      tokenSource: this.tokenSource(),
      // Parsed here, not this.tabList: the store may start before the first update computes it.
      tabs: parseTabs(this.tabs),
      initialChannel: this.channel || undefined,
      team: this.team,
      visible: this.mode !== 'launcher' || this.panelOpen,
      eager: this.mode !== 'launcher' || this.panelOpen,
    }),
    {
      ready: () => this.emit('bisman-chat:ready'),
      unread: (totals) => this.emit('bisman-chat:unread', totals),
      message: (post, channel) => this.emit('bisman-chat:message', { post, channel }),
      error: (message, recoverable) => this.emit('bisman-chat:error', { message, recoverable }),
      changed: (previous, next) => this.onStateChange(previous, next),
    },
  );

  constructor() {
    super();
    // Registers itself with this element; nothing else needs it.
    new VisualViewportController(this, () => this.renderRoot?.querySelector<HTMLElement>('[part="launcher-panel"]'));
  }

  override connectedCallback(): void {
    // Before the first render adopts the styles: Lit's <style> fallback takes its nonce from litNonce.
    const lit = globalThis as { litNonce?: string };
    if (this.nonce) lit.litNonce ??= this.nonce;
    super.connectedCallback();
  }

  /** Shows the panel (launcher mode; an inline panel is always shown). */
  open(): void {
    this.panelOpen = true;
    this.chat.load();
  }

  /** Hides the panel (launcher mode). */
  close(): void {
    this.panelOpen = false;
    if (this.pendingFocus === 'tab') this.pendingFocus = undefined;
  }

  /** Keeps the store told whether the chat is on screen, so unseen messages stay unread. */
  private syncVisibility(): void {
    this.chat.store?.setVisible(this.mode !== 'launcher' || this.panelOpen);
  }

  /** Opens a channel by id or name, in its tab. */
  async openChannel(idOrName: string): Promise<void> {
    const store = this.chat.store;
    if (!store) {
      // Not started yet: open it first once it starts.
      this.channel = idOrName;
      return;
    }
    await store.openChannel(idOrName);
  }

  /** Signs out of chat: revokes the Mattermost token and forgets the session. */
  async logout(): Promise<void> {
    this.signedOut = true;
    await this.chat.store?.logout();
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

  private tokenSource(): TokenSource | undefined {
    if (this.tokenProvider) return this.tokenProvider;
    if (!this.authUrl) return undefined;
    // hostToken is read on every fetch: the host may set or renew it after the element starts.
    return fetchTokenFrom(this.authUrl, { hostToken: () => this.hostToken });
  }

  /** Switches to the locale's strings: at once when loaded, else after its table loads (the latest ask wins). */
  private applyLocale(): void {
    const locale = resolveLocale(this.locale);
    if (locale === this.resolvedLocale && this.hasUpdated) return;
    this.resolvedLocale = locale;
    const run = ++this.localeRun;
    const cached = cachedStrings(locale);
    if (cached) {
      this.t = cached;
      return;
    }
    void loadStrings(locale).then((strings) => {
      if (run === this.localeRun) this.t = strings;
    });
  }

  /** `rtl` for Arabic, Hebrew, Persian and Urdu; otherwise the page's direction applies. */
  private get dirAttr(): 'rtl' | undefined {
    return isRtl(this.resolvedLocale) ? 'rtl' : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || !this.hasUpdated) this.applyLocale();
    if (changed.has('tabs')) this.tabList = parseTabs(this.tabs);
    const restart =
      changed.has('tokenProvider') || changed.has('authUrl') || (changed.has('tabs') && changed.get('tabs') !== undefined);
    // The first update follows hostConnected, which already started the store.
    if (restart && this.hasUpdated) {
      this.channelForTab.clear();
      this.activeTab = undefined;
      this.firstChannelOpened = false;
      this.signedOut = false;
      this.chat.restart();
    } else if (restart && !this.chat.store) {
      this.chat.restart();
    } else if (changed.has('channel') && this.hasUpdated && this.channel && this.chat.store) {
      this.attempt(this.chat.store.openChannel(this.channel), this.t.couldNotOpen(this.channel));
    }
    if (this.activeTab && !this.tabList.includes(this.activeTab)) this.activeTab = this.tabList[0];
    this.syncVisibility();
  }

  private onStateChange(previous: ChatState | undefined, next: ChatState): void {
    const id = next.activeChannelId;
    const channel = id ? next.channels.get(id) : undefined;
    if (id !== previous?.activeChannelId && channel && this.tabList.includes(channel.tab)) {
      this.channelForTab.set(channel.tab, channel.id);
      // Narrow panels show what was just opened.
      this.pane = 'conversation';
      // A channel opened elsewhere (openChannel, a new DM, the first load) brings its tab forward.
      this.activeTab = channel.tab;
    }
    if (next.connection === 'online' && !this.firstChannelOpened) {
      this.firstChannelOpened = true;
      this.activeTab ??= this.tabList[0];
      // Nothing asked for (or it was not found): open the first tab's usual conversation.
      if (!channel && !this.channel) {
        const target = this.activeTab && this.defaultChannelFor(next, this.activeTab);
        if (target && this.chat.store) this.attempt(this.chat.store.openChannel(target), this.t.couldNotOpenConversation);
      }
    }
  }

  protected override updated(): void {
    const focus = this.pendingFocus;
    if (!focus) return;
    const target =
      focus === 'composer'
        ? this.conversation
        : focus === 'user-search'
          ? this.userSearch
          : focus === 'tab'
            ? this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')
            : focus === 'channel'
              ? this.renderRoot.querySelector<HTMLElement>('bisman-channel-list')
              : this.renderRoot.querySelector<HTMLElement>(`[data-focus="${focus}"]`);
    if (target) {
      this.pendingFocus = undefined;
      void focusWhenRendered(target);
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
    // An agent's Support tab is an inbox: opening one would mark it read for them. The agent
    // picks what to open (and coming back shows what they picked).
    if (tab === 'support' && state.supportAgent === true) return undefined;
    if (tab === 'support' && state.supportChannelId && state.channels.has(state.supportChannelId)) {
      return state.supportChannelId;
    }
    const list = this.channelsOf(state, tab);
    if (tab === 'team') return (list.find((c) => c.name === 'town-square') ?? list[0])?.id;
    return list[0]?.id;
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
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
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
    this.pendingFocus = 'composer';
    if (this.chat.store) this.attempt(this.chat.store.openChannel(event.detail.channelId), this.t.couldNotOpenConversation);
    this.requestUpdate();
  };



  private readonly onRetryConnection = () => this.chat.store?.retry();

  /** Narrow panels: back from the conversation to the channel list, on the open channel. */
  private readonly onBack = () => {
    this.pane = 'list';
    this.pendingFocus = 'channel';
  };

  private readonly onNewMessage = () => {
    this.searching = true;
    this.pendingFocus = 'user-search';
  };

  private readonly searchUsers: UserSearchFn = async (term) => (await this.chat.store?.searchUsers(term)) ?? [];

  private readonly onUserPick = async (event: CustomEvent<{ user: UserView }>) => {
    const store = this.chat.store;
    if (!store) return;
    this.searching = false;
    this.pendingFocus = 'composer';
    try {
      await store.openDirectChannel(event.detail.user.id);
      this.notice = '';
    } catch {
      this.pendingFocus = 'new-message';
      this.notice = this.t.couldNotStartWith(event.detail.user.displayName);
    }
    this.requestUpdate();
  };

  private readonly onUserSearchClose = () => {
    this.searching = false;
    this.pendingFocus = 'new-message';
  };

  private readonly onBrowse = () => void this.browser?.show();

  private readonly loadPublicChannels = async (): Promise<readonly PublicChannel[]> =>
    (await this.chat.store?.listPublicChannels()) ?? [];

  private readonly onJoin = async (event: CustomEvent<{ channelId: string }>) => {
    const store = this.chat.store;
    if (!store) return;
    const { channelId } = event.detail;
    this.pendingFocus = 'composer';
    try {
      if (!this.chat.state?.channels.has(channelId)) await store.joinChannel(channelId);
      await store.openChannel(channelId);
      this.notice = '';
    } catch {
      this.pendingFocus = 'browse';
      this.notice = this.t.couldNotJoin;
    }
    this.requestUpdate();
  };



  private readonly onLauncherClick = () => {
    this.panelOpen = !this.panelOpen;
    if (this.panelOpen) this.chat.load();
    // Opening by hand puts the keyboard user in the panel, on the selected tab (once the tabs show).
    if (this.panelOpen) this.pendingFocus = 'tab';
  };

  private readonly onPanelKeyDown = (event: KeyboardEvent) => {
    if (this.mode !== 'launcher' || event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.onCloseClick();
  };

  private readonly onCloseClick = () => {
    this.panelOpen = false;
    this.pendingFocus = 'launcher';
  };

  // ---- rendering ----------------------------------------------------------

  private renderTabs(state: ChatState | undefined) {
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
      ${sidebar && open
        ? html`<button type="button" class="back" part="back" data-focus="back" @click=${this.onBack}>
            <span aria-hidden="true" class="back-arrow">←</span> ${this.t.backToChannels}
          </button>`
        : nothing}
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
    const presence = new Map([...state.users.values()].map((u) => [u.id, u.presence] as const));
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
        ${this.searching
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
            </button>`}
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
      .locale=${this.locale}
    ></bisman-conversation>`;
  }

  private renderStatus(state: ChatState | undefined) {
    const t = this.t;
    const connection = state?.connection ?? 'idle';
    if (this.signedOut) {
      return html`<div class="state" part="status"><p role="status">${t.signedOut}</p></div>`;
    }
    if (connection === 'unauthorized') {
      return html`<div class="state" part="status" role="alert"><p>${t.signIn}</p></div>`;
    }
    if ((connection === 'offline' || connection === 'error') && !state?.me) {
      return html`<div class="state" part="status">
        <p role="alert">${connection === 'offline' ? t.offline : t.loadFailed} ${t.retriesItself}</p>
        <button type="button" class="primary" @click=${this.onRetryConnection}>${t.retry}</button>
      </div>`;
    }
    if (!state || !state.me || connection === 'idle' || (connection === 'connecting' && !this.activeTab)) {
      const configured = this.tokenSource() !== undefined;
      return html`<div class="state" part="status">
        <p role="status">${configured ? t.connecting : t.notConfigured}</p>
        ${configured ? html`<div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>` : nothing}
      </div>`;
    }
    return undefined;
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

  private renderPanelContent() {
    const state = this.chat.state;
    const status = this.renderStatus(state);
    const connection = state?.connection;
    const t = this.t;
    const live = connection === 'reconnecting' ? t.reconnecting : connection === 'online' ? t.online : '';
    return html`<div part="base" dir=${ifDefined(this.dirAttr)} lang=${ifDefined(this.locale ? this.resolvedLocale : undefined)}>
      <header part="header">
        <h2>${t.chat}</h2>
        <span class="connection" role="status">${status ? '' : live}</span>
        ${this.mode === 'launcher'
          ? html`<button type="button" part="close" @click=${this.onCloseClick}>${t.close}</button>`
          : nothing}
      </header>
      ${status ??
      html`${this.renderBanner(state!)} ${this.renderTabs(state)}
      ${this.tabList.map(
        (tab) =>
          html`<div
            role="tabpanel"
            id="panel-${tab}"
            part="panel"
            aria-labelledby="tab-${tab}"
            data-pane=${this.paneFor(state!, tab)}
            ?hidden=${tab !== this.activeTab}
          >
            ${tab === this.activeTab ? this.renderPanel(state!, tab) : nothing}
          </div>`,
      )}`}
    </div>`;
  }

  override render() {
    if (this.mode !== 'launcher') return this.renderPanelContent();
    const unread = this.chat.state?.unread.messages ?? 0;
    return html`
      <button
        type="button"
        part="launcher"
        dir=${ifDefined(this.dirAttr)}
        aria-label=${this.t.launcher(unread)}
        data-focus="launcher"
        aria-expanded=${this.panelOpen ? 'true' : 'false'}
        aria-controls="launcher-panel"
        @click=${this.onLauncherClick}
      >
        <span aria-hidden="true">${this.t.chat}</span>
        ${unread > 0 ? html`<span class="badge" part="launcher-badge" aria-hidden="true">${unread}</span>` : nothing}
      </button>
      <div id="launcher-panel" class="launcher-panel" part="launcher-panel" dir=${ifDefined(this.dirAttr)} ?hidden=${!this.panelOpen} @keydown=${this.onPanelKeyDown}>
        ${this.panelOpen ? this.renderPanelContent() : nothing}
      </div>
    `;
  }
}
