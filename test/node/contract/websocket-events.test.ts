// The events the widget's store handles (WEBSOCKET.md §7): payloads and, above all,
// audiences, since an event sent to the wrong user leaks a conversation. "Not sent" is
// shown with a barrier: a later event that does reach the socket.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { type Frame, FrameSocket, type MMClient, type World, http, startWorld, uniqueName } from './harness.js';

type Signed = { id: string; token: string; client: MMClient };

let world: World;
let alice: Signed;
let bob: Signed;
let sam: Signed;
let teamId = '';
const sockets: FrameSocket[] = [];

async function socketFor(user: Signed): Promise<FrameSocket> {
  const s = await FrameSocket.authenticated(world.url, user.token);
  sockets.push(s);
  return s;
}

async function channelOf(owner: Signed, type: 'O' | 'P', members: Signed[] = []): Promise<Channel> {
  const channel = await owner.client.createChannel({
    team_id: teamId,
    name: uniqueName('ev-'),
    display_name: 'Events',
    type,
  });
  for (const m of members) await owner.client.addToChannel(m.id, channel.id);
  return channel;
}

/** Posts in a channel every given socket's user is in, and waits until each socket has it. */
async function barrier(poster: Signed, channelId: string, ...to: FrameSocket[]): Promise<void> {
  const message = uniqueName('barrier ');
  await poster.client.createPost({ channel_id: channelId, message } as Post);
  await Promise.all(to.map((s) => s.event('posted', (f) => JSON.parse(String(f.data?.post)).message === message)));
}

const named = (frames: Frame[], event: string) => frames.filter((f) => f.event === event);

describe('WebSocket events the widget handles', () => {
  before(async () => {
    world = await startWorld();
    [alice, bob, sam] = await Promise.all([world.user('alice'), world.user('bob'), world.user('sam')]);
    teamId = (await world.admin.getTeamByName('erp')).id;
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  after(() => world?.close());

  it('posted reaches channel members only, with channel_type, channel_name, sender_name and team_id', async () => {
    const shared = await channelOf(bob, 'O', [alice]);
    const secret = await channelOf(bob, 'P');
    const [a, b] = [await socketFor(alice), await socketFor(bob)];
    const aliceFrom = a.frames.length;
    await bob.client.createPost({ channel_id: secret.id, message: 'only bob' } as Post);
    const mine = await b.event('posted', (f) => f.broadcast?.channel_id === secret.id);
    assert.equal(mine.data?.channel_type, 'P');
    assert.equal(mine.data?.channel_name, secret.name);
    assert.equal(mine.data?.sender_name, '@bob');
    assert.equal(mine.data?.team_id, teamId);
    await barrier(bob, shared.id, a);
    assert.deepEqual(
      a.since(aliceFrom).filter((f) => f.broadcast?.channel_id === secret.id),
      [],
      'nothing from a channel alice is not in',
    );
  });

  it("posted.mentions is only on the mentioned user's copy", async () => {
    const channel = await channelOf(bob, 'O', [alice, sam]);
    const [a, b, s] = [await socketFor(alice), await socketFor(bob), await socketFor(sam)];
    await bob.client.createPost({ channel_id: channel.id, message: 'ping @alice' } as Post);
    const isIt = (f: Frame) => f.broadcast?.channel_id === channel.id;
    const [forAlice, forBob, forSam] = await Promise.all([
      a.event('posted', isIt),
      b.event('posted', isIt),
      s.event('posted', isIt),
    ]);
    assert.deepEqual(JSON.parse(String(forAlice.data?.mentions)), [alice.id]);
    assert.equal(forBob.data?.mentions, undefined);
    assert.equal(forSam.data?.mentions, undefined);
  });

  it('direct_added goes to a new DM with {creator_id, teammate_id}', async () => {
    // A user with no DM yet: the demo world already has alice–bob, and a repeat creates nothing.
    const username = uniqueName('dm');
    const created = await http(world.url, '/users', {
      method: 'POST',
      token: world.emulator.adminToken,
      body: { username, email: `${username}@contract.example`, password: 'contract-password' },
    });
    const newcomer = { id: (created.json as { id: string }).id, token: '', client: bob.client };
    newcomer.token = world.emulator.core.issueToken(newcomer.id);
    const n = await socketFor(newcomer);
    const dm = await bob.client.createDirectChannel([bob.id, newcomer.id]);
    const added = await n.event('direct_added', (f) => f.broadcast?.channel_id === dm.id);
    assert.deepEqual(added.data, { creator_id: bob.id, teammate_id: newcomer.id });
  });

  it('group_added carries teammate_ids as a JSON string', async () => {
    const a = await socketFor(alice);
    const gm = await bob.client.createGroupChannel([bob.id, alice.id, sam.id]);
    const added = await a.event('group_added', (f) => f.broadcast?.channel_id === gm.id);
    assert.equal(typeof added.data?.teammate_ids, 'string');
    assert.deepEqual(
      new Set(JSON.parse(String(added.data?.teammate_ids)) as string[]),
      new Set([alice.id, bob.id, sam.id]),
    );
  });

  it('channel_created goes to the creator only', async () => {
    const [a, b] = [await socketFor(alice), await socketFor(bob)];
    const bobFrom = b.frames.length;
    const channel = await channelOf(alice, 'O');
    const created = await a.event('channel_created', (f) => f.data?.channel_id === channel.id);
    assert.deepEqual(created.data, { channel_id: channel.id, team_id: teamId });
    assert.equal(created.broadcast?.user_id, alice.id);
    const shared = await channelOf(alice, 'O', [bob]);
    await barrier(alice, shared.id, b);
    assert.deepEqual(
      named(b.since(bobFrom), 'channel_created').filter((f) => f.data?.channel_id === channel.id),
      [],
    );
  });

  it('user_added tells the added user which channel, and the members who was added', async () => {
    const channel = await channelOf(alice, 'O', [sam]);
    const [b, s] = [await socketFor(bob), await socketFor(sam)];
    await alice.client.addToChannel(bob.id, channel.id);
    const toBob = await b.event('user_added', (f) => (f.broadcast?.channel_id || f.data?.channel_id) === channel.id);
    assert.equal(toBob.data?.user_id ?? toBob.broadcast?.user_id, bob.id);
    const toSam = await s.event('user_added', (f) => f.broadcast?.channel_id === channel.id);
    assert.equal(toSam.data?.user_id, bob.id);
  });

  it('user_removed tells the removed user which channel, and the members who left', async () => {
    const channel = await channelOf(alice, 'O', [bob, sam]);
    const [b, s] = [await socketFor(bob), await socketFor(sam)];
    const removed = await http(world.url, `/channels/${channel.id}/members/${bob.id}`, {
      method: 'DELETE',
      token: alice.token,
    });
    assert.deepEqual(removed.json, { status: 'OK' });
    const toBob = await b.event('user_removed', (f) => f.data?.channel_id === channel.id);
    assert.equal(toBob.broadcast?.user_id, bob.id);
    assert.equal(toBob.data?.remover_id, alice.id);
    const toSam = await s.event('user_removed', (f) => f.broadcast?.channel_id === channel.id);
    assert.deepEqual([toSam.data?.user_id, toSam.data?.remover_id], [bob.id, alice.id]);
  });

  it('a failed action is answered {status: "FAIL", seq_reply, error: AppError}', async () => {
    const a = await socketFor(alice);
    const seq = a.send('no_such_action');
    const reply = await a.next((f) => f.seq_reply === seq, 'reply to an unknown action');
    assert.equal(reply.status, 'FAIL');
    assert.equal(reply.error?.id, 'api.web_socket_router.bad_action.app_error');
    assert.equal(typeof reply.error?.message, 'string');
    assert.ok(!('event' in reply) && !('seq' in reply));

    const typing = a.send('user_typing', { channel_id: 'not-an-id', parent_id: '' });
    const bad = await a.next((f) => f.seq_reply === typing, 'reply to a bad user_typing');
    assert.equal(bad.status, 'FAIL');
    assert.equal(bad.error?.id, 'api.websocket_handler.invalid_param.app_error');
  });

  it('an action with seq 0 is refused with bad_seq; a frame that is not JSON closes the socket', async () => {
    const a = await socketFor(alice);
    a.sendRaw(JSON.stringify({ action: 'ping', seq: 0, data: {} }));
    const refused = await a.next((f) => f.status === 'FAIL', 'reply to a seq 0 action');
    assert.equal(refused.seq_reply, 0);
    assert.equal(refused.error?.id, 'api.web_socket_router.bad_seq.app_error');
    assert.ok(a.isOpen, 'a refused action leaves the socket open');
    const before = a.frames.length;
    a.sendRaw('{not json');
    const { framesBeforeClose } = await a.closed;
    assert.equal(framesBeforeClose, before, 'closed without a reply');
  });

  it('an action before authentication is refused with a 401 AppError, and presence is not', async () => {
    const s = await FrameSocket.open(world.url);
    sockets.push(s);
    const ping = s.send('ping');
    const refused = await s.next((f) => f.seq_reply === ping, 'reply to an unauthenticated ping');
    assert.equal(refused.status, 'FAIL');
    assert.equal(refused.error?.id, 'api.web_socket_router.not_authenticated.app_error');
    assert.equal(refused.error?.status_code, 401);
    const presence = s.send('presence', { channel_id: '' });
    const ok = await s.next((f) => f.seq_reply === presence, 'reply to presence');
    assert.equal(ok.status, 'OK');
  });
});
