import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { en, type ChatStrings } from '../../i18n/en.js';

/** Mattermost's longest post (characters, as the server counts them: UTF-16 code units). */
export const MAX_MESSAGE_LENGTH = 16383;
/** The counter shows from this many characters before the limit. */
const COUNTER_MARGIN = 1000;
import { BismanElement } from '../base/bisman-element.js';
import { composerStyles } from './bisman-composer.styles.js';

/**
 * @tag bisman-composer
 * @summary The message box: Enter sends, Shift+Enter starts a new line.
 *
 * @event bisman-composer:send - `{message}`: the user sent a message (trailing whitespace dropped, leading kept; never blank).
 * @event bisman-composer:input - `{value}`: the text changed (the host keeps it as a draft).
 *
 * @csspart base - The wrapper around the text box and the button.
 * @csspart textarea - The text box.
 * @csspart send - The Send button.
 * @csspart hint - The offline hint.
 * @csspart counter - The character count near and over the limit (with why Send is off when over).
 *
 * @cssproperty --bisman-chat-border-color - Border of the text box.
 * @cssproperty --bisman-chat-accent-color - Background of the Send button.
 * @cssproperty --bisman-chat-accent-text-color - Text of the Send button.
 */
export class BismanComposer extends BismanElement {
  static override styles = composerStyles;
  static override shadowRootOptions = { ...BismanElement.shadowRootOptions, delegatesFocus: true };

  /** What the text box is called, e.g. "Message #town-square". */
  @property() accessor label = 'Message';

  /** The button and hint texts, in the host's language (English by default). */
  @property({ attribute: false }) accessor strings: Pick<
    ChatStrings,
    'send' | 'offlineHint' | 'characterCount' | 'tooLong'
  > = en;

  /** BCP 47 locale for the counter's numbers. */
  @property({ attribute: false }) accessor locale: string | undefined;

  /** The text (a draft). Kept while offline; cleared after a send. */
  @property() accessor value = '';

  /** Offline: the text stays editable but sending waits (the button looks disabled). */
  @property({ type: Boolean, reflect: true }) accessor offline = false;

  @query('textarea') private accessor textarea!: HTMLTextAreaElement;

  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  private readonly onInput = (event: Event) => {
    this.value = (event.target as HTMLTextAreaElement).value;
    this.emit('bisman-composer:input', { value: this.value });
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    // isComposing: Enter that confirms an IME composition must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  };

  /**
   * The text as it is sent: leading indentation kept (a four-space code block must reach the
   * server as typed; Mattermost's web app sends the draft as it is: actions/views/create_comment.tsx),
   * trailing whitespace dropped, and an all-blank message is nothing to send (as
   * components/advanced_text_editor/use_submit.tsx tests `message.trim().length === 0`).
   */
  private get message(): string {
    return this.value.trimEnd();
  }

  private readonly send = () => {
    const message = this.message;
    // Offline or too long: the text stays (never cut), as the disabled-looking button says.
    if (!message || this.offline || this.tooLong) return;
    this.value = '';
    this.emit('bisman-composer:input', { value: '' });
    this.emit('bisman-composer:send', { message });
  };

  /** Over Mattermost's limit: kept in full, but not sent until shortened. */
  private get tooLong(): boolean {
    return this.message.length > MAX_MESSAGE_LENGTH;
  }

  private renderCounter() {
    const length = this.value.length;
    if (length < MAX_MESSAGE_LENGTH - COUNTER_MARGIN) return nothing;
    const format = new Intl.NumberFormat(this.locale || undefined);
    const count = this.strings.characterCount(format.format(length), format.format(MAX_MESSAGE_LENGTH));
    const over = this.message.length - MAX_MESSAGE_LENGTH;
    return html`<p id="counter" part="counter" class="counter ${over > 0 ? 'over' : ''}">
      <span>${count}</span>${over > 0 ? html` <span>${this.strings.tooLong(format.format(over))}</span>` : nothing}
    </p>`;
  }

  override render() {
    const blocked = this.offline || this.tooLong;
    const described = [
      this.offline ? 'hint' : '',
      this.value.length >= MAX_MESSAGE_LENGTH - COUNTER_MARGIN ? 'counter' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return html`
      <div part="base">
        <label for="text">${this.label}</label>
        <textarea
          id="text"
          part="textarea"
          rows="1"
          .value=${this.value}
          aria-describedby=${described || nothing}
          aria-invalid=${this.tooLong ? 'true' : 'false'}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
        ></textarea>
        <button part="send" type="button" aria-disabled=${blocked ? 'true' : 'false'} @click=${this.send}>${this.strings.send}</button>
      </div>
      ${this.renderCounter()}
      ${this.offline ? html`<p id="hint" part="hint" class="hint">${this.strings.offlineHint}</p>` : nothing}
    `;
  }
}
