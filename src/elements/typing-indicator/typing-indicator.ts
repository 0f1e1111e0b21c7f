import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { BismanElement } from '../base/bisman-element.js';
import { typingIndicatorStyles } from './typing-indicator.styles.js';

/** Every English string of the indicator, in one place for localization. */
export const typingIndicatorStrings = {
  one: (name: string) => `${name} is typing…`,
  two: (first: string, second: string) => `${first} and ${second} are typing…`,
  several: 'Several people are typing…',
};

export type TypingIndicatorStrings = typeof typingIndicatorStrings;

/** The sentence for these names, or '' for nobody. */
export function typingText(names: readonly string[], strings: TypingIndicatorStrings = typingIndicatorStrings): string {
  const [first, second] = names;
  if (first === undefined) return '';
  if (second === undefined) return strings.one(first);
  return names.length === 2 ? strings.two(first, second) : strings.several;
}

/**
 * @tag bisman-typing-indicator
 * @summary "Alice is typing…": who is typing in the open conversation, announced politely.
 *
 * The live region is always there (a region that appears with its text is not announced);
 * it is empty when nobody types.
 *
 * @csspart base - The live region.
 *
 * @cssproperty --bisman-chat-muted-color - Text colour.
 */
export class BismanTypingIndicator extends BismanElement {
  static override styles = typingIndicatorStyles;

  /** Display names of the people typing (not the reader). */
  @property({ attribute: false }) accessor names: readonly string[] = [];

  /** The sentences, for localization. */
  @property({ attribute: false }) accessor strings: TypingIndicatorStrings = typingIndicatorStrings;

  override render() {
    return html`<div class="base" part="base" aria-live="polite">${typingText(this.names, this.strings)}</div>`;
  }
}
