/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { ChatStore } from '../../../src/data/index.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../helpers/emulator-browser.js';
import { channelByName, messages, online } from './wait.js';

describe('ChatStore', () => {
  let emulator: BrowserEmulator;
  const stores: ChatStore[] = [];
  const storeFor = (username: string, extra: Partial<ConstructorParameters<typeof ChatStore>[0]> = {}) => {
    const store = new ChatStore({ tokenSource: emulator.providerFor(username), realtime: { reconnectDelay: 50, reconnectJitter: 50 }, retry: { initialDelay: 50, maxDelay: 200 }, ...extra });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    emulator = await startBrowserEmulator();
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.stop();
    emulator.stop();
  });

  it('starts and lists the seeded channels per tab', async () => {
    const store = storeFor('alice');
    await store.start();
    const state = await online(store);
    expect(state.me?.username).to.equal('alice');
    expect(state.teamName).to.equal('erp');
    const byTab = (tab: string) => [...state.channels.values()].filter((c) => c.tab === tab).map((c) => c.name).sort();
    expect(byTab('team')).to.include.members(['town-square', 'off-topic']);
    expect(byTab('team')).to.not.include('support-alice');
    expect(byTab('support')).to.deep.equal(['support-alice']);
    expect(state.supportChannelId).to.equal(emulator.seed.channels['support-alice']?.id);
  });

  it('opens a channel with its posts oldest first', async () => {
    const store = storeFor('alice');
    await store.start();
    const townSquare = channelByName(store.state, 'town-square');
    await store.openChannel('town-square');
    const state = store.state;
    expect(state.activeChannelId).to.equal(townSquare.id);
    const posts = state.posts.get(townSquare.id);
    expect(posts?.order.length).to.be.greaterThan(0);
    const times = posts!.order.map((id) => posts!.byId.get(id)!.createAt);
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    const server = emulator.core.channelPosts(townSquare.id).filter((p) => !p.delete_at).slice(-60).map((p) => p.message);
    expect(messages(state, townSquare.id)).to.deep.equal(server);
  });
});
