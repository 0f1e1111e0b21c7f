import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ref } from 'lit/directives/ref.js';
import { typingKey, type ChatStore } from '../../data/store.js';
import type { ChatState, PostView, ThreadPosts } from '../../data/types.js';
import { en, type ChatStrings } from '../../i18n/en.js';
import { BismanElement } from '../base/bisman-element.js';
import { loadPart } from '../base/lazy-parts.js';
import type { BismanComposer } from '../composer/bisman-composer.js';
import { messageListStrings, type BismanMessageList, type MessageListStrings } from '../message-list/message-list.js';
import { deepActiveElement } from '../message-list/rows.js';
import type { BismanThreadView } from '../thread-view/thread-view.js';
import { threadViewStrings, type ThreadViewStrings } from '../thread-view/thread-view.strings.js';
import type { TypingIndicatorStrings } from '../typing-indicator/typing-indicator.js';
import type {
  BismanOpenThreadDetail,
  BismanPostDeleteDetail,
  BismanPostEditDetail,
  BismanPostReactDetail,
  BismanPostRetryDetail,
} from '../message-list/post-renderer.js';
import { conversationStyles } from './conversation.styles.js';
// Types only (erased): the tag maps, so templates here are checked against them.
import type {} from '../../define.js';
import type {} from './define.js';

/** Every English string of the conversation's own parts (the rest comes from `strings`). */
export const conversationStrings = {
  attachFiles: 'Attach files',
  dropFiles: 'Drop files to attach',
  attachments: 'Attachments',
  progress: (name: string) => `Uploading ${name}`,
  cancel: 'Cancel',
  cancelUpload: (name: string) => `Cancel ${name}`,
  retry: 'Retry',
  retryUpload: (name: string) => `Retry ${name}`,
  uploadFailed: 'Upload failed.',
  notSentUploads: 'Not sent: some files did not upload. Retry or cancel them, then send again.',
  replyToThread: 'Reply to thread',
  threadFailed: 'Could not load the thread.',
  couldNotReact: 'Could not change the reaction.',
  couldNotEdit: 'Could not save the edit.',
  couldNotDelete: 'Could not delete the message.',
  couldNotLoadOlder: 'Could not load older messages.',
  dismiss: 'Dismiss',
};

export type ConversationStrings = typeof conversationStrings;

/** One picked file on its way to the server (or failed, kept for a retry). */
interface Upload {
  key: number;
  file: File;
  loaded: number;
  status: 'uploading' | 'done' | 'failed';
  fileId?: string;
  error?: string;
  controller?: AbortController;
  /** Settles (never rejects) when this attempt ended. */
  run?: Promise<void>;
}

/** From this width on, the thread goes beside the list. */
const WIDE_PX = 640;

const percent = (upload: Upload): number =>
  upload.file.size > 0 ? Math.min(100, Math.round((upload.loaded / upload.file.size) * 100)) : 0;

/**
 * Sets a progress bar's width through the CSSOM, which a strict `style-src 'self'` allows
 * (a style attribute, and styleMap's first render, which writes one, it blocks).
 */
const progressWidth = (value: number) => (element: Element | undefined) => {
  if (element instanceof HTMLElement) element.style.inlineSize = `${value}%`;
};

const eventDetail = <T>(event: Event): T => (event as CustomEvent<T>).detail;

/** The open thread an event happened in (its root id, from `data-thread`), or '' for the channel. */
const threadOf = (event: Event): string => {
  for (const node of event.composedPath())
    if (node instanceof HTMLElement && node.dataset['thread']) return node.dataset['thread'];
  return '';
};

/** What a notice says, and where: in the channel (`thread` '') or in the open thread. */
interface Notice {
  text: string;
  thread: string;
}

/**
 * @tag bisman-conversation
 * @summary One open conversation: header, messages, threads, typing, attachments and the composer.
 *
 * Wires the presentational parts to a `ChatStore`: reactions, edits, deletes and threads
 * from the message list, drafts and typing from the composer, and file uploads (the
 * **Attach files** button, drag and drop, paste) shown in a tray with progress, Cancel
 * and Retry. A message with attachments is sent once its uploads finished; nothing typed
 * or attached is lost when one fails. The open thread's reply box has the same (its own
 * typing line, attachments and notices), and Escape in the thread closes it, returning
 * focus to what opened it.
 *
 * @csspart base - The whole conversation.
 * @csspart conversation-header - Its header (name and link).
 * @csspart permalink - The "Open in Mattermost" link.
 * @csspart messages - The message list.
 * @csspart thread - The open thread (beside the list on wide panels, over it on narrow ones).
 * @csspart typing - "Bob is typing…" under the message list, and in the thread above its reply box.
 * @csspart notice - An action that failed (reacting, editing, deleting, sending with attachments).
 * @csspart uploads - The tray of attached files; `upload` one file, `upload-error` its error.
 * @csspart attach - The Attach files button (the channel's and the thread's).
 * @csspart drop-zone - What shows while files are dragged over the conversation.
 * @csspart composer - The message box (the channel's and the thread's reply box).
 *
 * @cssproperty --bisman-chat-border-color - Separators.
 * @cssproperty --bisman-chat-accent-color - The drop zone's border.
 * @cssproperty --bisman-chat-danger-color - Upload errors.
 * @cssproperty --bisman-chat-focus-color - Focus rings.
 */
export class BismanConversation extends BismanElement {
  static override styles = conversationStyles;

  /** The store that holds the conversation and does the work. */
  @property({ attribute: false }) accessor store: ChatStore | undefined;

  /** The open channel's id. */
  @property({ attribute: false }) accessor channelId = '';

  /** The store's latest snapshot (the host passes what it was notified of). */
  @property({ attribute: false }) accessor state: ChatState | undefined;

  /** The host's strings (composer label, header, typing names); English by default. */
  @property({ attribute: false }) accessor strings: ChatStrings = en;

  /** BCP 47 locale for times and dates. */
  @property({ attribute: false }) accessor locale: string | undefined;

  private merged:
    | {
        from: ChatStrings;
        own: ConversationStrings;
        list: MessageListStrings;
        thread: ThreadViewStrings;
        typing: TypingIndicatorStrings;
      }
    | undefined;

  /** The English defaults with the host's table over them, merged once per table. */
  private get texts() {
    const from = this.strings;
    if (this.merged?.from !== from) {
      this.merged = {
        from,
        own: { ...conversationStrings, ...from.conversation },
        list: { ...messageListStrings, ...from.messageList },
        thread: { ...threadViewStrings, ...from.messageList, ...from.threadView },
        typing: { one: from.typingOne, two: from.typingTwo, several: from.typingMany },
      };
    }
    return this.merged;
  }

  @state() private accessor dragging = false;
  @state() private accessor notice: Notice | undefined;

  @query('.main bisman-composer') private accessor composer: BismanComposer | null = null;
  @query('[part="thread"] bisman-composer') private accessor threadComposer: BismanComposer | null = null;
  @query('bisman-message-list') private accessor list: BismanMessageList | null = null;
  @query('bisman-thread-view') private accessor threadView: BismanThreadView | null = null;

  /** Attached files per composer, keyed as drafts are (channel id, `thread:<rootId>`), so switching keeps them. */
  private readonly uploads = new Map<string, Upload[]>();
  private uploadKey = 0;
  private dragDepth = 0;
  private focusAfterUpdate: 'composer' | 'thread' | undefined;
  /** What had focus when the thread opened (its Reply button), and that post: focus goes back there. */
  private threadOpener: { element: HTMLElement; postId: string | null } | undefined;

  /** Puts the keyboard in the message box. */
  override focus(options?: FocusOptions): void {
    if (this.composer) this.composer.focus(options);
    else super.focus(options);
  }

  /** Wide panels show the thread beside the list (the `wide` attribute); narrow ones over it. */
  private readonly resize = new ResizeObserver(([entry]) => {
    if (entry) this.toggleAttribute('wide', entry.contentRect.width >= WIDE_PX);
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
    // Paste is composed: files pasted into the composer's text box arrive here.
    this.addEventListener('paste', this.onPaste);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.removeEventListener('paste', this.onPaste);
    this.dragDepth = 0;
    this.dragging = false;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // Another conversation: the last one's notice and pending thread focus do not apply.
    if (changed.has('channelId')) {
      this.notice = undefined;
      if (this.focusAfterUpdate === 'thread') this.focusAfterUpdate = undefined;
    }
  }

  override updated(): void {
    const focus = this.focusAfterUpdate;
    if (focus === 'thread') {
      // The thread shows once the store's next state arrives: wait for its composer.
      const composer = this.threadComposer;
      if (!composer) return;
      this.focusAfterUpdate = undefined;
      void composer.updateComplete.then(() => composer.focus());
    } else if (focus === 'composer') {
      this.focusAfterUpdate = undefined;
      this.composer?.focus();
    }
  }

  // ─── Uploads ─────────────────────────────────────────────────────────────────

  /** Where a composer's draft, attachments and typing are kept: the channel's or a thread's. */
  private keyOf(rootId: string): string {
    return typingKey(this.channelId, rootId);
  }

  private uploadsOf(key: string): Upload[] {
    return this.uploads.get(key) ?? [];
  }

  /** Replaces one upload (if it was not canceled meanwhile) and re-renders. */
  private patchUpload(key: string, uploadKey: number, patch: Partial<Upload>): void {
    const list = this.uploadsOf(key);
    const index = list.findIndex((upload) => upload.key === uploadKey);
    if (index < 0) return;
    const next = [...list];
    next[index] = { ...list[index]!, ...patch };
    this.uploads.set(key, next);
    this.requestUpdate();
  }

  /** Attaches files to the open conversation (or, with `rootId`, to its open thread's reply) and starts uploading them. */
  addFiles(files: readonly File[], rootId = ''): void {
    if (!this.channelId || files.length === 0) return;
    const key = this.keyOf(rootId);
    const added = files.map((file): Upload => ({ key: ++this.uploadKey, file, loaded: 0, status: 'uploading' }));
    this.uploads.set(key, [...this.uploadsOf(key), ...added]);
    for (const upload of added) this.startUpload(key, upload.key);
    this.requestUpdate();
  }

  private startUpload(key: string, uploadKey: number): void {
    const store = this.store;
    const upload = this.uploadsOf(key).find((candidate) => candidate.key === uploadKey);
    if (!store || !upload) return;
    const controller = new AbortController();
    const run = store
      .uploadFiles(this.channelId, [upload.file], {
        signal: controller.signal,
        onProgress: (loaded) => this.patchUpload(key, uploadKey, { loaded }),
      })
      .then(
        ([fileId]) =>
          this.patchUpload(key, uploadKey, { status: 'done', loaded: upload.file.size, fileId: fileId ?? '' }),
        (error: unknown) => {
          // A canceled upload is already out of the tray.
          if (error instanceof DOMException && error.name === 'AbortError') return;
          this.patchUpload(key, uploadKey, {
            status: 'failed',
            error: error instanceof Error && error.message ? error.message : this.texts.own.uploadFailed,
          });
        },
      );
    this.patchUpload(key, uploadKey, { status: 'uploading', loaded: 0, controller, run, error: '' });
  }

  private cancelUpload(rootId: string, uploadKey: number): void {
    const key = this.keyOf(rootId);
    const list = this.uploadsOf(key);
    list.find((upload) => upload.key === uploadKey)?.controller?.abort();
    this.uploads.set(
      key,
      list.filter((upload) => upload.key !== uploadKey),
    );
    this.requestUpdate();
    this.focusAfterUpdate = rootId ? 'thread' : 'composer';
  }

  private readonly onUploadAction = (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement;
    const uploadKey = Number(button.dataset['key']);
    const rootId = threadOf(event);
    if (button.dataset['action'] === 'cancel') this.cancelUpload(rootId, uploadKey);
    else if (button.dataset['action'] === 'retry') this.startUpload(this.keyOf(rootId), uploadKey);
  };

  /** Each composer row has its own (hidden) file input beside its Attach files button. */
  private readonly onAttachClick = (event: Event) => {
    (event.currentTarget as Element).parentElement?.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  };

  private readonly onFilesPicked = (event: Event) => {
    const input = event.target as HTMLInputElement;
    this.addFiles([...(input.files ?? [])], threadOf(event));
    // The same file can be picked again after a cancel.
    input.value = '';
  };

  private readonly onPaste = (event: ClipboardEvent) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.addFiles(files, threadOf(event));
  };

  private readonly onDragEnter = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragDepth++;
    this.dragging = true;
  };

  private readonly onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    // Without this the browser would open the file instead of dropping it here.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  private readonly onDragLeave = () => {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragging = false;
  };

  private readonly onDrop = (event: DragEvent) => {
    this.dragDepth = 0;
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    // Dropped on the open thread: the files go with the reply.
    this.addFiles(files, threadOf(event));
  };

  // ─── Sending ─────────────────────────────────────────────────────────────────

  /**
   * Sends the text (a reply with `rootId`) with its composer's attached files once they are
   * uploaded; keeps both if one failed.
   */
  private async sendWithAttachments(message: string, rootId: string): Promise<void> {
    const store = this.store;
    const channelId = this.channelId;
    if (!store || !channelId) return;
    const key = this.keyOf(rootId);
    store.setDraft(key, '');
    if (this.uploadsOf(key).length === 0) {
      // A failed send stays in the list as a failed post with Retry.
      store.send(channelId, message, { rootId }).catch(() => undefined);
      return;
    }
    await Promise.all(this.uploadsOf(key).map((upload) => upload.run));
    const uploads = this.uploadsOf(key);
    if (uploads.some((upload) => upload.status !== 'done')) {
      // Nothing is lost: the text goes back in the box, the files stay in the tray.
      if (message && !store.draft(key)) store.setDraft(key, message);
      this.notice = { text: this.texts.own.notSentUploads, thread: rootId };
      return;
    }
    this.uploads.delete(key);
    this.notice = undefined;
    this.requestUpdate();
    store
      .send(channelId, message, { rootId, fileIds: uploads.map((upload) => upload.fileId ?? '') })
      .catch(() => undefined);
  }

  private get offline(): boolean {
    // Reconnecting is usually brief and REST may still work: only a chat known to be down holds sends.
    const connection = this.state?.connection;
    return connection === 'offline' || connection === 'error' || connection === 'unauthorized';
  }

  /** The channel's composer or the thread's (by where the event happened). */
  private readonly onSend = (event: Event) => {
    void this.sendWithAttachments(eventDetail<{ message: string }>(event).message, threadOf(event));
  };

  private readonly onComposerInput = (event: Event) => {
    const { value } = eventDetail<{ value: string }>(event);
    const store = this.store;
    if (!store || !this.channelId) return;
    const rootId = threadOf(event);
    store.setDraft(this.keyOf(rootId), value);
    // The store throttles typing notices; an emptied box is not typing.
    if (value) store.userTyping(this.channelId, rootId);
  };

  /**
   * Keys in an empty composer: Up arrow edits the last own message (of the thread, in its
   * reply box); Enter sends the attachments alone (the composer sends only text).
   */
  private readonly onComposerKeyDown = (event: KeyboardEvent) => {
    const rootId = threadOf(event);
    const composer = rootId ? this.threadComposer : this.composer;
    if (
      !composer ||
      composer.value.trim() ||
      event.isComposing ||
      event.shiftKey ||
      event.altKey ||
      event.ctrlKey ||
      event.metaKey
    )
      return;
    if (event.key === 'ArrowUp') {
      if ((rootId ? this.threadView : this.list)?.editLast()) event.preventDefault();
    } else if (event.key === 'Enter' && this.uploadsOf(this.keyOf(rootId)).length > 0 && !this.offline) {
      event.preventDefault();
      void this.sendWithAttachments('', rootId);
    }
  };

  /** A composer's Send button with no text but attachments: send them alone. */
  private readonly onComposerClick = (event: MouseEvent) => {
    const target = event.composedPath()[0];
    const rootId = threadOf(event);
    const composer = rootId ? this.threadComposer : this.composer;
    if (!(target instanceof HTMLElement) || target.getAttribute('part') !== 'send' || !composer) return;
    if (!composer.value.trim() && this.uploadsOf(this.keyOf(rootId)).length > 0 && !this.offline)
      void this.sendWithAttachments('', rootId);
  };

  // ─── Message actions ─────────────────────────────────────────────────────────

  /** Runs a store action; a failure shows as the notice, in the thread if the action came from there. */
  private attempt(action: Promise<unknown> | undefined, failure: string, thread = ''): void {
    action?.then(
      () => undefined,
      () => {
        this.notice = { text: failure, thread };
      },
    );
  }

  private readonly onLoadOlder = () =>
    this.attempt(this.store?.loadOlder(this.channelId), this.texts.own.couldNotLoadOlder);

  private readonly onRetryPost = (event: Event) => {
    // A failed retry shows on the post itself (still failed, with Retry).
    this.store
      ?.retrySend(this.channelId, eventDetail<BismanPostRetryDetail>(event).pendingPostId)
      .catch(() => undefined);
  };

  private readonly onReact = (event: Event) => {
    const { postId, emoji } = eventDetail<BismanPostReactDetail>(event);
    this.attempt(
      this.store?.toggleReaction(this.channelId, postId, emoji),
      this.texts.own.couldNotReact,
      threadOf(event),
    );
  };

  private readonly onEdit = (event: Event) => {
    const { postId, message } = eventDetail<BismanPostEditDetail>(event);
    this.attempt(this.store?.editPost(postId, message), this.texts.own.couldNotEdit, threadOf(event));
  };

  private readonly onDelete = (event: Event) => {
    this.attempt(
      this.store?.deletePost(eventDetail<BismanPostDeleteDetail>(event).postId),
      this.texts.own.couldNotDelete,
      threadOf(event),
    );
  };

  private readonly onOpenThread = (event: Event) => {
    const store = this.store;
    if (!store) return;
    this.focusAfterUpdate = 'thread';
    // The Reply button (or reply count) that was used: clicked or pressed, it has focus.
    const opener = deepActiveElement();
    this.threadOpener = opener
      ? { element: opener, postId: opener.closest('[data-post-id]')?.getAttribute('data-post-id') ?? null }
      : undefined;
    const { rootId } = eventDetail<BismanOpenThreadDetail>(event);
    // The thread view's module loads on first use: the thread opens once it is defined.
    void loadPart('bisman-thread-view')
      .then(() => store.openThread(rootId))
      .catch(() => undefined);
    this.requestUpdate();
  };

  private readonly onRetryThread = () => {
    const rootId = this.state?.activeThreadId;
    if (rootId) void this.store?.openThread(rootId).catch(() => undefined);
  };

  /** Close or Escape: focus goes back to what opened the thread, or to the channel's composer if that post left the list. */
  private readonly onCloseThread = () => {
    const rootId = this.state?.activeThreadId;
    if (rootId) this.store?.closeThread(rootId);
    const opener = this.threadOpener;
    this.threadOpener = undefined;
    // The list reuses its rows' elements: the opener must still show the same post.
    const { element, postId } = opener ?? {};
    if (element?.isConnected && postId && element.closest('[data-post-id]')?.getAttribute('data-post-id') === postId)
      element.focus();
    else this.focusAfterUpdate = 'composer';
    this.requestUpdate();
  };

  private readonly onDismissNotice = () => {
    this.focusAfterUpdate = this.notice?.thread ? 'thread' : 'composer';
    this.notice = undefined;
  };

  /** `~channel` links in messages point at Mattermost; a stable function, as the list asks. */
  private readonly channelLink = (name: string): string | undefined => {
    const current = this.state;
    if (!current?.serverUrl || !current.teamName) return undefined;
    return `${current.serverUrl.replace(/\/+$/, '')}/${current.teamName}/channels/${encodeURIComponent(name)}`;
  };

  // ─── Rendering ───────────────────────────────────────────────────────────────

  /** Display names of those typing in the channel itself or in a thread (`typingKey`), not the reader. */
  private typingNames(current: ChatState, key: string): string[] {
    return (current.typing.get(key) ?? [])
      .filter((id) => id !== current.me?.id)
      .map((id) => current.users.get(id)?.displayName ?? this.strings.someone);
  }

  override render() {
    const current = this.state;
    const channel = current?.channels.get(this.channelId);
    if (!current || !channel) return nothing;
    const t = this.strings;
    const title = channel.tab === 'team' ? `#${channel.displayName}` : channel.displayName;
    const threadId = current.activeThreadId;
    const thread = threadId ? current.threads.get(threadId) : undefined;
    const showThread = thread && (thread.channelId === channel.id || thread.channelId === '') ? thread : undefined;
    return html`<section
      part="base"
      aria-labelledby="conversation-title"
      @dragenter=${this.onDragEnter}
      @dragover=${this.onDragOver}
      @dragleave=${this.onDragLeave}
      @drop=${this.onDrop}
    >
      <header part="conversation-header">
        <h3 id="conversation-title">${channel.tab === 'team' ? html`#<bdi>${channel.displayName}</bdi>` : html`<bdi>${channel.displayName}</bdi>`}</h3>
        <a part="permalink" href=${this.store?.permalink(channel.id) ?? '#'} target="_blank" rel="noopener noreferrer">${t.openInMattermost}</a>
      </header>
      <div class="body">
        <div class="main">
          <bisman-message-list
            part="messages"
            .posts=${current.posts.get(channel.id)}
            .users=${current.users}
            .meId=${current.me?.id ?? ''}
            .label=${t.messagesIn(title)}
            .strings=${this.texts.list}
            .locale=${this.locale}
            .channelLink=${this.channelLink}
            .fileUrl=${this.store?.fileUrl}
            @bisman-message-list:load-older=${this.onLoadOlder}
            @bisman-message-list:retry=${this.onRetryPost}
            @bisman-message-list:react=${this.onReact}
            @bisman-message-list:edit=${this.onEdit}
            @bisman-message-list:delete=${this.onDelete}
            @bisman-message-list:open-thread=${this.onOpenThread}
          ></bisman-message-list>
          ${this.renderComposerArea(current, '', t.messageTo(channel.tab === 'team' ? `#${channel.name}` : channel.displayName))}
        </div>
        ${showThread ? this.renderThread(current, showThread) : nothing}
      </div>
      ${this.dragging ? html`<div part="drop-zone">${this.texts.own.dropFiles}</div>` : nothing}
    </section>`;
  }

  private renderThread(current: ChatState, thread: ThreadPosts) {
    const replies = thread.order
      .map((id) => thread.byId.get(id))
      .filter((post): post is PostView => post !== undefined);
    // data-thread: events from inside (send, paste, drop, upload buttons) act on this thread.
    return html`<div part="thread" data-thread=${thread.rootId}>
      ${
        thread.error && !thread.loading
          ? html`<div part="notice">
            <span role="alert">${this.texts.own.threadFailed}</span>
            <button type="button" @click=${this.onRetryThread}>${this.texts.own.retry}</button>
          </div>`
          : nothing
      }
      <bisman-thread-view
        .strings=${this.texts.thread}
        .root=${thread.root}
        .replies=${replies}
        .users=${current.users}
        .meId=${current.me?.id ?? ''}
        .locale=${this.locale}
        .channelLink=${this.channelLink}
        .fileUrl=${this.store?.fileUrl}
        @bisman-thread-view:close=${this.onCloseThread}
        @bisman-thread-view:react=${this.onReact}
        @bisman-thread-view:edit=${this.onEdit}
        @bisman-thread-view:delete=${this.onDelete}
        @bisman-thread-view:retry=${this.onRetryPost}
      >
        <div slot="composer" class="reply-area">${this.renderComposerArea(current, thread.rootId, this.texts.own.replyToThread)}</div>
      </bisman-thread-view>
    </div>`;
  }

  /** Who is typing, the notice, the attachments and the composer: the channel's (`rootId` '') or a thread's. */
  private renderComposerArea(current: ChatState, rootId: string, label: string) {
    const key = this.keyOf(rootId);
    return html`<bisman-typing-indicator part="typing" .names=${this.typingNames(current, key)} .strings=${this.texts.typing}></bisman-typing-indicator>
      ${this.notice?.thread === rootId ? this.renderNotice(this.notice.text) : nothing} ${this.renderUploads(key)}
      <div class="composer-row" @keydown=${this.onComposerKeyDown} @click=${this.onComposerClick}>
        <button type="button" part="attach" @click=${this.onAttachClick}>${this.texts.own.attachFiles}</button>
        <input type="file" multiple tabindex="-1" aria-hidden="true" @change=${this.onFilesPicked} />
        <bisman-composer
          part="composer"
          label=${label}
          .strings=${this.strings}
          .value=${live(this.store?.draft(key) ?? '')}
          ?offline=${this.offline}
          .locale=${this.locale}
          @bisman-composer:send=${this.onSend}
          @bisman-composer:input=${this.onComposerInput}
        ></bisman-composer>
      </div>`;
  }

  private renderNotice(text: string) {
    return html`<div part="notice">
      <span role="alert">${text}</span>
      <button type="button" @click=${this.onDismissNotice}>${this.texts.own.dismiss}</button>
    </div>`;
  }

  private renderUploads(key: string) {
    const uploads = this.uploadsOf(key);
    if (uploads.length === 0) return nothing;
    return html`<ul part="uploads" aria-label=${this.texts.own.attachments}>
      ${uploads.map(
        (upload) => html`<li part="upload">
          <span class="file-name">${upload.file.name}</span>
          ${
            upload.status === 'uploading'
              ? html`<div
                class="progress"
                role="progressbar"
                aria-label=${this.texts.own.progress(upload.file.name)}
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=${percent(upload)}
              >
                <span ${ref(progressWidth(percent(upload)))}></span>
              </div>`
              : nothing
          }
          ${
            upload.status === 'failed'
              ? html`<button type="button" data-action="retry" data-key=${upload.key} @click=${this.onUploadAction} aria-label=${this.texts.own.retryUpload(upload.file.name)}>
                ${this.texts.own.retry}
              </button>`
              : nothing
          }
          <button type="button" data-action="cancel" data-key=${upload.key} @click=${this.onUploadAction} aria-label=${this.texts.own.cancelUpload(upload.file.name)}>
            ${this.texts.own.cancel}
          </button>
          ${upload.status === 'failed' ? html`<span part="upload-error" role="alert">${upload.error}</span>` : nothing}
        </li>`,
      )}
    </ul>`;
  }
}
