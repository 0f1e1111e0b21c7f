/** The REST routes a widget and an auth server use, through the real Client4. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import { makeClient } from '../../helpers/mattermost-node.js';
import type { Client } from '../../helpers/mattermost-node.js';
import { channelId, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

describe('REST routes', () => {
  let emu: SeededEmulator;
  let alice: Client;
  let bob: Client;
  let aliceToken: string;

  before(async () => {
    emu = await startSeeded();
    aliceToken = emu.core.issueToken(userId(emu, 'alice'));
    alice = makeClient(emu.url, aliceToken);
    bob = makeClient(emu.url, emu.core.issueToken(userId(emu, 'bob')));
  });
  after(async () => {
    await emu?.close();
  });

  it('pings without auth and serves the old-format client config as strings', async () => {
    const ping = await makeClient(emu.url).ping(false);
    assert.equal(ping.status, 'OK');
    const config = await makeClient(emu.url).getClientConfig();
    assert.ok(Object.values(config).every((v) => typeof v === 'string'));
    assert.equal(config.EnableUserAccessTokens, 'true');
    assert.match(String(config.Version), /^11\./);
    assert.ok('SiteURL' in config && 'MaxFileSize' in config);
  });

  it('pages channel posts newest first with cursors', async () => {
    const warehouse = channelId(emu, 'warehouse');
    const made: Post[] = [];
    for (let i = 0; i < 5; i++)
      made.push(await bob.createPost({ channel_id: warehouse, message: `page ${i}` } as Post));
    const all = await alice.getPosts(warehouse, 0, 200);
    const total = all.order.length;
    const first = await alice.getPosts(warehouse, 0, 2);
    assert.deepEqual(first.order, [made[4]!.id, made[3]!.id]);
    assert.equal(first.next_post_id, '');
    assert.equal(first.prev_post_id, made[2]!.id);
    const second = await alice.getPosts(warehouse, 1, 2);
    assert.deepEqual(second.order, [made[2]!.id, made[1]!.id]);
    assert.equal(second.next_post_id, made[3]!.id);
    assert.ok(total > 5);
    for (const key of ['order', 'posts', 'next_post_id', 'prev_post_id', 'has_next', 'first_inaccessible_post_time']) {
      assert.ok(key in first, `PostList has ${key}`);
    }
    const before = await alice.getPostsBefore(warehouse, made[2]!.id, 0, 2);
    assert.deepEqual(before.order, [made[1]!.id, made[0]!.id]);
    const afterList = await alice.getPostsAfter(warehouse, made[1]!.id, 0, 2);
    assert.deepEqual(afterList.order, [made[3]!.id, made[2]!.id]);
  });

  it('returns posts created, edited or deleted since a time, deleted ones with delete_at', async () => {
    const sales = channelId(emu, 'sales');
    const old1 = await bob.createPost({ channel_id: sales, message: 'will be edited' } as Post);
    const old2 = await bob.createPost({ channel_id: sales, message: 'will be deleted' } as Post);
    const untouched = await bob.createPost({ channel_id: sales, message: 'untouched' } as Post);
    const mark = untouched.create_at;
    await bob.patchPost({ id: old1.id, message: 'edited' });
    await bob.deletePost(old2.id);
    const fresh = await bob.createPost({ channel_id: sales, message: 'new' } as Post);
    const since = await alice.getPostsSince(sales, mark);
    assert.deepEqual(new Set(since.order), new Set([old1.id, old2.id, fresh.id]));
    assert.equal(since.posts[old1.id]!.message, 'edited');
    assert.ok(since.posts[old2.id]!.delete_at > 0);
    assert.equal(since.posts[fresh.id]!.delete_at, 0);
  });

  it('uploads files and attaches them to a post', async () => {
    const sales = channelId(emu, 'sales');
    const form = new FormData();
    form.append('channel_id', sales);
    form.append('client_ids', 'c1');
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2,
    ]);
    form.append('files', new Blob([png], { type: 'image/png' }), 'chart.png');
    const uploaded = await alice.uploadFile(form);
    assert.deepEqual(uploaded.client_ids, ['c1']);
    const info = uploaded.file_infos[0]!;
    assert.equal(info.name, 'chart.png');
    assert.equal(info.size, png.byteLength);
    assert.equal(info.mime_type, 'image/png');
    assert.deepEqual([info.width, info.height], [3, 2]);
    const post = await alice.createPost({ channel_id: sales, message: 'chart', file_ids: [info.id] } as Post);
    assert.equal(post.metadata.files?.[0]?.id, info.id);
    const infos = await bob.getFileInfosForPost(post.id);
    assert.deepEqual(
      infos.map((f) => f.id),
      [info.id],
    );
    const res = await fetch(`${emu.url}/api/v4/files/${info.id}`, {
      headers: { Authorization: `Bearer ${aliceToken}` },
    });
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), png);
    const preview = await fetch(`${emu.url}/api/v4/files/${info.id}/preview`, {
      headers: { Authorization: `Bearer ${aliceToken}` },
    });
    assert.equal(preview.status, 200);
  });

  it('finds users by autocomplete, search, channel and ids', async () => {
    const sales = channelId(emu, 'sales');
    const auto = await alice.autocompleteUsers('s', emu.world.team.id, sales);
    assert.deepEqual(
      auto.users.map((u) => u.username),
      ['sam'],
    );
    const warehouse = channelId(emu, 'warehouse');
    const out = await alice.autocompleteUsers('s', emu.world.team.id, warehouse);
    assert.deepEqual(
      out.out_of_channel?.map((u) => u.username),
      ['sam'],
    );
    const found = await alice.searchUsers('bo', { team_id: emu.world.team.id });
    assert.deepEqual(
      found.map((u) => u.username),
      ['bob'],
    );
    const inChannel = await alice.getProfilesInChannel(channelId(emu, 'management'));
    assert.deepEqual(inChannel.map((u) => u.username).sort(), ['admin', 'alice']);
    const byIds = await alice.getProfilesByIds([userId(emu, 'bob'), userId(emu, 'sam')]);
    assert.deepEqual(
      byIds.map((u) => u.username),
      ['bob', 'sam'],
    );
    assert.equal((await alice.getUserByUsername('sam')).id, userId(emu, 'sam'));
    assert.equal((await alice.getUserByEmail('sam@bisman.example')).id, userId(emu, 'sam'));
  });

  it('lists public channels, lets a team member join and leave one', async () => {
    const listed = (await bob.getChannels(emu.world.team.id)) as Array<{ name: string; type: string }>;
    assert.ok(listed.every((c) => c.type === 'O'));
    assert.ok(listed.some((c) => c.name === 'warehouse'));
    assert.equal(
      listed.some((c) => c.name === 'management'),
      false,
    );
    const sam = makeClient(emu.url, emu.core.issueToken(userId(emu, 'sam')));
    const warehouse = channelId(emu, 'warehouse');
    const member = await sam.addToChannel(userId(emu, 'sam'), warehouse);
    assert.equal(member.user_id, userId(emu, 'sam'));
    assert.ok((await sam.getMyChannels(emu.world.team.id)).some((c) => c.id === warehouse));
    await sam.removeFromChannel(userId(emu, 'sam'), warehouse);
    assert.equal(
      (await sam.getMyChannels(emu.world.team.id)).some((c) => c.id === warehouse),
      false,
    );
  });

  it('manages user access tokens: list, disable, enable, get', async () => {
    const admin = makeClient(emu.url, emu.core.adminToken);
    const pat = await admin.createUserAccessToken(userId(emu, 'sam'), 'laptop');
    const listed = await admin.getUserAccessTokensForUser(userId(emu, 'sam'));
    const entry = listed.find((t) => t.id === pat.id);
    assert.equal(entry?.description, 'laptop');
    assert.equal((entry as { token?: string } | undefined)?.token, undefined, 'no secret in listings');
    const sam = makeClient(emu.url, pat.token);
    await admin.disableUserAccessToken(pat.id);
    await assert.rejects(sam.getMe(), (err: { status_code?: number }) => err.status_code === 401);
    await admin.enableUserAccessToken(pat.id);
    assert.equal((await sam.getMe()).username, 'sam');
    assert.equal((await admin.getUserAccessToken(pat.id)).is_active, true);
  });

  it('serves an SVG avatar with initials by token or cookie', async () => {
    const url = `${emu.url}/api/v4/users/${userId(emu, 'bob')}/image?_=0`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${aliceToken}` } });
    assert.equal(res.headers.get('content-type'), 'image/svg+xml');
    assert.match(await res.text(), />BB</);
    const byCookie = await fetch(url, { headers: { Cookie: `MMAUTHTOKEN=${aliceToken}` } });
    assert.equal(byCookie.status, 200);
    assert.equal((await fetch(url)).status, 401);
  });

  it('reports team unread counts that follow the channel members', async () => {
    const town = channelId(emu, 'town-square');
    await bob.viewMyChannel(town);
    const before = (await bob.getMyTeamUnreads(false))[0]!;
    await alice.createPost({ channel_id: town, message: 'Lunch at noon, @bob?' } as Post);
    const after = (await bob.getMyTeamUnreads(false))[0]!;
    assert.equal(after.msg_count, before.msg_count + 1);
    assert.equal(after.mention_count, before.mention_count + 1);
  });

  it('shows a web page for the paths "Open in Mattermost" links to', async () => {
    const res = await fetch(`${emu.url}/erp/channels/sales`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /Sales/);
    assert.match(await (await fetch(`${emu.url}/erp/messages/@bob`)).text(), /@bob/);
    const [postId] = (await alice.getPosts(channelId(emu, 'sales'), 0, 1)).order;
    assert.match(await (await fetch(`${emu.url}/erp/pl/${postId!}`)).text(), /permalink/);
  });
});
