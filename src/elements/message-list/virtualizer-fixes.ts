/**
 * Workarounds for three costs of @lit-labs/virtualizer 2.1.1 (and the lit-html under it)
 * that grow with a long channel. The package exports neither its `Virtualizer` class nor a
 * way to pass one's own, hence patches on the instance; drop each once upstream fixes it.
 *
 * 1. `_positionChildren` reads `_children` (a walk over every rendered row) once per row it
 *    positions, so every DOM update visits rows² elements. With the ~50 rows of a chat's
 *    window and a long channel loaded, that alone made scroll frames of 100–250 ms. The rows
 *    cannot change while they are positioned, so one walk serves the whole pass.
 * 2. `_finishDOMUpdate` observes every rendered row with its ResizeObserver and never
 *    unobserves the rows it removes, so the observer's list (which the browser goes through
 *    on every frame) grows with every row ever shown: scrolling through 10,000 posts left
 *    ~10,000 observations and made each frame slower the further one had scrolled. Rows that
 *    left the DOM are unobserved after each update.
 * 3. lit-html 3.3.1–3.3.3's `removePart`, which `repeat` (and so the virtualizer) calls for
 *    every row it drops, leaves the row's end marker, an empty comment, in the scroller
 *    (lit/lit#5298). Scrolling through 10,000 posts left tens of thousands of them, and each
 *    row removal, `_children` walk and query of the log slowed down with their number: the
 *    longest scroll tasks were mostly `remove()` calls. Stray markers are removed after each
 *    update (see `removeStrayMarkers`).
 */
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

/** What this touches of the virtualizer (private in its type declarations). */
interface VirtualizerInternals {
  readonly _children: HTMLElement[];
  readonly _childrenRO: ResizeObserver | null;
  _positionChildren(positions: unknown): void;
  _finishDOMUpdate(): void;
}

const patched = new WeakSet<object>();

/** Applies both fixes to the virtualizer of `host` (idempotent). */
export function patchVirtualizer(host: VirtualizerHostElement): void {
  const virtualizer = host[virtualizerRef] as unknown as VirtualizerInternals | undefined;
  if (!virtualizer || patched.has(virtualizer)) return;
  patched.add(virtualizer);
  const prototype = Object.getPrototypeOf(virtualizer) as VirtualizerInternals;
  const walk = Object.getOwnPropertyDescriptor(prototype, '_children')?.get as (() => HTMLElement[]) | undefined;
  const position = prototype._positionChildren;
  const finish = prototype._finishDOMUpdate;
  // A version that no longer has these is left as it is.
  if (!walk || typeof position !== 'function' || typeof finish !== 'function') return;

  let rows: HTMLElement[] | undefined;
  Object.defineProperty(virtualizer, '_children', {
    configurable: true,
    get(this: VirtualizerInternals) {
      return rows ?? walk.call(this);
    },
  });
  virtualizer._positionChildren = function (this: VirtualizerInternals, positions: unknown) {
    rows = walk.call(this);
    try {
      position.call(this, positions);
    } finally {
      rows = undefined;
    }
  };

  // Rows rendered before the patch was applied are observed already.
  let observed = new Set(walk.call(virtualizer));
  virtualizer._finishDOMUpdate = function (this: VirtualizerInternals) {
    finish.call(this);
    removeStrayMarkers(host);
    const observer = this._childrenRO;
    if (!observer) return;
    const shown = new Set(walk.call(this));
    for (const row of observed) if (!shown.has(row)) observer.unobserve(row);
    observed = shown;
  };
}

/**
 * Every rendered row is `<!---->` `<div class="row">` `<!---->`: its part's markers with its
 * one element between them (the message list renders each row as one element). An empty
 * comment with no element on either side belongs to no row: it is the end marker of a row
 * lit-html removed. A few hundred nodes to look at, once per update.
 */
function removeStrayMarkers(host: Element): void {
  let node = host.firstChild;
  while (node) {
    const next: ChildNode | null = node.nextSibling;
    const stray =
      node.nodeType === Node.COMMENT_NODE &&
      (node as Comment).data === '' &&
      node.previousSibling?.nodeType !== Node.ELEMENT_NODE &&
      next?.nodeType !== Node.ELEMENT_NODE;
    if (stray) node.remove();
    node = next;
  }
}
