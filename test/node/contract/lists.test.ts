// What the widget's tabs and message list are built from, beyond the README's facts:
// which channels "my channels" holds, what team unreads leave out, and the metadata
// (reactions, files) that posts carry in lists and events (CLIENT_ENDPOINTS.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { FrameSocket, type MMClient, type World, startWorld, uniqueName } from './harness.js';

type Signed = { id: string; token: string; client: MMClient };

let world: World;
let alice: Signed;
let bob: Signed;
let sam: Signed;
let teamId = '';

describe('channel lists and post metadata', () => {
  before(async () => {
    world = await startWorld();
    [alice, bob, sam] = await Promise.all([world.user('alice'), world.user('bob'), world.user('sam')]);
    teamId = (await world.admin.getTeamByName('erp')).id;
  });

  after(() => world?.close());

  it('my channels and my channel members of a team include my DMs and group messages', async () => {
    const dm = await alice.client.createDirectChannel([alice.id, bob.id]);
    const gm = await alice.client.createGroupChannel([alice.id, bob.id, sam.id]);
    const channels = await alice.client.getMyChannels(teamId);
    const members = await alice.client.getMyChannelMembers(teamId);
    for (const c of [dm, gm]) {
      assert.ok(
        channels.some((x) => x.id === c.id),
        `${c.type} channel listed`,
      );
      assert.ok(
        members.some((m) => m.channel_id === c.id),
        `${c.type} membership listed`,
      );
    }
    assert.equal(channels.find((x) => x.id === dm.id)?.team_id, '', 'a DM belongs to no team');
  });

  it("the team's channel list is its public channels, joined or not, and no private one", async () => {
    const open = await bob.client.createChannel({
      team_id: teamId,
      name: uniqueName('pub-'),
      display_name: 'Pub',
      type: 'O',
    });
    const closed = await bob.client.createChannel({
      team_id: teamId,
      name: uniqueName('priv-'),
      display_name: 'Priv',
      type: 'P',
    });
    const listed = await alice.client.getChannels(teamId, 0, 200);
    assert.ok(
      listed.some((c) => c.id === open.id),
      'a public channel alice has not joined',
    );
    assert.ok(!listed.some((c) => c.id === closed.id), 'no private channel');
    assert.deepEqual([...new Set(listed.map((c) => c.type))], ['O']);
  });

  it('users by ids answers the ones that exist and leaves out the others', async () => {
    const users = await alice.client.getProfilesByIds([bob.id, 'z'.repeat(26)]);
    assert.deepEqual(
      users.map((u) => u.id),
      [bob.id],
    );
  });

  it('team unreads leave DMs out', async () => {
    const dm = await bob.client.createDirectChannel([bob.id, alice.id]);
    await alice.client.viewMyChannel(dm.id);
    const unread = async () => (await alice.client.getMyTeamUnreads(false)).find((u) => u.team_id === teamId);
    const before = await unread();
    await bob.client.createPost({ channel_id: dm.id, message: 'psst @alice' } as Post);
    const member = await alice.client.getMyChannelMember(dm.id);
    const channel = (await alice.client.getChannel(dm.id)) as Channel & { total_msg_count: number };
    assert.equal(channel.total_msg_count - member.msg_count, 1, 'the DM itself counts the message');
    assert.deepEqual(await unread(), before);
  });

  it('every DM message is a mention for the other side; @channel mentions every member but the poster', async () => {
    const dm = await bob.client.createDirectChannel([bob.id, alice.id]);
    await alice.client.viewMyChannel(dm.id);
    const socket = await FrameSocket.authenticated(world.url, alice.token);
    try {
      await bob.client.createPost({ channel_id: dm.id, message: 'no at-mention here' } as Post);
      const posted = await socket.event('posted', (f) => f.broadcast?.channel_id === dm.id);
      assert.deepEqual(JSON.parse(String(posted.data?.mentions)), [alice.id]);
    } finally {
      socket.close();
    }
    assert.equal((await alice.client.getMyChannelMember(dm.id)).mention_count, 1);

    const channel = await bob.client.createChannel({
      team_id: teamId,
      name: uniqueName('all-'),
      display_name: 'All',
      type: 'O',
    });
    for (const u of [alice, sam]) await bob.client.addToChannel(u.id, channel.id);
    for (const u of [alice, sam]) await u.client.viewMyChannel(channel.id);
    await bob.client.createPost({ channel_id: channel.id, message: 'hello @channel' } as Post);
    const counts = await Promise.all(
      [alice, sam, bob].map(async (u) => (await u.client.getMyChannelMember(channel.id)).mention_count),
    );
    assert.deepEqual(counts, [1, 1, 0]);
  });

  it('a page that holds a reply but not its root carries the root in posts, not in order', async () => {
    const channel = await alice.client.createChannel({
      team_id: teamId,
      name: uniqueName('roots-'),
      display_name: 'Roots',
      type: 'O',
    });
    const root = await alice.client.createPost({ channel_id: channel.id, message: 'old root' } as Post);
    for (const message of ['a', 'b', 'c']) await alice.client.createPost({ channel_id: channel.id, message } as Post);
    const reply = await alice.client.createPost({
      channel_id: channel.id,
      message: 'late reply',
      root_id: root.id,
    } as Post);
    const page = await alice.client.getPosts(channel.id, 0, 2);
    assert.equal(page.order[0], reply.id);
    assert.ok(!page.order.includes(root.id));
    assert.equal(page.posts[root.id]?.message, 'old root');
  });

  it('deleting a reply lowers reply_count; deleting a root deletes its replies, which since= then reports', async () => {
    const channel = await alice.client.createChannel({
      team_id: teamId,
      name: uniqueName('del-'),
      display_name: 'Del',
      type: 'O',
    });
    const root = await alice.client.createPost({ channel_id: channel.id, message: 'root' } as Post);
    const [r1, r2] = [
      await alice.client.createPost({ channel_id: channel.id, message: 'r1', root_id: root.id } as Post),
      await alice.client.createPost({ channel_id: channel.id, message: 'r2', root_id: root.id } as Post),
    ];
    await alice.client.deletePost(r1.id);
    const thread = await alice.client.getPostThread(root.id);
    assert.deepEqual(thread.order, [root.id, r2.id]);
    assert.equal(thread.posts[root.id]?.reply_count, 1);

    const before = world.now();
    await alice.client.deletePost(root.id);
    const page = await alice.client.getPosts(channel.id);
    assert.ok(![root.id, r2.id].some((id) => id in page.posts), 'neither the root nor its reply is listed');
    const since = await alice.client.getPostsSince(channel.id, before - 1);
    assert.ok((since.posts[r2.id]?.delete_at ?? 0) > 0, 'the reply is reported deleted too');
    assert.ok((since.posts[root.id]?.delete_at ?? 0) > 0);
  });

  it('a file downloads with a Bearer token, as uploaded, and not without one', async () => {
    const town = await alice.client.getChannelByName(teamId, 'town-square');
    const form = new FormData();
    form.append('channel_id', town.id);
    form.append('files', new Blob(['col1,col2\n1,2\n'], { type: 'text/csv' }), 'numbers.csv');
    const info = (await alice.client.uploadFile(form)).file_infos[0];
    assert.ok(info);
    assert.deepEqual([info.name, info.extension, info.size, info.mime_type], ['numbers.csv', 'csv', 14, 'text/csv']);
    const url = `${world.url}/api/v4/files/${info.id}`;
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${bob.token}` } });
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'col1,col2\n1,2\n');
    assert.match(ok.headers.get('content-type') ?? '', /^text\/csv/);
    assert.ok(ok.headers.get('x-version-id'));
    const anonymous = await fetch(url);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('content-type'), 'application/json');

    // api4/file.go getFile: read permission on the file's channel (or being its uploader).
    const secret = await alice.client.createChannel({
      team_id: teamId,
      name: uniqueName('files-'),
      display_name: 'Files',
      type: 'P',
    });
    const privateForm = new FormData();
    privateForm.append('channel_id', secret.id);
    privateForm.append('files', new Blob(['secret'], { type: 'text/plain' }), 'secret.txt');
    const hidden = (await alice.client.uploadFile(privateForm)).file_infos[0];
    assert.ok(hidden);
    const outsider = await fetch(`${world.url}/api/v4/files/${hidden.id}`, {
      headers: { Authorization: `Bearer ${bob.token}` },
    });
    assert.equal(outsider.status, 403);
    const owner = await fetch(`${world.url}/api/v4/files/${hidden.id}`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    assert.equal(await owner.text(), 'secret');
  });

  it('a post with reactions and files carries them in metadata, in lists, threads and posted events', async () => {
    const channel = await alice.client.createChannel({
      team_id: teamId,
      name: uniqueName('meta-'),
      display_name: 'Meta',
      type: 'O',
    });
    await alice.client.addToChannel(bob.id, channel.id);
    const form = new FormData();
    form.append('channel_id', channel.id);
    form.append('files', new Blob(['report'], { type: 'text/plain' }), 'report.txt');
    const fileId = (await alice.client.uploadFile(form)).file_infos[0]?.id ?? '';

    const socket = await FrameSocket.authenticated(world.url, bob.token);
    try {
      const post = await alice.client.createPost({
        channel_id: channel.id,
        message: 'see file',
        file_ids: [fileId],
      } as Post);
      assert.deepEqual(post.file_ids, [fileId]);
      assert.deepEqual(
        post.metadata.files?.map((f) => f.id),
        [fileId],
        'createPost answers with metadata.files',
      );
      const posted = await socket.event('posted', (f) => f.broadcast?.channel_id === channel.id);
      const live = JSON.parse(String(posted.data?.post)) as Post;
      assert.deepEqual(
        live.metadata.files?.map((f) => f.name),
        ['report.txt'],
        'the posted event carries metadata.files',
      );
      assert.equal(posted.data?.otherFile, 'true', 'a non-image file sets otherFile');
    } finally {
      socket.close();
    }

    const list = await alice.client.getPosts(channel.id);
    const listed = Object.values(list.posts).find((p) => p.file_ids?.includes(fileId)) as Post;
    await bob.client.addReaction(bob.id, listed.id, 'eyes');
    await alice.client.addReaction(alice.id, listed.id, 'eyes');

    const [again, thread, single] = [
      (await alice.client.getPosts(channel.id)).posts[listed.id],
      (await alice.client.getPostThread(listed.id)).posts[listed.id],
      await alice.client.getPost(listed.id),
    ];
    for (const [where, p] of [
      ['getPosts', again],
      ['getPostThread', thread],
      ['getPost', single],
    ] as const) {
      assert.ok(p, `${where} has the post`);
      assert.deepEqual(
        p.metadata.reactions?.map((r) => r.user_id).sort(),
        [alice.id, bob.id].sort(),
        `${where}: metadata.reactions`,
      );
      assert.deepEqual(
        p.metadata.files?.map((f) => f.id),
        [fileId],
        `${where}: metadata.files`,
      );
      assert.equal((p as Post & { has_reactions?: boolean }).has_reactions, true, `${where}: has_reactions`);
    }
  });
});
