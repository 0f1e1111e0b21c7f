// The REST facts of ../shared/mattermost-api/README.md ("Things a Mattermost emulator must
// get right, or the real client notices"), one test per fact, named after it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Channel, ChannelMembership } from '@mattermost/types/channels';
import type { TeamUnread } from '@mattermost/types/teams';
import { type MMClient, type World, JSON_CT, http, startWorld, uniqueName } from './harness.js';
import { type ShapeValidator, loadTypeValidator } from './schemas.js';

type Signed = { id: string; token: string; client: MMClient };

let world: World;
let types: ShapeValidator;
let alice: Signed;
let bob: Signed;
let teamId = '';

/** A fresh open channel in the demo team with alice and bob in it. */
async function sharedChannel(): Promise<Channel> {
  const channel = await alice.client.createChannel({
    team_id: teamId,
    name: uniqueName('fact-'),
    display_name: 'Fact',
    type: 'O',
  });
  await alice.client.addToChannel(bob.id, channel.id);
  return channel;
}

/** Resolves once the emulator's clock has moved past `t`, so that "after t" is unambiguous. */
async function clockPast(t: number): Promise<void> {
  while (world.now() <= t) await new Promise((resolve) => setImmediate(resolve));
}

function setCookies(headers: Headers): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    out.set(pair.slice(0, eq).trim(), line);
  }
  return out;
}

const cookieValue = (line: string | undefined): string =>
  (line ?? '').split(';')[0]?.split('=').slice(1).join('=') ?? '';

describe('REST facts a real client notices', () => {
  before(async () => {
    [world, types] = await Promise.all([startWorld(), loadTypeValidator()]);
    [alice, bob] = await Promise.all([world.user('alice'), world.user('bob')]);
    teamId = (await world.admin.getTeamByName('erp')).id;
  });

  after(() => world?.close());

  it('1. Content-Type is exactly application/json, error bodies too', async () => {
    const responses = await Promise.all([
      http(world.url, '/users/me', { token: alice.token }),
      http(world.url, '/system/ping'),
      http(world.url, '/users/me'),
      http(world.url, '/users/me', { token: 'not-a-token' }),
      http(world.url, `/users/${'x'.repeat(26)}`, { token: alice.token }),
      http(world.url, '/posts', {
        method: 'POST',
        token: alice.token,
        body: '{not json',
        headers: { 'Content-Type': 'application/json' },
      }),
    ]);
    assert.deepEqual(
      responses.map((r) => r.status >= 400),
      [false, false, true, true, true, true],
    );
    assert.deepEqual(
      responses.map((r) => r.headers.get('content-type')),
      responses.map(() => JSON_CT),
    );
    // What Client4 makes of it: an object, not a string.
    assert.equal(typeof (await alice.client.getMe()), 'object');
  });

  it('2. errors are AppError {id, message, detailed_error, request_id, status_code} with the HTTP status = status_code', async () => {
    const errors = await Promise.all([
      http(world.url, '/users/me'),
      http(world.url, '/users/me', { token: 'not-a-token' }),
      http(world.url, `/users/${'x'.repeat(26)}`, { token: alice.token }),
      http(world.url, '/posts', {
        method: 'POST',
        token: alice.token,
        body: '{not json',
        headers: { 'Content-Type': 'application/json' },
      }),
      http(world.url, '/no/such/route', { token: alice.token }),
    ]);
    for (const e of errors) {
      assert.deepEqual(types.check('AppError', e.json), [], e.text);
      const body = e.json as { status_code: number; request_id?: string };
      assert.equal(body.status_code, e.status, e.text);
      // WEBSOCKET.md §8: request_id is also the X-Request-Id header.
      if (body.request_id) assert.equal(e.headers.get('x-request-id'), body.request_id);
    }
    assert.deepEqual(
      errors.map((e) => e.status),
      [401, 401, 404, 400, 404],
    );
    // Client4 reads the status from the body: it must agree.
    await assert.rejects(
      alice.client.getUser('x'.repeat(26)),
      (err: { status_code?: number; server_error_id?: string }) => {
        assert.equal(err.status_code, 404);
        assert.equal(typeof err.server_error_id, 'string');
        return true;
      },
    );
  });

  it('3. login: token in the Token header; cookies only with X-Requested-With; the cookie wins over Bearer; a cookie non-GET needs X-CSRF-Token', async () => {
    const username = uniqueName('login');
    const password = 'contract-password';
    const created = await http(world.url, '/users', {
      method: 'POST',
      token: world.emulator.adminToken,
      body: { username, email: `${username}@contract.example`, password },
    });
    assert.equal(created.status, 201, created.text);
    const userId = (created.json as { id: string }).id;

    const plain = await http(world.url, '/users/login', { method: 'POST', body: { login_id: username, password } });
    assert.equal(plain.status, 200, plain.text);
    assert.match(plain.headers.get('token') ?? '', /^[a-z0-9]{26}$/);
    assert.equal((plain.json as { id: string }).id, userId);
    assert.deepEqual([...setCookies(plain.headers).keys()], [], 'no cookies without X-Requested-With');

    const xhr = await http(world.url, '/users/login', {
      method: 'POST',
      body: { login_id: username, password },
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    assert.equal(xhr.status, 200, xhr.text);
    const cookies = setCookies(xhr.headers);
    const sessionToken = xhr.headers.get('token') ?? '';
    assert.equal(cookieValue(cookies.get('MMAUTHTOKEN')), sessionToken);
    assert.match(cookies.get('MMAUTHTOKEN') ?? '', /;\s*HttpOnly/i);
    assert.equal(cookieValue(cookies.get('MMUSERID')), userId);
    const csrf = cookieValue(cookies.get('MMCSRF'));
    assert.ok(csrf.length > 0, 'MMCSRF is set');

    const cookie = `MMAUTHTOKEN=${sessionToken}; MMUSERID=${userId}; MMCSRF=${csrf}`;
    const both = await http(world.url, '/users/me', { token: alice.token, headers: { Cookie: cookie } });
    assert.equal((both.json as { id: string }).id, userId, 'the cookie session wins over the Bearer token');

    const noCsrf = await http(world.url, '/users/status/ids', {
      method: 'POST',
      body: [userId],
      headers: { Cookie: cookie },
    });
    assert.equal(noCsrf.status, 401, noCsrf.text);
    assert.equal((noCsrf.json as { id: string }).id, 'api.context.session_expired.app_error');
    const withCsrf = await http(world.url, '/users/status/ids', {
      method: 'POST',
      body: [userId],
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    });
    assert.equal(withCsrf.status, 200, withCsrf.text);
  });

  it('4. creates answer 201, reactions 200, deletes and revokes {"status":"OK"}', async () => {
    const admin = world.emulator.adminToken;
    const username = uniqueName('creates');
    const user = await http(world.url, '/users', {
      method: 'POST',
      token: admin,
      body: { username, email: `${username}@contract.example`, password: 'contract-password' },
    });
    const userId = (user.json as { id: string }).id;
    const teamMember = await http(world.url, `/teams/${teamId}/members`, {
      method: 'POST',
      token: admin,
      body: { team_id: teamId, user_id: userId },
    });
    const channel = await http(world.url, '/channels', {
      method: 'POST',
      token: alice.token,
      body: { team_id: teamId, name: uniqueName('creates-'), display_name: 'Creates', type: 'O' },
    });
    const channelId = (channel.json as { id: string }).id;
    const channelMember = await http(world.url, `/channels/${channelId}/members`, {
      method: 'POST',
      token: alice.token,
      body: { user_id: bob.id, channel_id: channelId, post_root_id: '' },
    });
    const direct = await http(world.url, '/channels/direct', {
      method: 'POST',
      token: alice.token,
      body: [alice.id, userId],
    });
    const post = await http(world.url, '/posts', {
      method: 'POST',
      token: alice.token,
      body: { channel_id: channelId, message: 'creates' },
    });
    const postId = (post.json as { id: string }).id;
    const form = new FormData();
    form.append('channel_id', channelId);
    form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    const file = await http(world.url, '/files', { method: 'POST', token: alice.token, body: form });
    assert.deepEqual(
      [user, teamMember, channel, channelMember, direct, post, file].map((r) => r.status),
      [201, 201, 201, 201, 201, 201, 201],
      [user, teamMember, channel, channelMember, direct, post, file].map((r) => r.text).join('\n'),
    );

    const reaction = await http(world.url, '/reactions', {
      method: 'POST',
      token: bob.token,
      body: { user_id: bob.id, post_id: postId, emoji_name: 'tada' },
    });
    assert.equal(reaction.status, 200, reaction.text);

    const pat = await http(world.url, `/users/${userId}/tokens`, {
      method: 'POST',
      token: admin,
      body: { description: 'x' },
    });
    const patId = (pat.json as { id: string }).id;
    const oks = await Promise.all([
      http(world.url, `/users/${bob.id}/posts/${postId}/reactions/tada`, { method: 'DELETE', token: bob.token }),
      http(world.url, '/users/tokens/revoke', { method: 'POST', token: admin, body: { token_id: patId } }),
    ]);
    oks.push(await http(world.url, `/posts/${postId}`, { method: 'DELETE', token: alice.token }));
    for (const ok of oks) {
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json, { status: 'OK' });
    }
  });

  it('5. createPost echoes pending_post_id, and a repeat within 30 s returns the first post instead of a new one', async () => {
    const channel = await sharedChannel();
    const pending = `${alice.id}:${Date.now()}`;
    const first = await alice.client.createPost({
      channel_id: channel.id,
      message: 'once',
      pending_post_id: pending,
    } as Post);
    const repeat = await alice.client.createPost({
      channel_id: channel.id,
      message: 'once',
      pending_post_id: pending,
    } as Post);
    const other = await alice.client.createPost({
      channel_id: channel.id,
      message: 'twice',
      pending_post_id: `${pending}-b`,
    } as Post);
    assert.equal(first.pending_post_id, pending);
    assert.equal(repeat.id, first.id);
    assert.notEqual(other.id, first.id);
    const list = await alice.client.getPosts(channel.id);
    assert.equal(list.order.filter((id) => list.posts[id]?.message === 'once').length, 1);

    world.advanceClock(30_001);
    const later = await alice.client.createPost({
      channel_id: channel.id,
      message: 'once',
      pending_post_id: pending,
    } as Post);
    assert.notEqual(later.id, first.id, 'after 30 s the same pending_post_id makes a new post');
    assert.equal(later.pending_post_id, pending);
  });

  it('5. post lists are {order, posts, next_post_id, prev_post_id, has_next, first_inaccessible_post_time}; unknown query parameters are ignored', async () => {
    const channel = await sharedChannel();
    for (const message of ['one', 'two', 'three'])
      await bob.client.createPost({ channel_id: channel.id, message } as Post);
    const base = `/channels/${channel.id}/posts?page=0&per_page=60`;
    const plain = await http(world.url, base, { token: alice.token });
    const noisy = await http(
      world.url,
      `${base}&skipFetchThreads=false&collapsedThreads=false&collapsedThreadsExtended=false&made_up=1`,
      {
        token: alice.token,
      },
    );
    assert.equal(noisy.status, 200, noisy.text);
    const list = noisy.json as PostList & { has_next: boolean };
    for (const key of ['order', 'posts', 'next_post_id', 'prev_post_id', 'has_next', 'first_inaccessible_post_time']) {
      assert.ok(key in list, `post list has ${key}`);
    }
    assert.equal(typeof list.has_next, 'boolean');
    assert.equal(typeof list.next_post_id, 'string');
    assert.equal(typeof list.prev_post_id, 'string');
    assert.equal(typeof list.first_inaccessible_post_time, 'number');
    assert.deepEqual(list.order, (plain.json as PostList).order);
    const messages = list.order.map((id) => list.posts[id]?.message);
    assert.deepEqual(messages.slice(0, 3), ['three', 'two', 'one'], 'newest first');
    assert.deepEqual(Object.keys(list.posts).sort(), [...list.order].sort());
  });

  it('5. post-list cursors: pages, before= and after= set next_post_id and prev_post_id as the server does', async () => {
    const channel = await alice.client.createChannel({
      team_id: teamId,
      name: uniqueName('cursor-'),
      display_name: 'Cursor',
      type: 'O',
    });
    for (let i = 1; i <= 7; i++) await alice.client.createPost({ channel_id: channel.id, message: `p${i}` } as Post);
    const all = (await alice.client.getPosts(channel.id, 0, 200)).order; // newest first
    const per = 3;
    const at = (i: number) => (i >= 0 && i < all.length ? (all[i] as string) : '');
    const cursors = (l: PostList) => ({ order: l.order, next: l.next_post_id, prev: l.prev_post_id });

    // The server's AddCursorIdsForPostList: a page points at its neighbours; an anchor
    // (before/after) is itself the cursor on its side; a short page has none on the far side.
    for (const page of [0, 1]) {
      const got = cursors(await alice.client.getPosts(channel.id, page, per));
      assert.deepEqual(
        got,
        { order: all.slice(page * per, page * per + per), next: at(page * per - 1), prev: at(page * per + per) },
        `page ${page}`,
      );
    }
    for (const i of [1, all.length - 3]) {
      const order = all.slice(i + 1, i + 1 + per);
      const got = cursors(await alice.client.getPostsBefore(channel.id, at(i), 0, per));
      assert.deepEqual(got, { order, next: at(i), prev: order.length < per ? '' : at(i + 1 + per) }, `before ${i}`);
    }
    for (const i of [all.length - 1, 2]) {
      const order = all.slice(Math.max(0, i - per), i);
      const got = cursors(await alice.client.getPostsAfter(channel.id, at(i), 0, per));
      assert.deepEqual(got, { order, next: order.length < per ? '' : at(i - per - 1), prev: at(i) }, `after ${i}`);
    }
    const since = await alice.client.getPostsSince(channel.id, 1);
    assert.deepEqual([since.next_post_id, since.prev_post_id], ['', ''], 'since= has no cursors');
  });

  it('11. every team has town-square and off-topic, which a new member joins; a DM is named "<smaller id>__<larger id>"', async () => {
    const admin = world.emulator.adminToken;
    const username = uniqueName('joiner');
    const user = await http(world.url, '/users', {
      method: 'POST',
      token: admin,
      body: { username, email: `${username}@contract.example`, password: 'contract-password' },
    });
    const userId = (user.json as { id: string }).id;
    await world.admin.addToTeam(teamId, userId);
    const token = world.emulator.core.issueToken(userId);
    const mine = await http(world.url, `/users/me/teams/${teamId}/channels`, { token });
    assert.equal(mine.status, 200, mine.text);
    const names = (mine.json as Channel[]).map((c) => c.name);
    assert.ok(names.includes('town-square'), names.join());
    assert.ok(names.includes('off-topic'), names.join());

    const dm = await alice.client.createDirectChannel([bob.id, alice.id]);
    assert.equal(dm.type, 'D');
    assert.equal(dm.name, [alice.id, bob.id].sort().join('__'));
    const again = await bob.client.createDirectChannel([alice.id, bob.id]);
    assert.equal(again.id, dm.id, 'creating a DM again returns the same channel');
  });

  it('12. every response carries X-Version-Id; config/client?format=old is a flat map of strings', async () => {
    const responses = await Promise.all([
      http(world.url, '/system/ping'),
      http(world.url, '/users/me', { token: alice.token }),
      http(world.url, '/users/me'),
      http(world.url, '/config/client?format=old', { token: alice.token }),
    ]);
    const versionIds = responses.map((r) => r.headers.get('x-version-id'));
    assert.ok(
      versionIds.every((v) => typeof v === 'string' && v.length > 0),
      JSON.stringify(versionIds),
    );
    assert.equal(new Set(versionIds).size, 1, 'one server, one version id');
    const config = responses[3]?.json as Record<string, unknown>;
    const notStrings = Object.entries(config).filter(([, v]) => typeof v !== 'string');
    assert.deepEqual(notStrings, []);
    assert.ok(
      String(versionIds[0]).startsWith(`${String(config.Version)}.`),
      `${versionIds[0]} starts with Version ${config.Version}`,
    );
    assert.equal(typeof config.SiteURL, 'string');
    assert.ok(
      Object.values(config).some((v) => v === 'true' || v === 'false'),
      'booleans are "true"/"false" strings',
    );
    // Client4 records the version from the header.
    const c = alice.client;
    await c.getMe();
    assert.equal(c.serverVersion, versionIds[0]);
  });

  it('13. posts?since= returns posts created, edited or deleted after since (deleted ones with delete_at set)', async () => {
    const channel = await sharedChannel();
    const edited = await bob.client.createPost({ channel_id: channel.id, message: 'to edit' } as Post);
    const deleted = await bob.client.createPost({ channel_id: channel.id, message: 'to delete' } as Post);
    const untouched = await bob.client.createPost({ channel_id: channel.id, message: 'untouched' } as Post);
    const since = Math.max(edited.update_at, deleted.update_at, untouched.update_at);
    await clockPast(since);
    await bob.client.patchPost({ id: edited.id, message: 'edited' });
    await bob.client.deletePost(deleted.id);
    const fresh = await bob.client.createPost({ channel_id: channel.id, message: 'fresh' } as Post);

    const list = await alice.client.getPostsSince(channel.id, since);
    assert.deepEqual(new Set(Object.keys(list.posts)), new Set([edited.id, deleted.id, fresh.id]));
    assert.equal(list.posts[edited.id]?.message, 'edited');
    assert.ok((list.posts[edited.id]?.edit_at ?? 0) > since);
    assert.ok((list.posts[deleted.id]?.delete_at ?? 0) > since, 'the deleted post carries delete_at');
  });

  it('13. a thread lists the root, then its replies oldest first, and posts carry reply_count', async () => {
    const channel = await sharedChannel();
    const root = await alice.client.createPost({ channel_id: channel.id, message: 'root' } as Post);
    const replies: Post[] = [];
    for (const [who, message] of [
      [bob, 'r1'],
      [alice, 'r2'],
      [bob, 'r3'],
    ] as const) {
      replies.push(await who.client.createPost({ channel_id: channel.id, message, root_id: root.id } as Post));
    }
    await bob.client.createPost({ channel_id: channel.id, message: 'not in the thread' } as Post);

    const thread = await alice.client.getPostThread(root.id);
    assert.deepEqual(thread.order, [root.id, ...replies.map((r) => r.id)]);
    for (const id of thread.order)
      assert.equal(thread.posts[id]?.reply_count, 3, `reply_count of ${thread.posts[id]?.message}`);
    const page = await alice.client.getPosts(channel.id);
    assert.equal(page.posts[root.id]?.reply_count, 3, 'the channel page carries reply_count too');
  });

  it('14. channel members count messages and mentions exactly; viewing levels them with the channel, and the team unreads follow', async () => {
    const channel = await sharedChannel();
    await alice.client.viewMyChannel(channel.id);
    await bob.client.createPost({ channel_id: channel.id, message: 'plain' } as Post);
    await bob.client.createPost({ channel_id: channel.id, message: 'hey @alice' } as Post);
    const root = await bob.client.createPost({ channel_id: channel.id, message: 'a root' } as Post);
    await bob.client.createPost({ channel_id: channel.id, message: 'a reply for @alice', root_id: root.id } as Post);

    const teamUnread = async (): Promise<TeamUnread> => {
      const all = await alice.client.getMyTeamUnreads(false);
      const mine = all.find((u) => u.team_id === teamId);
      assert.ok(mine, 'the team has an unread entry');
      return mine;
    };
    const counts = (m: ChannelMembership) => [m.msg_count, m.msg_count_root, m.mention_count, m.mention_count_root];

    const serverChannel = (await alice.client.getChannel(channel.id)) as Channel & {
      total_msg_count: number;
      total_msg_count_root: number;
    };
    const before = await alice.client.getMyChannelMember(channel.id);
    const teamBefore = await teamUnread();
    assert.equal(serverChannel.total_msg_count - before.msg_count, 4, 'four unread messages');
    assert.equal(serverChannel.total_msg_count_root - before.msg_count_root, 3, 'three unread root messages');
    assert.equal(before.mention_count, 2);
    assert.equal(before.mention_count_root, 1);

    await alice.client.viewMyChannel(channel.id);
    const afterView = await alice.client.getMyChannelMember(channel.id);
    const teamAfter = await teamUnread();
    assert.deepEqual(counts(afterView), [serverChannel.total_msg_count, serverChannel.total_msg_count_root, 0, 0]);
    assert.equal(teamBefore.msg_count - teamAfter.msg_count, 4);
    assert.equal(teamBefore.mention_count - teamAfter.mention_count, 2);
  });

  it('15. without a license (Team Edition, the default) license/client says IsLicensed "false" and demoting to guest is refused', async () => {
    assert.deepEqual(await world.admin.getClientLicenseOld(), { IsLicensed: 'false' });
    // server/channels/api4/user.go, demoteUserToGuest: the license is checked first.
    await assert.rejects(
      world.admin.demoteUserToGuest(bob.id),
      (err: { status_code?: number; server_error_id?: string }) => {
        assert.equal(err.status_code, 501);
        assert.equal(err.server_error_id, 'api.team.demote_user_to_guest.license.error');
        return true;
      },
    );
    assert.equal((await world.admin.getUser(bob.id)).roles, 'system_user');
  });
});
