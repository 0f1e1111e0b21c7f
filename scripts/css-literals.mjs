// Lit's css`` literals reach a bundle as written, indentation and comments included. The
// page bundle (scripts/build.mjs) runs them through esbuild's own CSS minifier: -1.3 KB
// gzip on the first open. Our own few lines because the packages for it don't fit:
// minify-literals needs Node 22, esbuild-minify-templates works on the output, where css``
// and html`` look alike (and whitespace in html`` is text), minify-html-literals pulls in
// the unmaintained html-minifier.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

/** A css`` literal without `${}` parts or escapes: plain CSS that esbuild can take whole. */
const LITERAL = /\bcss`([^`$\\]*)`/g;

/** Each plain css`` literal of a module, and what the minifier makes of it. */
export async function cssLiterals(source) {
  const found = [];
  for (const [literal, css] of source.matchAll(LITERAL)) {
    const minified = (await transform(css, { loader: 'css', minify: true })).code.trim();
    // Anything that would need escaping in a template literal: keep the source.
    found.push({ literal, css, minified: /[`\\]|\$\{/.test(minified) ? css : minified });
  }
  return found;
}

/** The esbuild plugin: minifies the css`` literals of `*.styles.ts` modules. */
export const minifyCssLiterals = {
  name: 'minify-css-literals',
  setup(build) {
    build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      let contents = await readFile(path, 'utf8');
      for (const { literal, minified } of await cssLiterals(contents))
        contents = contents.replace(literal, () => `css\`${minified}\``);
      return { contents, loader: 'ts' };
    });
  },
};
