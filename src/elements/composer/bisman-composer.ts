import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { en, type ChatStrings } from '../../i18n/en.js';
import { BismanElement } from '../base/bisman-element.js';
import { composerStyles } from './bisman-composer.styles.js';

/**
 * @tag bisman-composer
 * @summary The message box: Enter sends, Shift+Enter starts a new line.
 *
 * @event bisman-composer:send - `{message}`: the user sent a message (trimmed, never empty).
 * @event bisman-composer:input - `{value}`: the text changed (the host keeps it as a draft).
 *
 * @csspart base - The wrapper around the text box and the button.
 * @csspart textarea - The text box.
 * @csspart send - The Send button.
 * @csspart hint - The offline hint.
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
  @property({ attribute: false }) accessor strings: Pick<ChatStrings, 'send' | 'offlineHint'> = en;

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

  private readonly send = () => {
    const message = this.value.trim();
    if (!message || this.offline) return;
    this.value = '';
    this.emit('bisman-composer:input', { value: '' });
    this.emit('bisman-composer:send', { message });
  };

  override render() {
    return html`
      <div part="base">
        <label for="text">${this.label}</label>
        <textarea
          id="text"
          part="textarea"
          rows="1"
          maxlength="16383"
          .value=${this.value}
          aria-describedby=${this.offline ? 'hint' : nothing}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
        ></textarea>
        <button part="send" type="button" aria-disabled=${this.offline ? 'true' : 'false'} @click=${this.send}>${this.strings.send}</button>
      </div>
      ${this.offline ? html`<p id="hint" part="hint" class="hint">${this.strings.offlineHint}</p>` : nothing}
    `;
  }
}
