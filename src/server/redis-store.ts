import type { Redis } from 'ioredis';
import { ApiError } from './errors.js';
import type { TokenRecord, TokenRef, TokenStore, Unlock } from './store.js';

/** Redis failures reach the client as a clear 503, never as a 500. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    throw new ApiError(
      503,
      'token_cache_unavailable',
      'The shared token cache (Redis) is unreachable; try again shortly',
      5,
    );
  }
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const DELETE_IF_CURRENT = `
local ref = redis.call('get', KEYS[2])
if ref then
  local rec = redis.call('get', KEYS[1])
  if rec and cjson.decode(rec).tokenId == cjson.decode(ref).tokenId then redis.call('del', KEYS[1]) end
end
return redis.call('del', KEYS[2])`;

/** The token cache shared by every instance that points at one Redis. */
export class RedisTokenStore implements TokenStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix = 'bisman-chat:') {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  get(key: string): Promise<TokenRecord | null> {
    return guarded(() => this.#get(key));
  }
  set(record: TokenRecord, tokenHash: string, ttlMs: number): Promise<void> {
    return guarded(() => this.#set(record, tokenHash, ttlMs));
  }
  lookupToken(tokenHash: string): Promise<TokenRef | null> {
    return guarded(() => this.#lookupToken(tokenHash));
  }
  delete(key: string, tokenHash: string): Promise<void> {
    return guarded(() => this.#delete(key, tokenHash));
  }
  scheduleRevocation(tokenId: string, dueAt: number): Promise<void> {
    return guarded(() => this.#scheduleRevocation(tokenId, dueAt));
  }
  takeDueRevocations(now: number): Promise<string[]> {
    return guarded(() => this.#takeDueRevocations(now));
  }
  lock(name: string, ttlMs: number): Promise<Unlock | null> {
    return guarded(() => this.#lock(name, ttlMs));
  }

  #rec(key: string): string {
    return `${this.#prefix}rec:${key}`;
  }
  #tok(hash: string): string {
    return `${this.#prefix}tok:${hash}`;
  }

  async #get(key: string): Promise<TokenRecord | null> {
    const raw = await this.#redis.get(this.#rec(key));
    return raw ? (JSON.parse(raw) as TokenRecord) : null;
  }

  async #set(record: TokenRecord, tokenHash: string, ttlMs: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const ref: TokenRef = { key: record.key, tokenId: record.tokenId };
    await this.#redis
      .multi()
      .set(this.#rec(record.key), JSON.stringify(record), 'PX', ttl)
      .set(this.#tok(tokenHash), JSON.stringify(ref), 'PX', ttl)
      .exec();
  }

  async #lookupToken(tokenHash: string): Promise<TokenRef | null> {
    const raw = await this.#redis.get(this.#tok(tokenHash));
    return raw ? (JSON.parse(raw) as TokenRef) : null;
  }

  async #delete(key: string, tokenHash: string): Promise<void> {
    await this.#redis.eval(DELETE_IF_CURRENT, 2, this.#rec(key), this.#tok(tokenHash));
  }

  async #scheduleRevocation(tokenId: string, dueAt: number): Promise<void> {
    await this.#redis.zadd(`${this.#prefix}revoke`, dueAt, tokenId);
  }

  async #takeDueRevocations(now: number): Promise<string[]> {
    const key = `${this.#prefix}revoke`;
    const due = await this.#redis.zrangebyscore(key, '-inf', now, 'LIMIT', 0, 100);
    const taken: string[] = [];
    for (const id of due) {
      // ZREM answers 1 to exactly one of the instances racing for the same id.
      if ((await this.#redis.zrem(key, id)) === 1) taken.push(id);
    }
    return taken;
  }

  async #lock(name: string, ttlMs: number): Promise<Unlock | null> {
    const key = `${this.#prefix}lock:${name}`;
    const owner = crypto.randomUUID();
    const ok = await this.#redis.set(key, owner, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return async () => {
      // If this fails the lock still expires on its own (PX).
      await this.#redis.eval(RELEASE, 1, key, owner).catch(() => undefined);
    };
  }
}
