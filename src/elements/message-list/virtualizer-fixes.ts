/**
 * Workarounds for three costs of @lit-labs/virtualizer 2.1.1 (and the lit-html under it)
 * that grow with a long channel, and for one error it raises in the page. The package
 * exports neither its `Virtualizer` class nor a way to pass one's own, hence patches on the
 * instance; drop each once upstream fixes it.
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
 * 4. Rows are measured by `_childrenRO`, whose callback lays the rows out again (in
 *    microtasks, still inside the browser's resize-observer step). When the measured sizes
 *    leave the view or its margin short of rows, that pass renders more rows, and
 *    `_finishDOMUpdate` observes them at once, at the depth of the rows just delivered. The
 *    browser only delivers deeper targets in the rest of that step, so it skips the new rows
 *    and reports "ResizeObserver loop completed with undelivered notifications" as an error
 *    on the page (a host's error tracker sees it; a test fails on it), then measures them in
 *    the next frame anyway. New rows are therefore observed from the next animation frame
 *    (see `observeFromNextFrame`): measured when the browser would have measured them, with
 *    no observation skipped. The layout pass itself stays in the callback, so the rows it
 *    measured are placed before the frame is painted.
 */
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

/** What this touches of the virtualizer (private in its type declarations). */
interface VirtualizerInternals {
  readonly _children: HTMLElement[];
  /** Made again each time the virtualizer connects. */
  readonly _childrenRO: ResizeObserver | null;
  _positionChildren(positions: unknown): void;
  _finishDOMUpdate(): void;
}

const patched = new WeakSet<object>();

/** Applies the fixes to the virtualizer of `host` (idempotent). */
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
    const observer = this._childrenRO;
    if (observer) observeFromNextFrame(observer);
    finish.call(this);
    removeStrayMarkers(host);
    if (!observer) return;
    const shown = new Set(walk.call(this));
    for (const row of observed) if (!shown.has(row)) observer.unobserve(row);
    observed = shown;
  };
}

const deferring = new WeakSet<ResizeObserver>();

/**
 * Makes `observer` start watching a target at the next animation frame instead of at once
 * (see 4). A frame runs its animation callbacks just before its resize-observer step, so a
 * row rendered by a task (a post arriving, a scroll) is measured in the same frame as
 * before. One rendered within a frame's animation callbacks or resize-observer step is
 * measured in the next frame: where only rows had been delivered, the browser skipped it
 * until then anyway, now without an error; where the scroller's own size changed in that
 * step (a resized panel), a frame later than it could have been.
 */
function observeFromNextFrame(observer: ResizeObserver): void {
  if (deferring.has(observer)) return;
  deferring.add(observer);
  // Looked up on each call, so a test that wraps the prototype's methods still sees them.
  const native = () => Object.getPrototypeOf(observer) as ResizeObserver;
  const waiting = new Set<Element>();
  let frame = 0;
  const flush = () => {
    frame = 0;
    const { observe } = native();
    // A row that left meanwhile is not observed (fix 2 would only have to unobserve it).
    for (const target of waiting) if (target.isConnected) observe.call(observer, target);
    waiting.clear();
  };
  // The virtualizer observes every rendered row after each update; the browser ignores the
  // rows it already observes, in a frame as at once.
  observer.observe = (target: Element) => {
    waiting.add(target);
    frame ||= requestAnimationFrame(flush);
  };
  observer.unobserve = (target: Element) => {
    waiting.delete(target);
    native().unobserve.call(observer, target);
  };
  observer.disconnect = () => {
    waiting.clear();
    cancelAnimationFrame(frame);
    frame = 0;
    native().disconnect.call(observer);
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
