/// <reference types="mocha" />
/** One emulator per test and the stores a test makes, stopped after it. */
import { ChatStore, type ChatStoreOptions } from '../../../src/data/index.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../helpers/emulator-browser.js';
import { online } from './wait.js';

export interface StoreFixture {
  /** The current test's emulator (set by the fixture's `beforeEach`). */
  readonly emulator: BrowserEmulator;
  /** A store signed in as `username`, with short reconnect and retry delays; not started. */
  storeFor(username: string, extra?: Partial<ChatStoreOptions>): ChatStore;
  /** The same, started and online. */
  onlineStoreFor(username: string, extra?: Partial<ChatStoreOptions>): Promise<ChatStore>;
  userId(username: string): string;
}

/** Registers the hooks in the calling `describe`; hooks registered after it see `emulator` set. */
export function useStores(options?: Parameters<typeof startBrowserEmulator>[0]): StoreFixture {
  let emulator: BrowserEmulator | undefined;
  const stores: ChatStore[] = [];
  const current = () => {
    if (!emulator) throw new Error('the store fixture is used outside a test');
    return emulator;
  };
  const storeFor = (username: string, extra: Partial<ChatStoreOptions> = {}) => {
    const store = new ChatStore({
      tokenSource: current().providerFor(username),
      realtime: { reconnectDelay: 50, reconnectJitter: 50 },
      retry: { initialDelay: 50, maxDelay: 200 },
      ...extra,
    });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    emulator = await startBrowserEmulator(options);
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.stop();
    emulator?.stop();
    emulator = undefined;
  });

  return {
    get emulator() {
      return current();
    },
    storeFor,
    async onlineStoreFor(username, extra) {
      const store = storeFor(username, extra);
      await store.start();
      await online(store);
      return store;
    },
    userId: (username) => current().core.getUserByUsername(username)!.id,
  };
}
