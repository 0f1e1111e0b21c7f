// What the auth server relies on when it provisions users with an admin token
// (../shared/mattermost-api/PROVISIONING.md): lookups that 404, duplicates that 400,
// repeatable team joins, and personal access tokens that work until revoked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Channel } from '@mattermost/types/channels';
import { FrameSocket, type MMClient, type World, http, startWorld, uniqueName } from './harness.js';
import { type ShapeValidator, loadTypeValidator } from './schemas.js';

let world: World;
let types: ShapeValidator;
let admin = '';
let teamId = '';
let alice: { id: string; token: string; client: MMClient };

async function newUser(): Promise<{ id: string; username: string; email: string }> {
  const username = uniqueName('prov');
  const email = `${username}@contract.example`;
  const res = await http(world.url, '/users', {
    method: 'POST',
    token: admin,
    body: { username, email, password: 'contract-password' },
  });
  assert.equal(res.status, 201, res.text);
  return { id: (res.json as { id: string }).id, username, email };
}

/** Asserts an AppError response with this status (and id, when given). */
function assertAppError(res: { status: number; json: unknown; text: string }, status: number, id?: string): void {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(types.check('AppError', res.json), [], res.text);
  if (id) assert.equal((res.json as { id: string }).id, id);
}

describe('provisioning with an admin token', () => {
  before(async () => {
    [world, types] = await Promise.all([startWorld(), loadTypeValidator()]);
    admin = world.emulator.adminToken;
    teamId = (await world.admin.getTeamByName('erp')).id;
    alice = await world.user('alice');
  });

  after(() => world?.close());

  it('looking up an unknown email, username or channel name answers 404', async () => {
    const missing = uniqueName('nobody');
    assertAppError(await http(world.url, `/users/email/${missing}@contract.example`, { token: admin }), 404);
    assertAppError(await http(world.url, `/users/username/${missing}`, { token: admin }), 404);
    assertAppError(
      await http(world.url, `/teams/${teamId}/channels/name/${missing}?include_deleted=false`, { token: admin }),
      404,
    );
  });

  it("a duplicate username or email answers 400 with the server's error ids", async () => {
    const user = await newUser();
    const again = (body: Record<string, string>) =>
      http(world.url, '/users', { method: 'POST', token: admin, body: { password: 'contract-password', ...body } });
    assertAppError(
      await again({ username: user.username, email: `${uniqueName('other')}@contract.example` }),
      400,
      'app.user.save.username_exists.app_error',
    );
    assertAppError(
      await again({ username: uniqueName('other'), email: user.email }),
      400,
      'app.user.save.email_exists.app_error',
    );
  });

  it('adding a member to the team twice is harmless', async () => {
    const user = await newUser();
    const add = () =>
      http(world.url, `/teams/${teamId}/members`, {
        method: 'POST',
        token: admin,
        body: { team_id: teamId, user_id: user.id },
      });
    const [first, second] = [await add(), await add()];
    assert.deepEqual([first.status, second.status], [201, 201], second.text);
    assert.equal((second.json as { user_id: string }).user_id, user.id);
    const members = await http(world.url, `/teams/${teamId}/members/${user.id}`, { token: admin });
    assert.equal((members.json as { delete_at: number }).delete_at, 0);
  });

  it('a private support channel made by the admin is found by name and holds the members added', async () => {
    const user = await newUser();
    await world.admin.addToTeam(teamId, user.id);
    const created = await http(world.url, '/channels', {
      method: 'POST',
      token: admin,
      body: { team_id: teamId, name: `support-${user.username}`, display_name: 'Support', type: 'P' },
    });
    assert.equal(created.status, 201, created.text);
    const channel = created.json as Channel;
    const added = await http(world.url, `/channels/${channel.id}/members`, {
      method: 'POST',
      token: admin,
      body: { user_id: user.id },
    });
    assert.equal(added.status, 201, added.text);
    const found = await http(
      world.url,
      `/teams/${teamId}/channels/name/support-${user.username}?include_deleted=false`,
      { token: admin },
    );
    assert.equal((found.json as Channel).id, channel.id);
    const token = world.emulator.core.issueToken(user.id);
    const mine = await http(world.url, `/users/me/teams/${teamId}/channels`, { token });
    assert.ok(
      (mine.json as Channel[]).some((c) => c.id === channel.id),
      'the user sees the support channel',
    );
    const outsider = await http(world.url, `/channels/${channel.id}`, { token: alice.token });
    assertAppError(outsider, 403);
  });

  it('a personal access token works for REST and the socket until revoked, then neither', async () => {
    const user = await newUser();
    const created = await http(world.url, `/users/${user.id}/tokens`, {
      method: 'POST',
      token: admin,
      body: { description: 'widget' },
    });
    assert.equal(created.status, 200, created.text);
    const { id: tokenId, token } = created.json as { id: string; token: string };
    assert.equal(((await http(world.url, '/users/me', { token })).json as { id: string }).id, user.id);
    const live = await FrameSocket.authenticated(world.url, token);
    live.close();

    const revoked = await http(world.url, '/users/tokens/revoke', {
      method: 'POST',
      token: admin,
      body: { token_id: tokenId },
    });
    assert.deepEqual(revoked.json, { status: 'OK' });
    assertAppError(await http(world.url, '/users/me', { token }), 401, 'api.context.session_expired.app_error');
    const dead = await FrameSocket.open(world.url);
    dead.send('authentication_challenge', { token });
    assert.equal((await dead.closed).framesBeforeClose, 0, 'the socket refuses a revoked token');
  });

  it('the token secret comes back only on creation; user bodies never carry a password', async () => {
    const user = await newUser();
    const created = await http(world.url, `/users/${user.id}/tokens`, {
      method: 'POST',
      token: admin,
      body: { description: 'once' },
    });
    const { id: tokenId, token } = created.json as { id: string; token: string };
    assert.match(token, /^[a-z0-9]{26}$/);
    const one = await http(world.url, `/users/tokens/${tokenId}`, { token: admin });
    const list = await http(world.url, `/users/${user.id}/tokens?page=0&per_page=60`, { token: admin });
    assert.equal(one.status, 200, one.text);
    assert.equal(list.status, 200, list.text);
    for (const sanitized of [one.json, ...(list.json as unknown[])]) {
      assert.equal((sanitized as { id: string }).id, tokenId);
      assert.ok(!('token' in (sanitized as object)), JSON.stringify(sanitized));
    }
    assert.ok(!one.text.includes(token) && !list.text.includes(token), 'the secret appears nowhere');

    const login = await http(world.url, '/users/login', {
      method: 'POST',
      body: { login_id: user.email, password: 'contract-password' },
    });
    const bodies = [
      login.json,
      (await http(world.url, '/users/me', { token: login.headers.get('token') ?? '' })).json,
      ...((await http(world.url, '/users/ids', { method: 'POST', token: admin, body: [user.id] })).json as unknown[]),
    ];
    for (const body of bodies) {
      const { password, auth_data: authData } = body as { password?: string; auth_data?: string };
      assert.ok(!password && !authData, JSON.stringify(body));
    }
  });

  it('a user cannot create a token for someone else', async () => {
    const user = await newUser();
    assertAppError(
      await http(world.url, `/users/${user.id}/tokens`, {
        method: 'POST',
        token: alice.token,
        body: { description: 'x' },
      }),
      403,
      'api.context.permissions.app_error',
    );
  });
});
