// Size: dist/bisman-chat.js as `npm run build` writes it, beside @rocket.chat/livechat's widget.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { notMeasured, type Row } from '../lib/report.js';
import { pageBundle } from '../lib/dist.js';
import { loadedModules } from './browser.js';

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
    const minified = (await transform(source, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' }))
      .code;
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

function sizeRows(
  label: string,
  sizes: Sizes,
  files: number,
  reference: string | undefined,
  budgetKb?: number,
  failReason?: string,
): Row[] {
  const kb = (n: number): number => n / KB;
  const rows: Row[] = [
    {
      part: PART,
      figure: `${label}: minified (${files} file${files === 1 ? '' : 's'})`,
      unit: 'KB',
      samples: [kb(sizes.minified)],
      reference,
    },
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
  const js = readdirSync(buildDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(buildDir, f));
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

export async function sizePart(): Promise<Row[]> {
  const rows: Row[] = [];
  let entry = '';
  let buildNote: string | undefined;
  try {
    const bundle = await pageBundle();
    entry = path.join(bundle.dir, 'bisman-chat.js');
    if (bundle.note) rows.push({ part: PART, figure: 'build', unit: '', samples: [], pass: false, note: bundle.note });
  } catch (error) {
    buildNote = error instanceof Error ? error.message : String(error);
  }
  const rc = await livechat();
  if (buildNote || !existsSync(entry)) {
    const reason = buildNote ?? `${entry} missing`;
    rows.push(notMeasured(PART, 'bisman-chat first open: gzip', reason, `≤ ${FIRST_OPEN_BUDGET} KB gzip`));
    rows.push(
      notMeasured(PART, 'bisman-chat launcher before first open: gzip', reason, `≤ ${LAUNCHER_BUDGET} KB gzip`),
    );
  } else {
    const graph = moduleGraph(entry);
    const distDir = path.dirname(entry);
    const rcRef = (i: number, sz?: Sizes): string | undefined =>
      typeof rc === 'string' || !sz
        ? undefined
        : `livechat ${(sz.gzip / KB).toFixed(1)} KB gzip (${rc.counts[i]} file${rc.counts[i] === 1 ? '' : 's'})`;
    // What a page really loads, seen in Chromium; the static module graph if that fails.
    let launcherShownFiles: string[] | undefined;
    let launcherFiles = graph.eager;
    let firstOpenFiles = graph.all;
    let how = 'static module graph: imports for the launcher, every import() for the first open';
    try {
      const seen = await loadedModules(distDir);
      launcherFiles = seen.launcher.map((f) => path.join(distDir, f));
      launcherShownFiles = seen.launcherShown.map((f) => path.join(distDir, f));
      firstOpenFiles = seen.firstOpen.map((f) => path.join(distDir, f));
      how = 'files Chromium loaded';
    } catch (error) {
      how += `, because the browser measurement failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200)}`;
    }
    const first = await sizesOf(firstOpenFiles);
    rows.push(
      ...sizeRows(
        `bisman-chat first open, until the first conversation shows (${how})`,
        first,
        firstOpenFiles.length,
        rcRef(1, typeof rc === 'string' ? undefined : rc.firstOpen),
        FIRST_OPEN_BUDGET,
      ),
    );
    // The budget row's posts are plain text, and marked loads only for markdown: what that costs.
    const markdownFigure =
      'bisman-chat first open of a conversation whose posts have markdown, until it shows rendered';
    try {
      const markdownOpenFiles = (await loadedModules(distDir, true)).firstOpen.map((f) => path.join(distDir, f));
      const markdownOpen = await sizesOf(markdownOpenFiles);
      rows.push({
        part: PART,
        figure: `${markdownFigure} (${markdownOpenFiles.length} files Chromium loaded): gzip`,
        unit: 'KB',
        samples: [markdownOpen.gzip / KB],
      });
    } catch (error) {
      rows.push(
        notMeasured(
          PART,
          `${markdownFigure}: gzip`,
          (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200),
        ),
      );
    }
    const noSplit =
      graph.all.length === graph.eager.length
        ? 'no launcher chunk split: the whole widget loads before the first open'
        : undefined;
    if (launcherShownFiles) {
      const shown = await sizesOf(launcherShownFiles);
      rows.push({
        part: PART,
        figure: `bisman-chat launcher mode, until the button has rendered (${launcherShownFiles.length} file${launcherShownFiles.length === 1 ? '' : 's'}): gzip`,
        unit: 'KB',
        samples: [shown.gzip / KB],
        reference: rcRef(0, typeof rc === 'string' ? undefined : rc.launcher),
      });
    }
    if (graph.eager.length < graph.all.length) {
      const eager = await sizesOf(graph.eager);
      rows.push({
        part: PART,
        figure: `bisman-chat static imports of bisman-chat.js only, the rest being import()ed (${graph.eager.length} files): gzip`,
        unit: 'KB',
        samples: [eager.gzip / KB],
      });
    }
    const launcher = await sizesOf(launcherFiles);
    const later =
      launcherShownFiles && launcherFiles.length > launcherShownFiles.length
        ? 'includes what the launcher loads at idle, before any open (the store, for its badge)'
        : undefined;
    rows.push(
      ...sizeRows(
        'bisman-chat launcher mode, everything loaded before the first open',
        launcher,
        launcherFiles.length,
        rcRef(0, typeof rc === 'string' ? undefined : rc.launcher),
        LAUNCHER_BUDGET,
        noSplit,
      ).map((r) => (r.budget && later && !r.note ? { ...r, note: later } : r)),
    );
    const all = await sizesOf(graph.all);
    rows.push({
      part: PART,
      figure: `bisman-chat page build, every file reachable from bisman-chat.js (${graph.all.length}): gzip`,
      unit: 'KB',
      samples: [all.gzip / KB],
      reference: rcRef(2, typeof rc === 'string' ? undefined : rc.all),
    });
    if (all.raw > all.minified * 1.02) {
      rows.push({
        part: PART,
        figure: `bisman-chat as built (${(all.raw / KB).toFixed(1)} KB, ${(all.rawGzip / KB).toFixed(1)} KB gzip): not fully minified, so the rows above measure it after esbuild --minify`,
        unit: 'KB',
        samples: [all.rawGzip / KB],
      });
    }
  }
  if (typeof rc === 'string') {
    rows.push(notMeasured(PART, '@rocket.chat/livechat', rc));
  } else {
    rows.push(...sizeRows('@rocket.chat/livechat launcher (loader script)', rc.launcher, 1, 'reference'));
    rows.push(
      ...sizeRows(
        '@rocket.chat/livechat first open (loader + iframe scripts; lazy route chunks excluded)',
        rc.firstOpen,
        rc.counts[1]!,
        'reference',
      ),
    );
    rows.push(...sizeRows('@rocket.chat/livechat all chunks', rc.all, rc.counts[2]!, 'reference'));
  }
  return rows;
}
