// Size: dist/bisman-chat.js as `npm run build` writes it, beside @rocket.chat/livechat's widget.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import os from 'node:os';
import { transform } from 'esbuild';
import { build } from 'vite';
import { notMeasured, type Row } from '../lib/report.js';

const run = promisify(execFile);
const PART = 'Size';
const KB = 1000;
const FIRST_OPEN_BUDGET = 75;
const LAUNCHER_BUDGET = 20;

interface Sizes {
  raw: number;
  rawGzip: number;
  minified: number;
  gzip: number;
  brotli: number;
}

async function sizesOf(files: readonly string[]): Promise<Sizes> {
  const total: Sizes = { raw: 0, rawGzip: 0, minified: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    // Measure what a minifier leaves: a file already minified barely changes.
    const minified = (await transform(source, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' })).code;
    const fromBuild = Buffer.byteLength(source) <= Buffer.byteLength(minified) ? source : minified;
    const bytes = Buffer.from(fromBuild);
    total.raw += Buffer.byteLength(source);
    total.rawGzip += gzipSync(source, { level: 9 }).length;
    total.minified += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

/** The module graph from an entry: files loaded statically, and those only `import()`ed. */
function moduleGraph(entry: string): { eager: string[]; all: string[] } {
  const staticRe = /(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  const dynamicRe = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  const eager = new Set<string>();
  const lazy = new Set<string>();
  const visit = (file: string, isLazy: boolean): void => {
    if (eager.has(file) || (isLazy && lazy.has(file))) return;
    (isLazy ? lazy : eager).add(file);
    if (!isLazy) lazy.delete(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(staticRe)) visit(path.resolve(path.dirname(file), match[1]!), isLazy);
    for (const match of source.matchAll(dynamicRe)) visit(path.resolve(path.dirname(file), match[1]!), true);
  };
  visit(path.resolve(entry), false);
  return { eager: [...eager], all: [...eager, ...lazy] };
}

function sizeRows(label: string, sizes: Sizes, files: number, reference: string | undefined, budgetKb?: number, failReason?: string): Row[] {
  const kb = (n: number): number => n / KB;
  const rows: Row[] = [
    { part: PART, figure: `${label}: minified (${files} file${files === 1 ? '' : 's'})`, unit: 'KB', samples: [kb(sizes.minified)], reference },
    { part: PART, figure: `${label}: brotli`, unit: 'KB', samples: [kb(sizes.brotli)], reference },
  ];
  const gzip: Row = { part: PART, figure: `${label}: gzip`, unit: 'KB', samples: [kb(sizes.gzip)], reference };
  if (budgetKb !== undefined) {
    gzip.budget = `≤ ${budgetKb} KB gzip`;
    gzip.pass = kb(sizes.gzip) <= budgetKb && !failReason;
    if (failReason) gzip.note = failReason;
  }
  rows.splice(1, 0, gzip);
  return rows;
}

async function livechat(): Promise<{ launcher: Sizes; firstOpen: Sizes; all: Sizes; counts: number[] } | string> {
  const require = createRequire(import.meta.url);
  let buildDir: string;
  try {
    buildDir = path.join(path.dirname(require.resolve('@rocket.chat/livechat/package.json')), 'build');
  } catch {
    return '@rocket.chat/livechat is not installed';
  }
  const js = readdirSync(buildDir).filter((f) => f.endsWith('.js')).map((f) => path.join(buildDir, f));
  // The host page loads the loader script; opening the widget loads its iframe, whose
  // index.html names the scripts it needs before it can show a conversation.
  const loader = path.join(buildDir, 'rocketchat-livechat.min.js');
  const html = readFileSync(path.join(buildDir, 'index.html'), 'utf8');
  const iframeScripts = [...html.matchAll(/<script src="livechat\/([^"]+)"/g)].map((m) => path.join(buildDir, m[1]!));
  const firstOpen = [loader, ...iframeScripts];
  return {
    launcher: await sizesOf([loader]),
    firstOpen: await sizesOf(firstOpen),
    all: await sizesOf(js),
    counts: [1, firstOpen.length, js.length],
  };
}

/** Vite's step of scripts/build.mjs, alone, into outDir. */
async function viteBundle(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: 'src/bundle.ts', formats: ['es'], fileName: () => 'bisman-chat.js' },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
}

export async function sizePart(): Promise<Row[]> {
  const rows: Row[] = [];
  let buildNote: string | undefined;
  let buildNoteText = '';
  try {
    await run('npm', ['run', 'build'], { maxBuffer: 64 * 2 ** 20, timeout: 300_000 });
  } catch (error) {
    const output = String((error as { stderr?: string; stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
    const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
    const errors = lines.filter((l) => /error TS\d+|^Error|error:/i.test(l));
    buildNote = buildNoteText = `npm run build failed: ${(errors.length ? `${errors.length} error line(s), first: ${errors[0]}` : lines.slice(-2).join(' / ')).slice(0, 240)}`;
  }
  let entry = 'dist/bisman-chat.js';
  if (buildNote) {
    // The library's type check failed (often someone's work in progress): still measure
    // the self-contained module, built by Vite with the same options as scripts/build.mjs.
    const outDir = path.join(os.tmpdir(), `bisman-bench-size-${process.pid}`);
    try {
      await viteBundle(outDir);
      entry = path.join(outDir, 'bisman-chat.js');
      buildNote = undefined;
      rows.push({ part: PART, figure: 'build', unit: '', samples: [], pass: false, note: `${buildNoteText}; the sizes below come from Vite's bundle step alone` });
    } catch (error) {
      buildNote += `; Vite alone failed too: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    }
  }
  const rc = await livechat();
  if (buildNote || !existsSync(entry)) {
    const reason = buildNote ?? `${entry} missing after npm run build`;
    rows.push(notMeasured(PART, 'bisman-chat first open: gzip', reason, `≤ ${FIRST_OPEN_BUDGET} KB gzip`));
    rows.push(notMeasured(PART, 'bisman-chat launcher before first open: gzip', reason, `≤ ${LAUNCHER_BUDGET} KB gzip`));
  } else {
    const graph = moduleGraph(entry);
    const lazyCount = graph.all.length - graph.eager.length;
    const rcRef = (i: number, s?: Sizes): string | undefined => (typeof rc === 'string' || !s ? undefined : `livechat ${(s.gzip / KB).toFixed(1)} KB gzip (${rc.counts[i]} file${rc.counts[i] === 1 ? '' : 's'})`);
    const first = await sizesOf(graph.all);
    rows.push(...sizeRows('bisman-chat first open (all modules)', first, graph.all.length, typeof rc === 'string' ? undefined : rcRef(1, rc.firstOpen), FIRST_OPEN_BUDGET));
    if (first.raw > first.minified * 1.02) {
      rows.push({
        part: PART,
        figure: `bisman-chat as built (${(first.raw / KB).toFixed(1)} KB, ${(first.rawGzip / KB).toFixed(1)} KB gzip): not fully minified, so the rows above measure it after esbuild --minify`,
        unit: 'KB',
        samples: [first.rawGzip / KB],
      });
    }
    const launcher = await sizesOf(graph.eager);
    const noSplit = lazyCount === 0 ? 'no launcher chunk split: the whole widget loads before the first open' : undefined;
    rows.push(...sizeRows('bisman-chat launcher before first open', launcher, graph.eager.length, typeof rc === 'string' ? undefined : rcRef(0, rc.launcher), LAUNCHER_BUDGET, noSplit).filter((r) => r.budget));
  }
  if (typeof rc === 'string') {
    rows.push(notMeasured(PART, '@rocket.chat/livechat', rc));
  } else {
    rows.push(...sizeRows('@rocket.chat/livechat launcher (loader script)', rc.launcher, 1, 'reference'));
    rows.push(...sizeRows('@rocket.chat/livechat first open (loader + iframe scripts; lazy route chunks excluded)', rc.firstOpen, rc.counts[1]!, 'reference'));
    rows.push(...sizeRows('@rocket.chat/livechat all chunks', rc.all, rc.counts[2]!, 'reference'));
  }
  return rows;
}
