/** The WebSocket protocol frame by frame, as WEBSOCKET.md describes the server. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import { makeClient } from '../../helpers/mattermost-node.js';
import { channelId, rawSocket, startSeeded, userId } from './fixture.js';
import type { RawSocket, SeededEmulator } from './fixture.js';

async function authed(emu: SeededEmulator, username: string): Promise<{ socket: RawSocket; token: string }> {
  const token = emu.core.issueToken(userId(emu, username));
  const socket = await rawSocket(emu.url);
  socket.send({ action: 'authentication_challenge', seq: 1, data: { token } });
  await socket.next((f) => f.seq_reply === 1);
  return { socket, token };
}

describe('WebSocket protocol', () => {
  let emu: SeededEmulator;
  const open: RawSocket[] = [];

  before(async () => {
    emu = await startSeeded();
  });
  after(async () => {
    for (const s of open) s.ws.terminate();
    await emu?.close();
  });

  it('answers the challenge with hello (seq 0), then the OK reply', async () => {
    const token = emu.core.issueToken(userId(emu, 'alice'));
    const socket = await rawSocket(emu.url);
    open.push(socket);
    socket.send({ action: 'authentication_challenge', seq: 1, data: { token } });
    await socket.next((f) => f.seq_reply === 1);
    const [hello, reply] = socket.frames;
    assert.equal(hello?.event, 'hello');
    assert.equal(hello?.seq, 0);
    assert.match(String(hello?.data?.connection_id), /^[a-z0-9]{26}$/);
    assert.match(String(hello?.data?.server_version), /^11\.1\.0\./);
    assert.equal(hello?.broadcast?.user_id, userId(emu, 'alice'));
    assert.deepEqual(reply, { status: 'OK', seq_reply: 1 });
  });

  it("refuses an upgrade from a foreign origin, as the server's origin check does", async () => {
    await assert.rejects(rawSocket(emu.url, { headers: { Origin: 'http://evil.example' } }), /403/);
    const local = await rawSocket(emu.url, { headers: { Origin: 'http://localhost:5173' } });
    local.ws.close();
    await local.closed;
  });

  it('closes a socket with a bad token without sending a frame', async () => {
    const socket = await rawSocket(emu.url);
    socket.send({ action: 'authentication_challenge', seq: 1, data: { token: 'x'.repeat(26) } });
    const { code } = await socket.closed;
    assert.equal(code, 1006);
    assert.equal(socket.frames.length, 0);
  });

  it('closes a socket whose upgrade carries garbage, and keeps serving', async () => {
    const socket = await rawSocket(emu.url, {
      query: '?connection_id=%zz&sequence_number=abc',
      headers: { Cookie: 'MMAUTHTOKEN=%E0%A4%A' },
    });
    assert.equal((await socket.closed).code, 1006);
    assert.equal(socket.frames.length, 0);
    assert.equal((await fetch(`${emu.url}/api/v4/system/ping`)).status, 200);
  });

  it('refuses actions before authentication, but answers presence', async () => {
    const socket = await rawSocket(emu.url);
    open.push(socket);
    socket.send({ action: 'presence', seq: 1, data: { channel_id: channelId(emu, 'sales') } });
    assert.deepEqual(await socket.next((f) => f.seq_reply === 1), { status: 'OK', seq_reply: 1 });
    socket.send({ action: 'ping', seq: 2 });
    const fail = await socket.next((f) => f.seq_reply === 2);
    assert.equal(fail.status, 'FAIL');
    assert.equal(fail.error?.id, 'api.web_socket_router.not_authenticated.app_error');
    assert.equal(fail.error?.status_code, 401);
  });

  it('closes an unauthenticated socket after 5 seconds', async () => {
    const started = Date.now();
    const socket = await rawSocket(emu.url);
    await socket.closed;
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 4900 && elapsed < 8000, `closed after ${elapsed} ms`);
    assert.equal(socket.frames.length, 0);
  });

  it('answers ping with a pong reply that is not an event', async () => {
    const { socket } = await authed(emu, 'bob');
    open.push(socket);
    socket.send({ action: 'ping', seq: 2 });
    const pong = await socket.next((f) => f.seq_reply === 2);
    assert.equal(pong.status, 'OK');
    assert.equal(pong.data?.text, 'pong');
    assert.equal(typeof pong.data?.server_time, 'number');
    assert.equal('event' in pong, false);
    assert.equal('seq' in pong, false);
  });

  it('fails an unknown action and a bad typing channel', async () => {
    const { socket } = await authed(emu, 'bob');
    open.push(socket);
    socket.send({ action: 'make_coffee', seq: 2 });
    const bad = await socket.next((f) => f.seq_reply === 2);
    assert.equal(bad.status, 'FAIL');
    assert.equal(bad.error?.id, 'api.web_socket_router.bad_action.app_error');
    socket.send({ action: 'user_typing', seq: 3, data: { channel_id: channelId(emu, 'management') } });
    const notMember = await socket.next((f) => f.seq_reply === 3);
    assert.equal(notMember.error?.id, 'api.websocket_handler.invalid_param.app_error');
  });

  it('answers get_statuses_by_ids with a map of statuses', async () => {
    const { socket } = await authed(emu, 'alice');
    open.push(socket);
    socket.send({
      action: 'get_statuses_by_ids',
      seq: 2,
      data: { user_ids: [userId(emu, 'alice'), userId(emu, 'sam')] },
    });
    const reply = await socket.next((f) => f.seq_reply === 2);
    assert.equal(reply.data?.[userId(emu, 'alice')], 'online');
    assert.equal(typeof reply.data?.[userId(emu, 'sam')], 'string');
  });

  it('numbers events per connection and sends them only to their audience', async () => {
    const a1 = await authed(emu, 'alice');
    const a2 = await authed(emu, 'alice');
    const b = await authed(emu, 'bob');
    open.push(a1.socket, a2.socket, b.socket);
    const admin = makeClient(emu.url, emu.core.adminToken);
    const secret = await admin.createPost({ channel_id: channelId(emu, 'management'), message: 'budget' } as Post);
    const open1 = await admin.createPost({ channel_id: channelId(emu, 'sales'), message: 'for all' } as Post);
    for (const s of [a1.socket, a2.socket]) {
      await s.next((f) => f.event === 'posted' && String(f.data?.post).includes(open1.id));
      const seqs = s.frames.filter((f) => f.event).map((f) => f.seq);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i),
        'seq runs 0, 1, 2… per connection',
      );
      assert.ok(s.frames.some((f) => f.event === 'posted' && String(f.data?.post).includes(secret.id)));
    }
    await b.socket.next((f) => f.event === 'posted' && String(f.data?.post).includes(open1.id));
    assert.equal(
      b.socket.frames.some((f) => String(f.data?.post ?? '').includes(secret.id)),
      false,
      'bob is not in management',
    );
  });

  it('revoking a token ends it at once: REST answers 401 and its live socket closes', async () => {
    const admin = makeClient(emu.url, emu.core.adminToken);
    const pat = await admin.createUserAccessToken(userId(emu, 'sam'), 'widget');
    const sam = makeClient(emu.url, pat.token);
    assert.equal((await sam.getMe()).username, 'sam');
    const socket = await rawSocket(emu.url);
    socket.send({ action: 'authentication_challenge', seq: 1, data: { token: pat.token } });
    await socket.next((f) => f.seq_reply === 1);
    await admin.revokeUserAccessToken(pat.id);
    assert.equal((await socket.closed).code, 1006);
    await assert.rejects(
      sam.getMe(),
      (err: { status_code?: number; server_error_id?: string }) =>
        err.status_code === 401 && err.server_error_id === 'api.context.session_expired.app_error',
    );
  });

  it('emits user_added to the channel and to the added user, and user_removed to both', async () => {
    const { socket: samSocket } = await authed(emu, 'sam');
    const { socket: aliceSocket } = await authed(emu, 'alice');
    open.push(samSocket, aliceSocket);
    const alice = makeClient(emu.url, emu.core.issueToken(userId(emu, 'alice')));
    const warehouse = channelId(emu, 'warehouse');
    await alice.addToChannel(userId(emu, 'sam'), warehouse);
    const toSam = await samSocket.next((f) => f.event === 'user_added');
    assert.equal(toSam.broadcast?.user_id, userId(emu, 'sam'));
    assert.equal(toSam.broadcast?.channel_id, warehouse);
    const toChannel = await aliceSocket.next((f) => f.event === 'user_added');
    assert.deepEqual(toChannel.broadcast?.omit_users, { [userId(emu, 'sam')]: true });
    await alice.removeFromChannel(userId(emu, 'sam'), warehouse);
    const removed = await samSocket.next((f) => f.event === 'user_removed');
    assert.equal(removed.data?.channel_id, warehouse);
    const removedChannel = await aliceSocket.next((f) => f.event === 'user_removed');
    assert.equal(removedChannel.data?.user_id, userId(emu, 'sam'));
  });

  it('tells the creator about a new channel, and everyone about a new user', async () => {
    const { socket } = await authed(emu, 'bob');
    open.push(socket);
    const bob = makeClient(emu.url, emu.core.issueToken(userId(emu, 'bob')));
    const created = await bob.createChannel({
      team_id: emu.world.team.id,
      name: 'dock-3',
      display_name: 'Dock 3',
      type: 'O',
    } as Parameters<typeof bob.createChannel>[0]);
    const event = await socket.next((f) => f.event === 'channel_created');
    assert.deepEqual(event.data, { channel_id: created.id, team_id: emu.world.team.id });
    const admin = makeClient(emu.url, emu.core.adminToken);
    const user = await admin.createUser(
      { username: 'carol', email: 'carol@bisman.example', password: 'carol-password' } as Parameters<
        typeof admin.createUser
      >[0],
      '',
      '',
    );
    const newUser = await socket.next((f) => f.event === 'new_user');
    assert.equal(newUser.data?.user_id, user.id);
  });
});
