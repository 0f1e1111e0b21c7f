import { html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { EMOJI, loadSystemEmoji, systemEmoji, type SystemEmoji } from '../../markdown/emoji.js';
import { BismanElement } from '../base/bisman-element.js';
import { emojiPickerStyles } from './emoji-picker.styles.js';

/** `bisman-emoji-picker:pick`: the Mattermost name of the chosen emoji (no colons). */
export interface BismanEmojiPickerPickDetail {
  emoji: string;
}

/** The picker's events (merge into `BismanEventDetails`). */
export interface BismanEmojiPickerEventDetails {
  'bisman-emoji-picker:pick': BismanEmojiPickerPickDetail;
  /** Escape: the host closes the picker and returns focus to its opener. */
  'bisman-emoji-picker:close': undefined;
}

/** Every English string of the picker, in one place for localization. */
export const emojiPickerStrings = {
  label: 'Choose an emoji',
  search: 'Search emoji',
  grid: 'Emoji',
  none: 'No emoji found',
};

export type EmojiPickerStrings = typeof emojiPickerStrings;

interface EmojiEntry {
  /** The name Mattermost stores for a reaction. */
  name: string;
  char: string;
  /** Every shortcode for it, for search. */
  aliases: string[];
  /** A readable name for screen readers. */
  label: string;
}

/** Mattermost stores these names for the thumbs (its web app does too). */
const PREFERRED = new Set(['+1', '-1']);
const COLUMNS = 8;

function entry(char: string, aliases: string[]): EmojiEntry {
  const word = aliases.find((alias) => /^[a-z]/.test(alias)) ?? aliases[0] ?? '';
  return {
    char,
    aliases,
    name: aliases.find((alias) => PREFERRED.has(alias)) ?? aliases[0] ?? '',
    label: word.replaceAll('_', ' '),
  };
}

/** The built-in common emoji, one entry per glyph: shown until the full set has loaded. */
function builtInEntries(): EmojiEntry[] {
  const byChar = new Map<string, string[]>();
  for (const [name, char] of EMOJI) byChar.set(char, [...(byChar.get(char) ?? []), name]);
  return [...byChar].map(([char, aliases]) => entry(char, aliases));
}

/**
 * Every system emoji Mattermost knows, in emoji-datasource's order. The skin-tone swatches
 * and hair parts (its "Component" category) are pieces of other emoji, not emoji to pick.
 */
function systemEntries(system: SystemEmoji): EmojiEntry[] {
  return system.categories
    .filter((category) => category.name !== 'Component')
    .flatMap((category) => category.emoji.map((emoji) => entry(emoji.char, [...emoji.names])));
}

/**
 * @tag bisman-emoji-picker
 * @summary A searchable grid of every system emoji Mattermost knows, by shortcode.
 *
 * Type to filter; Down arrow (or Tab) moves into the grid; arrow keys, Home and End move in
 * it; Enter or Space picks; Escape asks the host to close it. Focusing the element focuses the
 * search field.
 *
 * @event bisman-emoji-picker:pick - `{emoji}`: the chosen emoji's name.
 * @event bisman-emoji-picker:close - Escape was pressed.
 *
 * @csspart base - The dialog.
 * @csspart search - The search field.
 * @csspart grid - The grid of emoji.
 * @csspart emoji - One emoji cell.
 *
 * @cssproperty --bisman-chat-surface-color - Background.
 * @cssproperty --bisman-chat-border-color - Border.
 * @cssproperty --bisman-chat-hover-color - The emoji under the pointer.
 * @cssproperty --bisman-chat-focus-color - Focus ring.
 */
export class BismanEmojiPicker extends BismanElement {
  static override styles = emojiPickerStyles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private static all: EmojiEntry[] | undefined;
  private static builtIn: EmojiEntry[] | undefined;

  /** The picker's text, for localization. */
  @property({ attribute: false }) accessor strings: EmojiPickerStrings = emojiPickerStrings;

  @state() private accessor query = '';
  /** Index of the cell that takes focus in the grid (roving tabindex). */
  @state() private accessor active = 0;

  private shown: EmojiEntry[] = [];
  private loading = false;
  /** The full set arrived since the last update: the shown list is made again. */
  private loaded = false;
  private focusActive = false;

  private fire<K extends keyof BismanEmojiPickerEventDetails>(name: K, detail: BismanEmojiPickerEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** The full set once loaded; the common ones (and a render when it arrives) until then. */
  private entries(): EmojiEntry[] {
    if (BismanEmojiPicker.all) return BismanEmojiPicker.all;
    const system = systemEmoji();
    if (system) return (BismanEmojiPicker.all = systemEntries(system));
    if (!this.loading) {
      this.loading = true;
      loadSystemEmoji().then(
        () => {
          this.loaded = true;
          this.requestUpdate();
        },
        () => {
          this.loading = false;
        },
      );
    }
    return (BismanEmojiPicker.builtIn ??= builtInEntries());
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('query') || this.shown.length === 0 || this.loaded) {
      this.loaded = false;
      const all = this.entries();
      const query = this.query.trim().toLowerCase().replaceAll(':', '');
      this.shown = query ? all.filter((entry) => entry.aliases.some((alias) => alias.includes(query))) : all;
      if (changed.has('query')) this.active = 0;
    }
  }

  override updated(): void {
    if (!this.focusActive) return;
    this.focusActive = false;
    this.renderRoot.querySelector<HTMLElement>(`[data-index="${this.active}"]`)?.focus();
  }

  private pick(entry: EmojiEntry | undefined): void {
    if (entry) this.fire('bisman-emoji-picker:pick', { emoji: entry.name });
  }

  private close(event: KeyboardEvent): void {
    event.preventDefault();
    event.stopPropagation();
    this.fire('bisman-emoji-picker:close', undefined);
  }

  private moveTo(index: number): void {
    this.active = Math.max(0, Math.min(this.shown.length - 1, index));
    this.focusActive = true;
    this.requestUpdate();
  }

  private readonly onSearchInput = (event: Event) => {
    this.query = (event.target as HTMLInputElement).value;
  };

  private readonly onSearchKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.close(event);
    else if (event.key === 'Enter') {
      event.preventDefault();
      this.pick(this.shown[this.active]);
    } else if (event.key === 'ArrowDown' && this.shown.length > 0) {
      event.preventDefault();
      this.moveTo(this.active);
    }
  };

  private readonly onGridKeydown = (event: KeyboardEvent) => {
    const rtl = getComputedStyle(this).direction === 'rtl';
    const index = this.active;
    const rowStart = index - (index % COLUMNS);
    switch (event.key) {
      case 'ArrowRight':
        this.moveTo(index + (rtl ? -1 : 1));
        break;
      case 'ArrowLeft':
        this.moveTo(index + (rtl ? 1 : -1));
        break;
      case 'ArrowDown':
        if (index + COLUMNS < this.shown.length) this.moveTo(index + COLUMNS);
        break;
      case 'ArrowUp':
        if (index >= COLUMNS) this.moveTo(index - COLUMNS);
        else this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
        break;
      case 'Home':
        this.moveTo(event.ctrlKey ? 0 : rowStart);
        break;
      case 'End':
        this.moveTo(event.ctrlKey ? this.shown.length - 1 : rowStart + COLUMNS - 1);
        break;
      case 'Enter':
      case ' ':
        this.pick(this.shown[index]);
        break;
      case 'Escape':
        this.close(event);
        return;
      default:
        return;
    }
    event.preventDefault();
  };

  private readonly onGridClick = (event: Event) => {
    const cell = (event.target as Element).closest<HTMLElement>('[data-index]');
    if (cell) this.pick(this.shown[Number(cell.dataset['index'])]);
  };

  private renderGrid() {
    const rows: EmojiEntry[][] = [];
    for (let i = 0; i < this.shown.length; i += COLUMNS) rows.push(this.shown.slice(i, i + COLUMNS));
    return html`<div
      class="grid"
      part="grid"
      role="grid"
      aria-label=${this.strings.grid}
      @keydown=${this.onGridKeydown}
      @click=${this.onGridClick}
    >
      ${rows.map(
        (row, r) => html`<div class="row" role="row">
          ${row.map((entry, c) => {
            const index = r * COLUMNS + c;
            return html`<span
              class="cell"
              part="emoji"
              role="gridcell"
              data-index=${index}
              tabindex=${index === this.active ? '0' : '-1'}
              aria-label=${entry.label}
              title=${`:${entry.name}:`}
              >${entry.char}</span
            >`;
          })}
        </div>`,
      )}
    </div>`;
  }

  override render() {
    return html`<div class="base" part="base" role="dialog" aria-label=${this.strings.label}>
      <input
        type="search"
        part="search"
        aria-label=${this.strings.search}
        placeholder=${this.strings.search}
        autocomplete="off"
        .value=${this.query}
        @input=${this.onSearchInput}
        @keydown=${this.onSearchKeydown}
      />
      ${this.shown.length > 0 ? this.renderGrid() : html`<p class="none" role="status">${this.strings.none}</p>`}
    </div>`;
  }
}
