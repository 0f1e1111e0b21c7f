/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { ChatToken, ConnectionState } from '../../../src/data/index.js';
import type { BrowserEmulator } from '../../helpers/emulator-browser.js';
import { useStores } from './stores.js';
import { channelByName, messages, online, until } from './wait.js';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

describe('ChatStore under failures', () => {
  let emulator: BrowserEmulator;
  const fixture = useStores();
  const { storeFor, userId } = fixture;
  const serverMessages = (channelId: string) => emulator.core.channelPosts(channelId).map((post) => post.message);

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  it('shows every post exactly once, in order, when the socket drops during a stream', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    const bob = userId('bob');
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      const message = `stream ${i}`;
      emulator.core.createPost({ channelId, userId: bob, message });
      sent.push(message);
      if (i === 10) expect(emulator.core.dropConnections()).to.be.greaterThan(0);
      await nextFrame();
    }
    const state = await until(
      alice,
      (s) => messages(s, channelId).filter((m) => m.startsWith('stream ')).length >= 30,
      '30 posts',
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}: ${messages(alice.state, channelId)
          .filter((m) => m.startsWith('stream '))
          .join('|')}`,
      );
    });
    expect(messages(state, channelId).filter((m) => m.startsWith('stream '))).to.deep.equal(sent);
    const posts = state.posts.get(channelId)!;
    expect(new Set(posts.order).size).to.equal(posts.order.length);
    await online(alice);
    // The same again once the reconnect settled: nothing arrived twice late.
    emulator.core.createPost({ channelId, userId: bob, message: 'after the storm' });
    const final = await until(alice, (s) => messages(s, channelId).includes('after the storm'));
    expect(messages(final, channelId).filter((m) => m.startsWith('stream '))).to.deep.equal(sent);
  });

  it('keeps a refused message as failed, and a retry posts it exactly once', async () => {
    const alice = storeFor('alice');
    await alice.start();
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    emulator.worker.use(http.post(`${emulator.baseUrl}/api/v4/posts`, () => HttpResponse.error(), { once: true }));

    await alice.send(channelId, 'Invoice 4711 is paid');
    const failed = alice.state.posts.get(channelId)!;
    const pendingId = failed.order.at(-1)!;
    expect(failed.byId.get(pendingId)).to.include({ state: 'failed', message: 'Invoice 4711 is paid' });
    expect(failed.byId.get(pendingId)!.error).to.be.a('string').and.not.equal('');
    expect(serverMessages(channelId)).to.not.include('Invoice 4711 is paid');

    await alice.retrySend(channelId, pendingId);
    const state = await until(
      alice,
      (s) => s.posts.get(channelId)!.byId.get(pendingId) === undefined,
      'the pending post replaced',
    );
    expect(serverMessages(channelId).filter((m) => m === 'Invoice 4711 is paid')).to.have.length(1);
    const shown = messages(state, channelId).filter((m) => m === 'Invoice 4711 is paid');
    expect(shown).to.have.length(1);
  });

  it('re-sends posts that failed while the server was unreachable once it is back: in order, once each', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    const postsUrl = `${emulator.baseUrl}/api/v4/posts`;
    // A post the server refuses (4xx) stays failed until the user retries it.
    emulator.worker.use(
      http.post(
        postsUrl,
        () => HttpResponse.json({ id: 'api.post.refused', message: 'Refused', status_code: 400 }, { status: 400 }),
        { once: true },
      ),
    );
    await alice.send(channelId, 'Refused by the server');
    // Then the server is out of reach: a 503, a 429, then no answer at all.
    emulator.worker.use(http.all(`${emulator.baseUrl}/api/v4/*`, () => HttpResponse.error()));
    emulator.worker.use(
      http.post(
        postsUrl,
        () => HttpResponse.json({ id: 'busy', message: 'Too many', status_code: 429 }, { status: 429 }),
        { once: true },
      ),
    );
    emulator.worker.use(
      http.post(postsUrl, () => HttpResponse.json({ id: 'down', message: 'Down', status_code: 503 }, { status: 503 }), {
        once: true,
      }),
    );
    const kept = ['Kept 1', 'Kept 2', 'Kept 3'];
    for (const message of kept) await alice.send(channelId, message);
    const failed = alice.state.posts.get(channelId)!;
    const failedIds = failed.order.filter((id) => failed.byId.get(id)!.state === 'failed');
    expect(failedIds.map((id) => failed.byId.get(id)!.message)).to.deep.equal(['Refused by the server', ...kept]);
    expect(serverMessages(channelId).filter((m) => m.startsWith('Kept'))).to.deep.equal([]);

    // Every post request from here on: which pending ids went out, how often.
    const sentPendingIds: string[] = [];
    const record = ({ request }: { request: Request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/v4/posts') {
        void request
          .clone()
          .json()
          .then((body: { pending_post_id: string }) => sentPendingIds.push(body.pending_post_id));
      }
    };
    emulator.worker.events.on('request:start', record);
    emulator.restore();
    const state = await until(
      alice,
      (s) =>
        s.connection === 'online' &&
        kept.every(
          (message) =>
            messages(s, channelId).includes(message) &&
            s.posts
              .get(channelId)!
              .order.every(
                (id) =>
                  s.posts.get(channelId)!.byId.get(id)!.message !== message ||
                  s.posts.get(channelId)!.byId.get(id)!.state === 'sent',
              ),
        ),
      'the kept posts sent',
    ).finally(() => emulator.worker.events.removeListener('request:start', record));

    expect(serverMessages(channelId).filter((m) => m.startsWith('Kept'))).to.deep.equal(kept);
    const serverPending = emulator.core
      .channelPosts(channelId)
      .filter((post) => post.message.startsWith('Kept'))
      .map((post) => post.pending_post_id);
    expect(serverPending).to.deep.equal(failedIds.slice(1));
    expect(sentPendingIds).to.deep.equal(failedIds.slice(1));
    expect(serverMessages(channelId)).to.not.include('Refused by the server');
    const list = state.posts.get(channelId)!;
    expect(list.byId.get(failedIds[0]!)).to.include({ state: 'failed', message: 'Refused by the server' });
  });

  it('never posts twice when the server created the post but the answer was lost', async () => {
    const alice = storeFor('alice', { realtime: { reconnectDelay: 60_000, reconnectJitter: 0 } });
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    // No live events: only the retry can settle the post.
    alice.stop();
    await alice.start();
    emulator.core.dropConnections();
    const aliceId = userId('alice');
    emulator.worker.use(
      http.post(
        `${emulator.baseUrl}/api/v4/posts`,
        async ({ request }) => {
          const body = (await request.json()) as { channel_id: string; message: string; pending_post_id: string };
          emulator.core.createPost({
            channelId: body.channel_id,
            userId: aliceId,
            message: body.message,
            pendingPostId: body.pending_post_id,
          });
          return HttpResponse.error();
        },
        { once: true },
      ),
    );
    await alice.send(channelId, 'Pallets shipped');
    const posts = alice.state.posts.get(channelId)!;
    const lastId = posts.order.at(-1)!;
    if (posts.byId.get(lastId)!.state === 'failed') await alice.retrySend(channelId, lastId);
    const state = await until(
      alice,
      (s) => {
        const list = s.posts.get(channelId)!;
        return list.order.every((id) => list.byId.get(id)!.state === 'sent');
      },
      'no pending posts',
    );
    expect(serverMessages(channelId).filter((m) => m === 'Pallets shipped')).to.have.length(1);
    expect(messages(state, channelId).filter((m) => m === 'Pallets shipped')).to.have.length(1);
  });

  it('recovers silently from a 401 with a new token', async () => {
    const issued: ChatToken[] = [];
    const alice = storeFor('alice', {
      tokenSource: async () => {
        const token = emulator.tokenFor('alice');
        issued.push(token);
        return token;
      },
    });
    const seen = new Set<ConnectionState>();
    alice.subscribe((state) => seen.add(state.connection));
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    expect(issued).to.have.length(1);

    emulator.core.revokeSession(issued[0]!.token);
    await alice.send(channelId, 'Still here?');

    expect(issued).to.have.length(2);
    expect(serverMessages(channelId).filter((m) => m === 'Still here?')).to.have.length(1);
    const state = await until(
      alice,
      (s) => s.connection === 'online' && messages(s, channelId).includes('Still here?'),
    );
    expect(state.posts.get(channelId)!.byId.get(state.posts.get(channelId)!.order.at(-1)!)!.state).to.equal('sent');
    expect(seen.has('unauthorized')).to.equal(false);
    expect(seen.has('error')).to.equal(false);
    // The socket authenticated with the new token: live posts arrive again.
    emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Yes, live' });
    await until(alice, (s) => messages(s, channelId).includes('Yes, live'), 'a live post after the new token');
  });

  it('asks the token source to renew when Mattermost refuses the token it handed out (a restart)', async () => {
    // Like the auth server: a cached token until asked to renew.
    let cached: ChatToken | undefined;
    const asked: Array<{ renew?: boolean } | undefined> = [];
    const alice = storeFor('alice', {
      tokenSource: async (options?: { renew?: boolean }) => {
        asked.push(options);
        if (!cached || options?.renew) cached = emulator.tokenFor('alice');
        return cached;
      },
    });
    const seen = new Set<ConnectionState>();
    alice.subscribe((state) => seen.add(state.connection));
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    // Mattermost restarted: every token is gone, the auth server's cache still has one.
    emulator.core.revokeSession(cached!.token);
    await alice.send(channelId, 'After the restart');
    expect(asked).to.deep.equal([undefined, { renew: true }]);
    expect(serverMessages(channelId).filter((m) => m === 'After the restart')).to.have.length(1);
    await online(alice);
    expect(seen.has('unauthorized')).to.equal(false);
  });

  it('goes unauthorized only when the renewed token is refused too, and retry() asks for a renewed one', async () => {
    let valid = false;
    let cached: ChatToken | undefined;
    const asked: Array<{ renew?: boolean } | undefined> = [];
    const alice = storeFor('alice', {
      tokenSource: async (options?: { renew?: boolean }) => {
        asked.push(options);
        if (!cached || options?.renew) {
          const token = emulator.tokenFor('alice');
          cached = valid ? token : { ...token, token: `refused-${asked.length}` };
        }
        return cached;
      },
    });
    await alice.start();
    expect(alice.state.connection).to.equal('unauthorized');
    expect(asked).to.deep.equal([undefined, { renew: true }]);
    valid = true;
    const bearers: string[] = [];
    const record = ({ request }: { request: Request }) => bearers.push(request.headers.get('Authorization') ?? '');
    emulator.worker.events.on('request:start', record);
    alice.retry();
    const state = await online(alice).finally(() => emulator.worker.events.removeListener('request:start', record));
    expect(state.me?.username).to.equal('alice');
    // retry() asked for a renewed token first: the refused one was not tried again.
    expect(asked).to.deep.equal([undefined, { renew: true }, { renew: true }]);
    expect(bearers.filter((bearer) => bearer.includes('refused-'))).to.deep.equal([]);
  });

  it('heals by itself when Mattermost refuses even a renewed token for a while (a restart in progress)', async () => {
    let refusals = 3;
    const asked: Array<{ renew?: boolean } | undefined> = [];
    const alice = storeFor('alice', {
      tokenSource: async (options?: { renew?: boolean }) => {
        asked.push(options);
        const token = emulator.tokenFor('alice');
        return refusals-- > 0 ? { ...token, token: `not-yet-known-${refusals}` } : token;
      },
    });
    await alice.start();
    expect(alice.state.connection).to.equal('unauthorized');
    const state = await online(alice);
    expect(state.me?.username).to.equal('alice');
    expect(state.error).to.equal(undefined);
    expect(asked.slice(1).every((options) => options?.renew === true)).to.equal(true);
  });

  it('reports unauthorized when the token source refuses', async () => {
    const { SessionError } = await import('../../../src/data/index.js');
    const store = storeFor('alice', {
      tokenSource: () => Promise.reject(new SessionError('unauthorized', 'Sign in first.')),
    });
    await store.start();
    expect(store.state.connection).to.equal('unauthorized');
    expect(store.state.error).to.equal('Sign in first.');
  });

  it('goes offline while the server is unreachable and recovers by itself', async () => {
    emulator.worker.use(http.all(`${emulator.baseUrl}/api/v4/*`, () => HttpResponse.error()));
    const alice = storeFor('alice');
    await alice.start();
    expect(alice.state.connection).to.equal('offline');
    expect(alice.state.error).to.be.a('string').and.not.equal('');
    emulator.restore();
    const state = await online(alice);
    expect(state.me?.username).to.equal('alice');
    expect(state.error).to.equal(undefined);
  });

  it('goes offline mid-session and catches up on recovery', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    emulator.worker.use(http.all(`${emulator.baseUrl}/api/v4/*`, () => HttpResponse.error()));
    emulator.core.dropConnections();
    await until(alice, (s) => s.connection === 'offline', 'offline');
    emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Posted while you were away' });
    emulator.restore();
    const state = await until(
      alice,
      (s) => s.connection === 'online' && messages(s, channelId).includes('Posted while you were away'),
    );
    expect(messages(state, channelId).filter((m) => m === 'Posted while you were away')).to.have.length(1);
  });

  it('notifies subscribers once for a burst of 200 events', async () => {
    // Requests in flight (the catch-up after `hello`) would notify on their own: wait them out.
    let inFlight = 0;
    const started = () => inFlight++;
    const ended = () => inFlight--;
    emulator.worker.events.on('request:start', started);
    emulator.worker.events.on('request:end', ended);
    const bob = storeFor('bob');
    await bob.start();
    await online(bob);
    const channelId = channelByName(bob.state, 'town-square').id;
    for (let quiet = 0; quiet < 3;) {
      await nextFrame();
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
    emulator.worker.events.removeListener('request:start', started);
    emulator.worker.events.removeListener('request:end', ended);
    const before = bob.state.channels.get(channelId)!.unread;
    let notifications = 0;
    bob.subscribe(() => notifications++);
    const alice = userId('alice');
    for (let i = 0; i < 200; i++) emulator.core.createPost({ channelId, userId: alice, message: `burst ${i}` });
    await until(bob, (s) => s.channels.get(channelId)!.unread === before + 200, '200 more unread');
    await nextFrame();
    await nextFrame();
    expect(notifications).to.equal(1);
  });

  it('loads the open conversation once the server is back', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    emulator.worker.use(http.all(`${emulator.baseUrl}/api/v4/*`, () => HttpResponse.error()));
    await alice.openChannel(channelId);
    expect(alice.state.connection).to.equal('offline');
    expect(alice.state.activeChannelId).to.equal(channelId);
    expect(alice.state.posts.has(channelId)).to.equal(false);
    emulator.restore();
    const state = await until(
      alice,
      (s) => s.connection === 'online' && s.posts.has(channelId),
      'the conversation loaded',
    );
    expect(messages(state, channelId).length).to.be.greaterThan(0);
  });

  it('gives up as unauthorized after a second 401, and retry() starts over', async () => {
    let valid = false;
    let calls = 0;
    const alice = storeFor('alice', {
      tokenSource: async () => {
        calls++;
        const token = emulator.tokenFor('alice');
        // A fresh (still refused) token per call, as a real token source issues them.
        return valid ? token : { ...token, token: `revoked-or-never-issued-token-${calls}` };
      },
    });
    await alice.start();
    expect(alice.state.connection).to.equal('unauthorized');
    expect(calls).to.equal(2);
    expect(alice.state.error).to.be.a('string').and.not.equal('');
    valid = true;
    alice.retry();
    const state = await online(alice);
    expect(state.me?.username).to.equal('alice');
  });

  it('keeps the server order of posts made in the same millisecond across a reconnect', async () => {
    const alice = storeFor('alice');
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'off-topic').id;
    await alice.openChannel(channelId);
    const now = Date.now();
    const bob = userId('bob');
    emulator.core.createPost({ channelId, userId: bob, message: 'tie before', createAt: now });
    await until(alice, (s) => messages(s, channelId).includes('tie before'), 'the live post');
    emulator.core.dropConnections();
    for (let i = 0; i < 20; i++)
      emulator.core.createPost({ channelId, userId: bob, message: `tie ${i}`, createAt: now });
    const state = await until(
      alice,
      (s) => messages(s, channelId).includes('tie 19') && s.connection === 'online',
      'the tied posts',
    );
    const server = emulator.core
      .channelPosts(channelId)
      .filter((post) => !post.delete_at)
      .map((post) => post.id);
    expect(state.posts.get(channelId)!.order).to.deep.equal(server);
  });

  it('notices a revoked token from the socket alone, and reconnects with a new one', async () => {
    const issued: ChatToken[] = [];
    let renewed!: () => void;
    const renewal = new Promise<void>((resolve) => (renewed = resolve));
    const alice = storeFor('alice', {
      tokenSource: async () => {
        const token = emulator.tokenFor('alice');
        issued.push(token);
        if (issued.length === 2) renewed();
        return token;
      },
    });
    await alice.start();
    await online(alice);
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    emulator.core.revokeSession(issued[0]!.token);
    await renewal;
    await online(alice);
    emulator.core.createPost({ channelId, userId: userId('bob'), message: 'Heard on the new socket' });
    await until(alice, (s) => messages(s, channelId).includes('Heard on the new socket'), 'a live post');
    expect(issued).to.have.length(2);
  });
});
