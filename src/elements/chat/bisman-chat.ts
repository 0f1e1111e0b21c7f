import { adoptStyles, html, nothing, supportsAdoptingStyleSheets } from 'lit';
import type { CSSResult, PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { fetchTokenFrom } from '../../data/session.js';
import type { TokenSource } from '../../data/session.js';
import type { TabId, TokenProvider } from '../../data/types.js';
import { cachedStrings, en, isRtl, loadStrings, resolveLocale, type ChatStrings } from '../../i18n/index.js';
import { BismanElement } from '../base/bisman-element.js';
import { chatStyles } from './bisman-chat.styles.js';
import { ChatStoreController, type Prefetch } from './chat-store-controller.js';
import type { ChatPanel, Focusable } from './chat-panel.js';
import { loadChatUi, loadedChatUi } from './chat-ui.js';
import { VisualViewportController } from './viewport-controller.js';
// Types only (erased): the tag map that define.ts declares, so templates here are checked against it.
import type {} from '../../define.js';

const ALL_TABS: readonly TabId[] = ['team', 'dm', 'support'];

/** Parses the `tabs` attribute: known names in their canonical order; all when none is known. */
export function parseTabs(value: string | null | undefined): TabId[] {
  const asked = new Set((value ?? '').split(/\s+/).filter(Boolean));
  const tabs = ALL_TABS.filter((tab) => asked.has(tab));
  return tabs.length > 0 ? tabs : [...ALL_TABS];
}

/** Adds `styles` after a shadow root's own (Lit's `adoptStyles` replaces adopted sheets, and appends `<style>` elements). */
function addStyles(root: ShadowRoot, styles: CSSResult): void {
  if (supportsAdoptingStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
  else adoptStyles(root, [styles]);
}

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
 * @attr prefetch - When a launcher loads the chat UI before its first open: `intent` (default: when the pointer comes over the button, it is focused or pressed: touch included), `idle` (once the page is idle) or `none` (on open only). Until then only the button loads, and a small watcher keeps its badge live.
 * @attr nonce - A CSP nonce for the `<style>` elements that browsers without constructable stylesheets need (Lit reads it as `litNonce`); modern browsers need none.
 *
 * @event bisman-chat:ready - The first load finished (a launcher: once its chat UI has loaded, see `prefetch`).
 * @event bisman-chat:unread - `{messages, mentions}` across the tabs, whenever the totals change.
 * @event bisman-chat:message - `{post, channel}`: someone else posted (a launcher: once its chat UI has loaded).
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

  /**
   * Loads the chat UI now, for a page that knows the chat will be needed soon (an inline
   * panel loads it when it connects, a launcher as its `prefetch` says). Resolves once it is
   * ready; a failed load rejects and may be tried again.
   */
  static async preload(): Promise<void> {
    await loadChatUi();
  }

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

  /** When a launcher loads the chat UI before its first open: `intent`, `idle` or `none`. */
  @property() accessor prefetch: Prefetch = 'intent';

  /** The language; defaults to the page's `<html lang>`, then English. */
  @property() accessor locale: string | undefined;

  /** Fetches the user's Mattermost token; replaces `auth-url`. */
  @property({ attribute: false }) accessor tokenProvider: TokenProvider | undefined;

  /** A bearer token for the auth server (sent as `Authorization: Bearer …` with `auth-url`). */
  @property({ attribute: false }) accessor hostToken: string | undefined;

  @state() private accessor panelOpen = false;
  @state() private accessor signedOut = false;
  /** This element's strings: its own, so instances on one page may differ in language. */
  @state() private accessor t: ChatStrings = en;
  /** The open panel (tabs, lists, conversation): it comes with the chat UI. */
  private panel: ChatPanel | undefined;
  private resolvedLocale = 'en';
  private localeRun = 0;

  private pendingFocus: Focusable | undefined;
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
      prefetch: this.prefetch,
    }),
    {
      ready: () => this.emit('bisman-chat:ready'),
      unread: (totals) => this.emit('bisman-chat:unread', totals),
      message: (post, channel) => this.emit('bisman-chat:message', { post, channel }),
      error: (message, recoverable) => this.emit('bisman-chat:error', { message, recoverable }),
      changed: (previous, next) => this.panelOnceLoaded()?.stateChanged(previous, next),
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
    await this.chat.logout();
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
      changed.has('tokenProvider') ||
      changed.has('authUrl') ||
      (changed.has('tabs') && changed.get('tabs') !== undefined);
    // The first update follows hostConnected, which already started unless no token source was set then.
    if (restart && this.hasUpdated) {
      this.panel?.reset();
      this.signedOut = false;
      this.chat.restart();
    } else if (restart && !this.chat.started) {
      this.chat.restart();
    } else if (changed.has('channel') && this.hasUpdated && this.channel) {
      this.panel?.openChannel(this.channel);
    }
    this.panelOnceLoaded()?.syncTabs();
    this.syncVisibility();
  }

  /** The open panel, made (and its styles added) once the chat UI has loaded. */
  private panelOnceLoaded(): ChatPanel | undefined {
    const ui = loadedChatUi();
    if (!this.panel && ui) {
      this.panel = new ui.ChatPanel(this, {
        chat: this.chat,
        strings: () => this.t,
        tabs: () => this.tabList,
        initialChannel: () => this.channel,
        locale: () => this.locale,
        focus: (target) => {
          this.pendingFocus = target;
          this.requestUpdate();
        },
      });
      addStyles(this.renderRoot as ShadowRoot, ui.ChatPanel.styles);
    }
    return this.panel;
  }

  protected override updated(): void {
    const focus = this.pendingFocus;
    if (!focus) return;
    const target =
      focus === 'composer'
        ? this.renderRoot.querySelector<HTMLElement>('bisman-conversation')
        : focus === 'user-search'
          ? this.renderRoot.querySelector<HTMLElement>('bisman-user-search')
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

  /** The pointer over the launcher, focus on it, a press: the panel is likely to open, so its UI loads now. */
  private readonly onLauncherIntent = () => {
    if (this.prefetch !== 'none') this.chat.load();
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

  /** What shows until the panel has something to show: connecting (or how to configure it), or signed out. */
  private renderStatus() {
    const t = this.t;
    if (this.signedOut) {
      return html`<div class="state" part="status"><p role="status">${t.signedOut}</p></div>`;
    }
    const configured = this.tokenSource() !== undefined;
    return html`<div class="state" part="status">
      <p role="status">${configured ? t.connecting : t.notConfigured}</p>
      ${configured ? html`<div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>` : nothing}
    </div>`;
  }

  private renderPanelContent() {
    const state = this.chat.state;
    const content = this.signedOut ? undefined : this.panelOnceLoaded()?.render(state);
    const connection = state?.connection;
    const t = this.t;
    const live = connection === 'reconnecting' ? t.reconnecting : connection === 'online' ? t.online : '';
    return html`<div part="base" dir=${ifDefined(this.dirAttr)} lang=${ifDefined(this.locale ? this.resolvedLocale : undefined)}>
      <header part="header">
        <h2>${t.chat}</h2>
        <span class="connection" role="status">${content ? live : ''}</span>
        ${
          this.mode === 'launcher'
            ? html`<button type="button" part="close" @click=${this.onCloseClick}>${t.close}</button>`
            : nothing
        }
      </header>
      ${content ?? this.renderStatus()}
    </div>`;
  }

  override render() {
    if (this.mode !== 'launcher') return this.renderPanelContent();
    const unread = this.chat.unread?.messages ?? 0;
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
        @pointerenter=${this.onLauncherIntent}
        @pointerdown=${this.onLauncherIntent}
        @focus=${this.onLauncherIntent}
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
