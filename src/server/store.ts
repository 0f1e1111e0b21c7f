/** What the server remembers about a user's current Mattermost token. */
export interface TokenRecord {
  /** `HostIdentity.key`. */
  readonly key: string;
  readonly userId: string;
  readonly username: string;
  readonly tokenId: string;
  readonly token: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly supportChannelId?: string;
  readonly supportAgent: boolean;
  readonly issuedAt: number;
  /** ms epoch; the server rotates the token at or shortly before this. */
  readonly expiresAt: number;
}

export interface TokenRef {
  readonly key: string;
  readonly tokenId: string;
}

/** Releases a lock taken with `TokenStore.lock`. */
export type Unlock = () => Promise<void>;

/**
 * The token cache, in memory or shared (Redis) between instances. Keys are identity
 * keys; tokens are looked up by their SHA-256 (computed by the caller).
 */
export interface TokenStore {
  get(key: string): Promise<TokenRecord | null>;
  /** `get` without waiting, for a store that holds its records in this process. */
  peek?(key: string): TokenRecord | null;
  /** Stores the record and indexes it under `tokenHash`; `ttlMs` bounds how long it is kept. */
  set(record: TokenRecord, tokenHash: string, ttlMs: number): Promise<void>;
  /** Who a token was issued to, and its id (also for rotated-out tokens until they are revoked). */
  lookupToken(tokenHash: string): Promise<TokenRef | null>;
  /** Forgets the record of `key` (if its token is `tokenHash`) and the token's index entry. */
  delete(key: string, tokenHash: string): Promise<void>;
  /** Remembers to revoke a token id at `dueAt` (ms epoch). */
  scheduleRevocation(tokenId: string, dueAt: number): Promise<void>;
  /** Removes and returns the ids that are due; each id is handed to one caller only. */
  takeDueRevocations(now: number): Promise<string[]>;
  /** A lock shared by every instance using the store; null when another holder has it. */
  lock(name: string, ttlMs: number): Promise<Unlock | null>;
  close?(): Promise<void>;
}

/** The single-instance store. */
export class MemoryTokenStore implements TokenStore {
  readonly #records = new Map<string, { record: TokenRecord; until: number }>();
  readonly #byToken = new Map<string, { ref: TokenRef; until: number }>();
  readonly #revocations = new Map<string, number>();
  readonly #locks = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async get(key: string): Promise<TokenRecord | null> {
    return this.peek(key);
  }

  peek(key: string): TokenRecord | null {
    const entry = this.#records.get(key);
    if (!entry) return null;
    if (entry.until <= this.#now()) {
      this.#records.delete(key);
      return null;
    }
    return entry.record;
  }

  async set(record: TokenRecord, tokenHash: string, ttlMs: number): Promise<void> {
    this.#records.set(record.key, { record, until: this.#now() + ttlMs });
    this.#byToken.set(tokenHash, { ref: { key: record.key, tokenId: record.tokenId }, until: this.#now() + ttlMs });
  }

  async lookupToken(tokenHash: string): Promise<TokenRef | null> {
    const entry = this.#byToken.get(tokenHash);
    if (!entry) return null;
    if (entry.until <= this.#now()) {
      this.#byToken.delete(tokenHash);
      return null;
    }
    return entry.ref;
  }

  async delete(key: string, tokenHash: string): Promise<void> {
    const ref = this.#byToken.get(tokenHash)?.ref;
    const current = this.#records.get(key)?.record;
    if (current && ref && current.tokenId === ref.tokenId) this.#records.delete(key);
    this.#byToken.delete(tokenHash);
  }

  async scheduleRevocation(tokenId: string, dueAt: number): Promise<void> {
    this.#revocations.set(tokenId, dueAt);
  }

  async takeDueRevocations(now: number): Promise<string[]> {
    // Sweeps run every few seconds: also the moment to drop expired entries.
    this.prune();
    const due: string[] = [];
    for (const [id, at] of this.#revocations) {
      if (at <= now) {
        due.push(id);
        this.#revocations.delete(id);
      }
    }
    return due;
  }

  async lock(name: string, ttlMs: number): Promise<Unlock | null> {
    const held = this.#locks.get(name);
    if (held !== undefined && held > this.#now()) return null;
    const until = this.#now() + ttlMs;
    this.#locks.set(name, until);
    return async () => {
      if (this.#locks.get(name) === until) this.#locks.delete(name);
    };
  }

  /** Drops expired entries, so memory stays bounded by the live tokens. */
  prune(): void {
    const now = this.#now();
    for (const [key, entry] of this.#records) if (entry.until <= now) this.#records.delete(key);
    for (const [hash, entry] of this.#byToken) if (entry.until <= now) this.#byToken.delete(hash);
  }
}
