import type { Plugin } from 'esbuild';

export interface CssLiteral {
  /** The literal as written, `css` tag included. */
  literal: string;
  /** Its CSS. */
  css: string;
  /** The CSS as the page bundle has it. */
  minified: string;
}

export function cssLiterals(source: string): Promise<CssLiteral[]>;
export const minifyCssLiterals: Plugin;
