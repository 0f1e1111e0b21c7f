/**
 * The Mattermost web app's own data layer (`mattermost-redux` 11.9, its Client4 singleton
 * and a real store) against the emulator: the boot and message sequences the web app runs,
 * with every request they make answered without an error, as the real server answers them.
 * Endpoints followed: `server/channels/api4/role.go` (`/roles/names`, `/roles/name/{name}`),
 * `preference.go` (save, get, delete; `preferences_changed`), `channel.go`
 * (`getChannelMembersForUser`, `viewChannel`), `limits.go`, `post.go`, `reaction.go`.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import storeModule from 'mattermost-redux/store';
import { Client4 } from 'mattermost-redux/client';
import { getProfilesByUsernames, loadMe, logout } from 'mattermost-redux/actions/users';
import { getMyTeams } from 'mattermost-redux/actions/teams';
import { getClientConfig } from 'mattermost-redux/actions/general';
import {
  createDirectChannel,
  fetchAllMyChannelMembers,
  fetchChannelsAndMembers,
  markChannelAsRead,
} from 'mattermost-redux/actions/channels';
import { loadRolesIfNeeded } from 'mattermost-redux/actions/roles';
import {
  addReaction,
  createPost,
  getPosts,
  getPostsByIds,
  getPostsSince,
  getPostsUnread,
} from 'mattermost-redux/actions/posts';
import { PostTypes, PreferenceTypes } from 'mattermost-redux/action_types';
import type { GlobalState } from '@mattermost/types/store';
import type { Post } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import { EmulatorCore, seedDemo, startEmulator } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { openSocket } from '../../helpers/mattermost-node.js';
import type { SocketHandle } from '../../helpers/mattermost-node.js';
import { DEMO_PASSWORD, monotonicClock } from './fixture.js';

// The package is CommonJS: its default export arrives wrapped.
const configureStore = ((storeModule as unknown as { default?: unknown }).default ?? storeModule) as unknown as (
  options: Record<string, unknown>,
) => WebAppStore;

interface WebAppStore {
  getState(): GlobalState;
  dispatch<T = unknown>(action: unknown): Promise<{ data?: T; error?: unknown }>;
}

export interface ReduxEmulatorOptions {
  /** Seeds the demo world (team `erp`, alice, bob...). */
  seed?: boolean;
}

/** One place that starts the emulator for these sequences (an `edition` option goes here). */
async function startForWebApp(options: ReduxEmulatorOptions = { seed: true }): Promise<RunningEmulator> {
  const core = new EmulatorCore({ now: monotonicClock() });
  if (options.seed) seedDemo(core);
  return startEmulator({ core });
}

interface Call {
  method: string;
  path: string;
  status: number;
}

/** Records every request Client4 makes, so a test can say none failed. */
function recordCalls(baseUrl: string): { calls: Call[]; restore(): void } {
  const calls: Call[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await original(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.origin === new URL(baseUrl).origin) {
      calls.push({ method: (init?.method ?? 'GET').toUpperCase(), path: url.pathname, status: response.status });
    }
    return response;
  };
  return { calls, restore: () => (globalThis.fetch = original) };
}

const failures = (calls: Call[]): Call[] => calls.filter((call) => call.status >= 400);
const called = (calls: Call[], method: string, pattern: RegExp): boolean =>
  calls.some((call) => call.method === method && pattern.test(call.path));

/** What the web app's `websocket_actions` dispatch for the events these sequences cause. */
function bindSocket(socket: SocketHandle, store: WebAppStore): void {
  socket.client.addMessageListener((msg) => {
    const data = msg.data as Record<string, string>;
    if (msg.event === 'posted') {
      void store.dispatch({ type: PostTypes.RECEIVED_NEW_POST, data: JSON.parse(data.post!) as Post });
    } else if (msg.event === 'reaction_added') {
      void store.dispatch({ type: PostTypes.RECEIVED_REACTION, data: JSON.parse(data.reaction!) });
    } else if (msg.event === 'preferences_changed') {
      void store.dispatch({
        type: PreferenceTypes.RECEIVED_PREFERENCES,
        data: JSON.parse(data.preferences!) as PreferenceType[],
      });
    }
  });
}

/** Polls the store (the socket's dispatches are asynchronous) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('mattermost-redux (the web app data layer) against the emulator', () => {
  let emu: RunningEmulator;
  let recorder: ReturnType<typeof recordCalls>;
  const sockets: SocketHandle[] = [];

  before(async () => {
    emu = await startForWebApp();
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => {
    recorder?.restore();
    for (const socket of sockets.splice(0)) socket.close();
  });

  /** A fresh store signed in as `username`, as the web app after login. */
  function signIn(username: string): { store: WebAppStore; token: string; userId: string } {
    const user = emu.core.getUserByUsername(username)!;
    const token = emu.core.issueToken(user.id);
    Client4.setUrl(emu.url);
    Client4.setIncludeCookies(false);
    Client4.setToken(token);
    recorder = recordCalls(emu.url);
    return { store: configureStore({}), token, userId: user.id };
  }

  /** The web app's `loadConfigAndMe` order: the client config first (it learns the server version), then `loadMe`. */
  async function boot(store: WebAppStore): Promise<string> {
    assert.ok(!(await store.dispatch(getClientConfig())).error);
    assert.deepEqual(await store.dispatch(loadMe()), { data: true });
    const teamId = Object.keys(store.getState().entities.teams.myMembers)[0]!;
    assert.ok(teamId, 'the user has a team');
    assert.ok(!(await store.dispatch(fetchChannelsAndMembers(teamId))).error);
    assert.ok(!(await store.dispatch(fetchAllMyChannelMembers())).error);
    return teamId;
  }

  it('boots: loadMe, getMyTeams, channels and members, then the roles they name (api4/role.go)', async () => {
    const { store, userId } = signIn('alice');
    await boot(store);
    assert.ok(!(await store.dispatch(getMyTeams())).error);
    const roleNames = new Set<string>(['system_user', 'team_user', 'channel_user', 'channel_admin']);
    const loaded = await store.dispatch(loadRolesIfNeeded(roleNames));
    assert.ok(!loaded.error);

    const state = store.getState();
    assert.equal(state.entities.users.currentUserId, userId);
    assert.equal(state.entities.teams.teams[Object.keys(state.entities.teams.myMembers)[0]!]!.name, 'erp');
    assert.ok(Object.values(state.entities.channels.channels).some((ch) => ch.name === 'town-square'));
    for (const name of roleNames) {
      const role = state.entities.roles.roles[name];
      assert.ok(role, `role ${name} loaded`);
      assert.equal(role.name, name);
      assert.ok(role.permissions.length > 0 && role.built_in);
    }
    assert.ok(state.entities.roles.roles.channel_user!.permissions.includes('create_post'));
    assert.ok(state.entities.roles.roles.system_user!.permissions.includes('create_direct_channel'));
    assert.ok(called(recorder.calls, 'POST', /\/roles\/names$/));
    assert.ok(called(recorder.calls, 'GET', /\/limits\/server$/));
    assert.ok(called(recorder.calls, 'GET', /\/license\/client$/));
    assert.ok(called(recorder.calls, 'GET', /\/users\/[a-z0-9]{26}\/channel_members$/));
    assert.deepEqual(failures(recorder.calls), []);
    assert.deepEqual(state.errors, []);
  });

  it('opens a DM as the web app does: createDirectChannel and its direct_channel_show preference save', async () => {
    const { store, token, userId } = signIn('alice');
    await boot(store);
    const socket = await openSocket(emu.url, token);
    sockets.push(socket);
    bindSocket(socket, store);
    const bob = emu.core.getUserByUsername('sam')!;

    const created = await store.dispatch<{ id: string }>(createDirectChannel(userId, bob.id));
    assert.ok(created.data, 'the DM channel was created');
    await socket.waitFor((m) => m.event === 'preferences_changed');
    await until(() => recorder.calls.some((c) => c.method === 'PUT' && /\/preferences$/.test(c.path)), 'the save');

    // Stored as the server stores it: a later boot reads it back.
    const saved = emu.core.preferencesOf(userId, 'direct_channel_show');
    assert.deepEqual(
      saved.map((p) => [p.name, p.value]),
      [[bob.id, 'true']],
    );
    const reboot = signIn('alice').store;
    await boot(reboot);
    const prefs = reboot.getState().entities.preferences.myPreferences;
    assert.equal(prefs[`direct_channel_show--${bob.id}`]?.value, 'true');
    assert.deepEqual(failures(recorder.calls), []);
  });

  it('posts, reads, reacts and marks read: createPost, getPosts, getPostsSince, addReaction, markChannelAsRead', async () => {
    const { store, token } = signIn('alice');
    const teamId = await boot(store);
    const socket = await openSocket(emu.url, token);
    sockets.push(socket);
    bindSocket(socket, store);
    const channel = Object.values(store.getState().entities.channels.channels).find(
      (ch) => ch.team_id === teamId && ch.name === 'town-square',
    )!;

    const page = await store.dispatch<{ order: string[] }>(getPosts(channel.id));
    assert.ok(page.data && page.data.order.length > 0);
    const since = Date.now() - 1;

    const created = await store.dispatch<Post>(
      createPost({ channel_id: channel.id, message: 'from the web app', user_id: '', create_at: 0 } as Post),
    );
    assert.ok(!created.error);
    // The socket's `posted` replaces the pending post with the server's, as in the web app.
    // The action sends the post in the background, as the web app does.
    const saved = () => emu.core.channelPosts(channel.id).find((p) => p.message === 'from the web app');
    await until(() => saved() !== undefined, 'the post on the server');
    const stored = saved()!;
    await until(() => store.getState().entities.posts.posts[stored.id] !== undefined, 'the posted event');
    const post = store.getState().entities.posts.posts[stored.id]!;

    const newer = await store.dispatch<{ order: string[] }>(getPostsSince(channel.id, since));
    assert.ok(newer.data?.order.includes(post.id));

    assert.ok(!(await store.dispatch(addReaction(post.id, 'thumbsup'))).error);
    await until(
      () => (store.getState().entities.posts.reactions[post.id] ?? {})[`${post.user_id}-thumbsup`] !== undefined,
      'the reaction',
    );

    // Another user's post makes the channel unread; viewing it levels that on the server.
    const bob = emu.core.getUserByUsername('bob')!;
    const unread = emu.core.createPost({ channelId: channel.id, userId: bob.id, message: 'hello alice' });
    // Another user's post and reaction reach this store only through the socket.
    await until(() => store.getState().entities.posts.posts[unread.id] !== undefined, "bob's posted event");
    emu.core.addReaction(bob.id, post.id, 'tada');
    await until(
      () => (store.getState().entities.posts.reactions[post.id] ?? {})[`${bob.id}-tada`] !== undefined,
      "bob's reaction_added event",
    );
    await store.dispatch(markChannelAsRead(channel.id));
    await until(() => called(recorder.calls, 'POST', /\/channels\/members\/me\/view$/), 'the view');
    const member = emu.core.channelMember(channel.id, store.getState().entities.users.currentUserId)!;
    assert.ok(member.last_viewed_at >= unread.create_at);
    assert.equal(member.mention_count, 0);
    assert.deepEqual(failures(recorder.calls), []);
  });

  it('reads as the web app does: unread window, posts by ids, profiles by usernames, mark read in bulk', async () => {
    const { store, userId } = signIn('alice');
    const teamId = await boot(store);
    const channel = Object.values(store.getState().entities.channels.channels).find(
      (ch) => ch.team_id === teamId && ch.name === 'town-square',
    )!;
    const unread = await store.dispatch<{ order: string[] }>(getPostsUnread(channel.id));
    assert.ok(unread.data && unread.data.order.length > 0);
    const some = unread.data.order.slice(0, 2);
    const byIds = await store.dispatch<{ posts: Post[] }>(getPostsByIds(some));
    assert.deepEqual(byIds.data?.posts.map((p) => p.id).sort(), [...some].sort());
    const profiles = await store.dispatch<Array<{ username: string }>>(getProfilesByUsernames(['bob']));
    assert.deepEqual(
      profiles.data?.map((u) => u.username),
      ['bob'],
    );
    await Client4.readMultipleChannels([channel.id]);
    assert.ok(called(recorder.calls, 'POST', /\/channels\/members\/me\/mark_read$/));
    const avatar = await fetch(Client4.getDefaultProfilePictureUrl(userId), {
      headers: { Authorization: `Bearer ${Client4.getToken()}` },
    });
    assert.equal(avatar.status, 200);
    assert.deepEqual(failures(recorder.calls), []);
  });

  it('logs in and out as the web app does: the login session ends with logout', async () => {
    const { store } = signIn('alice');
    Client4.setToken('');
    await Client4.login('alice', DEMO_PASSWORD);
    const token = Client4.getToken();
    assert.ok(emu.core.sessionFor(token), 'the login made a session');
    assert.deepEqual(await store.dispatch(loadMe()), { data: true });
    assert.deepEqual(await store.dispatch(logout()), { data: true });
    assert.equal(emu.core.sessionFor(token), undefined);
    assert.ok(called(recorder.calls, 'POST', /\/users\/logout$/));
    assert.deepEqual(failures(recorder.calls), []);
  });
});
