import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ChannelView } from '../../data/types.js';
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
 */
export class BismanChannelBrowser extends BismanElement {
  static override styles = channelBrowserStyles;

  /** Loads the team's public channels. */
  @property({ attribute: false }) accessor load: (() => Promise<readonly PublicChannel[]>) | undefined;

  /** Channels the user is already in (they get "Open" instead of "Join"). */
  @property({ attribute: false }) accessor memberIds: ReadonlySet<string> = new Set();

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
    if (this.failed) return html`<p role="alert">The channels could not be loaded.</p>`;
    if (!this.channels) return html`<p role="status">Loading channels…</p>`;
    if (this.channels.length === 0) return html`<p>There are no public channels.</p>`;
    return html`<ul aria-label="Public channels">
      ${this.channels.map((c) => {
        const member = this.memberIds.has(c.id);
        return html`<li part="channel">
          <span class="text"
            ><span>#${c.displayName}</span>
            ${c.purpose ? html`<span class="purpose">${c.purpose}</span>` : nothing}</span
          >
          <button
            type="button"
            class=${member ? '' : 'join'}
            data-id=${c.id}
            aria-label="${member ? 'Open' : 'Join'} ${c.displayName}"
            @click=${this.onJoin}
          >
            ${member ? 'Open' : 'Join'}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  override render() {
    return html`
      <dialog part="dialog" aria-labelledby="title">
        <div class="dialog-header">
          <h2 id="title">Browse channels</h2>
          <button type="button" @click=${this.onClose}>Close</button>
        </div>
        ${this.renderBody()}
      </dialog>
    `;
  }
}
