/** Who else is typing, and where, as the socket's `typing` events tell it. */

const TYPING_EXPIRY = 5_000;

/** Where typing shows (`ChatState.typing`'s key): the channel itself, or `thread:<rootId>` as drafts are keyed. */
export const typingKey = (channelId: string, rootId = ''): string => (rootId ? `thread:${rootId}` : channelId);

/**
 * The users typing per `typingKey`: the channel's own line and each thread are apart, as in
 * Mattermost's webapp. An entry expires `TYPING_EXPIRY` after its last event; `changed` is
 * called whenever who is typing somewhere changed.
 */
export class TypingUsers {
  readonly #byKey = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** `typing` false: the user stopped (posted, or the entry expired). */
  set(key: string, userId: string, typing: boolean): void {
    let users = this.#byKey.get(key);
    const timer = users?.get(userId);
    if (timer) clearTimeout(timer);
    if (!typing) {
      if (users?.delete(userId)) {
        if (users.size === 0) this.#byKey.delete(key);
        this.#changed();
      }
      return;
    }
    if (!users) {
      users = new Map();
      this.#byKey.set(key, users);
    }
    const isNew = !users.has(userId);
    users.set(
      userId,
      setTimeout(() => this.set(key, userId, false), TYPING_EXPIRY),
    );
    if (isNew) this.#changed();
  }

  /** Forgets everyone, with their timers (without calling `changed`). */
  clear(): void {
    for (const timers of this.#byKey.values()) for (const timer of timers.values()) clearTimeout(timer);
    this.#byKey.clear();
  }

  /** `ChatState.typing`. */
  snapshot(): Map<string, readonly string[]> {
    const next = new Map<string, readonly string[]>();
    for (const [key, userMap] of this.#byKey) if (userMap.size > 0) next.set(key, [...userMap.keys()]);
    return next;
  }
}
