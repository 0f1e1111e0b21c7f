/**
 * A workaround for @lit-labs/virtualizer 2.1.1: its `_positionChildren` reads `_children` (a
 * walk over every rendered row) once per row it positions, so every DOM update visits
 * rows² elements. With the ~50 rows of a chat's window and a long channel loaded, that alone
 * made scroll frames of 100–250 ms. The rows cannot change while they are positioned, so one
 * walk serves the whole pass. The package exports neither its `Virtualizer` class nor a way
 * to pass one's own, hence the patch on the instance; drop it once upstream walks once.
 */
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

/** What this touches of the virtualizer (private in its type declarations). */
interface VirtualizerRows {
  readonly _children: HTMLElement[];
  _positionChildren(positions: unknown): void;
}

const patched = new WeakSet<object>();

/** Makes the virtualizer of `host` walk its rows once per positioning pass (idempotent). */
export function walkRowsOnce(host: VirtualizerHostElement): void {
  const virtualizer = host[virtualizerRef] as unknown as VirtualizerRows | undefined;
  if (!virtualizer || patched.has(virtualizer)) return;
  patched.add(virtualizer);
  const prototype = Object.getPrototypeOf(virtualizer) as VirtualizerRows;
  const walk = Object.getOwnPropertyDescriptor(prototype, '_children')?.get as (() => HTMLElement[]) | undefined;
  const position = prototype._positionChildren;
  // A version that no longer has these is left as it is.
  if (!walk || typeof position !== 'function') return;
  let rows: HTMLElement[] | undefined;
  Object.defineProperty(virtualizer, '_children', {
    configurable: true,
    get(this: VirtualizerRows) {
      return rows ?? walk.call(this);
    },
  });
  virtualizer._positionChildren = function (this: VirtualizerRows, positions: unknown) {
    rows = walk.call(this);
    try {
      position.call(this, positions);
    } finally {
      rows = undefined;
    }
  };
}
