/**
 * Connections that drop: the real WebSocketClient reconnects, and a client that
 * catches up over REST ends with every post exactly once, in order. Header- or
 * cookie-authenticated reconnects replay from the dead queue, as the server does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import { makeClient, openSocket } from '../../helpers/mattermost-node.js';
import { channelId, rawSocket, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

describe('reconnecting', () => {
  let emu: SeededEmulator;

  before(async () => {
    emu = await startSeeded();
  });
  after(async () => {
    await emu?.close();
  });

  it('after a drop during a stream of posts, live events plus getPostsSince give every post once, in order', async () => {
    const sales = channelId(emu, 'sales');
    const aliceToken = emu.core.issueToken(userId(emu, 'alice'));
    const alice = makeClient(emu.url, aliceToken);
    const bob = makeClient(emu.url, emu.core.issueToken(userId(emu, 'bob')));
    // A long enough retry delay that some posts surely land while alice is away.
    const socket = await openSocket(emu.url, aliceToken, { minRetryMs: 400 });
    let resyncs = 0;
    socket.client.addMissedMessageListener(() => resyncs++);
    try {
      const live: Post[] = [];
      socket.client.addMessageListener((msg) => {
        if (msg.event === 'posted' && msg.broadcast.channel_id === sales)
          live.push(JSON.parse(msg.data.post as string) as Post);
      });
      const created: string[] = [];
      let lastBeforeDrop = 0;
      const reconnected = socket.nextReconnect();
      for (let i = 0; i < 30; i++) {
        if (i === 10) {
          await socket.waitFor((m) => m.event === 'posted' && JSON.parse(String(m.data?.post)).id === created[9]);
          lastBeforeDrop = live[live.length - 1]!.create_at;
          assert.equal(emu.core.dropConnections({ userId: userId(emu, 'alice') }), 1);
        }
        const post = await bob.createPost({ channel_id: sales, message: `stream ${i}` } as Post);
        created.push(post.id);
      }
      await reconnected;
      // The client reports the reconnect on open; the new hello follows the challenge.
      const firstId = socket.events.find((m) => m.event === 'hello')?.data?.connection_id;
      await socket.waitFor((m) => m.event === 'hello' && m.data?.connection_id !== firstId);
      const hellos = socket.events.filter((m) => m.event === 'hello');
      assert.equal(hellos.length, 2, 'a token-challenge reconnect gets a new hello');
      assert.notEqual(hellos[0]!.data?.connection_id, hellos[1]!.data?.connection_id);
      assert.equal(resyncs, 1, 'the new connection id tells the client to resync');
      assert.ok(live.length < created.length, 'some posts were made while disconnected');

      const since = await alice.getPostsSince(sales, lastBeforeDrop);
      const merged = new Map<string, Post>();
      for (const post of live) merged.set(post.id, post);
      for (const id of since.order) merged.set(id, since.posts[id]!);
      const ordered = [...merged.values()]
        .filter((p) => p.message.startsWith('stream '))
        .sort((a, b) => a.create_at - b.create_at)
        .map((p) => p.id);
      assert.deepEqual(ordered, created);
      assert.equal(new Set(live.map((p) => p.id)).size, live.length, 'no post arrived twice live');

      // And the connection keeps working after the reconnect.
      const after = await bob.createPost({ channel_id: sales, message: 'after reconnect' } as Post);
      await socket.waitFor((m) => m.event === 'posted' && JSON.parse(String(m.data?.post)).id === after.id);
    } finally {
      socket.close();
    }
  });

  it('replays missed events to a header-authenticated reconnect with the same connection id, without hello', async () => {
    const token = emu.core.issueToken(userId(emu, 'bob'));
    const headers = { Authorization: `Bearer ${token}` };
    const first = await rawSocket(emu.url, { headers });
    const hello = await first.next((f) => f.event === 'hello');
    assert.equal(hello.seq, 0);
    const connectionId = String(hello.data?.connection_id);
    const alice = makeClient(emu.url, emu.core.issueToken(userId(emu, 'alice')));
    const warehouse = channelId(emu, 'warehouse');
    const seen = await alice.createPost({ channel_id: warehouse, message: 'seen live' } as Post);
    const seenFrame = await first.next((f) => f.event === 'posted' && String(f.data?.post).includes(seen.id));
    assert.equal(emu.core.dropConnections({ userId: userId(emu, 'bob') }), 1);
    await first.closed;
    const missed1 = await alice.createPost({ channel_id: warehouse, message: 'missed one' } as Post);
    const missed2 = await alice.createPost({ channel_id: warehouse, message: 'missed two' } as Post);

    const resumed = await rawSocket(emu.url, {
      headers,
      query: `?connection_id=${connectionId}&sequence_number=${seenFrame.seq! + 1}`,
    });
    const r1 = await resumed.next((f) => f.event === 'posted');
    const r2 = await resumed.next((f) => f.event === 'posted');
    assert.ok(String(r1.data?.post).includes(missed1.id));
    assert.ok(String(r2.data?.post).includes(missed2.id));
    // Everything from the requested number on, without gaps (a status_change may be among them).
    const seqs = resumed.frames.map((f) => f.seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => seenFrame.seq! + 1 + i),
    );
    assert.equal(
      resumed.frames.some((f) => f.event === 'hello'),
      false,
    );
    resumed.ws.close();
    await resumed.closed;
  });

  it('gives a new connection id and hello when the requested events are lost', async () => {
    const token = emu.core.issueToken(userId(emu, 'sam'));
    const headers = { Authorization: `Bearer ${token}` };
    const first = await rawSocket(emu.url, { headers });
    const hello = await first.next((f) => f.event === 'hello');
    first.ws.close();
    await first.closed;
    const resumed = await rawSocket(emu.url, {
      headers,
      query: `?connection_id=${String(hello.data?.connection_id)}&sequence_number=999`,
    });
    const again = await resumed.next((f) => f.event === 'hello');
    assert.equal(again.seq, 0);
    assert.notEqual(again.data?.connection_id, hello.data?.connection_id);
    resumed.ws.close();
    await resumed.closed;
  });

  it('gives a token-challenge reconnect a fresh connection id even when it names the old one', async () => {
    const token = emu.core.issueToken(userId(emu, 'sam'));
    const first = await rawSocket(emu.url);
    first.send({ action: 'authentication_challenge', seq: 1, data: { token } });
    const hello = await first.next((f) => f.event === 'hello');
    first.ws.close();
    await first.closed;
    const second = await rawSocket(emu.url, {
      query: `?connection_id=${String(hello.data?.connection_id)}&sequence_number=1`,
    });
    second.send({ action: 'authentication_challenge', seq: 1, data: { token } });
    const hello2 = await second.next((f) => f.event === 'hello');
    assert.equal(hello2.seq, 0);
    assert.notEqual(hello2.data?.connection_id, hello.data?.connection_id);
    second.ws.close();
    await second.closed;
  });
});
