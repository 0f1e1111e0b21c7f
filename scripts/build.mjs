// npm run build: the library build for bundlers (tsc, with declarations),
// dist/bisman-chat.js (one self-contained ES module for a <script type="module">),
// and custom-elements.json generated from the elements' JSDoc.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const node = (...args) => execFileSync(process.execPath, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
node('node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json');

// esbuild rather than Vite's library mode: library mode never minifies whitespace in ES
// output (it keeps pure annotations for bundlers), and this file is for pages, not bundlers.
await build({
  entryPoints: { 'bisman-chat': 'src/bundle.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
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

const bundle = readFileSync('dist/bisman-chat.js');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `dist/bisman-chat.js: ${kb(bundle.length)} minified, ${kb(gzipSync(bundle, { level: 9 }).length)} gzip, ` +
    `${kb(brotliCompressSync(bundle).length)} brotli (budgets live in npm run bench)`,
);
