// npm run build: the library build for bundlers (tsc, with declarations),
// dist/bisman-chat.js (the ES module a page loads with <script type="module">; the chat UI
// sits beside it in dist/chunks/ and loads lazily),
// and custom-elements.json generated from the elements' JSDoc.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { trimClient4Plugin } from './client4-trim.mjs';
import { minifyCssLiterals } from './css-literals.mjs';

const node = (...args) => execFileSync(process.execPath, args, { stdio: 'inherit' });

// Build into a staging folder and swap it in at the end: `npm ci` and `npx` run this through
// `prepare`, and a build that is cut short, or one running beside a server that reads
// dist/, must never leave dist/ empty or half written.
const out = 'dist.next';
rmSync(out, { recursive: true, force: true });
node('node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', out);

// esbuild rather than Vite's library mode: library mode never minifies whitespace in ES
// output (it keeps pure annotations for bundlers), and this file is for pages, not bundlers.
const { metafile } = await build({
  entryPoints: { 'bisman-chat': 'src/bundle.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Client4 ships only the methods src/data/client.ts lists (CLIENT4_CALLS) and what they call.
  plugins: [minifyCssLiterals, trimClient4Plugin({ report: console.log })],
  logLevel: 'warning',
});

node(
  'node_modules/@custom-elements-manifest/analyzer/cem.js',
  'analyze',
  '--litelement',
  '--globs',
  'src/elements/**/*.ts',
  '--exclude',
  'src/elements/**/*.styles.ts',
  '--quiet',
);

// What a page downloads: the entry and its static imports before the chat is opened, and
// with the dynamic imports' closures added, everything the first open needs.
const outputs = metafile.outputs;
const closure = (start, kinds) => {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { path, kind } of outputs[file]?.imports ?? [])
      if (kinds.includes(kind) && !path.startsWith('<')) visit(path);
  };
  visit(start);
  return seen;
};
const entry = `${out}/bisman-chat.js`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const measure = (files) => {
  const code = Buffer.concat([...files].map((file) => readFileSync(file)));
  // Each file is compressed on its own, as a server sends it.
  const gzip = [...files].reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  const brotli = [...files].reduce((sum, file) => sum + brotliCompressSync(readFileSync(file)).length, 0);
  return `${kb(code.length)} minified, ${kb(gzip)} gzip, ${kb(brotli)} brotli (${files.size} file${files.size > 1 ? 's' : ''})`;
};
const initial = closure(entry, ['import-statement']);
// The first open loads the chat UI (src/define.ts's chunk). Its own dynamic imports (the
// emoji picker, ...) and the other languages' tables load later, or never: not counted.
const ui = Object.keys(outputs).find((file) => outputs[file].entryPoint === 'src/define.ts');
const uiClosure = closure(ui, ['import-statement']);
const firstOpen = new Set([...initial, ...uiClosure]);

// The modules the UI's chunk imports that the entry has not loaded: the entry preloads them
// with that chunk (src/bundle.ts's placeholder), so the first open fetches them in one round
// instead of two. The entry has no hash in its name: it may change after esbuild.
const uiImports = [...uiClosure].filter((file) => file !== ui && !initial.has(file));
const placeholder = '["__BISMAN_UI_CHUNKS__"]';
const entryCode = readFileSync(entry, 'utf8');
if (!entryCode.includes(placeholder))
  throw new Error(`${entry}: the chat UI's preload placeholder is gone; src/bundle.ts and this script disagree`);
writeFileSync(
  entry,
  entryCode.replace(placeholder, JSON.stringify(uiImports.map((file) => `./${path.posix.relative(out, file)}`))),
);

// Chromium compiles every function of a file that starts with this comment at once, on the
// thread that streams the file in, instead of on the main thread the first time each one
// runs (explicit compile hints; other engines ignore the comment). The first open runs most
// of these files' functions: lazily, their compiling was ~20 ms of the opening's main thread.
// BISMAN_NO_COMPILE_HINTS=1 builds without it, to measure the difference.
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
if (!process.env.BISMAN_NO_COMPILE_HINTS) {
  for (const file of firstOpen) {
    writeFileSync(file, COMPILE_HINT + readFileSync(file, 'utf8'));
    // The code moved down a line: so do its source map's mappings.
    const map = `${file}.map`;
    if (existsSync(map)) {
      const json = JSON.parse(readFileSync(map, 'utf8'));
      json.mappings = `;${json.mappings}`;
      writeFileSync(map, JSON.stringify(json));
    }
  }
}
console.log(`dist/bisman-chat.js before the first open: ${measure(initial)}`);
console.log(`dist/bisman-chat.js with the first open:   ${measure(firstOpen)} (budgets live in npm run bench)`);
rmSync('dist', { recursive: true, force: true });
renameSync(out, 'dist');
if (process.env.BISMAN_METAFILE) writeFileSync(process.env.BISMAN_METAFILE, JSON.stringify(metafile));
