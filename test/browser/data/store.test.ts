/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { http } from 'msw';
import type { ChatState, ChatStore } from '../../../src/data/index.js';
import type { BrowserEmulator } from '../../helpers/emulator-browser.js';
import { useStores } from './stores.js';
import { channelByName, messages, online, until } from './wait.js';

describe('ChatStore', () => {
  let emulator: BrowserEmulator;
  const fixture = useStores();
  const { storeFor } = fixture;

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  it('starts and lists the seeded channels per tab', async () => {
    const store = storeFor('alice');
    await store.start();
    const state = await online(store);
    expect(state.me?.username).to.equal('alice');
    expect(state.teamName).to.equal('erp');
    const byTab = (tab: string) =>
      [...state.channels.values()]
        .filter((c) => c.tab === tab)
        .map((c) => c.name)
        .sort();
    expect(byTab('team')).to.include.members(['town-square', 'off-topic']);
    expect(byTab('team')).to.not.include('support-alice');
    expect(byTab('support')).to.deep.equal(['support-alice']);
    expect(state.supportChannelId).to.equal(emulator.seed.channels['support-alice']?.id);
  });

  describe('unread totals from the first notification', () => {
    const record = (store: ChatStore) => {
      const totals: Array<{ connection: string; channels: number; messages: number; mentions: number }> = [];
      store.subscribe((state) =>
        totals.push({ connection: state.connection, channels: state.channels.size, ...state.unread }),
      );
      return totals;
    };
    const settled = async (store: ChatStore, channelName: string) => {
      await online(store);
      const channelId = channelByName(store.state, channelName).id;
      const state = await until(
        store,
        (s) => s.activeChannelId === channelId && s.posts.has(channelId),
        'the initial channel loaded',
      );
      return state.unread;
    };

    for (const [label, initialChannel] of [
      ['a named initial channel', 'support-alice'],
      [
        'an initial channel chosen from the loaded state',
        (state: import('../../../src/data/types.js').ChatState) =>
          [...state.channels.values()].find((c) => c.tab === 'support')?.id,
      ],
    ] as const) {
      it(`never notifies a total above the steady one, with ${label}`, async () => {
        const supportId = emulator.seed.channels['support-alice']!.id;
        expect(emulator.core.channelPosts(supportId).length).to.be.greaterThan(0);
        // Each profile lookup lasts two frames, so any state taken before it is notified.
        const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        emulator.worker.use(
          http.post(`${emulator.baseUrl}/api/v4/users/ids`, async () => {
            await frame();
            await frame();
          }),
        );
        const store = storeFor('alice', { initialChannel });
        const totals = record(store);
        await store.start();
        const steady = await settled(store, 'support-alice');
        const withChannels = totals.filter((t) => t.channels > 0);
        expect(withChannels.length).to.be.greaterThan(0);
        expect(withChannels.map((t) => t.messages).filter((m) => m > steady.messages)).to.deep.equal([]);
        expect(withChannels.map((t) => t.mentions).filter((m) => m > steady.mentions)).to.deep.equal([]);
      });
    }
  });

  it('selects a support conversation without marking it read until the agent opens it', async () => {
    const supportId = emulator.seed.channels['support-alice']!.id;
    const aliceId = emulator.core.getUserByUsername('alice')!.id;
    emulator.core.createPost({ channelId: supportId, userId: aliceId, message: 'My invoice is wrong' });
    emulator.core.createPost({ channelId: supportId, userId: aliceId, message: 'Anyone?' });
    const views: string[] = [];
    const recordViews = ({ request }: { request: Request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/channels/members/me/view'))
        views.push(request.url);
    };
    emulator.worker.events.on('request:start', recordViews);
    try {
      const sam = storeFor('sam');
      await sam.start();
      await online(sam);
      const before = sam.state.channels.get(supportId)!;
      expect(before.tab).to.equal('support');
      expect(before.unread).to.be.greaterThan(0);

      await sam.openChannel(supportId, { markViewed: false });
      let state = await until(
        sam,
        (s) => s.activeChannelId === supportId && s.posts.has(supportId),
        'the conversation selected',
      );
      expect(state.activeChannelViewed).to.equal(false);
      expect(messages(state, supportId)).to.include('Anyone?');
      expect(state.channels.get(supportId)!.unread).to.equal(before.unread);
      expect(state.unread.byTab.support.messages).to.equal(before.unread);

      // A live post and the panel shown again do not mark it read either.
      emulator.core.createPost({ channelId: supportId, userId: aliceId, message: 'Hello?' });
      state = await until(sam, (s) => s.channels.get(supportId)!.unread === before.unread + 1, 'the live post counted');
      sam.setVisible(false);
      sam.setVisible(true);
      await sam.openChannel(supportId, { markViewed: false });
      expect(sam.state.channels.get(supportId)!.unread).to.equal(before.unread + 1);
      expect(views).to.deep.equal([]);

      // The agent opens it: read here and on the server.
      await sam.openChannel(supportId);
      state = await until(
        sam,
        (s) => s.channels.get(supportId)!.unread === 0 && s.activeChannelViewed === true,
        'read after opening',
      );
      expect(views).to.have.length(1);
      expect(state.unread.byTab.support.messages).to.equal(0);
    } finally {
      emulator.worker.events.removeListener('request:start', recordViews);
    }
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
    const server = emulator.core
      .channelPosts(townSquare.id)
      .filter((p) => !p.delete_at)
      .slice(-60)
      .map((p) => p.message);
    expect(messages(state, townSquare.id)).to.deep.equal(server);
  });

  describe('first load of an initial channel given by id', () => {
    /** Paths of the API requests, in the order they start; `seen(path)` resolves once one starts. */
    const recordRequests = () => {
      const paths: string[] = [];
      const waiting = new Map<string, () => void>();
      const record = ({ request }: { request: Request }) => {
        const path = new URL(request.url).pathname;
        if (!path.startsWith('/api/v4/')) return;
        paths.push(path);
        waiting.get(path)?.();
      };
      emulator.worker.events.on('request:start', record);
      return {
        paths,
        seen: (path: string) =>
          paths.includes(path) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(path, resolve)),
        stop: () => emulator.worker.events.removeListener('request:start', record),
      };
    };

    it('asks for its posts beside the channel list, and for the authors with the DM partners and the user', async () => {
      const channel = emulator.core.createChannel(
        {
          teamId: emulator.seed.team.id,
          name: 'first-load',
          displayName: 'First load',
          type: 'O',
          creatorId: fixture.userId('alice'),
        },
        false,
      );
      emulator.core.addChannelMember(channel.id, fixture.userId('bob'), { quiet: true });
      emulator.core.createPost({ channelId: channel.id, userId: fixture.userId('bob'), message: 'From Bob' });
      emulator.core.createPost({ channelId: channel.id, userId: fixture.userId('sam'), message: 'From Sam' });
      const postsPath = `/api/v4/channels/${channel.id}/posts`;
      const requests = recordRequests();
      // The first channel list answers once the posts were asked for, or after 2 s: a store
      // that waits for the list before asking would hold it back that long, and the test sees it.
      let postsBeforeList: boolean | undefined;
      emulator.worker.use(
        http.get(`${emulator.baseUrl}/api/v4/users/me/teams/:teamId/channels`, async () => {
          if (postsBeforeList !== undefined) return;
          const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000));
          postsBeforeList = await Promise.race([requests.seen(postsPath).then(() => true), timeout]);
        }),
      );
      try {
        const store = storeFor('alice', { initialChannel: channel.id });
        await store.start();
        const state = await until(
          store,
          (s) => s.activeChannelId === channel.id && s.posts.get(channel.id)?.order.length === 2,
          'the initial channel loaded',
        );
        expect(postsBeforeList).to.equal(true);
        expect(requests.paths.filter((path) => path === '/api/v4/users/ids')).to.have.length(1);
        expect(requests.paths).to.not.include('/api/v4/users/me');
        expect(state.me?.username).to.equal('alice');
        expect(messages(state, channel.id)).to.deep.equal(['From Bob', 'From Sam']);
        expect(state.users.get(fixture.userId('sam'))?.username).to.equal('sam');
      } finally {
        requests.stop();
      }
    });

    it('asks for presence once the first view has shown, then shows it', async () => {
      const channel = emulator.core.createChannel(
        {
          teamId: emulator.seed.team.id,
          name: 'presence-later',
          displayName: 'Presence later',
          type: 'O',
          creatorId: fixture.userId('alice'),
        },
        false,
      );
      const bob = fixture.userId('bob');
      emulator.core.addChannelMember(channel.id, bob, { quiet: true });
      emulator.core.createPost({ channelId: channel.id, userId: bob, message: 'From Bob' });
      emulator.core.setStatus(bob, 'away', true);
      const requests = recordRequests();
      try {
        const store = storeFor('alice', { initialChannel: channel.id });
        await store.start();
        const first = await until(
          store,
          (s) => s.posts.get(channel.id)?.order.length === 1,
          'the initial channel shown',
        );
        // The request and the re-render of every avatar with its dot wait for the first paint.
        expect(requests.paths).to.not.include('/api/v4/users/status/ids');
        expect(first.users.get(bob)?.presence).to.equal(undefined);
        const later = await until(store, (s) => s.users.get(bob)?.presence === 'away', 'Bob shown as away');
        expect(later.connection).to.equal('online');
        expect(requests.paths.filter((path) => path === '/api/v4/users/status/ids')).to.have.length(1);
      } finally {
        requests.stop();
      }
    });

    it('holds presence back again on the first load after a logout', async () => {
      const store = storeFor('alice');
      await store.start();
      // Someone else's presence: the first load's status request has been answered (the
      // user's own can come from the socket first), so none of its requests is still out.
      const others = (s: ChatState) => [...s.users.values()].filter((u) => u.id !== s.me?.id);
      await until(store, (s) => others(s).some((u) => u.presence !== undefined), 'presence after the first load');
      await store.logout();
      // The page is never idle until the test says so: the first view is shown, and stays
      // without presence however long the request would take.
      const idle: IdleRequestCallback[] = [];
      const realIdle = window.requestIdleCallback;
      window.requestIdleCallback = (callback) => idle.push(callback);
      const requests = recordRequests();
      try {
        await store.start();
        await requests.seen('/api/v4/users/ids');
        const again = await until(store, (s) => s.me !== undefined && s.channels.size > 0, 'signed in again');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(requests.paths, requests.paths.join(' ')).to.not.include('/api/v4/users/status/ids');
        expect(others(again).every((u) => u.presence === undefined)).to.equal(true);
        expect(idle.length).to.be.greaterThan(0);
        for (const callback of idle.splice(0)) callback({ didTimeout: false, timeRemaining: () => 50 });
        await until(store, (s) => others(s).some((u) => u.presence !== undefined), 'presence once the page was idle');
      } finally {
        window.requestIdleCallback = realIdle;
        requests.stop();
      }
    });

    it("with openUsualChannel, opens Town Square, asking for its posts beside the users' names", async () => {
      const requests = recordRequests();
      try {
        const store = storeFor('alice', { openUsualChannel: true });
        let firstWithChannels: ChatState | undefined;
        store.subscribe((state) => {
          if (!firstWithChannels && state.channels.size > 0) firstWithChannels = state;
        });
        await store.start();
        const townSquare = channelByName(store.state, 'town-square').id;
        await until(
          store,
          (s) => s.posts.get(townSquare)?.order.length !== undefined && s.posts.get(townSquare)!.order.length > 0,
          'Town Square loaded',
        );
        expect(firstWithChannels?.activeChannelId).to.equal(townSquare);
        const posts = requests.paths.indexOf(`/api/v4/channels/${townSquare}/posts`);
        expect(posts, requests.paths.join(' ')).to.be.greaterThan(-1);
        expect(posts).to.be.below(requests.paths.indexOf('/api/v4/users/ids'));
        expect(requests.paths.filter((path) => path.endsWith('/posts'))).to.have.length(1);
      } finally {
        requests.stop();
      }
    });

    it("with openUsualChannel and the Support tab first, asks for the support conversation's posts beside the channel list", async () => {
      const requests = recordRequests();
      try {
        const store = storeFor('alice', { openUsualChannel: true, tabs: ['support'] });
        await store.start();
        const supportId = (await online(store)).supportChannelId!;
        expect(supportId).to.be.a('string');
        expect(store.state.activeChannelId).to.equal(supportId);
        const posts = requests.paths.indexOf(`/api/v4/channels/${supportId}/posts`);
        expect(posts, requests.paths.join(' ')).to.be.greaterThan(-1);
        expect(posts).to.be.below(requests.paths.findIndex((path) => path.endsWith('/channels/members')) + 1);
        expect(posts).to.be.below(requests.paths.indexOf('/api/v4/users/ids'));
      } finally {
        requests.stop();
      }
    });

    it('opens nothing of itself without openUsualChannel', async () => {
      const store = storeFor('alice');
      await store.start();
      const state = await online(store);
      expect(state.channels.size).to.be.greaterThan(0);
      expect(state.activeChannelId).to.equal(undefined);
      expect(state.posts.size).to.equal(0);
    });

    it('opens no channel that the list does not show', async () => {
      const hidden = emulator.core.createChannel(
        {
          teamId: emulator.seed.team.id,
          name: 'bob-only',
          displayName: 'Bob only',
          type: 'P',
          creatorId: fixture.userId('bob'),
        },
        false,
      );
      emulator.core.createPost({ channelId: hidden.id, userId: fixture.userId('bob'), message: 'Private' });
      const store = storeFor('alice', { initialChannel: hidden.id });
      await store.start();
      const state = await online(store);
      expect(state.channels.size).to.be.greaterThan(0);
      expect(state.channels.has(hidden.id)).to.equal(false);
      expect(state.activeChannelId).to.equal(undefined);
      expect(state.posts.has(hidden.id)).to.equal(false);
    });
  });

  it('tells its listeners about the conversation opened as soon as its posts are in, not a frame later', async () => {
    const store = await fixture.onlineStoreFor('alice');
    const townSquare = channelByName(store.state, 'town-square');
    expect(store.state.posts.has(townSquare.id)).to.equal(false);
    let notified: import('../../../src/data/types.js').ChatState | undefined;
    store.subscribe((state) => (notified = state));
    await store.openChannel(townSquare.id, { markViewed: false });
    expect(notified?.activeChannelId).to.equal(townSquare.id);
    expect(notified?.posts.get(townSquare.id)?.order.length).to.be.greaterThan(0);
  });

  it("sends no CSRF token, even with Mattermost's CSRF cookie on the page (no cookie goes either)", async () => {
    document.cookie = 'MMCSRF=from-the-page; path=/';
    const csrf: (string | null)[] = [];
    const record = ({ request }: { request: Request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/v4/posts')
        csrf.push(request.headers.get('X-CSRF-Token'));
    };
    emulator.worker.events.on('request:start', record);
    try {
      const alice = await fixture.onlineStoreFor('alice');
      const channelId = channelByName(alice.state, 'town-square').id;
      await alice.openChannel(channelId);
      await alice.send(channelId, 'No CSRF token');
      await until(
        alice,
        (s) =>
          [...s.posts.get(channelId)!.byId.values()].some((p) => p.message === 'No CSRF token' && p.state === 'sent'),
        'the post sent',
      );
      expect(csrf).to.deep.equal([null]);
    } finally {
      emulator.worker.events.removeListener('request:start', record);
      document.cookie = 'MMCSRF=; path=/; max-age=0';
    }
  });

  it('delivers posts between two stores live', async () => {
    const alice = storeFor('alice');
    const bob = storeFor('bob');
    await Promise.all([alice.start(), bob.start()]);
    await Promise.all([online(alice), online(bob)]);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await Promise.all([alice.openChannel(channelId), bob.openChannel(channelId)]);
    const heard: string[] = [];
    bob.on('posted', (post) => heard.push(post.message));

    await alice.send(channelId, 'Hello Bob');
    let state = await until(bob, (s) => messages(s, channelId).includes('Hello Bob'), 'Hello Bob at bob');
    expect(heard).to.deep.equal(['Hello Bob']);
    await bob.send(channelId, 'Hi Alice');
    state = await until(alice, (s) => messages(s, channelId).includes('Hi Alice'), 'Hi Alice at alice');
    expect(messages(state, channelId).slice(-2)).to.deep.equal(['Hello Bob', 'Hi Alice']);
    const own = state.posts.get(channelId)!;
    const sent = own.byId.get(own.order.at(-2)!)!;
    expect(sent.state).to.equal('sent');
    expect(sent.id).to.not.contain(':');
    expect(messages(bob.state, channelId).filter((m) => m === 'Hello Bob')).to.have.length(1);
  });

  it('counts unread messages and mentions, and clears them on markViewed', async () => {
    const bob = storeFor('bob');
    await bob.start();
    await online(bob);
    const channel = channelByName(bob.state, 'town-square');
    await bob.markViewed(channel.id);
    await until(bob, (s) => s.channels.get(channel.id)!.unread === 0);
    const before = bob.state.unread;
    const alice = emulator.core.getUserByUsername('alice')!;
    const bobUser = emulator.core.getUserByUsername('bob')!;

    emulator.core.createPost({ channelId: channel.id, userId: alice.id, message: 'Stock count on Friday' });
    emulator.core.createPost({ channelId: channel.id, userId: alice.id, message: '@bob can you help?' });
    const state = await until(
      bob,
      (s) => s.channels.get(channel.id)!.unread === 2 && s.channels.get(channel.id)!.mentions === 1,
      '2 unread, 1 mention',
    );
    expect(state.unread.byTab.team.messages).to.equal(before.byTab.team.messages + 2);
    expect(state.unread.mentions).to.equal(before.mentions + 1);

    await bob.markViewed(channel.id);
    const after = await until(bob, (s) => s.channels.get(channel.id)!.unread === 0);
    expect(after.channels.get(channel.id)!.mentions).to.equal(0);
    expect(after.unread.byTab.team.messages).to.equal(before.byTab.team.messages);
    const member = emulator.core.channelMember(channel.id, bobUser.id)!;
    expect(member.mention_count).to.equal(0);
    expect(member.msg_count).to.equal(
      (emulator.core.getChannel(channel.id) as unknown as { total_msg_count: number }).total_msg_count,
    );
  });

  it('brings a new direct message to the other person live', async () => {
    const alice = storeFor('alice');
    const sam = storeFor('sam');
    await Promise.all([alice.start(), sam.start()]);
    await Promise.all([online(alice), online(sam)]);
    const samId = sam.state.me!.id;
    const existing = [...alice.state.channels.values()].find((c) => c.type === 'D' && c.otherUserId === samId);
    expect(existing, 'no seeded DM between alice and sam').to.equal(undefined);

    const dm = await alice.openDirectChannel(samId);
    expect(dm.tab).to.equal('dm');
    expect(dm.displayName).to.equal('Sam Sato');
    expect(alice.state.activeChannelId).to.equal(dm.id);
    const state = await until(sam, (s) => s.channels.has(dm.id), 'the DM at sam');
    expect(state.channels.get(dm.id)!.displayName).to.equal('Alice Andersen');
    await alice.send(dm.id, 'Quick question');
    await until(
      sam,
      (s) => s.channels.get(dm.id)!.unread === 1 && s.channels.get(dm.id)!.mentions === 1,
      'one unread DM',
    );
    expect(alice.permalink(dm.id)).to.equal(`${emulator.baseUrl}/erp/messages/@sam`);
  });

  it('shows support conversations: one for a user, all of them for an agent', async () => {
    const alice = storeFor('alice');
    const sam = storeFor('sam');
    await Promise.all([alice.start(), sam.start()]);
    const support = (store: ChatStore) =>
      [...store.state.channels.values()]
        .filter((c) => c.tab === 'support')
        .map((c) => c.name)
        .sort();
    expect(support(alice)).to.deep.equal(['support-alice']);
    expect(alice.state.supportAgent).to.equal(false);
    const all = emulator.core
      .allChannels()
      .filter((c) => c.name.startsWith('support-'))
      .map((c) => c.name)
      .sort();
    expect(all.length).to.be.greaterThan(1);
    expect(support(sam)).to.deep.equal(all);
    expect(sam.state.supportAgent).to.equal(true);
    expect([...sam.state.channels.values()].filter((c) => c.tab === 'team').map((c) => c.name)).to.not.include(
      'support-bob',
    );
  });

  it('keeps the token out of every browser storage', async () => {
    let issued = '';
    const store = storeFor('alice', {
      tokenSource: async () => {
        const token = emulator.tokenFor('alice');
        issued = token.token;
        return token;
      },
    });
    await store.start();
    await online(store);
    expect(issued).to.have.length.greaterThan(10);
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie;
    expect(stored).to.not.contain(issued);
    expect(JSON.stringify(store.state)).to.not.contain(issued);
  });

  it('keeps two stores on one page apart', async () => {
    const alice = storeFor('alice');
    const bob = storeFor('bob');
    await Promise.all([alice.start(), bob.start()]);
    expect(alice.state.me?.username).to.equal('alice');
    expect(bob.state.me?.username).to.equal('bob');
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    alice.setDraft(channelId, 'only mine');
    expect(bob.state.activeChannelId).to.equal(undefined);
    expect(bob.state.posts.has(channelId)).to.equal(false);
    expect(bob.draft(channelId)).to.equal('');
    expect(bob.state.channels.has(emulator.seed.channels['support-alice']!.id)).to.equal(false);
  });

  it('finds the team when the token names none, or takes the one the host asks for', async () => {
    const bare = storeFor('bob', {
      tokenSource: async () => {
        const { token, userId, serverUrl } = emulator.tokenFor('bob');
        return { token, userId, serverUrl };
      },
    });
    await bare.start();
    expect(bare.state).to.include({ teamName: 'erp', teamId: emulator.seed.team.id });
    const named = storeFor('bob', { team: 'erp' });
    await named.start();
    expect(named.state.teamId).to.equal(emulator.seed.team.id);
    const missing = storeFor('bob', { team: 'no-such-team' });
    await missing.start();
    expect(missing.state.connection).to.equal('error');
    expect(missing.state.error).to.be.a('string').and.not.equal('');
  });

  it('announces the first message of a conversation it did not know yet', async () => {
    const sam = storeFor('sam');
    await sam.start();
    await online(sam);
    const heard = new Promise<{ message: string; channel: string; tab: string }>((resolve) => {
      sam.on('posted', (post, channel) =>
        resolve({ message: post.message, channel: channel.displayName, tab: channel.tab }),
      );
    });
    const alice = emulator.core.getUserByUsername('alice')!;
    const dm = emulator.core.createDirectChannel(alice.id, sam.state.me!.id);
    emulator.core.createPost({ channelId: dm.id, userId: alice.id, message: 'Are you there, Sam?' });
    expect(await heard).to.deep.equal({ message: 'Are you there, Sam?', channel: 'Alice Andersen', tab: 'dm' });
    const state = await until(sam, (s) => s.channels.get(dm.id)?.unread === 1, 'the DM unread');
    expect(state.unread.byTab.dm.messages).to.be.greaterThan(0);
  });

  it('totals unread messages over the tabs it serves only', async () => {
    const portal = storeFor('alice', { tabs: ['support'] });
    await portal.start();
    await online(portal);
    const support = channelByName(portal.state, 'support-alice');
    const townSquare = channelByName(portal.state, 'town-square');
    await portal.markViewed(support.id);
    await portal.markViewed(townSquare.id);
    const bob = emulator.core.getUserByUsername('bob')!;
    const sam = emulator.core.getUserByUsername('sam')!;
    emulator.core.createPost({ channelId: townSquare.id, userId: bob.id, message: 'not for the portal' });
    emulator.core.createPost({ channelId: support.id, userId: sam.id, message: 'How can we help?' });
    const state = await until(
      portal,
      (s) => s.channels.get(support.id)!.unread === 1 && s.channels.get(townSquare.id)!.unread === 1,
    );
    expect(state.tabs).to.deep.equal(['support']);
    expect(state.unread.messages).to.equal(state.unread.byTab.support.messages);
    expect(state.unread.byTab.team.messages).to.be.greaterThan(0);
  });
});
