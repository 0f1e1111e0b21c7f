import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import type { ChannelPosts, PostView, UserView } from '../../data/types.js';
import { BismanElement } from '../base/bisman-element.js';
import { whenIdle } from '../base/idle.js';
import { messageListStyles } from './message-list.styles.js';
import {
  PostRenderer,
  postStrings,
  type BismanOpenThreadDetail,
  type BismanPostDeleteDetail,
  type BismanPostEditDetail,
  type BismanPostReactDetail,
  type FileUrlFn,
} from './post-renderer.js';
import { buildRows, deepActiveElement, type Row } from './rows.js';
import { patchVirtualizer } from './virtualizer-fixes.js';

export type { FileUrlFn, FileUrlKind } from './post-renderer.js';

/** `bisman-message-list:load-older`: the user reached the top; load the page before `order[0]`. */
export type BismanMessageListLoadOlderDetail = Record<string, never>;
/** `bisman-message-list:retry`: send a failed post again (same `pending_post_id`, so never twice). */
export interface BismanMessageListRetryDetail {
  pendingPostId: string;
}
/** `bisman-message-list:react`: toggle the reader's reaction on a post. */
export type BismanMessageListReactDetail = BismanPostReactDetail;
/** `bisman-message-list:edit`: save the reader's edit of their own post. */
export type BismanMessageListEditDetail = BismanPostEditDetail;
/** `bisman-message-list:delete`: delete the reader's own post (confirmed in the list). */
export type BismanMessageListDeleteDetail = BismanPostDeleteDetail;
/** `bisman-message-list:open-thread`: show the thread of `rootId`. */
export type BismanMessageListOpenThreadDetail = BismanOpenThreadDetail;

/** Every text of the list and its messages, in one place for localization. */
export const messageListStrings = {
  ...postStrings,
  messages: 'Messages',
  empty: 'No messages yet.',
  loadingOlder: 'Loading older messages…',
  jump: 'Jump to latest',
  unseen: (count: number) => `(${count} new)`,
};

export type MessageListStrings = typeof messageListStrings;

/** The list's events added by the conversation features (merge into `BismanEventDetails`). */
export interface BismanMessageListEventDetails {
  'bisman-message-list:react': BismanMessageListReactDetail;
  'bisman-message-list:edit': BismanMessageListEditDetail;
  'bisman-message-list:delete': BismanMessageListDeleteDetail;
  'bisman-message-list:open-thread': BismanMessageListOpenThreadDetail;
}

/** Within this many pixels of the end counts as "at the bottom". */
const BOTTOM_SLOP_PX = 48;
/** A scroll this soon after a wheel, touch, key or pointer press is the reader's. */
const USER_SCROLL_WINDOW_MS = 1000;
/** Corrections in a row at one scroll height before giving up (see `nudgeToEnd`). */
const MAX_END_NUDGES = 3;
/** Ask for older posts this far (in viewport heights) before the top is reached. */
const LOAD_OLDER_VIEWPORTS = 1;

/** Where the layout should frame a row; `Infinity` means "the last row, whatever it is". */
interface Pin {
  index: number;
  block: 'start' | 'end';
}

/** What is at the top of the view before older posts are prepended, to put it back there. */
interface Anchor {
  key: string;
  /** Pixels from the scroller's top edge to the message's top edge. */
  offset: number;
}

/** A load-older request: fired for `first`; `settled` once the host reported it finished. */
interface OlderRequest {
  first: string;
  started: boolean;
  settled: boolean;
}

/** A message row with its author line and one line of text, at 16 px (see `ChatLayout`). */
const ROW_ESTIMATE_PX = 50;

/** The virtualizer's own margin: rows are rendered this far (px) beyond each edge of the view. */
const OVERHANG_PX = 1000;
/**
 * How much of the margin each idle moment adds (about five rows): all of it at once was
 * ~20 rows, 15–20 ms of rendering that delayed the frame after the first paint.
 */
const OVERHANG_STEP_PX = 250;

/**
 * The flow layout with a settable margin (`overhang`), so that the list's first layout renders
 * only the rows in view: half or less of what the margin adds, before the first paint. Named
 * explicitly besides: the virtualizer would otherwise import its layout on the fly, and the
 * list would stay empty for a while (and the bundle would need a second chunk).
 */
class ChatLayout extends FlowLayout {
  /**
   * The first guess of a row's height, before any is measured: a message with its author
   * line and one line of text, the commonest row, at the default font size. The flow
   * layout's own guess (100 px) is twice that, so its first pass rendered half the rows the
   * view needs, and a second pass, a frame later, the rest.
   */
  override _itemSize = { width: 100, height: ROW_ESTIMATE_PX };

  get overhang(): number {
    return this._overhang;
  }

  set overhang(px: number) {
    if (px === this._overhang) return;
    this._overhang = px;
    this._triggerReflow();
  }
}

function channelOf(posts: ChannelPosts | undefined): string | undefined {
  const first = posts?.order[0];
  return first === undefined ? undefined : posts?.byId.get(first)?.channelId;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * @tag bisman-message-list
 * @summary The messages of one conversation: a virtualized, bottom-anchored `log`.
 *
 * Presentational: it renders the `posts` it is given and asks for more through events.
 * Starts at the newest post and stays there as posts arrive; when the reader has scrolled
 * up, new posts leave the view alone and a **Jump to latest** button counts them.
 *
 * @event bisman-message-list:load-older - `{}`: the reader is near the top and `posts.hasOlder`.
 * @event bisman-message-list:retry - `{pendingPostId}`: the reader asked to resend a failed post.
 * @event bisman-message-list:react - `{postId, emoji, remove}`: toggle the reader's reaction.
 * @event bisman-message-list:edit - `{postId, message}`: the reader saved an edit of their own post.
 * @event bisman-message-list:delete - `{postId}`: the reader confirmed deleting their own post.
 * @event bisman-message-list:open-thread - `{rootId}`: show this thread (reply count, Reply, "Replied to a thread").
 *
 * @csspart base - The wrapper around the log and the jump button.
 * @csspart log - The scrolling `log` region.
 * @csspart message - One message (`article`).
 * @csspart avatar - The initials avatar.
 * @csspart author - The author's name.
 * @csspart time - The time of a message.
 * @csspart body - The rendered markdown of a message.
 * @csspart day-separator - The "Today" / "Yesterday" / date line.
 * @csspart new-messages - The "New messages" line before the first unread post.
 * @csspart status - "Sending…" or the error of a failed post.
 * @csspart retry - The Retry button of a failed post.
 * @csspart jump - The Jump to latest button.
 * @csspart loading - The "Loading older messages…" notice.
 * @csspart mention - An `@mention` in a message (`mention-me`, `mention-all` for stronger ones).
 * @csspart presence - The presence dot on an avatar.
 * @csspart files - The attachments of a message; `file` one download link (every file not proven an image), `file-preview` one image.
 * @csspart reactions - The reactions under a message; `reaction` one toggle button.
 * @csspart actions - The actions of a message (Add reaction, Reply, Edit, Delete), shown on hover and focus.
 * @csspart editor - The inline editor of a message.
 * @csspart confirm - The inline delete confirmation.
 * @csspart replies - The "3 replies" button under a root post; `thread-context` the "Replied to a thread" line.
 * @csspart emoji-picker - The emoji picker (loaded on first use).
 *
 * @cssproperty --bisman-chat-text-color - Message text.
 * @cssproperty --bisman-chat-muted-color - Times, system messages, separators.
 * @cssproperty --bisman-chat-border-color - Separator lines and quote bars.
 * @cssproperty --bisman-chat-accent-color - The New messages line and the jump button.
 * @cssproperty --bisman-chat-accent-text-color - Text of the jump button.
 * @cssproperty --bisman-chat-link-color - Links and mentions.
 * @cssproperty --bisman-chat-danger-color - The error of a failed post.
 * @cssproperty --bisman-chat-hover-color - Background of a message under the pointer.
 * @cssproperty --bisman-chat-focus-color - Focus ring.
 */
export class BismanMessageList extends BismanElement {
  static override styles = messageListStyles;

  /** The conversation, oldest first. Undefined while it loads. */
  @property({ attribute: false }) accessor posts: ChannelPosts | undefined;

  /** Everyone who may appear as an author, by id. */
  @property({ attribute: false }) accessor users: ReadonlyMap<string, UserView> = new Map();

  /** The reader's user id: their mentions are highlighted. */
  @property({ attribute: false }) accessor meId = '';

  /** The log's accessible name, e.g. "Messages in Town Square". */
  @property({ attribute: false }) accessor label = '';

  /** BCP 47 locale for times and dates; the browser's when unset. */
  @property({ attribute: false }) accessor locale: string | undefined;

  /** A URL for `~channel-name` links in messages; keep the same function between renders. */
  @property({ attribute: false }) accessor channelLink: ((name: string) => string | undefined) | undefined;

  /**
   * Links to attached files (the data layer's object URLs, `ChatStore.fileUrl`); called once
   * per file and kind, so keep the same function between renders. Only a link marked `image`
   * is shown inline and opens in a tab; any other is a download. Without it files show as names.
   */
  @property({ attribute: false }) accessor fileUrl: FileUrlFn | undefined;

  /** The view is at (or stuck to) the newest post. */
  /** Every text of the list and its messages, for localization. */
  @property({ attribute: false }) accessor strings: MessageListStrings = messageListStrings;

  @state() private accessor atBottom = true;
  /** Posts that arrived while the reader was scrolled away. */
  @state() private accessor unseen = 0;

  @query('.log') private accessor scroller!: HTMLElement | null;

  private rows: Row[] = [];
  private previousOrder: readonly string[] | undefined;
  private previousChannel: string | undefined;
  private previousById: ReadonlyMap<string, PostView> | undefined;
  private previousUnreadId: string | undefined;
  /** A pin to hand to the layout on the next render only. */
  private pendingPin: Pin | undefined;
  /** The layout is pinned to the last row (until the reader scrolls). */
  private pinnedToEnd = true;
  private anchor: Anchor | undefined;
  private olderRequest: OlderRequest | undefined;
  private layoutFrame = 0;
  /** Space above a short conversation (see `fitShortConversation`). */
  private fitGap = 0;
  private endNudges = 0;
  /**
   * The layout's margin: none until the first rows have shown, then the virtualizer's own,
   * once the page is idle (see `ChatLayout`). Only the first: switching conversations with
   * no margin ended a few pixels short of the newest post.
   */
  private overhang = 0;
  private widenWhenIdle = false;
  private nudgedAtHeight = 0;
  /** When the reader last did something that scrolls (`performance.now()`). */
  private userScrollAt = -Infinity;
  private readonly renderer = new PostRenderer(this, { prefix: 'bisman-message-list', threads: true });

  /**
   * Opens the inline editor on the reader's last post (the chat calls this on Up arrow in an
   * empty composer); focus returns to what had it when the editor closes. False if there is
   * no post of theirs to edit.
   */
  editLast(): boolean {
    const posts = this.posts;
    if (!posts) return false;
    for (let i = posts.order.length - 1; i >= 0; i--) {
      const post = posts.byId.get(posts.order[i] ?? '');
      if (!post || !this.renderer.isOwn(post)) continue;
      this.renderer.startEdit(post, deepActiveElement());
      const index = this.rows.findIndex((row) => row.key === post.id);
      const scroller = this.scroller as
        | (HTMLElement & {
            [virtualizerRef]?: {
              element(index: number): { scrollIntoView(options?: ScrollIntoViewOptions): void } | undefined;
            };
          })
        | null;
      if (index >= 0) scroller?.[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
      return true;
    }
    return false;
  }

  /** @internal For the shared post rendering: focus goes to the log when its target is gone. */
  focusFallback(): void {
    this.scroller?.focus({ preventScroll: true });
  }

  /** @internal For the shared post rendering. */
  findPost(id: string): PostView | undefined {
    return this.posts?.byId.get(id);
  }

  /** Shows the newest post and keeps the view there as posts arrive. */
  scrollToLatest(): void {
    this.pinToEnd();
    this.unseen = 0;
    this.requestUpdate();
  }

  private pinToEnd(): void {
    this.pinnedToEnd = true;
    this.endNudges = 0;
    this.atBottom = true;
    this.anchor = undefined;
    this.pendingPin = { index: Infinity, block: 'end' };
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('posts')) this.postsChanged();
  }

  /** Compares the new posts with the old ones: a new conversation, older posts, newer posts. */
  private postsChanged(): void {
    const posts = this.posts;
    const order = posts?.order ?? [];
    const previous = this.previousOrder;
    const channel = channelOf(posts);
    // A new object with the same content (the store re-emitted): nothing to redo.
    if (
      posts &&
      posts.order === previous &&
      posts.byId === this.previousById &&
      posts.firstUnreadId === this.previousUnreadId
    ) {
      this.settleOlderRequest(posts);
      return;
    }
    this.rows = buildRows(posts, this.rows);
    this.previousById = posts?.byId;
    this.previousUnreadId = posts?.firstUnreadId;

    this.settleOlderRequest(posts);

    if (!previous || previous.length === 0 || (channel !== undefined && channel !== this.previousChannel)) {
      this.pinToEnd();
      this.unseen = 0;
      this.olderRequest = undefined;
    } else if (order.length > 0) {
      const prepended = order.indexOf(previous[0] ?? '');
      if (prepended > 0 && !this.pinnedToEnd) {
        const anchor = this.captureAnchor();
        const index = anchor ? this.rows.findIndex((row) => row.key === anchor.key) : -1;
        if (anchor && index >= 0) {
          this.anchor = anchor;
          this.pendingPin = { index, block: 'start' };
        }
      }

      const previousLast = previous[previous.length - 1] ?? '';
      const lastIndex = order.lastIndexOf(previousLast);
      const appended = order.slice(lastIndex < 0 ? previous.length : lastIndex + 1);
      // The reader's own new post brings them back down, as in every chat.
      const mine = appended.some((id) => {
        const post = posts?.byId.get(id);
        return post?.userId === this.meId && post.state !== 'sent';
      });
      if (this.atBottom || mine) {
        if (appended.length > 0 || lastIndex < 0) this.pinToEnd();
        this.unseen = 0;
      } else {
        this.unseen += appended.filter((id) => posts?.byId.get(id)?.userId !== this.meId).length;
      }
    }
    this.previousOrder = order;
    this.previousChannel = channel ?? this.previousChannel;
  }

  private settleOlderRequest(posts: ChannelPosts | undefined): void {
    if (this.olderRequest && posts?.loadingOlder) this.olderRequest.started = true;
    if (this.olderRequest?.started && !posts?.loadingOlder) this.olderRequest.settled = true;
  }

  private captureAnchor(): Anchor | undefined {
    const scroller = this.scroller;
    if (!scroller) return undefined;
    const top = scroller.getBoundingClientRect().top;
    // The message itself, not its row: the row may lose its date separator when older posts arrive.
    for (const row of scroller.querySelectorAll<HTMLElement>('.row')) {
      const rect = row.querySelector('article')?.getBoundingClientRect();
      if (rect && rect.bottom > top + 1 && row.dataset['key'])
        return { key: row.dataset['key'], offset: rect.top - top };
    }
    return undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.scroller) this.resizeObserver.observe(this.scroller);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.layoutFrame);
    this.layoutFrame = 0;
  }

  override firstUpdated(): void {
    if (this.scroller) this.resizeObserver.observe(this.scroller);
  }

  override updated(): void {
    // The virtualizer exists once the log rendered (and is made again if its layout type changes).
    if (this.scroller) patchVirtualizer(this.scroller);
    this.pendingPin = undefined;
    // Not from a frame callback: a page out of view (a hidden iframe) may get none.
    if (this.overhang !== OVERHANG_PX && this.rows.length > 0) this.widenOnceIdle();
    this.scheduleLayoutCheck();
    const anchor = this.anchor;
    if (anchor) {
      this.anchor = undefined;
      void this.restoreAnchor(anchor);
    }
  }

  /** After older posts were prepended: put the row that was at the top back where it was. */
  private async restoreAnchor(anchor: Anchor): Promise<void> {
    // The pin put the row at the top edge; wait for the layout to measure and settle.
    await nextFrame();
    await nextFrame();
    const scroller = this.scroller;
    const article = scroller?.querySelector<HTMLElement>(`.row[data-key="${CSS.escape(anchor.key)}"] article`);
    if (!scroller || !article) return;
    const delta = article.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.offset;
    if (Math.abs(delta) >= 1) scroller.scrollTop += delta;
  }

  /**
   * Finishes the layout's pin to the end. The virtualizer places the last row from
   * estimated sizes and can stop a few pixels short of the real end; one scroll to the true
   * end fixes it. Bounded, so a layout that keeps disagreeing cannot start a scroll loop.
   */
  private nudgeToEnd(): void {
    const scroller = this.scroller;
    if (!scroller || !this.pinnedToEnd) return;
    const end = scroller.scrollHeight - scroller.clientHeight;
    if (end - scroller.scrollTop <= 0.5) return;
    // A different height means the layout made progress: not a loop, so the budget resets.
    if (scroller.scrollHeight !== this.nudgedAtHeight) this.endNudges = 0;
    if (this.endNudges >= MAX_END_NUDGES) return;
    this.endNudges++;
    this.nudgedAtHeight = scroller.scrollHeight;
    scroller.scrollTop = end;
  }

  /**
   * A short conversation sits at the bottom, next to the composer, as in every chat. The
   * virtualizer lays rows out from the top of its scroller, so the log itself is shortened
   * from the top to the rows' height, while every row is rendered and they don't fill it.
   */
  private fitShortConversation(): void {
    const scroller = this.scroller;
    const base = scroller?.parentElement;
    if (!scroller || !base) return;
    const rows = scroller.querySelectorAll<HTMLElement>('.row[data-key]');
    // Nothing rendered although there are rows: the log is out of the page's view, where the
    // virtualizer renders nothing. Measuring now would undo the fit and flicker; keep it.
    if (rows.length === 0 && this.rows.length > 0) return;
    let gap = 0;
    if (rows.length > 0 && rows.length === this.rows.length) {
      let top = Infinity;
      let bottom = -Infinity;
      for (const row of rows) {
        const rect = row.getBoundingClientRect();
        top = Math.min(top, rect.top);
        bottom = Math.max(bottom, rect.bottom);
      }
      gap = Math.max(0, Math.floor(base.clientHeight - (bottom - top)));
    }
    if (gap !== this.fitGap) {
      this.fitGap = gap;
      scroller.style.marginBlockStart = gap ? `${gap}px` : '';
    }
  }

  private readonly afterLayout = () => {
    this.layoutFrame = 0;
    this.fitShortConversation();
    if (this.pinnedToEnd) this.nudgeToEnd();
  };

  /**
   * The first rows have shown: the margin's rows follow, a step per moment when nothing more
   * urgent runs (each step's render schedules the next).
   */
  private widenOnceIdle(): void {
    if (this.widenWhenIdle) return;
    this.widenWhenIdle = true;
    void whenIdle().then(() => {
      this.widenWhenIdle = false;
      this.widen(this.overhang + OVERHANG_STEP_PX);
    });
  }

  private widen(px = OVERHANG_PX): void {
    const overhang = Math.min(px, OVERHANG_PX);
    if (overhang <= this.overhang) return;
    this.overhang = overhang;
    this.requestUpdate();
  }

  /**
   * The reader is at the list before the page was idle: the margin comes now, so a row in
   * use (a focused Reply button) stays rendered when the view narrows or moves a little.
   */
  private readonly onReaderActive = () => this.widen();

  /** Checks the fit and the end once the layout has moved things, once per frame. */
  private scheduleLayoutCheck(): void {
    if (!this.layoutFrame) this.layoutFrame = requestAnimationFrame(this.afterLayout);
  }

  private readonly resizeObserver = new ResizeObserver(() => this.scheduleLayoutCheck());

  /** The button goes away once at the bottom: focus moves to the log rather than to nowhere. */
  private readonly onJump = () => {
    this.scroller?.focus({ preventScroll: true });
    this.scrollToLatest();
  };

  private readonly onScroll = () => {
    const scroller = this.scroller;
    if (!scroller) return;
    if (this.pinnedToEnd) this.scheduleLayoutCheck();
    this.updateAtBottom(scroller);
    if (scroller.scrollTop < scroller.clientHeight * LOAD_OLDER_VIEWPORTS) this.requestOlder(true);
  };

  private updateAtBottom(scroller: HTMLElement): void {
    const distance = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
    const atBottom = this.pinnedToEnd || distance <= BOTTOM_SLOP_PX;
    if (atBottom !== this.atBottom) this.atBottom = atBottom;
    if (atBottom && this.unseen) this.unseen = 0;
  }

  /** Wheel, touch, keys or a scrollbar drag: whatever scrolls next is the reader's doing. */
  private readonly onUserScrollIntent = () => {
    this.userScrollAt = performance.now();
    this.widen();
  };

  /**
   * The layout let go of its pin because the view scrolled. The virtualizer takes any
   * scroll it did not expect for the reader's, including late ones from its own
   * corrections; only a scroll the reader started may unstick the view from the bottom.
   */
  private readonly onUnpinned = () => {
    if (performance.now() - this.userScrollAt > USER_SCROLL_WINDOW_MS) {
      if (this.pinnedToEnd) {
        this.pendingPin = { index: Infinity, block: 'end' };
        this.requestUpdate();
      }
      return;
    }
    this.pinnedToEnd = false;
    if (this.scroller) this.updateAtBottom(this.scroller);
  };

  /** The first row is visible: the view is at the top, or the conversation is shorter than it. */
  private readonly onRangeChanged = () => this.scheduleLayoutCheck();

  private readonly onVisibilityChanged = (event: VisibilityChangedEvent) => {
    this.scheduleLayoutCheck();
    if (event.first === 0 && event.last >= 0) this.requestOlder(false);
  };

  /**
   * Asks the host for older posts, once per first post. A scroll may ask again after a
   * request finished without new posts (it failed); the automatic "view not full" path
   * never does, so a failing server is not hammered.
   */
  private requestOlder(byScroll: boolean): void {
    const posts = this.posts;
    const first = posts?.order[0];
    if (!posts || first === undefined || !posts.hasOlder || posts.loadingOlder) return;
    const request = this.olderRequest;
    if (request && request.first === first && !(byScroll && request.settled)) return;
    this.olderRequest = { first, started: false, settled: false };
    this.emit('bisman-message-list:load-older', {});
  }

  /**
   * The virtualizer may ask for a row past the end for one frame when the list shrinks (its
   * layout still holds the old range): render nothing there; the next layout pass drops it.
   */
  private readonly rowKey = (row: Row | undefined, index: number): string => row?.key ?? `\u0000missing-${index}`;

  private readonly renderRow = (row: Row | undefined): TemplateResult => {
    if (row === undefined) return html`<div class="row" aria-hidden="true"></div>`;
    return html`<div class="row" data-key=${row.key}>${this.renderer.renderRow(row)}</div>`;
  };

  override render() {
    const posts = this.posts;
    // aria-live: polite at the newest posts; off while the reader is scrolled up, where rows
    // come and go as they scroll (the virtualizer) and older pages arrive: that is not news.
    // A pin is handed over once; without one the layout keeps whatever it holds.
    const layout = { type: ChatLayout, overhang: this.overhang, ...(this.pendingPin ? { pin: this.pendingPin } : {}) };
    return html`
      <div class="base" part="base">
        <div
          class="log"
          part="log"
          role="log"
          aria-live=${this.atBottom ? 'polite' : 'off'}
          aria-label=${this.label || this.strings.messages}
          aria-busy=${posts ? 'false' : 'true'}
          tabindex="0"
          @scroll=${this.onScroll}
          @wheel=${this.onUserScrollIntent}
          @touchstart=${this.onUserScrollIntent}
          @touchmove=${this.onUserScrollIntent}
          @keydown=${this.onUserScrollIntent}
          @pointerdown=${this.onUserScrollIntent}
          @focusin=${this.onReaderActive}
          @unpinned=${this.onUnpinned}
          @visibilityChanged=${this.onVisibilityChanged}
          @rangeChanged=${this.onRangeChanged}
        >
          ${virtualize({ items: this.rows, keyFunction: this.rowKey, renderItem: this.renderRow, layout, scroller: true })}
        </div>
        ${posts && this.rows.length === 0 ? html`<p class="empty">${this.strings.empty}</p>` : nothing}
        ${posts?.loadingOlder ? html`<div class="loading" part="loading" role="status">${this.strings.loadingOlder}</div>` : nothing}
        ${
          this.atBottom
            ? nothing
            : html`<button type="button" class="jump" part="jump" @click=${this.onJump}>
              ${this.strings.jump}${this.unseen > 0 ? html` <span class="count">${this.strings.unseen(this.unseen)}</span>` : nothing}
            </button>`
        }
        ${this.renderer.renderPicker()}
      </div>
    `;
  }
}
