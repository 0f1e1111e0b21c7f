/**
 * The users a store knows: profiles loaded in batches (one request per id at a time), their
 * presence, and the ids wanted by live events, loaded together a moment later.
 */
import type { UserProfile } from '@mattermost/types/users';
import { classifyError } from './client.js';
import { sameShallow, toPresence, toUserView } from './convert.js';
import type { ClientCall } from './client-call.js';
import type { UserView } from './types.js';

/** What the directory needs of its store. */
export interface UserDirectoryHost {
  call: ClientCall;
  /** `view` is the user's new view (already in the directory). */
  changed(view: UserView): void;
  /** A load nobody waits for failed (a refused request aside). */
  fail(error: unknown): void;
}

export class UserDirectory {
  readonly #host: UserDirectoryHost;
  readonly #users = new Map<string, UserView>();
  readonly #queue = new Set<string>();
  readonly #inFlight = new Map<string, Promise<void>>();
  /**
   * Users whose presence waits for the first view to show (see `load`); undefined once it
   * has shown, when presence is asked for with the profiles again.
   */
  #presenceLater: Set<string> | undefined = new Set();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: UserDirectoryHost) {
    this.#host = host;
  }

  get byId(): ReadonlyMap<string, UserView> {
    return this.#users;
  }

  get(userId: string): UserView | undefined {
    return this.#users.get(userId);
  }

  has(userId: string): boolean {
    return this.#users.has(userId);
  }

  /** A profile from the server; returns the user's view (the known one when nothing changed). */
  put(user: UserProfile): UserView {
    const view = toUserView(user, this.#users.get(user.id)?.presence);
    const existing = this.#users.get(user.id);
    if (!existing || !sameShallow(existing, view)) {
      this.#users.set(user.id, view);
      this.#host.changed(view);
      return view;
    }
    return existing;
  }

  setPresence(userId: string, status: string): void {
    const user = this.#users.get(userId);
    const presence = toPresence(status);
    if (!user || user.presence === presence) return;
    const view = { ...user, presence };
    this.#users.set(userId, view);
    this.#host.changed(view);
  }

  /** Profiles of users we do not know yet, in one request per batch (their presence follows); waits for ones already on the way. */
  async load(ids: Iterable<string>): Promise<void> {
    const unique = [...new Set(ids)].filter((id) => id && !this.#users.has(id));
    const waiting = unique.map((id) => this.#inFlight.get(id)).filter((load) => load !== undefined);
    const missing = unique.filter((id) => !this.#inFlight.has(id));
    const loads: Promise<void>[] = [...waiting];
    for (let start = 0; start < missing.length; start += 100) {
      const batch = missing.slice(start, start + 100);
      const load = (async () => {
        const profiles = await this.#host.call((client) => client.getProfilesByIds(batch));
        for (const profile of profiles) this.put(profile);
        // Presence follows the profiles instead of holding them up: nothing waits for it. On
        // the first load it waits until the first view has shown: its request and the
        // re-render of every avatar with its dot would otherwise delay that view's paint.
        if (this.#presenceLater) for (const id of batch) this.#presenceLater.add(id);
        else this.loadPresence(batch);
      })().finally(() => {
        for (const id of batch) this.#inFlight.delete(id);
      });
      for (const id of batch) this.#inFlight.set(id, load);
      loads.push(load);
    }
    await Promise.all(loads);
  }

  /** The first view has shown: the presence held back is asked for now, and from now on with the profiles. */
  presenceNow(): void {
    const later = this.#presenceLater;
    this.#presenceLater = undefined;
    if (later?.size) this.loadPresence([...later]);
  }

  /** Presence of up to 100 users, in the background: a dot missing for a while is fine. */
  loadPresence(ids: string[]): void {
    for (let start = 0; start < ids.length; start += 100) {
      const batch = ids.slice(start, start + 100);
      this.#host
        .call((client) => client.getStatusesByIds(batch))
        .then(
          (statuses) => {
            for (const status of statuses) this.setPresence(status.user_id, status.status);
          },
          () => undefined,
        );
    }
  }

  /** Users to load soon: ids from live events, unknown and not on their way. */
  want(ids: Iterable<string>): void {
    for (const id of ids) if (id && !this.#users.has(id) && !this.#inFlight.has(id)) this.#queue.add(id);
    if (this.#queue.size === 0 || this.#timer) return;
    // A timer, not a microtask: a burst of events becomes one request.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const ids = [...this.#queue];
      this.#queue.clear();
      this.load(ids).catch((error: unknown) => {
        if (classifyError(error) !== 'rejected') this.#host.fail(error);
      });
    }, 0);
  }

  /** The store stopped: the wanted users' load waits for the next `want`. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Signed out: nobody is known, and the next first load holds presence back again. */
  clear(): void {
    this.#users.clear();
    this.#queue.clear();
    this.#presenceLater = new Set();
  }
}
