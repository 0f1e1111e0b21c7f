import { LitElement } from 'lit';
import type { BismanEventDetails, BismanEventName } from '../../events.js';

/** The package's base element: a typed `emit` for its bubbling, composed events. */
export class BismanElement extends LitElement {
  /** Fires one of the package's events from this element; returns false if it was canceled. */
  protected emit<K extends BismanEventName>(
    name: K,
    ...[detail]: BismanEventDetails[K] extends undefined ? [] : [BismanEventDetails[K]]
  ): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}
