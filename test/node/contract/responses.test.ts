// Every response body the widget and the auth server rely on, fetched from a running
// emulator through the official Client4, validated against JSON Schemas generated from
// @mattermost/types and, when ../shared/mattermost-api is present, against the official
// OpenAPI description. Extra properties are fine; a missing or mistyped required one fails.
// Twice: over real HTTP from the Node server, and through the msw handlers that browser
// tests and the bench use, which must answer the same.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { setupServer } from 'msw/node';
import { createEmulatorHandlers } from '../../../src/emulator/msw.js';
import { type MMClient, type World, client, recordFetches, startWorld, uniqueName } from './harness.js';
import { loadOpenApi } from './openapi.js';
import { type ShapeName, type ShapeValidator, loadTypeValidator } from './schemas.js';

type Method = 'get' | 'post' | 'put' | 'delete';

interface Case {
  /** What the caller does, as Client4 names it. */
  name: string;
  shape: ShapeName;
  array?: boolean;
  /** The HTTP status the real server answers with. */
  status: number;
  /** The operation in the OpenAPI description. */
  op: [Method, string];
  call(): Promise<unknown>;
}

const openapi = loadOpenApi();
if ('absent' in openapi) console.log(openapi.absent);

let world: World;
/** The base URL the clients use: the Node server's, or the one msw answers for. */
let baseUrl = '';
let types: ShapeValidator;
let recorder: ReturnType<typeof recordFetches>;
let admin: MMClient;
let alice: { id: string; token: string; client: MMClient };
let bob: { id: string; token: string; client: MMClient };
let sam: { id: string; token: string; client: MMClient };

// What earlier cases created and later ones use.
const state = {
  teamId: '',
  townSquareId: '',
  channelId: '',
  rootId: '',
  replyId: '',
  fileId: '',
  tokenId: '',
  newUserId: '',
  since: 0,
};

const cases: Case[] = [
  {
    name: 'ping',
    shape: 'PingResponse',
    status: 200,
    op: ['get', '/api/v4/system/ping'],
    call: () => admin.ping(false),
  },
  {
    name: 'getClientConfig',
    shape: 'ClientConfigOld',
    status: 200,
    op: ['get', '/api/v4/config/client'],
    call: () => admin.getClientConfig(),
  },
  {
    name: 'createUser (auth server provisioning)',
    shape: 'UserProfile',
    status: 201,
    op: ['post', '/api/v4/users'],
    async call() {
      const name = uniqueName('contract');
      const user = await admin.createUser(
        {
          username: name,
          email: `${name}@contract.example`,
          password: 'contract-password',
          first_name: 'Con',
          last_name: 'Tract',
        } as UserProfile,
        '',
        '',
      );
      state.newUserId = user.id;
      return user;
    },
  },
  {
    name: 'login',
    shape: 'UserProfile',
    status: 200,
    op: ['post', '/api/v4/users/login'],
    async call() {
      const me = await admin.getUser(state.newUserId);
      return client(baseUrl).login(me.username, 'contract-password');
    },
  },
  {
    name: 'getTeamByName',
    shape: 'Team',
    status: 200,
    op: ['get', '/api/v4/teams/name/{name}'],
    async call() {
      const team = await admin.getTeamByName('erp');
      state.teamId = team.id;
      return team;
    },
  },
  {
    name: 'addToTeam',
    shape: 'TeamMembership',
    status: 201,
    op: ['post', '/api/v4/teams/{team_id}/members'],
    call: () => admin.addToTeam(state.teamId, state.newUserId),
  },
  {
    name: 'createUserAccessToken',
    shape: 'UserAccessToken',
    status: 200,
    op: ['post', '/api/v4/users/{user_id}/tokens'],
    async call() {
      const pat = await admin.createUserAccessToken(state.newUserId, 'contract');
      assert.equal(typeof pat.token, 'string', 'the secret is returned on creation');
      state.tokenId = pat.id;
      return pat;
    },
  },
  {
    name: 'revokeUserAccessToken',
    shape: 'StatusOK',
    status: 200,
    op: ['post', '/api/v4/users/tokens/revoke'],
    call: () => admin.revokeUserAccessToken(state.tokenId),
  },
  {
    name: 'getMe',
    shape: 'UserProfile',
    status: 200,
    op: ['get', '/api/v4/users/{user_id}'],
    call: () => alice.client.getMe(),
  },
  {
    name: 'getUserByUsername (auth server lookup)',
    shape: 'UserProfile',
    status: 200,
    op: ['get', '/api/v4/users/username/{username}'],
    call: () => admin.getUserByUsername('bob'),
  },
  {
    name: 'getUserByEmail (auth server lookup)',
    shape: 'UserProfile',
    status: 200,
    op: ['get', '/api/v4/users/email/{email}'],
    call: () => admin.getUserByEmail('bob@bisman.example'),
  },
  {
    name: 'getProfilesByIds',
    shape: 'UserProfile',
    array: true,
    status: 200,
    op: ['post', '/api/v4/users/ids'],
    call: () => alice.client.getProfilesByIds([alice.id, bob.id, sam.id]),
  },
  {
    name: 'autocompleteUsers',
    shape: 'UserAutocomplete',
    status: 200,
    op: ['get', '/api/v4/users/autocomplete'],
    call: () => alice.client.autocompleteUsers('b', state.teamId, ''),
  },
  {
    name: 'getStatusesByIds',
    shape: 'UserStatus',
    array: true,
    status: 200,
    op: ['post', '/api/v4/users/status/ids'],
    call: () => alice.client.getStatusesByIds([alice.id, bob.id]),
  },
  {
    name: 'getMyTeams',
    shape: 'Team',
    array: true,
    status: 200,
    op: ['get', '/api/v4/users/{user_id}/teams'],
    call: () => alice.client.getMyTeams(),
  },
  {
    name: 'getTeam',
    shape: 'Team',
    status: 200,
    op: ['get', '/api/v4/teams/{team_id}'],
    call: () => alice.client.getTeam(state.teamId),
  },
  {
    name: 'getMyTeamMembers',
    shape: 'TeamMembership',
    array: true,
    status: 200,
    op: ['get', '/api/v4/users/{user_id}/teams/members'],
    call: () => alice.client.getMyTeamMembers(),
  },
  {
    name: 'getMyTeamUnreads',
    shape: 'TeamUnread',
    array: true,
    status: 200,
    op: ['get', '/api/v4/users/{user_id}/teams/unread'],
    call: () => alice.client.getMyTeamUnreads(false),
  },
  {
    name: 'getMyChannels',
    shape: 'ServerChannel',
    array: true,
    status: 200,
    op: ['get', '/api/v4/users/{user_id}/teams/{team_id}/channels'],
    call: () => alice.client.getMyChannels(state.teamId),
  },
  {
    name: 'getMyChannelMembers',
    shape: 'ChannelMembership',
    array: true,
    status: 200,
    op: ['get', '/api/v4/users/{user_id}/teams/{team_id}/channels/members'],
    call: () => alice.client.getMyChannelMembers(state.teamId),
  },
  {
    name: 'getChannelByName',
    shape: 'ServerChannel',
    status: 200,
    op: ['get', '/api/v4/teams/{team_id}/channels/name/{channel_name}'],
    async call() {
      const channel = await alice.client.getChannelByName(state.teamId, 'town-square');
      state.townSquareId = channel.id;
      return channel;
    },
  },
  {
    name: 'getChannel',
    shape: 'ServerChannel',
    status: 200,
    op: ['get', '/api/v4/channels/{channel_id}'],
    call: () => alice.client.getChannel(state.townSquareId),
  },
  {
    name: 'getChannels (public channels of the team)',
    shape: 'ServerChannel',
    array: true,
    status: 200,
    op: ['get', '/api/v4/teams/{team_id}/channels'],
    call: () => alice.client.getChannels(state.teamId, 0, 200),
  },
  {
    name: 'getMyChannelMember',
    shape: 'ChannelMembership',
    status: 200,
    op: ['get', '/api/v4/channels/{channel_id}/members/{user_id}'],
    call: () => alice.client.getMyChannelMember(state.townSquareId),
  },
  {
    name: 'createDirectChannel',
    shape: 'ServerChannel',
    status: 201,
    op: ['post', '/api/v4/channels/direct'],
    call: () => alice.client.createDirectChannel([alice.id, bob.id]),
  },
  {
    name: 'createGroupChannel',
    shape: 'ServerChannel',
    status: 201,
    op: ['post', '/api/v4/channels/group'],
    call: () => alice.client.createGroupChannel([alice.id, bob.id, sam.id]),
  },
  {
    name: 'createChannel',
    shape: 'ServerChannel',
    status: 201,
    op: ['post', '/api/v4/channels'],
    async call() {
      const channel = await alice.client.createChannel({
        team_id: state.teamId,
        name: uniqueName('contract-'),
        display_name: 'Contract',
        type: 'O',
      });
      state.channelId = channel.id;
      return channel;
    },
  },
  {
    name: 'addToChannel',
    shape: 'ChannelMembership',
    status: 201,
    op: ['post', '/api/v4/channels/{channel_id}/members'],
    call: () => alice.client.addToChannel(bob.id, state.channelId),
  },
  {
    name: 'createPost',
    shape: 'Post',
    status: 201,
    op: ['post', '/api/v4/posts'],
    async call() {
      const post = await alice.client.createPost({
        channel_id: state.channelId,
        message: 'contract root',
        pending_post_id: `${alice.id}:${Date.now()}`,
      } as Post);
      state.rootId = post.id;
      state.since = post.create_at;
      return post;
    },
  },
  {
    name: 'createPost (reply)',
    shape: 'Post',
    status: 201,
    op: ['post', '/api/v4/posts'],
    async call() {
      const post = await bob.client.createPost({
        channel_id: state.channelId,
        message: 'contract reply',
        root_id: state.rootId,
      } as Post);
      state.replyId = post.id;
      return post;
    },
  },
  {
    name: 'getPosts (page)',
    shape: 'PostList',
    status: 200,
    op: ['get', '/api/v4/channels/{channel_id}/posts'],
    call: () => alice.client.getPosts(state.channelId, 0, 60),
  },
  {
    name: 'getPostsSince',
    shape: 'PostList',
    status: 200,
    op: ['get', '/api/v4/channels/{channel_id}/posts'],
    call: () => alice.client.getPostsSince(state.channelId, state.since - 1),
  },
  {
    name: 'getPostsBefore',
    shape: 'PostList',
    status: 200,
    op: ['get', '/api/v4/channels/{channel_id}/posts'],
    call: () => alice.client.getPostsBefore(state.channelId, state.replyId, 0, 30),
  },
  {
    name: 'getPostsAfter',
    shape: 'PostList',
    status: 200,
    op: ['get', '/api/v4/channels/{channel_id}/posts'],
    call: () => alice.client.getPostsAfter(state.channelId, state.rootId, 0, 30),
  },
  {
    name: 'patchPost',
    shape: 'Post',
    status: 200,
    op: ['put', '/api/v4/posts/{post_id}/patch'],
    call: () => alice.client.patchPost({ id: state.rootId, message: 'contract root, edited' }),
  },
  {
    name: 'getPostThread',
    shape: 'PaginatedPostList',
    status: 200,
    op: ['get', '/api/v4/posts/{post_id}/thread'],
    call: () => alice.client.getPostThread(state.rootId),
  },
  {
    name: 'addReaction',
    shape: 'Reaction',
    status: 200,
    op: ['post', '/api/v4/reactions'],
    call: () => bob.client.addReaction(bob.id, state.rootId, 'thumbsup'),
  },
  {
    name: 'getReactionsForPost',
    shape: 'Reaction',
    array: true,
    status: 200,
    op: ['get', '/api/v4/posts/{post_id}/reactions'],
    call: () => alice.client.getReactionsForPost(state.rootId),
  },
  {
    name: 'uploadFile',
    shape: 'FileUploadResponse',
    status: 201,
    op: ['post', '/api/v4/files'],
    async call() {
      const form = new FormData();
      form.append('channel_id', state.channelId);
      form.append('client_ids', 'contract-client-id');
      form.append('files', new Blob(['hello, contract'], { type: 'text/plain' }), 'contract.txt');
      const res = await alice.client.uploadFile(form);
      state.fileId = res.file_infos[0]?.id ?? '';
      return res;
    },
  },
  {
    name: 'getFileInfosForPost',
    shape: 'FileInfo',
    array: true,
    status: 200,
    op: ['get', '/api/v4/posts/{post_id}/files/info'],
    async call() {
      const withFile = await alice.client.createPost({
        channel_id: state.channelId,
        message: 'with a file',
        file_ids: [state.fileId],
      } as Post);
      const infos = await alice.client.getFileInfosForPost(withFile.id);
      assert.deepEqual(
        infos.map((f) => f.id),
        [state.fileId],
      );
      return infos;
    },
  },
  {
    name: 'getRolesByNames (mattermost-redux loadRolesIfNeeded)',
    shape: 'Role',
    array: true,
    status: 200,
    op: ['post', '/api/v4/roles/names'],
    call: () => alice.client.getRolesByNames(['system_user', 'channel_user']),
  },
  {
    name: 'getRoleByName',
    shape: 'Role',
    status: 200,
    op: ['get', '/api/v4/roles/name/{role_name}'],
    call: () => alice.client.getRoleByName('team_user'),
  },
  {
    name: 'savePreferences (mattermost-redux createDirectChannel)',
    shape: 'StatusOK',
    status: 200,
    op: ['put', '/api/v4/users/{user_id}/preferences'],
    call: () =>
      alice.client.savePreferences(alice.id, [
        { user_id: alice.id, category: 'direct_channel_show', name: bob.id, value: 'true' },
      ]),
  },
  {
    name: 'getMyPreferences',
    shape: 'PreferenceType',
    array: true,
    status: 200,
    op: ['get', '/api/v4/users/{user_id}/preferences'],
    call: () => alice.client.getMyPreferences(),
  },
  {
    name: 'createBot',
    shape: 'Bot',
    status: 201,
    op: ['post', '/api/v4/bots'],
    call: () => {
      world.emulator.core.patchConfig({ ServiceSettings: { EnableBotAccountCreation: true } });
      return admin.createBot({ username: uniqueName('bot'), display_name: 'Contract bot' } as never);
    },
  },
  {
    name: 'getBots',
    shape: 'Bot',
    array: true,
    status: 200,
    op: ['get', '/api/v4/bots'],
    call: () => admin.getBots(),
  },
  {
    name: 'viewMyChannel',
    shape: 'ChannelViewResponse',
    status: 200,
    op: ['post', '/api/v4/channels/members/{user_id}/view'],
    call: () => bob.client.viewMyChannel(state.channelId),
  },
];

const MSW_URL = 'http://mattermost.msw.test';

function suite(transport: 'HTTP' | 'msw'): void {
  describe(`response bodies match the Mattermost shapes (${transport})`, () => {
    const bodies = new Map<string, unknown>();
    let msw: ReturnType<typeof setupServer> | undefined;

    before(async () => {
      [world, types] = await Promise.all([startWorld(), loadTypeValidator()]);
      baseUrl = world.url;
      if (transport === 'msw') {
        baseUrl = MSW_URL;
        const server = setupServer(...createEmulatorHandlers(world.emulator.core, { baseUrl: MSW_URL }));
        // Set-up calls go to the Node server; anything else msw does not answer is a test bug.
        server.listen({
          onUnhandledRequest: (request, print) => {
            if (!request.url.startsWith(world.url)) print.error();
          },
        });
        msw = server;
      }
      const signIn = async (username: string) => {
        const { id } = await world.admin.getUserByUsername(username);
        const token = world.emulator.core.issueToken(id);
        return { id, token, client: client(baseUrl, token) };
      };
      admin = client(baseUrl, world.emulator.adminToken);
      [alice, bob, sam] = await Promise.all([signIn('alice'), signIn('bob'), signIn('sam')]);
      for (const key of Object.keys(state) as Array<keyof typeof state>)
        (state[key] as unknown) = typeof state[key] === 'number' ? 0 : '';
      // After msw patched fetch, so that the wrapper sees msw's answers too.
      recorder = recordFetches();
    });

    after(async () => {
      recorder?.restore();
      msw?.close();
      await world?.close();
    });

    for (const c of cases) {
      const label = `${c.name} → ${c.status} ${c.shape}${c.array ? '[]' : ''}`;
      it(`${label} (@mattermost/types)`, async () => {
        const body = await c.call();
        bodies.set(c.name, body);
        const wire = recorder.last();
        assert.ok(wire.url.startsWith(baseUrl), `${wire.url} went to ${baseUrl}`);
        assert.equal(wire.status, c.status, `${wire.method} ${wire.url} answered ${wire.status}`);
        assert.equal(wire.contentType, 'application/json');
        assert.ok(wire.versionId, 'X-Version-Id is set');
        assert.deepEqual(types.check(c.shape, body, { array: c.array }), [], JSON.stringify(body).slice(0, 2000));
      });

      if ('absent' in openapi) continue;
      const schema = openapi.responseSchema(c.op[0], c.op[1], c.status);
      if (!schema) continue; // The spec documents no JSON body for it (config/client): nothing to compare.
      it(`${label} (OpenAPI ${schema.source})`, () => {
        assert.ok(bodies.has(c.name), `${c.name} returned no body to check`);
        assert.deepEqual(schema.validate(bodies.get(c.name)), [], JSON.stringify(bodies.get(c.name)).slice(0, 2000));
      });
    }

    // The errors a widget shows: unauthenticated, forbidden (a private channel), unknown, malformed.
    const errors = new Map<number, unknown>();
    it('error bodies 400, 401, 403 and 404 are AppErrors (@mattermost/types)', async () => {
      const bobsSupport = await admin.getChannelByName(state.teamId, 'support-bob');
      const calls: Array<[number, () => Promise<unknown>]> = [
        [400, () => alice.client.getPosts('nope')],
        [401, () => client(baseUrl, 'x'.repeat(26)).getMe()],
        [403, () => alice.client.getPosts(bobsSupport.id)],
        [404, () => alice.client.getUser('z'.repeat(26))],
      ];
      for (const [status, call] of calls) {
        await assert.rejects(call(), (err: { status_code?: number }) => err.status_code === status);
        const wire = recorder.last();
        assert.equal(wire.status, status);
        assert.equal(wire.contentType, 'application/json');
        const body: unknown = JSON.parse(wire.text);
        errors.set(status, body);
        assert.deepEqual(types.check('AppError', body), [], wire.text);
      }
    });

    if (!('absent' in openapi)) {
      it('error bodies 400, 401, 403 and 404 are AppErrors (OpenAPI #/components/schemas/AppError)', () => {
        assert.equal(errors.size, 4, 'the error bodies were collected');
        for (const body of errors.values())
          assert.deepEqual(openapi.component('AppError').validate(body), [], JSON.stringify(body));
      });
    }
  });
}

suite('HTTP');
suite('msw');
