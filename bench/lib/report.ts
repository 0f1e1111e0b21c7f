// The bench's result rows, their statistics and the markdown table they print as.

/** A figure beside its reference, both measured in the same run: 0.85 means 0.85× the reference. */
export interface Ratio {
  value: number;
  /** What the figure is divided by, as the table says it: "library build", "CPU calibration". */
  of: string;
}

export interface Row {
  part: string;
  figure: string;
  unit: string;
  /** Sorted or not: the statistics sort a copy. Empty when not measured. */
  samples: number[];
  reference?: string;
  /** The median beside the reference (or, for a time with none, beside the CPU calibration). */
  ratio?: Ratio;
  budget?: string;
  /** true: within budget; false: missed (or not measured); undefined: informative only. */
  pass?: boolean;
  note?: string;
  /** Overrides the median cell, e.g. "< 50 ms" when no long task was seen. */
  display?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

export function formatRatio(ratio: Ratio): string {
  if (!Number.isFinite(ratio.value)) return `n/a (${ratio.of} not measured)`;
  return `${ratio.value.toFixed(ratio.value >= 10 ? 1 : 2)}× ${ratio.of}`;
}

/** The median of `samples` beside `reference` (undefined when either is missing). */
export function ratioOf(samples: readonly number[], reference: number | undefined, of: string): Ratio | undefined {
  if (samples.length === 0 || reference === undefined) return undefined;
  return { value: median(samples) / reference, of };
}

/** A row for a figure that could not be measured: it counts as failing. */
export function notMeasured(part: string, figure: string, reason: string, budget?: string): Row {
  return { part, figure, unit: '', samples: [], budget, pass: false, note: `not measured: ${reason}` };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| part | figure | median | ratio | min–max | n | reference | budget | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ];
  for (const row of rows) {
    const measured = row.samples.length > 0;
    const med = row.display ?? (measured ? formatNumber(median(row.samples), row.unit) : '—');
    const range =
      measured && row.samples.length > 1
        ? `${formatNumber(Math.min(...row.samples), '')}–${formatNumber(Math.max(...row.samples), row.unit)}`
        : '';
    const result = row.pass === undefined ? 'info' : row.pass ? 'pass' : '**FAIL**';
    const figure = row.note ? `${row.figure} (${row.note})` : row.figure;
    lines.push(
      `| ${cell(row.part)} | ${cell(figure)} | ${cell(med)} | ${cell(row.ratio ? formatRatio(row.ratio) : '')} | ${cell(range)} | ${measured ? row.samples.length : 0} | ${cell(row.reference ?? '')} | ${cell(row.budget ?? '')} | ${result} |`,
    );
  }
  return lines.join('\n');
}
