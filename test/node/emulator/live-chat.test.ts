/**
 * Two people chat through the real @mattermost/client against the emulator over
 * HTTP and WebSocket: what they see live and over REST.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import { loginClient, openSocket } from '../../helpers/mattermost-node.js';
import type { Client, SocketHandle } from '../../helpers/mattermost-node.js';
import { DEMO_PASSWORD, channelId, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

describe('two users chatting live', () => {
  let emu: SeededEmulator;
  let alice: Client;
  let bob: Client;
  let aliceWs: SocketHandle;
  let bobWs: SocketHandle;

  before(async () => {
    emu = await startSeeded();
    alice = await loginClient(emu.url, 'alice', DEMO_PASSWORD);
    bob = await loginClient(emu.url, 'bob@bisman.example', DEMO_PASSWORD);
    aliceWs = await openSocket(emu.url, alice.getToken());
    bobWs = await openSocket(emu.url, bob.getToken());
  });

  after(async () => {
    aliceWs?.close();
    bobWs?.close();
    await emu?.close();
  });

  it('logs in by password and reads the session user', async () => {
    const me = await alice.getMe();
    assert.equal(me.username, 'alice');
    assert.equal(me.id, userId(emu, 'alice'));
    assert.equal((me as unknown as Record<string, unknown>).password, undefined);
    assert.match(alice.getToken(), /^[a-z0-9]{26}$/);
    assert.match(alice.serverVersion, /^11\.1\.0\./);
  });

  it('lists the teams, channels and members a user belongs to', async () => {
    const teams = await alice.getMyTeams();
    assert.deepEqual(
      teams.map((t) => t.name),
      ['erp'],
    );
    const channels = await alice.getMyChannels(teams[0]!.id);
    const names = channels.map((c) => c.name);
    for (const name of ['town-square', 'off-topic', 'sales', 'warehouse', 'management', 'support-alice']) {
      assert.ok(names.includes(name), `alice sees ${name}`);
    }
    assert.ok(!names.includes('support-bob'), 'alice does not see support-bob');
    const dm = channels.find((c) => c.type === 'D');
    assert.equal(dm?.name, [userId(emu, 'alice'), userId(emu, 'bob')].sort().join('__'));
    const members = await alice.getMyChannelMembers(teams[0]!.id);
    assert.equal(members.length, channels.length);
    const bySearch = await alice.getChannelByName(teams[0]!.id, 'sales');
    assert.equal(bySearch.id, channelId(emu, 'sales'));
  });

  it('delivers a post live to the other member, with pending_post_id and mentions', async () => {
    const sales = channelId(emu, 'sales');
    const pending = `${userId(emu, 'alice')}:${Date.now()}`;
    const created = await alice.createPost({
      channel_id: sales,
      message: 'Ping @bob about SO-5531',
      pending_post_id: pending,
    } as Post);
    assert.equal(created.pending_post_id, pending);
    const event = await bobWs.waitFor(
      (m) => m.event === 'posted' && JSON.parse(String(m.data?.post)).id === created.id,
    );
    const post = JSON.parse(String(event.data?.post)) as Post;
    assert.equal(post.message, 'Ping @bob about SO-5531');
    assert.equal(post.pending_post_id, pending);
    assert.equal(event.data?.channel_name, 'sales');
    assert.equal(event.data?.channel_type, 'O');
    assert.equal(event.data?.sender_name, '@alice');
    assert.equal(event.data?.team_id, emu.world.team.id);
    assert.equal(event.data?.mentions, JSON.stringify([userId(emu, 'bob')]));
    assert.equal(event.broadcast?.channel_id, sales);
    // The author receives it too, without a mentions entry.
    const own = await aliceWs.waitFor(
      (m) => m.event === 'posted' && JSON.parse(String(m.data?.post)).id === created.id,
    );
    assert.equal(own.data?.mentions, undefined);
    const bobMember = await bob.getMyChannelMember(sales);
    assert.ok(bobMember.mention_count >= 1);
  });

  it('de-duplicates a repeated pending_post_id', async () => {
    const sales = channelId(emu, 'sales');
    const pending = `${userId(emu, 'alice')}:retry`;
    const first = await alice.createPost({ channel_id: sales, message: 'retry me', pending_post_id: pending } as Post);
    const second = await alice.createPost({ channel_id: sales, message: 'retry me', pending_post_id: pending } as Post);
    assert.equal(second.id, first.id);
    const list = await alice.getPosts(sales, 0, 10);
    assert.equal(list.order.filter((id) => list.posts[id]!.message === 'retry me').length, 1);
  });

  it('reacts, edits and deletes, and the other side sees each change', async () => {
    const sales = channelId(emu, 'sales');
    const post = await bob.createPost({ channel_id: sales, message: 'Truck is late' } as Post);
    const reaction = await alice.addReaction(userId(emu, 'alice'), post.id, 'eyes');
    assert.equal(reaction.emoji_name, 'eyes');
    const added = await bobWs.waitFor((m) => m.event === 'reaction_added');
    assert.equal((JSON.parse(String(added.data?.reaction)) as Reaction).post_id, post.id);
    const withReaction = await bob.getPost(post.id);
    assert.equal((withReaction as Post & { has_reactions?: boolean }).has_reactions, true);
    assert.equal(withReaction.metadata.reactions?.[0]?.emoji_name, 'eyes');
    assert.deepEqual(
      (await bob.getReactionsForPost(post.id)).map((r) => r.user_id),
      [userId(emu, 'alice')],
    );

    await alice.removeReaction(userId(emu, 'alice'), post.id, 'eyes');
    await bobWs.waitFor((m) => m.event === 'reaction_removed');
    assert.equal((await bob.getReactionsForPost(post.id)).length, 0);

    const edited = await bob.patchPost({ id: post.id, message: 'Truck is 20 minutes late' });
    assert.ok(edited.edit_at > 0);
    const editEvent = await aliceWs.waitFor((m) => m.event === 'post_edited');
    assert.equal((JSON.parse(String(editEvent.data?.post)) as Post).message, 'Truck is 20 minutes late');

    await bob.deletePost(post.id);
    const deleted = await aliceWs.waitFor((m) => m.event === 'post_deleted');
    assert.equal((JSON.parse(String(deleted.data?.post)) as Post).id, post.id);
    await assert.rejects(alice.getPost(post.id), (err: { status_code?: number }) => err.status_code === 404);
  });

  it('lets a user edit only their own posts', async () => {
    const post = await bob.createPost({ channel_id: channelId(emu, 'sales'), message: 'mine' } as Post);
    await assert.rejects(
      alice.patchPost({ id: post.id, message: 'hijacked' }),
      (err: { status_code?: number }) => err.status_code === 403,
    );
  });

  it('keeps threads: root first, replies oldest first, reply_count on posts', async () => {
    const warehouse = channelId(emu, 'warehouse');
    const root = await alice.createPost({ channel_id: warehouse, message: 'Count aisle D?' } as Post);
    const r1 = await bob.createPost({ channel_id: warehouse, message: 'Tomorrow', root_id: root.id } as Post);
    const r2 = await alice.createPost({ channel_id: warehouse, message: 'Thanks', root_id: root.id } as Post);
    const thread = await bob.getPostThread(root.id);
    assert.deepEqual(thread.order, [root.id, r1.id, r2.id]);
    assert.equal(thread.posts[root.id]!.reply_count, 2);
    assert.equal(thread.posts[r1.id]!.reply_count, 2);
    assert.equal((await bob.getPostThread(r2.id)).order[0], root.id);
  });

  it('opens a DM, which the other user learns about by direct_added', async () => {
    const sam = userId(emu, 'sam');
    const samClient = await loginClient(emu.url, 'sam', DEMO_PASSWORD);
    const samWs = await openSocket(emu.url, samClient.getToken());
    try {
      const dm = await bob.createDirectChannel([userId(emu, 'bob'), sam]);
      assert.equal(dm.type, 'D');
      const again = await bob.createDirectChannel([sam, userId(emu, 'bob')]);
      assert.equal(again.id, dm.id, 'creating a DM is idempotent');
      const event = await samWs.waitFor((m) => m.event === 'direct_added');
      assert.equal(event.broadcast?.channel_id, dm.id);
      assert.equal(event.data?.teammate_id, sam);
      await bob.createPost({ channel_id: dm.id, message: 'Label printer fixed?' } as Post);
      const posted = await samWs.waitFor((m) => m.event === 'posted' && m.broadcast?.channel_id === dm.id);
      assert.equal(posted.data?.channel_type, 'D');
      assert.equal(posted.data?.team_id, '');
      assert.equal(posted.data?.mentions, JSON.stringify([sam]), 'a DM mentions its receiver');
    } finally {
      samWs.close();
    }
  });

  it('sends typing to the other members, not to the typer', async () => {
    const sales = channelId(emu, 'sales');
    aliceWs.client.userTyping(sales, '');
    const typing = await bobWs.waitFor((m) => m.event === 'typing');
    assert.deepEqual(typing.data, { parent_id: '', user_id: userId(emu, 'alice') });
    assert.deepEqual(typing.broadcast?.omit_users, { [userId(emu, 'alice')]: true });
    // A ping round trip after the typing proves alice's socket would already have it.
    await new Promise<void>((resolve) => aliceWs.client.sendMessage('ping', {}, () => resolve()));
    assert.equal(aliceWs.events.filter((m) => m.event === 'typing').length, 0);
  });

  it('levels unread counts when a channel is viewed, and tells the viewer', async () => {
    const sales = channelId(emu, 'sales');
    await alice.createPost({ channel_id: sales, message: '@bob one more thing' } as Post);
    await alice.createPost({ channel_id: sales, message: 'and another' } as Post);
    const [before] = await Promise.all([bob.getMyChannelMember(sales)]);
    const channel = (await bob.getChannel(sales)) as unknown as { total_msg_count: number };
    assert.ok(before!.msg_count < channel.total_msg_count);
    assert.ok(before!.mention_count >= 1);
    const unreadBefore = await bob.getMyTeamUnreads(false);
    assert.ok(unreadBefore[0]!.msg_count > 0);

    const result = (await bob.viewMyChannel(sales)) as unknown as {
      status: string;
      last_viewed_at_times: Record<string, number>;
    };
    assert.equal(result.status, 'OK');
    const viewed = await bobWs.waitFor((m) => m.event === 'multiple_channels_viewed');
    assert.equal((viewed.data?.channel_times as Record<string, number>)[sales], result.last_viewed_at_times[sales]);
    const afterView = await bob.getMyChannelMember(sales);
    assert.equal(afterView.msg_count, channel.total_msg_count);
    assert.equal(afterView.mention_count, 0);
    assert.equal(afterView.mention_count_root, 0);
    assert.equal(afterView.last_viewed_at, result.last_viewed_at_times[sales]);
  });

  it('reports statuses: online while connected, status_change only to the user concerned', async () => {
    const statuses = await alice.getStatusesByIds([userId(emu, 'alice'), userId(emu, 'bob')]);
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['online', 'online'],
    );
    await bob.updateStatus({ user_id: userId(emu, 'bob'), status: 'dnd' } as Parameters<Client['updateStatus']>[0]);
    const change = await bobWs.waitFor((m) => m.event === 'status_change' && m.data?.status === 'dnd');
    assert.equal(change.broadcast?.user_id, userId(emu, 'bob'));
    assert.equal((await alice.getStatus(userId(emu, 'bob'))).status, 'dnd');
    assert.equal(
      aliceWs.events.some((m) => m.event === 'status_change' && m.data?.user_id === userId(emu, 'bob')),
      false,
    );
  });
});
