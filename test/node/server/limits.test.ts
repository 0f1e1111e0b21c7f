// The in-memory request limit: the fixed window of rate-limiter-flexible's RateLimiterMemory,
// counted synchronously.
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../../../src/server/errors.js';
import { MemoryLimit } from '../../../src/server/limits.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms) };
}

/** The 429 a count throws, or undefined when the request was within the limit. */
function refusal(count: () => void): ApiError | undefined {
  try {
    count();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ApiError, 'a refusal is an ApiError');
    return err;
  }
}

describe('MemoryLimit', () => {
  afterEach(() => mock.timers.reset());

  it('lets `points` requests through per window, then refuses with 429 and the seconds left', () => {
    const clock = manualClock();
    const limit = new MemoryLimit({ points: 3, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 3; i++)
      assert.equal(
        refusal(() => limit.count('1.2.3.4', 'requests')),
        undefined,
        `request ${i + 1}`,
      );
    clock.advance(20_500);
    const refused = refusal(() => limit.count('1.2.3.4', 'token requests from this address'));
    assert.equal(refused?.status, 429);
    assert.equal(refused?.code, 'rate_limited');
    assert.equal(refused?.retryAfterSeconds, 40, 'what is left of the window, rounded up');
    assert.match(refused?.message ?? '', /^Too many token requests from this address; try again in 40 s$/);
  });

  it('opens a new window once the last one has ended', () => {
    const clock = manualClock();
    const limit = new MemoryLimit({ points: 1, windowMs: 10_000, now: clock.now });
    limit.count('k', 'requests');
    assert.ok(refusal(() => limit.count('k', 'requests')));
    clock.advance(10_000);
    assert.equal(
      refusal(() => limit.count('k', 'requests')),
      undefined,
    );
    assert.ok(refusal(() => limit.count('k', 'requests')));
  });

  it('counts each key on its own', () => {
    const limit = new MemoryLimit({ points: 1, windowMs: 10_000, now: manualClock().now });
    limit.count('alice', 'requests');
    assert.ok(refusal(() => limit.count('alice', 'requests')));
    assert.equal(
      refusal(() => limit.count('bob', 'requests')),
      undefined,
    );
  });

  it('forgets the keys whose window ended, so memory follows the active keys', () => {
    const clock = manualClock();
    const limit = new MemoryLimit({ points: 5, windowMs: 1000, now: clock.now });
    for (let i = 0; i < 100; i++) limit.count(`10.0.0.${i}`, 'requests');
    assert.equal(limit.size, 100);
    clock.advance(1000);
    limit.count('10.0.1.1', 'requests');
    assert.equal(limit.size, 1);
  });

  it('decides as RateLimiterMemory does over a mixed run of keys and times', async () => {
    // RateLimiterMemory reads Date.now() and expires its keys with setTimeout.
    mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 5_000_000 });
    const points = 4;
    const windowMs = 3000;
    const library = new RateLimiterMemory({ points, duration: windowMs / 1000 });
    const ours = new MemoryLimit({ points, windowMs });
    const keys = ['a', 'b', 'c'];
    const ourRetries: (number | undefined)[] = [];
    const libraryRetries: (number | undefined)[] = [];
    for (let step = 0; step < 300; step++) {
      // Bursts and pauses of varied lengths, so windows fill, refuse and open again.
      mock.timers.tick((step * 7919) % 13 === 0 ? 1700 : (step * 104_729) % 400);
      const key = keys[(step * 31) % keys.length]!;
      ourRetries.push(refusal(() => ours.count(key, 'requests'))?.retryAfterSeconds);
      libraryRetries.push(
        await library.consume(key).then(
          () => undefined,
          (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
        ),
      );
    }
    assert.ok(
      ourRetries.some((r) => r !== undefined) && ourRetries.some((r) => r === undefined),
      'the run both allows and refuses',
    );
    assert.deepEqual(ourRetries, libraryRetries);
  });
});
