/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { Session, SessionError } from '../../../src/data/session.js';
import type { TabId, TokenProvider, UnreadTotals } from '../../../src/data/types.js';
import { UnreadWatcher } from '../../../src/data/unread-watcher.js';
import { until } from './wait.js';
import { useStores } from './stores.js';

const fixture = useStores();
const watchers: UnreadWatcher[] = [];
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.stop();
});

function watch(provider: TokenProvider, tabs: readonly TabId[] = ['team', 'dm', 'support']) {
  const session = new Session(provider, { onToken: () => watcher.renewed() });
  const errors: string[] = [];
  const watcher: UnreadWatcher = new UnreadWatcher({
    session,
    tabs,
    onTotals: () => undefined,
    onError: (message) => errors.push(message),
    debounce: 20,
    retry: { initialDelay: 50, maxDelay: 200 },
  });
  watchers.push(watcher);
  watcher.start();
  return { watcher, errors };
}

/** Unread posts for alice in each tab: a mention in the team, a DM from Bob, an answer from support. */
function postUnread(): void {
  const { core, seed } = fixture.emulator;
  const bob = seed.users.bob!.id;
  core.createPost({ channelId: seed.channels['town-square']!.id, userId: bob, message: 'Stock count at 3, @alice?' });
  core.createPost({ channelId: seed.channels['dm-alice-bob']!.id, userId: bob, message: 'Lunch?' });
  const support = core.getChannelByName(seed.team.id, 'support-alice')!;
  core.createPost({ channelId: support.id, userId: seed.users.sam!.id, message: 'Your shipment left today.' });
}

const read = (watcher: UnreadWatcher) =>
  waitUntil(() => watcher.totals, 'the watcher never counted', { timeout: 10_000 }).then(() => watcher.totals!);

describe('UnreadWatcher', () => {
  for (const [who, tabs] of [
    ['alice', ['team', 'dm', 'support']],
    ['alice', ['support']],
    ['sam', ['team', 'dm', 'support']],
  ] as const) {
    it(`counts as the store does: ${who}, tabs ${tabs.join(' ')}`, async () => {
      postUnread();
      const store = fixture.storeFor(who, { tabs: [...tabs] });
      store.setVisible(false);
      void store.start();
      const state = await until(store, (s) => s.connection === 'online', 'the store online');
      const { watcher } = watch(fixture.emulator.providerFor(who), tabs);
      const totals: UnreadTotals = await read(watcher);
      expect(totals).to.deep.equal(state.unread);
      if (who === 'alice') expect(totals.messages).to.be.greaterThan(0);
    });
  }

  it('follows posts, mentions and reads live', async () => {
    const { emulator } = fixture;
    const { watcher } = watch(emulator.providerFor('alice'));
    const before = await read(watcher);
    const townSquare = emulator.seed.channels['town-square']!.id;
    emulator.core.createPost({
      channelId: townSquare,
      userId: emulator.seed.users.bob!.id,
      message: '@alice the truck is here',
    });
    await waitUntil(() => watcher.totals!.messages === before.messages + 1, 'the post was not counted');
    expect(watcher.totals!.mentions).to.equal(before.mentions + 1);
    expect(watcher.totals!.byTab.team.messages).to.equal(before.byTab.team.messages + 1);
    // Alice reads it elsewhere (another tab, the phone app): the server tells every socket.
    const alice = emulator.tokenFor('alice');
    await fetch(`${emulator.baseUrl}/api/v4/channels/members/me/view`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel_id: townSquare }),
    });
    await waitUntil(() => watcher.totals!.byTab.team.messages === 0, 'the read was not counted');
  });

  it('renews a token that expires mid-watch and keeps counting', async () => {
    const { emulator } = fixture;
    const asked: boolean[] = [];
    let current = '';
    const provider: TokenProvider = async (options) => {
      asked.push(options?.renew === true);
      const token = emulator.tokenFor('alice');
      current = token.token;
      return token;
    };
    const { watcher } = watch(provider);
    const before = await read(watcher);
    await waitUntil(() => watcher.connected, 'no socket');
    emulator.core.revokeSession(current);
    emulator.core.createPost({
      channelId: emulator.seed.channels['town-square']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'After the expiry',
    });
    await waitUntil(
      () => watcher.totals!.messages === before.messages + 1,
      'the post after the expiry was not counted',
      { timeout: 10_000 },
    );
    expect(asked).to.deep.equal([false, true]);
  });

  it('finds the team itself when the token names none', async () => {
    const { emulator } = fixture;
    const named = watch(emulator.providerFor('alice')).watcher;
    const unnamed = watch(async () => {
      const { teamId: _teamId, teamName: _teamName, ...token } = emulator.tokenFor('alice');
      return token;
    }).watcher;
    postUnread();
    const expected = await read(named);
    await waitUntil(() => JSON.stringify(unnamed.totals) === JSON.stringify(named.totals), 'the counts differ');
    expect(unnamed.totals).to.deep.equal(expected);
  });

  it('reconnects after the socket drops and counts what came meanwhile', async () => {
    const { emulator } = fixture;
    const { watcher } = watch(emulator.providerFor('alice'));
    const before = await read(watcher);
    await waitUntil(() => watcher.connected, 'no socket');
    emulator.core.dropConnections({ userId: emulator.seed.users.alice!.id });
    emulator.core.createPost({
      channelId: emulator.seed.channels['dm-alice-bob']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'While you were offline',
    });
    await waitUntil(
      () => watcher.totals!.byTab.dm.messages === before.byTab.dm.messages + 1,
      'the post was not counted after the drop',
    );
    // And live again: the next post arrives over the new socket.
    emulator.core.createPost({
      channelId: emulator.seed.channels['dm-alice-bob']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'Back?',
    });
    await waitUntil(
      () => watcher.totals!.byTab.dm.messages === before.byTab.dm.messages + 2,
      'the next post was not counted',
    );
    expect(watcher.connected).to.equal(true);
  });

  it('closes its socket when stopped', async () => {
    const sockets: WebSocket[] = [];
    const Current = globalThis.WebSocket;
    globalThis.WebSocket = class extends Current {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    };
    try {
      const { watcher } = watch(fixture.emulator.providerFor('alice'));
      await waitUntil(() => sockets[0]?.readyState === WebSocket.OPEN, 'the socket did not open');
      watcher.stop();
      expect(sockets.map((socket) => socket.readyState >= WebSocket.CLOSING)).to.deep.equal([true]);
      expect(watcher.connected).to.equal(false);
    } finally {
      globalThis.WebSocket = Current;
    }
  });

  it('reports a refused sign-in once and stops', async () => {
    let asked = 0;
    const { errors, watcher } = watch(() => {
      asked++;
      return Promise.reject(new SessionError('unauthorized', 'You are not signed in.'));
    });
    await waitUntil(() => errors.length > 0, 'no error reported');
    expect(errors).to.deep.equal(['You are not signed in.']);
    expect(asked).to.equal(1);
    expect([watcher.totals, watcher.connected]).to.deep.equal([undefined, false]);
  });
});
