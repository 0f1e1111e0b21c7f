// Bad input gets a 4xx AppError as JSON, never a 500 and never a crash: the widget and
// the auth server turn these into messages, and a 500 would read as "server down".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Post } from '@mattermost/types/posts';
import { type MMClient, type RawRequest, type World, JSON_CT, http, startWorld } from './harness.js';
import { type ShapeValidator, loadTypeValidator } from './schemas.js';

let world: World;
let types: ShapeValidator;
let alice: { id: string; token: string; client: MMClient };
let channelId = '';
let postId = '';
let teamId = '';

const unknownId = 'z'.repeat(26);

/** [what, path, request]: each must answer a 4xx AppError. Ids are filled in at run time. */
const cases: Array<[string, () => string, () => RawRequest]> = [
  ['a post without channel_id', () => '/posts', () => ({ method: 'POST', body: { message: 'x' } })],
  [
    'a post to a malformed channel id',
    () => '/posts',
    () => ({ method: 'POST', body: { channel_id: 'nope', message: 'x' } }),
  ],
  ['a post whose body is an array', () => '/posts', () => ({ method: 'POST', body: ['x'] })],
  [
    'a post whose message is a number',
    () => '/posts',
    () => ({ method: 'POST', body: { channel_id: channelId, message: 5 } }),
  ],
  [
    'a reply to a root that does not exist',
    () => '/posts',
    () => ({ method: 'POST', body: { channel_id: channelId, message: 'x', root_id: unknownId } }),
  ],
  [
    'a post with file ids that do not exist',
    () => '/posts',
    () => ({ method: 'POST', body: { channel_id: channelId, message: 'x', file_ids: [unknownId] } }),
  ],
  ['a post with an empty body', () => '/posts', () => ({ method: 'POST', body: '' })],
  ['users by ids with an object body', () => '/users/ids', () => ({ method: 'POST', body: { ids: [] } })],
  ['statuses by ids with malformed ids', () => '/users/status/ids', () => ({ method: 'POST', body: ['nope'] })],
  ['a DM with one user', () => '/channels/direct', () => ({ method: 'POST', body: [alice.id] })],
  [
    'a DM with three users',
    () => '/channels/direct',
    () => ({ method: 'POST', body: [alice.id, unknownId, unknownId.replace('z', 'y')] }),
  ],
  [
    'a DM with a user who does not exist',
    () => '/channels/direct',
    () => ({ method: 'POST', body: [alice.id, unknownId] }),
  ],
  [
    'a channel with an invalid name',
    () => '/channels',
    () => ({ method: 'POST', body: { team_id: teamId, name: 'Not Valid!', display_name: 'x', type: 'O' } }),
  ],
  [
    'a channel of an unknown type',
    () => '/channels',
    () => ({ method: 'POST', body: { team_id: teamId, name: 'ok-name', display_name: 'x', type: 'X' } }),
  ],
  ['posts of a malformed channel id', () => '/channels/nope/posts', () => ({})],
  ['posts with a non-numeric since', () => `/channels/${channelId}/posts?since=yesterday`, () => ({})],
  ['posts before a post that does not exist', () => `/channels/${channelId}/posts?before=nope`, () => ({})],
  ['a post that does not exist', () => `/posts/${unknownId}`, () => ({})],
  ['a thread of a malformed id', () => '/posts/nope/thread', () => ({})],
  [
    'a patch with a number for message',
    () => `/posts/${postId}/patch`,
    () => ({ method: 'PUT', body: { message: 7 } }),
  ],
  [
    'a reaction without emoji_name',
    () => '/reactions',
    () => ({ method: 'POST', body: { user_id: alice.id, post_id: postId } }),
  ],
  [
    'a reaction with an invalid emoji name',
    () => '/reactions',
    () => ({ method: 'POST', body: { user_id: alice.id, post_id: postId, emoji_name: 'no spaces allowed' } }),
  ],
  [
    'a reaction for another user',
    () => '/reactions',
    () => ({ method: 'POST', body: { user_id: unknownId, post_id: postId, emoji_name: 'smile' } }),
  ],
  ['a file upload without channel_id', () => '/files', () => ({ method: 'POST', body: fileForm(false) })],
  ['a file upload that is not multipart', () => '/files', () => ({ method: 'POST', body: { channel_id: channelId } })],
  [
    'a view of a malformed channel id',
    () => '/channels/members/me/view',
    () => ({ method: 'POST', body: { channel_id: 'nope' } }),
  ],
  [
    'a status that does not exist',
    () => `/users/${alice.id}/status`,
    () => ({ method: 'PUT', body: { user_id: alice.id, status: 'sleeping' } }),
  ],
  ['an unknown team name', () => '/teams/name/no-such-team', () => ({})],
  ['autocomplete in a malformed team id', () => '/users/autocomplete?in_team=nope&name=a', () => ({})],
  ['a login without a password', () => '/users/login', () => ({ method: 'POST', body: { login_id: 'alice' } })],
  [
    'a login with a wrong password',
    () => '/users/login',
    () => ({ method: 'POST', body: { login_id: 'alice', password: 'wrong-password' } }),
  ],
  [
    'revoking a token that does not exist',
    () => '/users/tokens/revoke',
    () => ({ method: 'POST', body: { token_id: unknownId } }),
  ],
];

function fileForm(withChannel: boolean): FormData {
  const form = new FormData();
  if (withChannel) form.append('channel_id', channelId);
  form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
  return form;
}

describe('bad input answers a 4xx AppError, never a 500', () => {
  before(async () => {
    [world, types] = await Promise.all([startWorld(), loadTypeValidator()]);
    alice = await world.user('alice');
    teamId = (await world.admin.getTeamByName('erp')).id;
    channelId = (await alice.client.getChannelByName(teamId, 'town-square')).id;
    postId = (await alice.client.createPost({ channel_id: channelId, message: 'target' } as Post)).id;
  });

  after(() => world?.close());

  for (const [what, path, request] of cases) {
    it(what, async () => {
      const res = await http(world.url, path(), { token: alice.token, ...request() });
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text}`);
      assert.equal(res.headers.get('content-type'), JSON_CT);
      assert.deepEqual(types.check('AppError', res.json), [], res.text);
      assert.equal((res.json as { status_code: number }).status_code, res.status);
    });
  }

  it("a page or per_page that is not a non-negative number falls back to the defaults (0, 60), as the server's parser does", async () => {
    // web/params.go: strconv.Atoi fails or is < 0 → PageDefault / PerPageDefault, no error.
    const plain = await http(world.url, `/channels/${channelId}/posts?page=0&per_page=60`, { token: alice.token });
    for (const query of [
      'page=-1&per_page=60',
      'page=first&per_page=60',
      'page=0&per_page=lots',
      'page=0&per_page=-5',
    ]) {
      const res = await http(world.url, `/channels/${channelId}/posts?${query}`, { token: alice.token });
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      assert.deepEqual((res.json as { order: string[] }).order, (plain.json as { order: string[] }).order, query);
    }
  });

  it('the server still answers after all of that', async () => {
    const ping = await http(world.url, '/system/ping');
    assert.deepEqual([ping.status, (ping.json as { status: string }).status], [200, 'OK']);
  });
});
