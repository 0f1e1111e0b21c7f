/** Waits on a store's notifications, never on a clock. */
import type { ChatStore } from '../../../src/data/index.js';
import type { ChatState } from '../../../src/data/types.js';

/** Resolves with the first state (current or notified) that satisfies `predicate`. */
export function until(
  store: ChatStore,
  predicate: (state: ChatState) => boolean,
  what = 'the expected state',
): Promise<ChatState> {
  if (predicate(store.state)) return Promise.resolve(store.state);
  return new Promise((resolve, reject) => {
    // The test runner's own timeout would also end the wait, but without saying what was awaited.
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(
          `Timed out waiting for ${what}; connection=${store.state.connection} error=${store.state.error ?? ''}`,
        ),
      );
    }, 15_000);
    const unsubscribe = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

export const online = (store: ChatStore) => until(store, (state) => state.connection === 'online', 'online');

/** The messages of a channel's loaded posts, oldest first. */
export function messages(state: ChatState, channelId: string): string[] {
  const posts = state.posts.get(channelId);
  return posts ? posts.order.map((id) => posts.byId.get(id)?.message ?? '') : [];
}

export function channelByName(state: ChatState, name: string) {
  const channel = [...state.channels.values()].find((candidate) => candidate.name === name);
  if (!channel) throw new Error(`no channel ${name} in the store`);
  return channel;
}
