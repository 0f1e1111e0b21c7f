import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ChannelView } from '../../data/types.js';
import { en, type ChatStrings } from '../../i18n/en.js';
import { BismanElement } from '../base/bisman-element.js';
import { channelBrowserStyles } from './bisman-channel-browser.styles.js';

/** What the browser shows of a public channel. */
export type PublicChannel = Pick<ChannelView, 'id' | 'displayName' | 'purpose'>;

/**
 * @tag bisman-channel-browser
 * @summary A dialog listing the team's public channels, to join or open one.
 *
 * @event bisman-channel-browser:join - `{channelId}`: the user chose to join (or open) a channel.
 *
 * @csspart dialog - The dialog.
 * @csspart channel - One channel's row.
 *
 * @cssproperty --bisman-chat-background - The dialog's background.
 * @cssproperty --bisman-chat-border-color - Its border.
 * @cssproperty --bisman-chat-radius - Its corners.
 * @cssproperty --bisman-chat-backdrop-color - What covers the page behind it.
 */
export class BismanChannelBrowser extends BismanElement {
  static override styles = channelBrowserStyles;

  /** Loads the team's public channels. */
  @property({ attribute: false }) accessor load: (() => Promise<readonly PublicChannel[]>) | undefined;

  /** Channels the user is already in (they get "Open" instead of "Join"). */
  @property({ attribute: false }) accessor memberIds: ReadonlySet<string> = new Set();

  /** The dialog's texts, in the host's language (English by default). */
  @property({ attribute: false }) accessor strings: Pick<
    ChatStrings,
    | 'browseChannels'
    | 'closeDialog'
    | 'channelsLoadFailed'
    | 'loadingChannels'
    | 'noPublicChannels'
    | 'publicChannels'
    | 'open'
    | 'join'
    | 'openChannel'
    | 'joinChannel'
  > = en;

  @state() private accessor channels: readonly PublicChannel[] | undefined;
  @state() private accessor failed = false;

  @query('dialog') private accessor dialog!: HTMLDialogElement;

  private loadRun = 0;

  /** Opens the dialog and loads the list. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    const run = ++this.loadRun;
    this.channels = undefined;
    this.failed = false;
    try {
      const channels = (await this.load?.()) ?? [];
      if (run !== this.loadRun) return;
      this.channels = [...channels].sort((a, b) => a.displayName.localeCompare(b.displayName));
    } catch {
      if (run === this.loadRun) this.failed = true;
    }
  }

  /** Closes the dialog. */
  close(): void {
    this.dialog?.close();
  }

  private readonly onJoin = (event: Event) => {
    const id = (event.currentTarget as HTMLElement).dataset.id;
    if (!id) return;
    this.close();
    this.emit('bisman-channel-browser:join', { channelId: id });
  };

  private readonly onClose = () => this.close();

  private renderBody() {
    const t = this.strings;
    if (this.failed) return html`<p role="alert">${t.channelsLoadFailed}</p>`;
    if (!this.channels) return html`<p role="status">${t.loadingChannels}</p>`;
    if (this.channels.length === 0) return html`<p>${t.noPublicChannels}</p>`;
    return html`<ul aria-label=${t.publicChannels}>
      ${this.channels.map((c) => {
        const member = this.memberIds.has(c.id);
        return html`<li part="channel">
          <span class="text"
            ><span>#<bdi>${c.displayName}</bdi></span>
            ${c.purpose ? html`<span class="purpose">${c.purpose}</span>` : nothing}</span
          >
          <button
            type="button"
            class=${member ? '' : 'join'}
            data-id=${c.id}
            aria-label=${member ? t.openChannel(c.displayName) : t.joinChannel(c.displayName)}
            @click=${this.onJoin}
          >
            ${member ? t.open : t.join}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  override render() {
    return html`
      <dialog part="dialog" aria-labelledby="title">
        <div class="dialog-header">
          <h2 id="title">${this.strings.browseChannels}</h2>
          <button type="button" @click=${this.onClose}>${this.strings.closeDialog}</button>
        </div>
        ${this.renderBody()}
      </dialog>
    `;
  }
}
