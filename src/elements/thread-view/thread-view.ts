import { html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { PostView, UserView } from '../../data/types.js';
import { BismanElement } from '../base/bisman-element.js';
import {
  PostRenderer,
  type BismanPostDeleteDetail,
  type BismanPostEditDetail,
  type BismanPostReactDetail,
  type BismanPostRetryDetail,
  type FileUrlFn,
} from '../message-list/post-renderer.js';
import { buildRows, type Row } from '../message-list/rows.js';
import { threadViewStrings, type ThreadViewStrings } from './thread-view.strings.js';
import { threadViewStyles } from './thread-view.styles.js';

export type { ThreadViewStrings };

/** The thread view's events (merge into `BismanEventDetails`); details as the list's. */
export interface BismanThreadViewEventDetails {
  /** The Close button or Escape: the host hides the thread. */
  'bisman-thread-view:close': undefined;
  'bisman-thread-view:react': BismanPostReactDetail;
  'bisman-thread-view:edit': BismanPostEditDetail;
  'bisman-thread-view:delete': BismanPostDeleteDetail;
  'bisman-thread-view:retry': BismanPostRetryDetail;
}

/** Within this many pixels of the end counts as "at the bottom". */
const BOTTOM_SLOP_PX = 48;

/**
 * @tag bisman-thread-view
 * @summary One thread: its root post, the replies oldest first, and a slot for a composer.
 *
 * Presentational, like the message list (it shares its message rendering and actions): live
 * updates arrive as new `root` and `replies` values. Follows new replies while the reader is
 * at the end.
 *
 * @slot composer - The composer for replies.
 *
 * @event bisman-thread-view:close - The Close button was pressed, or Escape inside the view (unless
 *   something inside took it: the emoji picker or an edit box closes first).
 * @event bisman-thread-view:react - `{postId, emoji, remove}`: toggle the reader's reaction.
 * @event bisman-thread-view:edit - `{postId, message}`: the reader saved an edit of their own post.
 * @event bisman-thread-view:delete - `{postId}`: the reader confirmed deleting their own post.
 * @event bisman-thread-view:retry - `{pendingPostId}`: resend a failed reply.
 *
 * @csspart base - The whole view.
 * @csspart header - The title bar.
 * @csspart close - The Close button.
 * @csspart log - The scrolling `log` of the root and its replies.
 * @csspart message - One message (see `<bisman-message-list>` for the parts inside).
 * @csspart replies-separator - The "3 replies" line after the root.
 *
 * @cssproperty --bisman-chat-text-color - Message text.
 * @cssproperty --bisman-chat-muted-color - Times and separators.
 * @cssproperty --bisman-chat-border-color - Separator lines.
 * @cssproperty --bisman-chat-focus-color - Focus ring.
 */
export class BismanThreadView extends BismanElement {
  static override styles = threadViewStyles;

  /** The thread's root post; undefined while it loads. */
  @property({ attribute: false }) accessor root: PostView | undefined;

  /** The replies, oldest first. */
  @property({ attribute: false }) accessor replies: readonly PostView[] = [];

  /** Everyone who may appear as an author, by id. */
  @property({ attribute: false }) accessor users: ReadonlyMap<string, UserView> = new Map();

  /** The reader's user id: their posts get Edit and Delete, their mentions a highlight. */
  @property({ attribute: false }) accessor meId = '';

  /** BCP 47 locale for times and dates; the browser's when unset. */
  @property({ attribute: false }) accessor locale: string | undefined;

  /** A URL for `~channel-name` links; keep the same function between renders. */
  @property({ attribute: false }) accessor channelLink: ((name: string) => string | undefined) | undefined;

  /** Links to attached files (see `<bisman-message-list>`'s `fileUrl`); keep the same function. */
  @property({ attribute: false }) accessor fileUrl: FileUrlFn | undefined;

  /** Every text of the view and its messages, for localization. */
  @property({ attribute: false }) accessor strings: ThreadViewStrings = threadViewStrings;

  @query('.log') private accessor log!: HTMLElement | null;

  private readonly renderer = new PostRenderer(this, { prefix: 'bisman-thread-view', threads: false });
  private rootRow: Row | undefined;
  private replyRows: Row[] = [];
  /** Scroll to the end after this render (new replies while at the end, or a new thread). */
  private stickToEnd = true;

  /**
   * Opens the inline editor on the reader's last post in the thread (for Up arrow in an empty
   * reply composer); focus returns to what had it when the editor closes. False if there is none.
   */
  editLast(): boolean {
    const posts = this.root ? [this.root, ...this.replies] : this.replies;
    const post = posts.findLast((candidate) => this.renderer.isOwn(candidate));
    if (!post) return false;
    this.renderer.startEdit(post);
    return true;
  }

  /** @internal For the shared post rendering. */
  focusFallback(): void {
    this.log?.focus({ preventScroll: true });
  }

  /** @internal For the shared post rendering. */
  findPost(id: string): PostView | undefined {
    return this.root?.id === id ? this.root : this.replies.find((reply) => reply.id === id);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('root') && !changed.has('replies')) return;
    const previousRoot = changed.get('root') as PostView | undefined;
    const previousReplies = (changed.get('replies') as readonly PostView[] | undefined) ?? this.replies;
    const log = this.log;
    const atEnd = !log || log.scrollHeight - log.scrollTop - log.clientHeight <= BOTTOM_SLOP_PX;
    const newThread = previousRoot?.id !== this.root?.id;
    const mine = this.replies.length > previousReplies.length && this.replies.at(-1)?.userId === this.meId;
    if (newThread || atEnd || mine) this.stickToEnd = true;

    const posts = this.root ? [this.root, ...this.replies] : [...this.replies];
    const rows = buildRows({
      order: posts.map((p) => p.id),
      byId: new Map(posts.map((p) => [p.id, p])),
      hasOlder: false,
      loadingOlder: false,
    });
    this.rootRow = this.root ? rows[0] : undefined;
    this.replyRows = this.root ? rows.slice(1) : rows;
  }

  override updated(): void {
    if (!this.stickToEnd) return;
    this.stickToEnd = false;
    const log = this.log;
    if (log) log.scrollTop = log.scrollHeight;
  }

  private readonly onClose = () => {
    this.dispatchEvent(new CustomEvent('bisman-thread-view:close', { bubbles: true, composed: true }));
  };

  /**
   * Escape closes the thread, the innermost open thing: the emoji picker and the edit box
   * mark their own Escape as handled, and the thread marks its own so a launcher around it
   * keeps its panel open.
   */
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.onClose();
  };

  override render() {
    const count = this.replies.length;
    return html`<div class="base" part="base" @keydown=${this.onKeyDown}>
      <div class="header" part="header">
        <span class="title" id="title">${this.strings.title}</span>
        <button type="button" class="close" part="close" @click=${this.onClose}>${this.strings.close}</button>
      </div>
      <div class="log" part="log" role="log" aria-labelledby="title" aria-busy=${this.root ? 'false' : 'true'} tabindex="0">
        ${this.rootRow ? html`<div class="row root">${this.renderer.renderRow(this.rootRow)}</div>` : html`<p class="loading">${this.strings.loading}</p>`}
        ${
          count > 0 && this.root
            ? html`<div class="separator" part="replies-separator"><span>${this.strings.replies(count)}</span></div>`
            : nothing
        }
        ${this.replyRows.map((row) => html`<div class="row">${this.renderer.renderRow(row)}</div>`)}
      </div>
      ${this.renderer.renderPicker()}
      <slot name="composer"></slot>
    </div>`;
  }
}
