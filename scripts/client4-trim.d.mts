import type { Plugin } from 'esbuild';

/** The member names the widget needs of Client4 (see widgetCalls). */
export interface WidgetCalls {
  /** `CLIENT4_CALLS` as listed. */
  listed: readonly string[];
  /** The Client4 members its subclasses reach through `this` or `super`, their own members aside. */
  subclassUses?: readonly string[];
}

export interface TrimmedClient4 {
  /** The module, without the unreachable members. */
  code: string;
  /** The methods, accessors and function fields kept, by name. */
  kept: string[];
  /** How many methods, accessors and function fields the class has. */
  methods: number;
  droppedBytes: number;
}

export const LIST_MODULE: string;
export class Client4TrimError extends Error {}
export function widgetCalls(source: string, fileName?: string): Required<WidgetCalls>;
export function trimClient4(source: string, calls: WidgetCalls, fileName?: string): TrimmedClient4;
export function trimClient4Plugin(options?: { listModule?: string; report?: (line: string) => void }): Plugin;
