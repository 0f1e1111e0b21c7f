/** Every class of bad input gets Mattermost's AppError JSON with the right status; permissions hold. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import { EmulatorCore, startEmulator, seedDemo } from '../../../src/emulator/node.js';
import type { RunningEmulator } from '../../../src/emulator/node.js';
import { loginClient, makeClient } from '../../helpers/mattermost-node.js';
import { DEMO_PASSWORD, channelId, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

interface ClientErr {
  status_code?: number;
  server_error_id?: string;
}
const rejectsWith = (status: number, id?: string) => (err: ClientErr) => {
  assert.equal(err.status_code, status);
  if (id) assert.equal(err.server_error_id, id);
  return true;
};

/** Asserts the response is an AppError as the real server writes it. */
async function appError(res: Response, status: number, id?: string): Promise<Record<string, unknown>> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.ok(res.headers.get('x-version-id'));
  const body = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['detailed_error', 'id', 'message', 'request_id', 'status_code']);
  assert.equal(body.status_code, status);
  assert.equal(body.request_id, res.headers.get('x-request-id'));
  assert.equal(typeof body.message, 'string');
  if (id) assert.equal(body.id, id);
  return body;
}

describe('bad input and permissions', () => {
  let emu: SeededEmulator;
  let api: string;
  let aliceToken: string;

  before(async () => {
    emu = await startSeeded();
    api = `${emu.url}/api/v4`;
    aliceToken = emu.core.issueToken(userId(emu, 'alice'));
  });
  after(async () => {
    await emu?.close();
  });

  const auth = (token: string, extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, ...extra });

  it('answers an unknown route with 404', async () => {
    await appError(
      await fetch(`${api}/no/such/route`, { headers: auth(aliceToken) }),
      404,
      'api.context.404.app_error',
    );
  });

  it('answers malformed JSON and wrong fields with 400', async () => {
    const headers = auth(aliceToken, { 'Content-Type': 'application/json' });
    await appError(
      await fetch(`${api}/posts`, { method: 'POST', headers, body: '{"channel_id":' }),
      400,
      'api.context.invalid_body_param.app_error',
    );
    await appError(
      await fetch(`${api}/posts`, { method: 'POST', headers, body: '[1,2]' }),
      400,
      'api.context.invalid_body_param.app_error',
    );
    await appError(
      await fetch(`${api}/posts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ channel_id: 'nope', message: 'x' }),
      }),
      400,
      'api.context.invalid_body_param.app_error',
    );
    await appError(
      await fetch(`${api}/channels/not-an-id`, { headers }),
      400,
      'api.context.invalid_url_param.app_error',
    );
    await appError(await fetch(`${api}/users/ids`, { method: 'POST', headers, body: '["x"]' }), 400);
    await appError(await fetch(`${api}/channels/${channelId(emu, 'sales')}/posts?since=yesterday`, { headers }), 400);
    // Paging numbers fall back to their defaults, as the server's parser does.
    assert.equal(
      (await fetch(`${api}/channels/${channelId(emu, 'sales')}/posts?page=-1&per_page=lots`, { headers })).status,
      200,
    );
  });

  it('answers a missing, malformed, unknown or revoked token with 401', async () => {
    const expired = 'api.context.session_expired.app_error';
    await appError(await fetch(`${api}/users/me`), 401, expired);
    await appError(await fetch(`${api}/users/me`, { headers: { Authorization: 'Basic abc' } }), 401, expired);
    await appError(await fetch(`${api}/users/me`, { headers: auth('a'.repeat(26)) }), 401, expired);
    const admin = makeClient(emu.url, emu.core.adminToken);
    const pat = await admin.createUserAccessToken(userId(emu, 'bob'), 'to revoke');
    assert.ok(pat.token);
    assert.equal((await fetch(`${api}/users/me`, { headers: { Authorization: `Token ${pat.token}` } })).status, 200);
    await admin.revokeUserAccessToken(pat.id);
    await appError(await fetch(`${api}/users/me`, { headers: auth(pat.token!) }), 401, expired);
    await assert.rejects(makeClient(emu.url, pat.token).getMe(), rejectsWith(401, expired));
  });

  it('answers an oversized JSON body with 413', async () => {
    const body = JSON.stringify({ channel_id: channelId(emu, 'sales'), message: 'x'.repeat(400_000) });
    await appError(
      await fetch(`${api}/posts`, {
        method: 'POST',
        headers: auth(aliceToken, { 'Content-Type': 'application/json' }),
        body,
      }),
      413,
    );
  });

  it('answers an oversized file with 413', async () => {
    let small: RunningEmulator | undefined;
    try {
      const core = new EmulatorCore({ maxFileSize: 1024 });
      const world = seedDemo(core);
      small = await startEmulator({ core });
      const token = core.issueToken(world.users.alice!.id);
      const form = new FormData();
      form.append('channel_id', world.channels.sales!.id);
      form.append('files', new Blob([new Uint8Array(2048)]), 'big.bin');
      const res = await fetch(`${small.url}/api/v4/files`, { method: 'POST', headers: auth(token), body: form });
      await appError(res, 413, 'api.file.upload_file.too_large_detailed.app_error');
      const ok = new FormData();
      ok.append('channel_id', world.channels.sales!.id);
      ok.append('files', new Blob([new Uint8Array(100)]), 'small.bin');
      assert.equal(
        (await fetch(`${small.url}/api/v4/files`, { method: 'POST', headers: auth(token), body: ok })).status,
        201,
      );
    } finally {
      await small?.close();
    }
  });

  it('lets only an admin create users, tokens for others and DMs for others', async () => {
    const alice = makeClient(emu.url, aliceToken);
    const admin = makeClient(emu.url, emu.core.adminToken);
    const forbidden = 'api.context.permissions.app_error';
    const newUser = { username: 'dave', email: 'dave@bisman.example', password: 'dave-password' } as Parameters<
      typeof alice.createUser
    >[0];
    await assert.rejects(alice.createUser(newUser, '', ''), rejectsWith(403, forbidden));
    await assert.rejects(alice.createUserAccessToken(userId(emu, 'bob'), 'steal'), rejectsWith(403, forbidden));
    await assert.rejects(alice.createUserAccessToken(userId(emu, 'alice'), 'mine'), rejectsWith(403, forbidden));
    await assert.rejects(
      alice.createDirectChannel([userId(emu, 'bob'), userId(emu, 'sam')]),
      rejectsWith(403, forbidden),
    );

    const dave = await admin.createUser(newUser, '', '');
    assert.equal(dave.username, 'dave');
    await assert.rejects(
      admin.createUser(newUser, '', ''),
      rejectsWith(400, 'app.user.save.username_exists.app_error'),
    );
    const pat = await admin.createUserAccessToken(userId(emu, 'bob'), 'widget');
    assert.match(String(pat.token), /^[a-z0-9]{26}$/);
    const dm = await admin.createDirectChannel([userId(emu, 'bob'), userId(emu, 'sam')]);
    assert.equal(dm.type, 'D');
  });

  it('keeps a private channel from non-members: no reading, no posting', async () => {
    const bob = makeClient(emu.url, emu.core.issueToken(userId(emu, 'bob')));
    const management = channelId(emu, 'management');
    const forbidden = rejectsWith(403, 'api.context.permissions.app_error');
    await assert.rejects(bob.getChannel(management), forbidden);
    await assert.rejects(bob.getPosts(management), forbidden);
    await assert.rejects(bob.createPost({ channel_id: management, message: 'let me in' } as Post), forbidden);
    await assert.rejects(bob.addToChannel(userId(emu, 'bob'), management), forbidden);
    const [root] = (await makeClient(emu.url, aliceToken).getPosts(management)).order;
    await assert.rejects(bob.getPostThread(root!), forbidden);
  });

  it('authenticates by cookie after a browser-style login, with CSRF on writes; the cookie wins over a bearer', async () => {
    const res = await fetch(`${api}/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify({ login_id: 'bob', password: DEMO_PASSWORD }),
    });
    assert.equal(res.status, 200);
    const token = res.headers.get('token');
    assert.match(String(token), /^[a-z0-9]{26}$/);
    const cookies = res.headers.getSetCookie();
    const jar = new Map(cookies.map((c) => c.split(';')[0]!.split('=') as [string, string]));
    assert.equal(jar.get('MMAUTHTOKEN'), token);
    assert.equal(jar.get('MMUSERID'), userId(emu, 'bob'));
    assert.ok(cookies.find((c) => c.startsWith('MMAUTHTOKEN'))?.includes('HttpOnly'));
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

    const me = await fetch(`${api}/users/me`, { headers: { Cookie: cookie, ...auth(aliceToken) } });
    assert.equal(((await me.json()) as { username: string }).username, 'bob', 'the cookie wins');
    const body = JSON.stringify({ channel_id: channelId(emu, 'sales'), message: 'by cookie' });
    const headers = { Cookie: cookie, 'Content-Type': 'application/json' };
    await appError(
      await fetch(`${api}/posts`, { method: 'POST', headers, body }),
      401,
      'api.context.session_expired.app_error',
    );
    const withCsrf = await fetch(`${api}/posts`, {
      method: 'POST',
      headers: { ...headers, 'X-CSRF-Token': jar.get('MMCSRF')! },
      body,
    });
    assert.equal(withCsrf.status, 201);

    const plain = await fetch(`${api}/users/login`, {
      method: 'POST',
      body: JSON.stringify({ login_id: 'bob', password: DEMO_PASSWORD }),
    });
    assert.equal(plain.headers.getSetCookie().length, 0, 'no cookies without X-Requested-With');
    await assert.rejects(
      loginClient(emu.url, 'bob', 'wrong-password'),
      rejectsWith(401, 'api.user.login.invalid_credentials_email_username'),
    );
  });
});
