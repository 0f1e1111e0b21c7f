// The WebSocket facts of ../shared/mattermost-api/README.md (and WEBSOCKET.md), one test
// per fact, seen frame by frame on a raw socket. "X did not arrive" is shown with a
// barrier: a later event that does reach the socket, before which X would have come.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { Channel } from '@mattermost/types/channels';
import { type ShapeValidator, loadTypeValidator } from './schemas.js';
import { type Frame, FrameSocket, type MMClient, type World, http, startWorld, uniqueName } from './harness.js';

type Signed = { id: string; token: string; client: MMClient };

let world: World;
let types: ShapeValidator;
let alice: Signed;
let bob: Signed;
let teamId = '';
const sockets: FrameSocket[] = [];

async function socketFor(user: Signed): Promise<FrameSocket> {
  const s = await FrameSocket.authenticated(world.url, user.token);
  sockets.push(s);
  return s;
}

async function sharedChannel(): Promise<Channel> {
  const channel = await alice.client.createChannel({
    team_id: teamId,
    name: uniqueName('ws-'),
    display_name: 'WS',
    type: 'O',
  });
  await alice.client.addToChannel(bob.id, channel.id);
  return channel;
}

const isReply = (f: Frame) => 'seq_reply' in f;
const events = (frames: Frame[]) => frames.filter((f) => !isReply(f));

describe('WebSocket facts a real client notices', () => {
  let idle: FrameSocket;
  let idleOpenedAt = 0;

  before(async () => {
    [world, types] = await Promise.all([startWorld(), loadTypeValidator()]);
    // Opened first and checked last, so that its 5 s overlap the other tests.
    idle = await FrameSocket.open(world.url);
    idleOpenedAt = Date.now();
    [alice, bob] = await Promise.all([world.user('alice'), world.user('bob')]);
    teamId = (await world.admin.getTeamByName('erp')).id;
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  after(async () => {
    idle?.close();
    await world?.close();
  });

  it('6. authentication_challenge (seq 1) is answered by hello, then {"status":"OK","seq_reply":1}; a bad token closes the socket without a frame', async () => {
    const s = await FrameSocket.open(world.url);
    sockets.push(s);
    const reply = await s.challenge(alice.token);
    assert.deepEqual(reply, { status: 'OK', seq_reply: 1 });
    assert.equal(s.frames[0]?.event, 'hello', 'hello comes first');
    // The real server sets the user online concurrently, so a status_change may come
    // between hello and the reply; what the client needs is hello before the reply.
    assert.ok(s.frames.indexOf(reply) > 0);

    for (const data of [{ token: 'x'.repeat(26) }, {}]) {
      const bad = await FrameSocket.open(world.url);
      sockets.push(bad);
      bad.sendRaw(JSON.stringify({ action: 'authentication_challenge', seq: 1, data }));
      const { framesBeforeClose } = await bad.closed;
      assert.equal(framesBeforeClose, 0, `no frame before the close (${JSON.stringify(data)})`);
    }
  });

  it('6. a second authentication_challenge on an authenticated socket is ignored, without a reply', async () => {
    const s = await socketFor(alice);
    const again = s.send('authentication_challenge', { token: bob.token });
    const ping = s.send('ping');
    await s.next((f) => f.seq_reply === ping, 'pong after the second challenge');
    assert.deepEqual(
      s.frames.filter((f) => f.seq_reply === again),
      [],
      'no reply to the second challenge',
    );
    assert.deepEqual(s.frames.filter((f) => f.event === 'hello').length, 1, 'no second hello');
    const dm = await bob.client.createDirectChannel([bob.id, alice.id]);
    await bob.client.createPost({ channel_id: dm.id, message: 'still alice?' } as Post);
    const posted = await s.event('posted', (f) => JSON.parse(String(f.data?.post)).message === 'still alice?');
    assert.equal(
      JSON.parse(String(posted.data?.mentions)).includes(alice.id),
      true,
      'the socket still belongs to alice',
    );
  });

  it('7. events carry seq 0, 1, 2... per connection, starting with hello; replies carry seq_reply and neither event nor seq', async () => {
    const channel = await sharedChannel();
    const first = await socketFor(alice);
    const second = await socketFor(alice);
    for (const message of ['a', 'b', 'c']) await bob.client.createPost({ channel_id: channel.id, message } as Post);
    const ping = first.send('ping');
    await first.next((f) => f.seq_reply === ping, 'pong');
    await first.event('posted', (f) => JSON.parse(String(f.data?.post)).message === 'c');
    await second.event('posted', (f) => JSON.parse(String(f.data?.post)).message === 'c');

    for (const s of [first, second]) {
      const seqs = events(s.frames).map((f) => f.seq);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i),
        JSON.stringify(s.frames),
      );
      assert.equal(events(s.frames)[0]?.event, 'hello');
      for (const reply of s.frames.filter(isReply)) {
        assert.ok(!('event' in reply) && !('seq' in reply), JSON.stringify(reply));
      }
      for (const e of events(s.frames)) assert.deepEqual(Object.keys(e).sort(), ['broadcast', 'data', 'event', 'seq']);
    }
  });

  it('8. hello carries server_version, connection_id and server_hostname; a token client that reconnects gets a fresh connection_id', async () => {
    const s = await socketFor(alice);
    const hello = s.frames[0] as Frame;
    const version = (await http(world.url, '/system/ping')).headers.get('x-version-id');
    assert.equal(hello.data?.server_version, version);
    assert.match(String(hello.data?.connection_id), /^[a-z0-9]{26}$/);
    assert.equal(typeof hello.data?.server_hostname, 'string');
    assert.equal(hello.broadcast?.user_id, alice.id);

    const next = events(s.frames).length;
    s.close();
    await s.closed;
    const again = await FrameSocket.open(
      world.url,
      `connection_id=${String(hello.data?.connection_id)}&sequence_number=${next}`,
    );
    sockets.push(again);
    await again.challenge(alice.token);
    const hello2 = again.frames[0] as Frame;
    assert.equal(hello2.event, 'hello');
    assert.equal(hello2.seq, 0);
    assert.match(String(hello2.data?.connection_id), /^[a-z0-9]{26}$/);
    assert.notEqual(hello2.data?.connection_id, hello.data?.connection_id);
  });

  it('8. a reconnect authenticated at the upgrade (cookie) with connection_id and sequence_number replays the missed events, without hello', async () => {
    const channel = await sharedChannel();
    const cookie = { Cookie: `MMAUTHTOKEN=${alice.token}` };
    const s = await FrameSocket.open(world.url, undefined, cookie);
    sockets.push(s);
    const hello = await s.event('hello');
    await bob.client.createPost({ channel_id: channel.id, message: 'seen' } as Post);
    await s.event('posted', (f) => f.broadcast?.channel_id === channel.id);
    const nextSeq = events(s.frames).length;
    s.close();
    await s.closed;

    for (const message of ['missed 1', 'missed 2'])
      await bob.client.createPost({ channel_id: channel.id, message } as Post);
    const again = await FrameSocket.open(
      world.url,
      `connection_id=${String(hello.data?.connection_id)}&sequence_number=${nextSeq}`,
      cookie,
    );
    sockets.push(again);
    await bob.client.createPost({ channel_id: channel.id, message: 'live' } as Post);
    await again.event('posted', (f) => JSON.parse(String(f.data?.post)).message === 'live');

    const got = events(again.frames);
    assert.equal(got.filter((f) => f.event === 'hello').length, 0, 'no hello on a resumed connection');
    assert.deepEqual(
      got.map((f) => f.seq),
      got.map((_, i) => nextSeq + i),
      'the sequence continues where it stopped',
    );
    const posted = got.filter((f) => f.event === 'posted' && f.broadcast?.channel_id === channel.id);
    assert.deepEqual(
      posted.map((f) => JSON.parse(String(f.data?.post)).message),
      ['missed 1', 'missed 2', 'live'],
    );
  });

  it('8. a cookie reconnect that missed more than the 128-event buffer gets a new connection_id and hello at seq 0', async () => {
    const channel = await sharedChannel();
    const cookie = { Cookie: `MMAUTHTOKEN=${alice.token}` };
    const s = await FrameSocket.open(world.url, undefined, cookie);
    sockets.push(s);
    const hello = await s.event('hello');
    const nextSeq = events(s.frames).length;
    s.close();
    await s.closed;

    // In process: 130 posts, each one event for alice, more than the dead queue keeps.
    for (let i = 0; i < 130; i++)
      world.emulator.core.createPost({ channelId: channel.id, userId: bob.id, message: `flood ${i}` });
    const again = await FrameSocket.open(
      world.url,
      `connection_id=${String(hello.data?.connection_id)}&sequence_number=${nextSeq}`,
      cookie,
    );
    sockets.push(again);
    const hello2 = await again.event('hello');
    assert.equal(hello2.seq, 0);
    assert.notEqual(hello2.data?.connection_id, hello.data?.connection_id);
    assert.equal(again.frames[0], hello2, 'hello first, nothing replayed before it');
  });

  it('9. a ping action is answered by a seq_reply with data {text: "pong", version, server_time, node_id}', async () => {
    const s = await socketFor(alice);
    const seq = s.send('ping');
    const before = Date.now();
    const pong = await s.next((f) => f.seq_reply === seq, 'pong');
    assert.equal(pong.status, 'OK');
    assert.ok(!('event' in pong) && !('seq' in pong));
    assert.equal(pong.data?.text, 'pong');
    assert.equal(typeof pong.data?.version, 'string');
    assert.equal(typeof pong.data?.node_id, 'string');
    assert.equal(typeof pong.data?.server_time, 'number');
    assert.ok(Math.abs(Number(pong.data?.server_time) - before) < 60_000, 'server_time is a ms timestamp');
  });

  it('10. posted.post, posted.mentions, post_edited.post, post_deleted.post and reaction_*.reaction are JSON strings', async () => {
    const channel = await sharedChannel();
    const s = await socketFor(alice);
    const pending = `${bob.id}:${Date.now()}`;
    const post = await bob.client.createPost({
      channel_id: channel.id,
      message: 'hi @alice',
      pending_post_id: pending,
    } as Post);

    const posted = await s.event('posted', (f) => f.broadcast?.channel_id === channel.id);
    assert.equal(typeof posted.data?.post, 'string');
    const parsed = JSON.parse(String(posted.data?.post)) as Post;
    assert.deepEqual(types.check('Post', parsed), [], 'posted.post is a Post');
    assert.equal(parsed.id, post.id);
    assert.equal(parsed.pending_post_id, pending);
    assert.equal(typeof posted.data?.mentions, 'string');
    assert.deepEqual(JSON.parse(String(posted.data?.mentions)), [alice.id]);

    await bob.client.addReaction(bob.id, post.id, 'smile');
    const added = await s.event('reaction_added');
    assert.equal(typeof added.data?.reaction, 'string');
    const reaction = JSON.parse(String(added.data?.reaction)) as Reaction;
    assert.deepEqual(types.check('Reaction', reaction), [], 'reaction_added.reaction is a Reaction');
    assert.deepEqual([reaction.post_id, reaction.user_id, reaction.emoji_name], [post.id, bob.id, 'smile']);
    await bob.client.removeReaction(bob.id, post.id, 'smile');
    const removed = await s.event('reaction_removed');
    assert.equal((JSON.parse(String(removed.data?.reaction)) as Reaction).emoji_name, 'smile');

    await bob.client.patchPost({ id: post.id, message: 'hi again' });
    const edited = await s.event('post_edited');
    const editedPost = JSON.parse(String(edited.data?.post)) as Post;
    assert.equal(editedPost.message, 'hi again');
    assert.deepEqual(types.check('Post', editedPost), [], 'post_edited.post is a Post');
    await bob.client.deletePost(post.id);
    const deleted = await s.event('post_deleted');
    const deletedPost = JSON.parse(String(deleted.data?.post)) as Post;
    assert.equal(deletedPost.id, post.id);
    assert.deepEqual(types.check('Post', deletedPost), [], 'post_deleted.post is a Post');
    assert.ok(deletedPost.delete_at > 0, 'post_deleted.post carries delete_at');
  });

  it('10. typing carries {user_id, parent_id} to the channel and skips the typer', async () => {
    const channel = await sharedChannel();
    const [a, b] = [await socketFor(alice), await socketFor(bob)];
    const bobBefore = b.frames.length;
    const seq = b.send('user_typing', { channel_id: channel.id, parent_id: '' });
    const typing = await a.event('typing');
    assert.deepEqual(typing.data, { user_id: bob.id, parent_id: '' });
    assert.equal(typing.broadcast?.channel_id, channel.id);
    const reply = await b.next((f) => f.seq_reply === seq, 'reply to user_typing');
    assert.equal(reply.status, 'OK');

    // Barrier: a post after the typing reaches bob; a typing event for him would be before it.
    await bob.client.createPost({ channel_id: channel.id, message: 'barrier' } as Post);
    await b.event('posted', (f) => f.broadcast?.channel_id === channel.id);
    assert.deepEqual(
      b.since(bobBefore).filter((f) => f.event === 'typing'),
      [],
    );
  });

  it('10. status_change goes only to the user whose status changed', async () => {
    const channel = await sharedChannel();
    const [a, b] = [await socketFor(alice), await socketFor(bob)];
    const bobBefore = b.frames.length;
    const put = await http(world.url, `/users/${alice.id}/status`, {
      method: 'PUT',
      token: alice.token,
      body: { user_id: alice.id, status: 'dnd' },
    });
    assert.equal(put.status, 200, put.text);
    const change = await a.event('status_change', (f) => f.data?.status === 'dnd');
    assert.deepEqual(change.data, { status: 'dnd', user_id: alice.id });
    assert.equal(change.broadcast?.user_id, alice.id);

    await alice.client.createPost({ channel_id: channel.id, message: 'barrier' } as Post);
    await b.event('posted', (f) => f.broadcast?.channel_id === channel.id);
    assert.deepEqual(
      b.since(bobBefore).filter((f) => f.event === 'status_change'),
      [],
    );
  });

  it('10. viewing a channel emits multiple_channels_viewed to the viewer', async () => {
    const channel = await sharedChannel();
    const s = await socketFor(alice);
    const view = await alice.client.viewMyChannel(channel.id);
    const viewed = await s.event('multiple_channels_viewed');
    assert.deepEqual(viewed.data, { channel_times: { [channel.id]: view.last_viewed_at_times[channel.id] } });
    assert.equal(viewed.broadcast?.user_id, alice.id);
    assert.equal(typeof view.last_viewed_at_times[channel.id], 'number');
  });

  it('6. a socket that does not authenticate is closed after 5 s, without a frame', async () => {
    const { framesBeforeClose } = await idle.closed;
    const openFor = Date.now() - idleOpenedAt;
    assert.equal(framesBeforeClose, 0);
    // The server starts its 5 s when it accepts, a little before the client sees "open".
    assert.ok(openFor >= 4_000 && openFor < 10_000, `closed after ${openFor} ms`);
  });
});
