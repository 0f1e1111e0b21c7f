import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChannelView, Presence } from '../../data/types.js';
import { en, type ChatStrings } from '../../i18n/en.js';
import { BismanElement } from '../base/bisman-element.js';
import { channelListStyles } from './bisman-channel-list.styles.js';

/**
 * @tag bisman-channel-list
 * @summary A list of channels as buttons, with unread and mention badges.
 *
 * @event bisman-channel-list:select - `{channelId}`: the user chose a channel.
 *
 * @csspart list - The list.
 * @csspart channel - Each channel's button.
 * @csspart badge - An unread or mention count.
 *
 * @cssproperty --bisman-chat-badge-color - Background of an unread count.
 * @cssproperty --bisman-chat-mention-color - Background of a mention count.
 * @cssproperty --bisman-chat-selected-color - Background of the open channel.
 * @cssproperty --bisman-chat-presence-online-color - The dot of a person who is online.
 * @cssproperty --bisman-chat-presence-away-color - The dot of a person who is away.
 * @cssproperty --bisman-chat-presence-dnd-color - The dot of a person who is not to be disturbed.
 */
export class BismanChannelList extends BismanElement {
  static override styles = channelListStyles;

  /** The channels, in display order. */
  @property({ attribute: false }) accessor channels: readonly ChannelView[] = [];

  /** Presence of the other person, for direct-message channels (by user id). */
  @property({ attribute: false }) accessor presence: ReadonlyMap<string, Presence> = new Map();

  /** The open channel's id. */
  @property({ attribute: 'active-id' }) accessor activeId = '';

  /** What the list is called (e.g. "Channels"). */
  @property() accessor label = 'Channels';

  /** Shown when there is no channel. */
  @property({ attribute: 'empty-text' }) accessor emptyText = 'No conversations yet.';

  /** The badge and presence texts, in the host's language (English by default). */
  @property({ attribute: false }) accessor strings: Pick<ChatStrings, 'mentions' | 'unreadShort' | 'presence'> = en;

  /** Moves focus to the open channel's button, else the first. */
  override focus(options?: FocusOptions): void {
    const buttons = [...(this.renderRoot.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    (buttons.find((b) => b.dataset.id === this.activeId) ?? buttons[0])?.focus(options);
  }

  private readonly onClick = (event: Event) => {
    const id = (event.currentTarget as HTMLElement).dataset.id;
    if (id) this.emit('bisman-channel-list:select', { channelId: id });
  };

  private renderBadges(channel: ChannelView) {
    if (channel.id === this.activeId) return nothing;
    if (channel.mentions > 0) {
      return html`<span class="badge mention" part="badge"
        >${channel.mentions}<span class="sr-only"> ${this.strings.mentions(channel.mentions)}</span></span
      >`;
    }
    if (channel.unread > 0) {
      return html`<span class="badge" part="badge">${channel.unread}<span class="sr-only"> ${this.strings.unreadShort}</span></span>`;
    }
    return nothing;
  }

  override render() {
    if (this.channels.length === 0) return html`<p class="empty">${this.emptyText}</p>`;
    return html`
      <ul part="list" aria-label=${this.label}>
        ${repeat(
          this.channels,
          (c) => c.id,
          (c) => {
            const presence = c.otherUserId ? this.presence.get(c.otherUserId) : undefined;
            const unread = c.id !== this.activeId && c.unread > 0;
            return html`<li class=${unread ? 'unread' : ''}>
              <button
                part="channel"
                type="button"
                data-id=${c.id}
                aria-current=${c.id === this.activeId ? 'true' : 'false'}
                @click=${this.onClick}
              >
                ${presence ? html`<span class="presence ${presence}"></span>` : nothing}
                <span class="name">${c.tab === 'team' ? '#' : ''}<bdi>${c.displayName}</bdi></span>
                ${presence ? html`<span class="sr-only">(${this.strings.presence(presence)})</span>` : nothing}
                ${this.renderBadges(c)}
              </button>
            </li>`;
          },
        )}
      </ul>
    `;
  }
}
