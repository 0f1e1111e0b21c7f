import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { UserView } from '../../data/types.js';
import { en, type ChatStrings } from '../../i18n/en.js';
import { BismanElement } from '../base/bisman-element.js';
import { userSearchStyles } from './bisman-user-search.styles.js';

/** Finds people by a term; the signal aborts when a newer term replaces it. */
export type UserSearchFn = (term: string, signal: AbortSignal) => Promise<readonly UserView[]>;

const DEBOUNCE_MS = 150;

/**
 * @tag bisman-user-search
 * @summary Find a person as you type (an ARIA combobox with a listbox of people).
 *
 * @event bisman-user-search:pick - `{user}`: a person was chosen (Enter or click).
 * @event bisman-user-search:close - The search was dismissed (Escape or Cancel).
 *
 * @csspart base - The wrapper.
 * @csspart input - The search box (role combobox).
 * @csspart listbox - The list of people found.
 * @csspart option - One person.
 *
 * @cssproperty --bisman-chat-selected-color - Background of the highlighted person.
 */
export class BismanUserSearch extends BismanElement {
  static override styles = userSearchStyles;
  static override shadowRootOptions = { ...BismanElement.shadowRootOptions, delegatesFocus: true };

  /** The lookup; only the latest term's answer is kept. */
  @property({ attribute: false }) accessor search: UserSearchFn | undefined;

  /** Leave this person out of the results (the user themself). */
  @property({ attribute: 'exclude-id' }) accessor excludeId = '';

  /** The search box's label. */
  @property() accessor label = 'Find a person';

  /** The button and status texts, in the host's language (English by default). */
  @property({ attribute: false }) accessor strings: Pick<
    ChatStrings,
    'cancel' | 'people' | 'noOneFound' | 'peopleFound'
  > = en;

  @state() private accessor term = '';
  @state() private accessor results: readonly UserView[] = [];
  @state() private accessor activeIndex = -1;
  @state() private accessor searched = false;

  @query('input') private accessor input!: HTMLInputElement;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  private get expanded(): boolean {
    return this.results.length > 0;
  }

  private schedule(term: string): void {
    clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = undefined;
    if (!term.trim()) {
      this.results = [];
      this.searched = false;
      return;
    }
    this.timer = setTimeout(() => void this.run(term.trim()), DEBOUNCE_MS);
  }

  private async run(term: string): Promise<void> {
    const search = this.search;
    if (!search) return;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const users = await search(term, abort.signal);
      if (abort.signal.aborted) return;
      this.results = users.filter((u) => u.id !== this.excludeId);
      this.activeIndex = this.results.length > 0 ? 0 : -1;
      this.searched = true;
    } catch {
      if (abort.signal.aborted) return;
      this.results = [];
      this.searched = true;
    }
  }

  private readonly onInput = (event: Event) => {
    this.term = (event.target as HTMLInputElement).value;
    this.schedule(this.term);
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const count = this.results.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count) this.activeIndex = (this.activeIndex + 1) % count;
        break;
      case 'ArrowUp':
        if (count) this.activeIndex = (this.activeIndex - 1 + count) % count;
        break;
      case 'Home':
        if (!count) return;
        this.activeIndex = 0;
        break;
      case 'End':
        if (!count) return;
        this.activeIndex = count - 1;
        break;
      case 'Enter': {
        const user = this.results[this.activeIndex];
        if (user) this.pick(user);
        break;
      }
      case 'Escape':
        if (this.expanded) {
          this.results = [];
        } else {
          this.emit('bisman-user-search:close');
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  private pick(user: UserView): void {
    this.emit('bisman-user-search:pick', { user });
  }

  private readonly onOptionClick = (event: Event) => {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    const user = this.results[index];
    if (user) this.pick(user);
  };

  private readonly onCancel = () => this.emit('bisman-user-search:close');

  protected override updated(): void {
    if (this.activeIndex >= 0) {
      this.renderRoot.querySelector(`#option-${this.activeIndex}`)?.scrollIntoView?.({ block: 'nearest' });
    }
  }

  override render() {
    const status = !this.searched
      ? ''
      : this.results.length === 0
        ? this.strings.noOneFound
        : this.strings.peopleFound(this.results.length);
    return html`
      <div part="base">
        <label for="input">${this.label}</label>
        <div class="row">
          <input
            id="input"
            part="input"
            type="text"
            role="combobox"
            aria-label=${this.label}
            autocomplete="off"
            spellcheck="false"
            aria-autocomplete="list"
            aria-expanded=${this.expanded ? 'true' : 'false'}
            aria-controls="listbox"
            aria-activedescendant=${this.expanded && this.activeIndex >= 0 ? `option-${this.activeIndex}` : nothing}
            .value=${this.term}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
          />
          <button type="button" @click=${this.onCancel}>${this.strings.cancel}</button>
        </div>
        <ul id="listbox" part="listbox" role="listbox" aria-label=${this.strings.people} ?hidden=${!this.expanded}>
          ${this.results.map(
            (user, index) =>
              // Options are picked with the combobox's keys (aria-activedescendant), so they take no focus.
              // eslint-disable-next-line lit-a11y/click-events-have-key-events
              html`<li
                id="option-${index}"
                part="option"
                role="option"
                data-index=${index}
                aria-selected=${index === this.activeIndex ? 'true' : 'false'}
                @click=${this.onOptionClick}
              >
                ${user.displayName} <span class="username">@${user.username}</span>
              </li>`,
          )}
        </ul>
        <p class="status" role="status">${status}</p>
      </div>
    `;
  }
}
