/**
 * One message as the reader sees it, shared by `<bisman-message-list>` and
 * `<bisman-thread-view>`: header, avatar with presence, markdown body, files, reactions,
 * thread links, and the actions on a message (react, reply, edit, delete) with their inline
 * editor, delete confirmation and the lazily loaded emoji picker.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { live } from 'lit/directives/live.js';
import type { FileLink, FileView, PostView, Presence, ReactionView, UserView } from '../../data/types.js';
import { emojiFor, loadSystemEmoji, renderMarkdown, systemEmoji } from '../../markdown/index.js';
import {
  type Row,
  avatarColour,
  dayKey,
  deepActiveElement,
  formatSize,
  initials,
  isSystem,
  isValidTime,
  isoTime,
} from './rows.js';

/** `…:react`: toggle the reader's reaction (`remove` when they had reacted with it). */
export interface BismanPostReactDetail {
  postId: string;
  emoji: string;
  remove: boolean;
}
/** `…:edit`: save the reader's edit of their own post. */
export interface BismanPostEditDetail {
  postId: string;
  message: string;
}
/** `…:delete`: delete the reader's own post (already confirmed). */
export interface BismanPostDeleteDetail {
  postId: string;
}
/** `…:retry`: send a failed post again (same `pending_post_id`, so never twice). */
export interface BismanPostRetryDetail {
  pendingPostId: string;
}
/** `bisman-message-list:open-thread`: show the thread of this root post. */
export interface BismanOpenThreadDetail {
  rootId: string;
}

/** What a message's actions ask for, by action (the element prefixes its own name). */
export interface PostActionDetails {
  react: BismanPostReactDetail;
  edit: BismanPostEditDetail;
  delete: BismanPostDeleteDetail;
  retry: BismanPostRetryDetail;
  'open-thread': BismanOpenThreadDetail;
}

export type FileUrlKind = 'file' | 'preview' | 'thumbnail';
/**
 * A link to a file (the data layer's object URLs); called once per file and kind. A link
 * with `image` is shown inline and may open in a tab; any other is offered only as a
 * download, never opened.
 */
export type FileUrlFn = (fileId: string, kind: FileUrlKind) => Promise<FileLink> | FileLink;

/**
 * The avatar's colour as classes (hue step and shade): the stylesheet maps them to colours.
 * Not a style attribute (nor styleMap, whose first render writes one): `style-src 'self'`.
 */
function avatarClass(userId: string): string {
  const { hue, lightness } = avatarColour(userId);
  return `avatar h${hue / 7.5}${lightness === 22 ? ' deep' : ''}`;
}

/** Every English string of a message, in one place for localization. */
export const postStrings = {
  unknownUser: 'Unknown user',
  someone: 'Someone',
  you: 'You',
  systemMessage: 'System message',
  deleted: '(message deleted)',
  edited: '(edited)',
  sending: 'Sending…',
  notSent: (error?: string) => `Not sent${error ? `: ${error}` : ''}`,
  retry: 'Retry',
  today: 'Today',
  yesterday: 'Yesterday',
  unknownDate: 'Unknown date',
  newMessages: 'New messages',
  attachments: 'Attachments',
  uploading: (name: string) => `Uploading ${name}…`,
  unavailable: 'unavailable',
  reactions: 'Reactions',
  reactedWith: (names: readonly string[], emoji: string, others: number) =>
    `${new Intl.ListFormat('en', { type: 'conjunction' }).format(
      others > 0 ? [...names, `${others} ${others === 1 ? 'other' : 'others'}`] : names,
    )} reacted with :${emoji}:`,
  actions: 'Message actions',
  addReaction: 'Add reaction',
  reply: 'Reply in thread',
  edit: 'Edit',
  delete: 'Delete',
  editLabel: 'Edit message',
  editHint: 'Enter to save, Shift+Enter for a new line, Escape to cancel',
  save: 'Save',
  cancel: 'Cancel',
  confirmDelete: 'Delete this message? This cannot be undone.',
  confirmDeleteLabel: 'Confirm delete',
  replies: (count: number) => (count === 1 ? '1 reply' : `${count} replies`),
  repliedToThread: 'Replied to a thread',
  presence: { online: 'Online', away: 'Away', dnd: 'Do not disturb', offline: 'Offline' } as Record<Presence, string>,
  /** Passed to the emoji picker (here, so a locale can replace them before it loads). */
  emojiPicker: { label: 'Choose an emoji', search: 'Search emoji', grid: 'Emoji', none: 'No emoji found' },
};

export type PostStrings = typeof postStrings;

/** Names listed in a reaction's label before "and N others". */
const MAX_REACTION_NAMES = 10;

/** A failed load of the full emoji set: names stay text, and the next render tries again. */
const ignore = (): void => undefined;

export interface PostRendererHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly users: ReadonlyMap<string, UserView>;
  readonly meId: string;
  readonly locale: string | undefined;
  readonly channelLink: ((name: string) => string | undefined) | undefined;
  readonly fileUrl: FileUrlFn | undefined;
  readonly strings: PostStrings;
  /** Where focus goes when the element it should return to is gone. */
  focusFallback(): void;
  /** The current view model of a post, by id. */
  findPost(id: string): PostView | undefined;
}

export interface PostRendererOptions {
  /** Event names are `<prefix>:react`, `<prefix>:edit`, ... */
  prefix: 'bisman-message-list' | 'bisman-thread-view';
  /** Show reply counts, "Replied to a thread" and Reply (off inside a thread). */
  threads: boolean;
}

function canAct(post: PostView): boolean {
  return post.state === 'sent' && !post.deleted && !isSystem(post);
}

/** Whether a message `@`-mentions the reader by name or the whole channel (`@all`, `@channel`, `@here`). */
function mentions(message: string, meUsername: string): boolean {
  if (!message.includes('@')) return false;
  // Mentions in code are not mentions (as the rendering shows them).
  const text = message.replace(/```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`/g, '');
  const names = ['all', 'channel', 'here', ...(meUsername ? [meUsername.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')] : [])];
  return new RegExp(`(?<![\\p{L}\\p{N}_.@-])@(?:${names.join('|')})(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`, 'iu').test(
    text,
  );
}

/** After Lit inserted a freshly rendered element (ref callbacks run before insertion). */
function whenConnected(el: Element, then: (el: HTMLElement) => void): void {
  void Promise.resolve().then(() => {
    if (el.isConnected && el instanceof HTMLElement) then(el);
  });
}

export class PostRenderer implements ReactiveController {
  /** The post whose inline editor is open, and its draft (kept if the row scrolls away). */
  editing: { postId: string; draft: string } | undefined;
  /** The post whose delete confirmation is showing. */
  confirming: string | undefined;
  /** The post the emoji picker adds a reaction to. */
  pickerFor: string | undefined;
  /** The picker's module has loaded (it loads on first open). */
  private pickerReady = false;
  private focusEditor = false;
  private focusConfirm = false;
  private focusPicker = false;
  /** What had focus before an editor, confirmation or picker opened. */
  private returnFocus: HTMLElement | undefined;
  private pickerOpener: HTMLElement | undefined;

  private linksFor: FileUrlFn | undefined;
  /** Resolved links by `kind:id`; null while pending, false when it failed. */
  private links = new Map<string, FileLink | null | false>();
  /** Rendered markdown per post object (view models are replaced, not mutated, on edits). */
  private readonly bodies = new WeakMap<
    PostView,
    { me: string; channelLink: PostRendererHost['channelLink']; result: TemplateResult; mentionsMe: boolean }
  >();
  private readonly timeFormats = new Map<string, Intl.DateTimeFormat>();

  constructor(
    private readonly host: PostRendererHost,
    private readonly options: PostRendererOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  private fire<K extends keyof PostActionDetails>(action: K, detail: PostActionDetails[K]): void {
    this.host.dispatchEvent(
      new CustomEvent(`${this.options.prefix}:${action}`, { detail, bubbles: true, composed: true }),
    );
  }

  // ——— Times ———

  private timeFormat(options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
    const cacheKey = `${this.host.locale ?? ''}|${key}`;
    let format = this.timeFormats.get(cacheKey);
    if (!format) {
      try {
        format = new Intl.DateTimeFormat(this.host.locale, options);
      } catch {
        // A malformed locale tag: the browser's own locale rather than no list at all.
        format = new Intl.DateTimeFormat(undefined, options);
      }
      this.timeFormats.set(cacheKey, format);
    }
    return format;
  }

  formatTime(time: number): string {
    return isValidTime(time) ? this.timeFormat({ hour: 'numeric', minute: '2-digit' }, 'time').format(time) : '';
  }

  dayLabel(time: number): string {
    if (!isValidTime(time)) return this.host.strings.unknownDate;
    const now = new Date();
    const day = dayKey(time);
    if (day === dayKey(now.getTime())) return this.host.strings.today;
    const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
    if (day === dayKey(yesterday.getTime())) return this.host.strings.yesterday;
    const sameYear = new Date(time).getFullYear() === now.getFullYear();
    return sameYear
      ? this.timeFormat({ weekday: 'long', month: 'long', day: 'numeric' }, 'day').format(time)
      : this.timeFormat({ year: 'numeric', month: 'long', day: 'numeric' }, 'date').format(time);
  }

  // ——— Actions ———

  /** Opens the inline editor on a post; focus goes to it once it renders. */
  startEdit(post: PostView, returnFocus: HTMLElement | null = deepActiveElement()): void {
    this.closeAll();
    this.returnFocus = returnFocus ?? undefined;
    this.editing = { postId: post.id, draft: post.message };
    this.focusEditor = true;
    this.host.requestUpdate();
  }

  /** Whether the reader may edit and delete this post. */
  isOwn(post: PostView): boolean {
    return post.userId === this.host.meId && this.host.meId !== '' && canAct(post);
  }

  private closeAll(): void {
    this.editing = undefined;
    this.confirming = undefined;
    this.closePicker(false);
  }

  private restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = undefined;
    void this.host.updateComplete.then(() => {
      if (target?.isConnected) target.focus();
      else this.host.focusFallback();
    });
  }

  private finishEdit(post: PostView): void {
    const draft = this.editing?.draft ?? '';
    const message = draft.trimEnd();
    if (message.trim() === '') {
      // As in Mattermost: saving an empty message means deleting it, after confirmation.
      this.editing = undefined;
      this.confirming = post.id;
      this.focusConfirm = true;
      this.host.requestUpdate();
      return;
    }
    this.editing = undefined;
    if (message !== post.message) this.fire('edit', { postId: post.id, message });
    this.host.requestUpdate();
    this.restoreFocus();
  }

  private cancelEdit(): void {
    this.editing = undefined;
    this.host.requestUpdate();
    this.restoreFocus();
  }

  private askDelete(post: PostView, opener: HTMLElement): void {
    this.closeAll();
    this.returnFocus = opener;
    this.confirming = post.id;
    this.focusConfirm = true;
    this.host.requestUpdate();
  }

  private confirmDelete(post: PostView): void {
    this.confirming = undefined;
    this.fire('delete', { postId: post.id });
    this.host.requestUpdate();
    // The post goes away (or becomes "(message deleted)"): its buttons with it.
    this.returnFocus = undefined;
    this.restoreFocus();
  }

  private cancelDelete(): void {
    this.confirming = undefined;
    this.host.requestUpdate();
    this.restoreFocus();
  }

  private toggleReaction(post: PostView, reaction: ReactionView): void {
    this.fire('react', { postId: post.id, emoji: reaction.emoji, remove: reaction.userIds.includes(this.host.meId) });
  }

  // ——— Emoji picker (its module loads on first open) ———

  private async openPicker(post: PostView, opener: HTMLElement): Promise<void> {
    if (this.pickerFor === post.id) {
      this.closePicker(true);
      return;
    }
    this.closeAll();
    this.pickerFor = post.id;
    this.pickerOpener = opener;
    this.focusPicker = true;
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
    this.host.requestUpdate();
    if (!this.pickerReady) {
      // The full emoji set loads beside the picker's module (the picker shows the common ones until then).
      loadSystemEmoji().catch(ignore);
      await import('../emoji-picker/define.js');
      this.pickerReady = true;
      this.host.requestUpdate();
    }
  }

  private closePicker(returnFocus: boolean): void {
    if (this.pickerFor === undefined) return;
    const opener = this.pickerOpener;
    this.pickerFor = undefined;
    this.pickerOpener = undefined;
    this.focusPicker = false;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    this.host.requestUpdate();
    if (returnFocus) {
      this.returnFocus = opener;
      this.restoreFocus();
    }
  }

  private readonly onOutsidePointer = (event: PointerEvent) => {
    const path = event.composedPath();
    const picker = this.host.renderRoot.querySelector('bisman-emoji-picker');
    if ((picker && path.includes(picker)) || (this.pickerOpener && path.includes(this.pickerOpener))) return;
    this.closePicker(false);
  };

  private readonly onPick = (event: CustomEvent<{ emoji: string }>) => {
    const postId = this.pickerFor;
    const post = postId === undefined ? undefined : this.host.findPost(postId);
    this.closePicker(true);
    if (!post) return;
    const mine = post.reactions.some((r) => r.emoji === event.detail.emoji && r.userIds.includes(this.host.meId));
    if (!mine) this.fire('react', { postId: post.id, emoji: event.detail.emoji, remove: false });
  };

  private readonly onPickerClose = () => this.closePicker(true);

  private readonly pickerRef = (el?: Element) => {
    if (!el || !this.focusPicker) return;
    this.focusPicker = false;
    whenConnected(el, (picker) => {
      void (picker as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete?.then(() => picker.focus());
    });
  };

  /** The picker, where the host wants it (once its module has loaded). */
  renderPicker(): TemplateResult | typeof nothing {
    if (this.pickerFor === undefined || !this.pickerReady) return nothing;
    return html`<bisman-emoji-picker
      class="picker"
      part="emoji-picker"
      .strings=${this.host.strings.emojiPicker}
      ${ref(this.pickerRef)}
      @bisman-emoji-picker:pick=${this.onPick}
      @bisman-emoji-picker:close=${this.onPickerClose}
    ></bisman-emoji-picker>`;
  }

  // ——— Files ———

  /** The link to a file, once known; asks `fileUrl` once per file and kind. */
  private link(file: FileView, kind: FileUrlKind): FileLink | null | false | undefined {
    const fileUrl = this.host.fileUrl;
    if (!fileUrl) return undefined;
    if (fileUrl !== this.linksFor) {
      this.linksFor = fileUrl;
      this.links = new Map();
    }
    const key = `${kind}:${file.id}`;
    const links = this.links;
    if (links.has(key)) return links.get(key);
    let result: Promise<FileLink> | FileLink;
    try {
      result = fileUrl(file.id, kind);
    } catch {
      links.set(key, false);
      return false;
    }
    if (!('then' in result)) {
      links.set(key, result);
      return result;
    }
    links.set(key, null);
    result
      .then(
        (value) => links.set(key, value),
        () => links.set(key, false),
      )
      .finally(() => {
        if (links === this.links) this.host.requestUpdate();
      });
    return null;
  }

  private renderFiles(post: PostView): TemplateResult {
    const uploading = post.state === 'pending';
    return html`<ul class="files" part="files" aria-label=${this.host.strings.attachments}>
      ${post.files.map((file) => html`<li>${uploading ? this.renderUpload(file) : this.renderFile(file)}</li>`)}
    </ul>`;
  }

  private renderUpload(file: FileView): TemplateResult {
    return html`<span class="file uploading" part="file">${this.host.strings.uploading(file.name)}</span>`;
  }

  /**
   * Inline only what the data layer proved a raster image; everything else is a download
   * link (`download`, no `target`), so no click, middle-click, Enter or "open in new tab"
   * turns an attachment into a document of the host page.
   */
  private renderFile(file: FileView): TemplateResult {
    const link = this.link(file, 'file');
    // The preview when the server made one (the file itself while it has none, or it failed).
    const preview = file.hasPreview ? this.link(file, 'preview') : undefined;
    const shown = preview || (preview === null ? null : link);
    if (shown && shown.image) {
      const image = html`<img src=${shown.href} alt=${file.name} loading="lazy" />`;
      if (!link) return html`<span class="preview" part="file-preview">${image}</span>`;
      return link.image
        ? html`<a class="preview" part="file-preview" href=${link.href} target="_blank" rel="noopener noreferrer">${image}</a>`
        : html`<a class="preview" part="file-preview" href=${link.href} download=${file.name}>${image}</a>`;
    }
    // The server made a preview, so its bytes decoded as an image: hold the image's box
    // while it loads (a file name alone would make a box that shrinks to a link).
    if (file.hasPreview && (link === null || shown === null)) {
      return html`<span class="preview" part="file-preview"><span class="placeholder">${file.name}</span></span>`;
    }
    const size = html`<span class="size">(${formatSize(file.size)})</span>`;
    if (link) {
      return html`<a class="file" part="file" href=${link.href} download=${file.name}
        ><span aria-hidden="true">📎 </span>${file.name} ${size}</a
      >`;
    }
    return html`<span class="file" part="file"
      ><span aria-hidden="true">📎 </span>${file.name} ${size}${link === false ? html` (${this.host.strings.unavailable})` : nothing}</span
    >`;
  }

  // ——— Reactions ———

  private reactionLabel(reaction: ReactionView): string {
    const me = this.host.meId;
    const ids = reaction.userIds.includes(me) ? [me, ...reaction.userIds.filter((id) => id !== me)] : reaction.userIds;
    const names = ids.slice(0, MAX_REACTION_NAMES).map((id) => {
      if (id === me) return this.host.strings.you;
      const user = this.host.users.get(id);
      return user?.displayName || user?.username || this.host.strings.someone;
    });
    return this.host.strings.reactedWith(names, reaction.emoji, ids.length - names.length);
  }

  /** A name outside the built-in emoji shows as text until the full set has loaded, then as its emoji. */
  private reactionEmoji(name: string): string {
    const char = emojiFor(name);
    if (char !== undefined) return char;
    if (!systemEmoji()) loadSystemEmoji().then(() => this.host.requestUpdate(), ignore);
    return `:${name}:`;
  }

  private renderReactions(post: PostView): TemplateResult {
    const active = canAct(post);
    return html`<ul class="reactions" part="reactions" aria-label=${this.host.strings.reactions}>
      ${post.reactions.map((reaction) => {
        const mine = reaction.userIds.includes(this.host.meId);
        const label = this.reactionLabel(reaction);
        return html`<li>
          <button
            type="button"
            class="reaction"
            part="reaction"
            aria-pressed=${mine ? 'true' : 'false'}
            title=${label}
            ?disabled=${!active}
            @click=${() => this.toggleReaction(post, reaction)}
          >
            <span class="visually-hidden">${label}</span>
            <span aria-hidden="true">${this.reactionEmoji(reaction.emoji)}</span>
            <span class="count" aria-hidden="true">${reaction.userIds.length}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }

  // ——— Editing and deleting ———

  private readonly editorRef = (el?: Element) => {
    if (!el || !this.focusEditor) return;
    this.focusEditor = false;
    whenConnected(el, (textarea) => {
      textarea.focus();
      const end = (textarea as HTMLTextAreaElement).value.length;
      (textarea as HTMLTextAreaElement).setSelectionRange(end, end);
    });
  };

  private readonly confirmRef = (el?: Element) => {
    if (!el || !this.focusConfirm) return;
    this.focusConfirm = false;
    whenConnected(el, (button) => button.focus());
  };

  private renderEditor(post: PostView, draft: string): TemplateResult {
    const hintId = `edit-hint-${post.id}`;
    const onKeydown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.cancelEdit();
      } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.finishEdit(post);
      }
    };
    const onInput = (event: Event) => {
      if (this.editing) this.editing.draft = (event.target as HTMLTextAreaElement).value;
    };
    return html`<div class="editor" part="editor">
      <textarea
        aria-label=${this.host.strings.editLabel}
        aria-describedby=${hintId}
        dir="auto"
        rows=${Math.min(8, Math.max(2, draft.split('\n').length))}
        .value=${live(draft)}
        ${ref(this.editorRef)}
        @input=${onInput}
        @keydown=${onKeydown}
      ></textarea>
      <div class="editor-bar">
        <span class="hint" id=${hintId}>${this.host.strings.editHint}</span>
        <button type="button" @click=${() => this.cancelEdit()}>${this.host.strings.cancel}</button>
        <button type="button" class="primary" @click=${() => this.finishEdit(post)}>${this.host.strings.save}</button>
      </div>
    </div>`;
  }

  private renderConfirm(post: PostView): TemplateResult {
    const onKeydown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      this.cancelDelete();
    };
    return html`<div class="confirm" part="confirm" role="group" aria-label=${this.host.strings.confirmDeleteLabel} @keydown=${onKeydown}>
      <span>${this.host.strings.confirmDelete}</span>
      <button type="button" ${ref(this.confirmRef)} @click=${() => this.cancelDelete()}>${this.host.strings.cancel}</button>
      <button type="button" class="danger" @click=${() => this.confirmDelete(post)}>${this.host.strings.delete}</button>
    </div>`;
  }

  /**
   * Hidden rather than removed while editing, so focus can come back to the same Edit button.
   * Every rendered row has these: the icon buttons hold their glyph as plain text (named by
   * aria-label, a button's content is presentational), one element fewer each.
   */
  private renderActions(post: PostView, hidden: boolean): TemplateResult | typeof nothing {
    if (!canAct(post)) return nothing;
    const own = this.isOwn(post);
    const pickerOpen = this.pickerFor === post.id;
    return html`<div class="actions" part="actions" role="group" aria-label=${this.host.strings.actions} ?hidden=${hidden}>
      <button
        type="button"
        class="add-reaction"
        aria-label=${this.host.strings.addReaction}
        title=${this.host.strings.addReaction}
        aria-expanded=${pickerOpen ? 'true' : 'false'}
        @click=${(event: Event) => void this.openPicker(post, event.currentTarget as HTMLElement)}
      >
        ☺+
      </button>
      ${
        this.options.threads
          ? html`<button
            type="button"
            aria-label=${this.host.strings.reply}
            title=${this.host.strings.reply}
            @click=${() => this.fire('open-thread', { rootId: post.rootId || post.id })}
          >
            ↩
          </button>`
          : nothing
      }
      ${
        own
          ? html`<button
              type="button"
              class="edit"
              @click=${(event: Event) => this.startEdit(post, event.currentTarget as HTMLElement)}
            >
              ${this.host.strings.edit}
            </button>
            <button
              type="button"
              class="delete"
              @click=${(event: Event) => this.askDelete(post, event.currentTarget as HTMLElement)}
            >
              ${this.host.strings.delete}
            </button>`
          : nothing
      }
    </div>`;
  }

  // ——— Rows and posts ———

  private rendered(post: PostView, meUsername: string) {
    const channelLink = this.host.channelLink;
    const cached = this.bodies.get(post);
    if (cached && cached.me === meUsername && cached.channelLink === channelLink) return cached;
    const result = renderMarkdown(post.message, { meUsername, channelLink });
    const entry = { me: meUsername, channelLink, result, mentionsMe: mentions(post.message, meUsername) };
    this.bodies.set(post, entry);
    return entry;
  }

  private body(post: PostView, meUsername: string): TemplateResult {
    return this.rendered(post, meUsername).result;
  }

  /** A row: the day separator, the New messages line, then the post. */
  renderRow(row: Row): TemplateResult {
    return html`
      ${
        row.newDay
          ? html`<div class="separator day" part="day-separator"><span>${this.dayLabel(row.post.createAt)}</span></div>`
          : nothing
      }
      ${
        row.unreadLine
          ? html`<div class="separator unread" part="new-messages"><span>${this.host.strings.newMessages}</span></div>`
          : nothing
      }
      ${isSystem(row.post) ? this.renderSystemPost(row.post) : this.renderPost(row.post, row.grouped)}
    `;
  }

  renderSystemPost(post: PostView): TemplateResult {
    const time = this.formatTime(post.createAt);
    return html`
      <article class="post system" part="message" aria-label=${time ? `${this.host.strings.systemMessage}, ${time}` : this.host.strings.systemMessage}>
        <div class="body md" part="body" dir="auto">${this.body(post, '')}</div>
      </article>
    `;
  }

  renderPost(post: PostView, grouped: boolean): TemplateResult {
    const user = this.host.users.get(post.userId);
    const author = user?.displayName || user?.username || this.host.strings.unknownUser;
    const time = this.formatTime(post.createAt);
    const meUsername = this.host.users.get(this.host.meId)?.username ?? '';
    const editing = this.editing?.postId === post.id && this.isOwn(post) ? this.editing : undefined;
    const confirming = this.confirming === post.id && this.isOwn(post);
    const threads = this.options.threads;
    const mentioned = !post.deleted && post.userId !== this.host.meId && this.rendered(post, meUsername).mentionsMe;
    const classes = `post ${grouped ? 'grouped' : ''} ${post.state}${editing ? ' editing' : ''}${mentioned ? ' mentions-me' : ''}`;
    return html`
      <article class=${classes} part="message" data-post-id=${post.id} aria-label=${time ? `${author}, ${time}` : author}>
        ${
          grouped
            ? html`<time class="gutter-time" part="time" datetime=${isoTime(post.createAt)} aria-hidden="true">${time}</time>`
            : this.renderAvatar(post.userId, author, user?.presence)
        }
        <div class="content">
          ${
            grouped
              ? nothing
              : html`<div class="header">
                <span class="author" part="author">${author}</span>
                <time part="time" datetime=${isoTime(post.createAt)}>${time}</time>
              </div>`
          }
          ${
            threads && post.rootId
              ? html`<button type="button" class="thread-link context" part="thread-context" @click=${() => this.fire('open-thread', { rootId: post.rootId })}>
                ${this.host.strings.repliedToThread}
              </button>`
              : nothing
          }
          ${
            post.deleted
              ? html`<div class="body deleted" part="body">${this.host.strings.deleted}</div>`
              : html`${
                  editing
                    ? this.renderEditor(post, editing.draft)
                    : html`<div class="body md" part="body" dir="auto">${this.body(post, meUsername)}</div>
                      ${post.editAt > 0 ? html`<span class="edited">${this.host.strings.edited}</span>` : nothing}`
                }
                ${post.files.length ? this.renderFiles(post) : nothing}
                ${post.reactions.length ? this.renderReactions(post) : nothing}
                ${
                  threads && !post.rootId && post.replyCount > 0
                    ? html`<button type="button" class="thread-link" part="replies" @click=${() => this.fire('open-thread', { rootId: post.id })}>
                      ${this.host.strings.replies(post.replyCount)}
                    </button>`
                    : nothing
                }
                ${confirming ? this.renderConfirm(post) : nothing}`
          }
          ${post.state === 'pending' ? html`<div class="status" part="status">${this.host.strings.sending}</div>` : nothing}
          ${
            post.state === 'failed'
              ? html`<div class="status failed" part="status">
                <span>${this.host.strings.notSent(post.error)}</span>
                <button type="button" part="retry" @click=${() => this.fire('retry', { pendingPostId: post.pendingPostId ?? post.id })}>
                  ${this.host.strings.retry}
                </button>
              </div>`
              : nothing
          }
        </div>
        ${this.renderActions(post, editing !== undefined)}
      </article>
    `;
  }

  private renderAvatar(userId: string, author: string, presence: Presence | undefined): TemplateResult {
    return html`<span class="avatar-box">
      <span class=${avatarClass(userId)} part="avatar" aria-hidden="true">${initials(author)}</span>
      ${
        presence
          ? html`<span
            class="presence ${presence}"
            part="presence"
            role="img"
            aria-label=${this.host.strings.presence[presence]}
            title=${this.host.strings.presence[presence]}
          ></span>`
          : nothing
      }
    </span>`;
  }
}
