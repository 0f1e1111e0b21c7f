// The CPU calibration: how long this machine takes, right now, for a fixed pure-JS workload.
// Sessions run on machines whose speed (and whose neighbours' load) differs two- to threefold
// from one to the next; a time divided by the calibration of its own run compares across
// runs where the time alone does not. The workload is the kind of work the widget and the
// servers do: objects built and sorted, a Map, strings, JSON, from a seeded generator, so
// every run does exactly the same work.
import { median, ratioOf, type Ratio } from './report.js';

const ITEMS = 20_000;
const JSON_ITEMS = 2_000;
/** The workload's result: a run that computes anything else did other work. */
const CHECKSUM = 422_675_651;
const REPETITIONS = 7;

/** mulberry32: a small seeded generator, the same numbers on every engine. */
function generator(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The fixed workload; returns its checksum. */
export function workload(): number {
  const next = generator(0x5eed);
  const posts = Array.from({ length: ITEMS }, (_, i) => ({
    id: `post-${i.toString(36)}`,
    createAt: next() % 1_000_000_000,
    message: `message ${next().toString(16)} `.repeat(1 + (i % 7)),
  }));
  posts.sort((a, b) => a.createAt - b.createAt || (a.id < b.id ? -1 : 1));
  const byId = new Map(posts.map((post) => [post.id, post]));
  let sum = 0;
  for (const { id } of posts) {
    const post = byId.get(id)!;
    sum = (Math.imul(sum, 31) + post.message.length + (post.createAt & 0xffff)) >>> 0;
  }
  const copy = JSON.parse(JSON.stringify(posts.slice(0, JSON_ITEMS))) as typeof posts;
  for (const post of copy) sum = (Math.imul(sum, 17) + post.message.split(' ').length) >>> 0;
  return sum;
}

export interface Calibration {
  /** Median time of the workload, ms. */
  ms: number;
  samples: number[];
}

let measured: Calibration | undefined;

/** Runs the workload once to warm up, then REPETITIONS times timed; the median is the calibration. */
export function calibrate(): Calibration {
  const run = (): number => {
    const start = performance.now();
    const sum = workload();
    const ms = performance.now() - start;
    if (sum !== CHECKSUM) throw new Error(`CPU calibration: checksum ${sum}, expected ${CHECKSUM}`);
    return ms;
  };
  run();
  const samples = Array.from({ length: REPETITIONS }, run);
  return { ms: median(samples), samples };
}

/** Calibrates and keeps the result for `perCalibration` (the bench does this first). */
export function measureCalibration(): Calibration {
  measured = calibrate();
  return measured;
}

export function calibration(): Calibration | undefined {
  return measured;
}

/** A time with no reference of its own in the run, beside the CPU calibration. */
export function toCalibration(samples: readonly number[]): Ratio | undefined {
  return ratioOf(samples, measured?.ms, 'CPU calibration');
}
