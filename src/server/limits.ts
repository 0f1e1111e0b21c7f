import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiError } from './errors.js';
import type { Logger } from './logger.js';

/** Counts requests per key (an address, a subject) against a limit per time window. */
export interface RequestLimit {
  /**
   * Counts one request for `key`; over the limit it throws (or rejects with) a 429 ApiError
   * whose message names `what` was counted. Returns nothing when the count is kept in this
   * process, a promise when it is shared with other instances.
   */
  count(key: string, what: string): void | Promise<void>;
}

function tooMany(what: string, msBeforeNext: number): ApiError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError(429, 'rate_limited', `Too many ${what}; try again in ${seconds} s`, seconds);
}

/**
 * A limit counted in this process, synchronously: the token route answers a cached token
 * without a promise. The same fixed window as rate-limiter-flexible's RateLimiterMemory
 * (a key's window opens at its first request and lasts `windowMs`), which answers only
 * through promises; its counters are an internal of the package.
 */
export class MemoryLimit implements RequestLimit {
  readonly #points: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { count: number; endsAt: number }>();
  #pruneAt = 0;

  constructor(options: { points: number; windowMs: number; now?: () => number }) {
    this.#points = options.points;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  count(key: string, what: string): void {
    const now = this.#now();
    if (now >= this.#pruneAt) this.#prune(now);
    let window = this.#windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { count: 0, endsAt: now + this.#windowMs };
      this.#windows.set(key, window);
    }
    window.count++;
    if (window.count > this.#points) throw tooMany(what, window.endsAt - now);
  }

  /** Keys that are counting now (ended windows are dropped once per window length). */
  get size(): number {
    return this.#windows.size;
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) if (window.endsAt <= now) this.#windows.delete(key);
    this.#pruneAt = now + this.#windowMs;
  }
}

/**
 * A limit kept by a rate-limiter-flexible limiter (RateLimiterRedis: one count for every
 * instance). When the limiter's store fails, the request is served rather than everyone
 * locked out, and the log says so.
 */
export function libraryLimit(limiter: RateLimiterAbstract, log: Logger): RequestLimit {
  return {
    async count(key, what) {
      try {
        await limiter.consume(key);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw tooMany(what, res.msBeforeNext);
        log.warn({ err: res instanceof Error ? res.message : String(res) }, 'rate limiter unavailable');
      }
    },
  };
}
