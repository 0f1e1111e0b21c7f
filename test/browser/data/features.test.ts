/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { ChatToken } from '../../../src/data/index.js';
import { typingKey } from '../../../src/data/store.js';
import { createEmulatorApp } from '../../../src/emulator/index.js';
import type { BrowserEmulator } from '../../helpers/emulator-browser.js';
import { useStores } from './stores.js';
import { channelByName, messages, online, until } from './wait.js';

/** Resolves when the emulator answered a request whose path ends with `path`. */
function responseTo(emulator: BrowserEmulator, path: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = ({ request }: { request: Request }) => {
      if (!new URL(request.url).pathname.endsWith(path)) return;
      emulator.worker.events.removeListener('response:mocked', listener);
      resolve();
    };
    emulator.worker.events.on('response:mocked', listener);
  });
}

describe('ChatStore features', () => {
  let emulator: BrowserEmulator;
  const fixture = useStores();
  const { storeFor, userId } = fixture;

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  /** Alice's store with pages of 5, and off-topic open after 12 more posts went into it: older pages to load. */
  async function openedWithHistory() {
    const alice = storeFor('alice', { pageSize: 5 });
    await alice.start();
    const channelId = channelByName(alice.state, 'off-topic').id;
    for (let i = 0; i < 12; i++)
      emulator.core.createPost({ channelId, userId: userId('bob'), message: `history ${i}` });
    await alice.openChannel(channelId);
    return { alice, channelId };
  }

  it('pages back through older posts until the start of the channel', async () => {
    const { alice, channelId } = await openedWithHistory();
    expect(alice.state.posts.get(channelId)!.order).to.have.length(5);
    expect(alice.state.posts.get(channelId)!.hasOlder).to.equal(true);
    let pages = 0;
    while (alice.state.posts.get(channelId)!.hasOlder) {
      await alice.loadOlder(channelId);
      pages++;
      expect(pages).to.be.lessThan(50);
    }
    const server = emulator.core
      .channelPosts(channelId)
      .filter((post) => !post.delete_at)
      .map((post) => post.message);
    expect(messages(alice.state, channelId)).to.deep.equal(server);
    expect(alice.state.posts.get(channelId)!.loadingOlder).to.equal(false);
  });

  it('shares the posts of the last state while only the loading of older ones changes', async () => {
    const { alice, channelId } = await openedWithHistory();
    const before = alice.state.posts.get(channelId)!;
    const loading = alice.loadOlder(channelId);
    const during = alice.state.posts.get(channelId)!;
    expect(during.loadingOlder).to.equal(true);
    expect(during.order).to.equal(before.order);
    expect(during.byId).to.equal(before.byId);
    await loading;
    const after = alice.state.posts.get(channelId)!;
    expect(after.order).to.have.length(10);
    expect(after.byId).to.not.equal(before.byId);
  });

  it('marks where the unread posts start when a channel is opened', async () => {
    const bob = storeFor('bob');
    await bob.start();
    const channelId = channelByName(bob.state, 'off-topic').id;
    emulator.core.viewChannel(channelId, userId('bob'));
    const first = emulator.core.createPost({
      channelId,
      userId: userId('alice'),
      message: 'First unread',
      createAt: Date.now() + 5,
    });
    emulator.core.createPost({
      channelId,
      userId: userId('alice'),
      message: 'Second unread',
      createAt: Date.now() + 6,
    });
    bob.stop();
    await bob.start();
    await bob.openChannel(channelId);
    expect(bob.state.posts.get(channelId)!.firstUnreadId).to.equal(first.id);
    expect(bob.state.channels.get(channelId)!.unread).to.equal(0);
  });

  it('follows edits, deletions and reactions live', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    const bob = userId('bob');
    const post = emulator.core.createPost({ channelId, userId: bob, message: 'Teh order' });
    await until(alice, (s) => s.posts.get(channelId)!.byId.has(post.id), 'the post');

    emulator.core.updatePost(post.id, bob, { message: 'The order' });
    let state = await until(
      alice,
      (s) => s.posts.get(channelId)!.byId.get(post.id)!.message === 'The order',
      'the edit',
    );
    expect(state.posts.get(channelId)!.byId.get(post.id)!.editAt).to.be.greaterThan(0);

    emulator.core.addReaction(userId('sam'), post.id, 'thumbsup');
    emulator.core.addReaction(bob, post.id, 'thumbsup');
    state = await until(
      alice,
      (s) => s.posts.get(channelId)!.byId.get(post.id)!.reactions[0]?.userIds.length === 2,
      'two reactions',
    );
    expect(state.posts.get(channelId)!.byId.get(post.id)!.reactions).to.deep.equal([
      { emoji: 'thumbsup', userIds: [userId('sam'), bob] },
    ]);
    emulator.core.removeReaction(userId('sam'), post.id, 'thumbsup');
    state = await until(
      alice,
      (s) => s.posts.get(channelId)!.byId.get(post.id)!.reactions[0]?.userIds.length === 1,
      'one reaction',
    );

    emulator.core.deletePost(post.id, bob);
    state = await until(alice, (s) => s.posts.get(channelId)!.byId.get(post.id)!.deleted, 'the deletion');
    expect(state.posts.get(channelId)!.byId.get(post.id)!.message).to.equal('');
  });

  it('shows who is typing, until they post', async () => {
    const alice = storeFor('alice');
    const bob = storeFor('bob');
    await Promise.all([alice.start(), bob.start()]);
    await Promise.all([online(alice), online(bob)]);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await bob.openChannel(channelId);
    alice.userTyping(channelId);
    const state = await until(bob, (s) => (s.typing.get(channelId) ?? []).includes(alice.state.me!.id), 'alice typing');
    expect(state.users.get(alice.state.me!.id)?.username).to.equal('alice');
    expect(alice.state.typing.get(channelId)).to.equal(undefined);
    await alice.send(channelId, 'Done typing');
    await until(bob, (s) => !s.typing.has(channelId), 'typing cleared');
  });

  it('keeps typing in a thread apart from the channel, until the reply is posted', async () => {
    const alice = storeFor('alice');
    const bob = storeFor('bob');
    await Promise.all([alice.start(), bob.start()]);
    await Promise.all([online(alice), online(bob)]);
    const channelId = channelByName(alice.state, 'off-topic').id;
    const root = emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Thread root' });
    await bob.openChannel(channelId);
    const aliceId = alice.state.me!.id;
    alice.userTyping(channelId, root.id);
    const state = await until(
      bob,
      (s) => (s.typing.get(typingKey(channelId, root.id)) ?? []).includes(aliceId),
      'alice typing in the thread',
    );
    expect(state.typing.has(channelId)).to.equal(false);
    await alice.send(channelId, 'My reply', { rootId: root.id });
    await until(bob, (s) => !s.typing.has(typingKey(channelId, root.id)), 'thread typing cleared');
  });

  it('searches team members, the newest search aborting the older', async () => {
    const alice = storeFor('alice');
    await alice.start();
    const older = alice.searchUsers('s');
    const newer = alice.searchUsers('bo');
    const [olderResult, newerResult] = await Promise.allSettled([older, newer]);
    expect(olderResult.status).to.equal('rejected');
    expect((olderResult as PromiseRejectedResult).reason.name).to.equal('AbortError');
    expect(newerResult.status).to.equal('fulfilled');
    expect(
      (newerResult as PromiseFulfilledResult<{ username: string }[]>).value.map((user) => user.username),
    ).to.deep.equal(['bob']);
    const mine = await alice.searchUsers('al');
    expect(mine.map((user) => user.username)).to.not.include('alice');
  });

  it('lists public channels the user has not joined, and joins one', async () => {
    const alice = storeFor('alice');
    await alice.start();
    const open = await alice.listPublicChannels();
    for (const channel of open) expect(alice.state.channels.has(channel.id)).to.equal(false);
    const created = emulator.core.createChannel({
      teamId: emulator.seed.team.id,
      name: 'returns',
      displayName: 'Returns',
      type: 'O',
      creatorId: userId('bob'),
    });
    const listed = await alice.listPublicChannels();
    expect(listed.map((channel) => channel.id)).to.include(created.id);
    const joined = await alice.joinChannel(created.id);
    expect(joined).to.include({ id: created.id, tab: 'team', displayName: 'Returns' });
    expect(alice.state.channels.has(created.id)).to.equal(true);
    expect(emulator.core.isChannelMember(created.id, userId('alice'))).to.equal(true);
  });

  it('counts the open channel as read and tells the server', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    const viewed = responseTo(emulator, '/api/v4/channels/members/me/view');
    emulator.core.createPost({ channelId, userId: userId('bob'), message: '@alice look' });
    await viewed;
    expect(alice.state.channels.get(channelId)).to.include({ unread: 0, mentions: 0 });
    expect(emulator.core.channelMember(channelId, userId('alice'))!.mention_count).to.equal(0);

    const mentionsBefore = alice.state.unread.mentions;
    alice.setVisible(false);
    emulator.core.createPost({ channelId, userId: userId('bob'), message: '@alice are you there?' });
    const hidden = await until(alice, (s) => s.channels.get(channelId)!.mentions > 0, 'a mention while hidden');
    expect(hidden.channels.get(channelId)!.mentions).to.equal(1);
    expect(hidden.unread.mentions).to.equal(mentionsBefore + 1);
  });

  it('renews the token before it expires, without a visible hiccup', async () => {
    const issued: ChatToken[] = [];
    let renewed!: () => void;
    const renewal = new Promise<void>((resolve) => (renewed = resolve));
    const alice = storeFor('alice', {
      tokenSource: async () => {
        const token = {
          ...emulator.tokenFor('alice'),
          expiresAt: Date.now() + (issued.length === 0 ? 1_500 : 3_600_000),
        };
        issued.push(token);
        if (issued.length === 2) renewed();
        return token;
      },
    });
    await alice.start();
    await online(alice);
    await renewal;
    // The old token is gone: everything must use the new one.
    emulator.core.revokeSession(issued[0]!.token);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    await alice.send(channelId, 'After renewal');
    expect(issued).to.have.length(2);
    expect(emulator.core.channelPosts(channelId).filter((post) => post.message === 'After renewal')).to.have.length(1);
    await online(alice);
  });

  it('retries at once when the browser comes back online', async () => {
    emulator.worker.use(http.all(`${emulator.baseUrl}/api/v4/*`, () => HttpResponse.error()));
    const alice = storeFor('alice', { retry: { initialDelay: 600_000, maxDelay: 600_000 } });
    await alice.start();
    expect(alice.state.connection).to.equal('offline');
    emulator.restore();
    window.dispatchEvent(new Event('online'));
    await online(alice);
  });

  it('revokes the token and forgets everything on logout', async () => {
    const revoked: string[] = [];
    const source = Object.assign(emulator.providerFor('alice'), {
      logout: async (token: ChatToken) => {
        revoked.push(token.token);
      },
    });
    const alice = storeFor('alice', { tokenSource: source });
    await alice.start();
    const token = alice.state.me ? revoked.length : -1;
    expect(token).to.equal(0);
    alice.setDraft('x', 'unsent words');
    await alice.logout();
    expect(revoked).to.have.length(1);
    expect(alice.state.connection).to.equal('idle');
    expect(alice.state.me).to.equal(undefined);
    expect(alice.state.channels.size).to.equal(0);
    expect(alice.draft('x')).to.equal('');
  });

  it('keeps drafts per channel, in memory', () => {
    const store = storeFor('alice');
    store.setDraft('a', 'hello');
    store.setDraft('b', 'world');
    store.setDraft('b', '');
    expect(store.draft('a')).to.equal('hello');
    expect(store.draft('b')).to.equal('');
    expect(JSON.stringify({ ...localStorage })).to.not.contain('hello');
  });

  it('knows the authors of the posts it shows', async () => {
    const alice = storeFor('alice');
    await alice.start();
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    const posts = alice.state.posts.get(channelId)!;
    const authors = new Set(posts.order.map((id) => posts.byId.get(id)!.userId));
    expect(authors.size).to.be.greaterThan(1);
    for (const author of authors) expect(alice.state.users.get(author)?.username, author).to.be.a('string');
  });

  it("shows the user's own full name when the server hides full names in others' profiles", async () => {
    const app = createEmulatorApp(emulator.core);
    // What Mattermost answers with ShowFullName off: /users/ids sanitizes every profile, the reader's own too.
    emulator.worker.use(
      http.post(`${emulator.baseUrl}/api/v4/users/ids`, async ({ request }) => {
        const profiles = (await (await app.fetch(request)).json()) as Record<string, unknown>[];
        return HttpResponse.json(profiles.map((profile) => ({ ...profile, first_name: '', last_name: '' })));
      }),
    );
    const alice = storeFor('alice');
    await alice.start();
    const me = emulator.core.getUserByUsername('alice')!;
    const fullName = `${me.first_name} ${me.last_name}`;
    expect(fullName.trim()).to.not.equal('');
    await until(alice, (state) => state.me?.displayName === fullName, "alice's full name from /users/me");
  });

  it('keeps a post that arrives live while the channel is loading', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    const app = createEmulatorApp(emulator.core);
    emulator.worker.use(
      http.get(
        `${emulator.baseUrl}/api/v4/channels/${channelId}/posts`,
        async ({ request }) => {
          // The page is made before the post exists; the post goes out live before the page.
          const page = await app.fetch(request);
          const heard = new Promise<void>((resolve) => {
            const off = alice.on('posted', () => {
              off();
              resolve();
            });
          });
          emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Raced the page' });
          await heard;
          return page;
        },
        { once: true },
      ),
    );
    await alice.openChannel(channelId);
    const state = await until(alice, (s) => messages(s, channelId).includes('Raced the page'), 'the raced post');
    expect(messages(state, channelId).filter((m) => m === 'Raced the page')).to.have.length(1);
    expect(messages(state, channelId).at(-1)).to.equal('Raced the page');
  });

  it('counts replies on a loaded thread root', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    const root = emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Thread root' });
    emulator.core.createPost({ channelId, userId: userId('sam'), message: 'First reply', rootId: root.id });
    const state = await until(alice, (s) => messages(s, channelId).includes('First reply'), 'the reply');
    expect(state.posts.get(channelId)!.byId.get(root.id)!.replyCount).to.equal(1);
    const reply = [...state.posts.get(channelId)!.byId.values()].find((post) => post.message === 'First reply')!;
    expect(reply.rootId).to.equal(root.id);
  });

  it('counts posts as unread while the page is hidden, and reads them when it shows again', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    const setVisibility = (value: DocumentVisibilityState) => {
      Object.defineProperty(document, 'visibilityState', { value, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      setVisibility('hidden');
      emulator.core.createPost({ channelId, userId: userId('bob'), message: 'While you were away' });
      await until(alice, (s) => s.channels.get(channelId)!.unread === 1, 'unread while hidden');
      const viewed = responseTo(emulator, '/api/v4/channels/members/me/view');
      setVisibility('visible');
      await viewed;
      expect(alice.state.channels.get(channelId)!.unread).to.equal(0);
      expect(emulator.core.channelMember(channelId, userId('alice'))!.msg_count).to.equal(
        (emulator.core.getChannel(channelId) as unknown as { total_msg_count: number }).total_msg_count,
      );
    } finally {
      // Back to the browser's own getter.
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
  });

  it("toggles the user's own reaction", async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    const post = emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Lunch?' });
    await until(alice, (s) => s.posts.get(channelId)!.byId.has(post.id), 'the post');
    await alice.toggleReaction(channelId, post.id, 'taco');
    await until(alice, (s) => s.posts.get(channelId)!.byId.get(post.id)!.reactions.length === 1, 'the reaction');
    expect(emulator.core.reactionsFor(post.id).map((reaction) => reaction.emoji_name)).to.deep.equal(['taco']);
    await alice.toggleReaction(channelId, post.id, 'taco');
    await until(alice, (s) => s.posts.get(channelId)!.byId.get(post.id)!.reactions.length === 0, 'no reaction');
    expect(emulator.core.reactionsFor(post.id)).to.have.length(0);
  });

  it('follows channel membership and renames live', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const aliceId = userId('alice');
    const admin = emulator.core.getUserByUsername('admin')!.id;
    const channel = emulator.core.createChannel({
      teamId: emulator.seed.team.id,
      name: 'audits',
      displayName: 'Audits',
      type: 'P',
      creatorId: admin,
    });
    emulator.core.addChannelMember(channel.id, aliceId);
    let state = await until(alice, (s) => s.channels.has(channel.id), 'the added channel');
    expect(state.channels.get(channel.id)).to.include({ tab: 'team', displayName: 'Audits' });
    await alice.openChannel(channel.id);

    emulator.core.updateChannel(channel.id, { display_name: 'Audits 2027' });
    state = await until(alice, (s) => s.channels.get(channel.id)?.displayName === 'Audits 2027', 'the rename');

    emulator.core.removeChannelMember(channel.id, aliceId, admin);
    state = await until(alice, (s) => !s.channels.has(channel.id), 'the removal');
    expect(state.activeChannelId).to.equal(undefined);
    expect(state.posts.has(channel.id)).to.equal(false);
  });

  it('adds a group conversation live', async () => {
    const bob = storeFor('bob');
    await bob.start();
    await online(bob);
    const group = emulator.core.createGroupChannel(userId('alice'), [userId('alice'), userId('bob'), userId('sam')]);
    const state = await until(bob, (s) => s.channels.has(group.id), 'the group');
    expect(state.channels.get(group.id)).to.include({ tab: 'dm', type: 'G' });
  });
});
