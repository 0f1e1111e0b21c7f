// npm run bench [-- --only size,token]: measures the widget, the auth server and the
// emulator against their budgets, prints a markdown table and writes bench/results.md.
// Exits non-zero when a budget is missed or a figure could not be measured.
//
// The machines' speed differs two- to threefold from one session to the next, so the run
// starts with a CPU calibration (a fixed pure-JS workload's median time, bench/lib/
// calibration.ts), and each time is shown beside its reference measured in the same run
// (the library build for the opening, the naive list for the long channel, bare Hono for the
// token route) or, with none, beside the calibration. Budgets with a reference are ratios.
//
// Parts: size (npm run build, then gzip/brotli beside @rocket.chat/livechat), opening,
// long, burst (headless Chromium on bench/page with the page bundle npm run build writes,
// the emulator in the page behind msw),
// token (autocannon on the auth server vs a bare Hono endpoint), fanout (500 WebSocket
// clients on the emulator). Knobs for quick local runs (the defaults are the issue's):
// BENCH_OPENING_RUNS (20), BENCH_LONG_RUNS (3), BENCH_BURST_RUNS (3),
// BENCH_SCROLL_TIMEOUT_MS (150000), BENCH_NAIVE_SCROLL_TIMEOUT_MS (45000), BENCH_TOKEN_SECONDS (10), BENCH_TOKEN_ROUNDS (3),
// BENCH_FANOUT_CLIENTS (500), BENCH_FANOUT_POSTS (20); CHROME_PATH (/usr/bin/chromium).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calibrate, measureCalibration, type Calibration } from './lib/calibration.js';
import { describeMachine } from './lib/machine.js';
import { formatNumber, markdownTable, notMeasured, type Row } from './lib/report.js';
import { removePageBundle } from './lib/dist.js';
import { burstPart, closeBrowserSession, longChannelPart, openingPart } from './parts/browser.js';
import { fanoutPart } from './parts/fanout.js';
import { sizePart } from './parts/size.js';
import { tokenPart } from './parts/token.js';

type PartName = 'size' | 'opening' | 'long' | 'burst' | 'token' | 'fanout';

interface Part {
  name: PartName;
  title: string;
  run(): Promise<Row[]>;
}

const PARTS: Part[] = [
  { name: 'size', title: 'Size', run: sizePart },
  { name: 'opening', title: 'Opening', run: openingPart },
  { name: 'long', title: 'Long channel', run: longChannelPart },
  { name: 'burst', title: 'Burst', run: burstPart },
  { name: 'token', title: 'Token server', run: tokenPart },
  { name: 'fanout', title: 'Emulator fan-out', run: fanoutPart },
];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results.md' },
  },
});
const wanted = values.only
  ? new Set(
      values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
  : undefined;
const unknown = wanted ? [...wanted].filter((name) => !PARTS.some((p) => p.name === name)) : [];
if (unknown.length) {
  console.error(`unknown part(s): ${unknown.join(', ')}; parts are ${PARTS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const ms = (c: Calibration): string => formatNumber(c.ms, 'ms');
const spread = (c: Calibration): string =>
  `${formatNumber(Math.min(...c.samples), '')}–${formatNumber(Math.max(...c.samples), 'ms')}`;
const atStart = measureCalibration();
console.log(
  `bench: CPU calibration ${ms(atStart)} (median of ${atStart.samples.length}, ${spread(atStart)}; lower is faster)`,
);
const rows: Row[] = [];
for (const part of PARTS) {
  if (wanted && !wanted.has(part.name)) continue;
  const t0 = Date.now();
  console.log(`bench: ${part.name}…`);
  try {
    rows.push(...(await part.run()));
  } catch (error) {
    rows.push(
      notMeasured(
        part.title,
        part.title,
        (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300),
      ),
    );
  }
  console.log(`bench: ${part.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await closeBrowserSession();
removePageBundle();
// Again at the end: a machine whose load changed during the run shows it here.
const atEnd = calibrate();
console.log(`bench: CPU calibration at the end ${ms(atEnd)}`);

const failed = rows.filter((r) => r.pass === false).length;
const report = [
  '# bisman-chat benchmark results',
  '',
  `Run ${new Date().toISOString()} by \`npm run bench${values.only ? ` -- --only ${values.only}` : ''}\` in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  '',
  describeMachine(),
  `- CPU calibration: **${ms(atStart)}** (a fixed pure-JS workload, bench/lib/calibration.ts: median of ${atStart.samples.length} runs, ${spread(atStart)}; ${ms(atEnd)} at the end of the run). Lower is faster; a time divided by it compares across sessions.`,
  '',
  'Sizes: 1 KB = 1000 bytes; gzip level 9 and brotli quality 11 (node:zlib). Times in ms. "n" is the number of samples behind the median.',
  'Ratio: the median beside the reference measured in the same run (the library build for the opening, the naive list for the long channel, bare Hono for the token route), or, for a time with none, beside the CPU calibration: these compare across sessions where the times alone do not. Budgets with a reference are ratios.',
  '',
  markdownTable(rows),
  '',
  failed ? `**${failed} row(s) failing.**` : 'All budgets met.',
  '',
].join('\n');
console.log(`\n${report}`);
writeFileSync(values.out!, report);
process.exit(failed ? 1 : 0);
