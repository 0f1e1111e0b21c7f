/**
 * Guest accounts (demote/promote and what a guest may see and do), through the real Client4,
 * on the Enterprise emulator (licensed, guest accounts enabled); Team Edition's refusals are
 * in editions.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserProfile } from '@mattermost/types/users';
import type { Post } from '@mattermost/types/posts';
import { makeClient, openSocket } from '../../helpers/mattermost-node.js';
import type { Client } from '../../helpers/mattermost-node.js';
import { channelId, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

/** The server sends these; the client's ChannelMembership type omits them. */
type Scheme = { scheme_guest: boolean; scheme_user: boolean };
type ClientError = { status_code?: number; server_error_id?: string };
const fails = (status: number, id: string) => (err: ClientError) => {
  assert.equal(err.status_code, status);
  assert.equal(err.server_error_id, id);
  return true;
};
const forbidden = fails(403, 'api.context.permissions.app_error');

describe('guest accounts', () => {
  let emu: SeededEmulator;
  let admin: Client;
  let alice: Client;
  let seq = 0;

  /** A new regular user with a token, not yet in any team. */
  const newUser = async (): Promise<{ user: UserProfile; client: Client }> => {
    seq++;
    const user = await admin.createUser(
      { username: `portal${seq}`, email: `portal${seq}@partner.example`, password: 'portal-password' } as UserProfile,
      '',
      '',
    );
    return { user, client: makeClient(emu.url, emu.core.issueToken(user.id)) };
  };

  before(async () => {
    emu = await startSeeded({ edition: 'enterprise' });
    admin = makeClient(emu.url, emu.adminToken);
    alice = makeClient(emu.url, emu.core.issueToken(userId(emu, 'alice')));
  });
  after(async () => {
    await emu?.close();
  });

  it('demote: a system admin makes a user a guest; the user keeps its session; promote undoes it', async () => {
    const { user, client } = await newUser();
    assert.deepEqual(await admin.demoteUserToGuest(user.id), { status: 'OK' });
    const me = await client.getMe();
    assert.equal(me.roles, 'system_guest');
    assert.equal((await admin.getUser(user.id)).roles, 'system_guest');
    assert.deepEqual(await admin.promoteGuestToUser(user.id), { status: 'OK' });
    assert.equal((await client.getMe()).roles, 'system_user');
  });

  it('demote/promote: refused as the real server refuses', async () => {
    const { user } = await newUser();
    await assert.rejects(alice.demoteUserToGuest(user.id), forbidden);
    await assert.rejects(
      admin.promoteGuestToUser(user.id),
      fails(501, 'api.user.promote_guest_to_user.no_guest.app_error'),
    );
    await admin.demoteUserToGuest(user.id);
    await assert.rejects(
      admin.demoteUserToGuest(user.id),
      fails(501, 'api.user.demote_user_to_guest.already_guest.app_error'),
    );
    await assert.rejects(alice.promoteGuestToUser(user.id), forbidden);
    await assert.rejects(admin.demoteUserToGuest('a'.repeat(26)), fails(404, 'app.user.missing_account.const'));
    await assert.rejects(admin.demoteUserToGuest('nope'), fails(400, 'api.context.invalid_url_param.app_error'));
    assert.equal(emu.core.getUser(user.id)!.roles, 'system_guest');
  });

  it('demote: an admin target loses system_admin, as the store does (no separate refusal)', async () => {
    const other = await admin.createUser(
      { username: 'second-admin', email: 'second-admin@bisman.example', password: 'admin-password' } as UserProfile,
      '',
      '',
    );
    emu.core.getUser(other.id)!.roles = 'system_admin system_user';
    await admin.demoteUserToGuest(other.id);
    assert.equal((await admin.getUser(other.id)).roles, 'system_guest');
  });

  it('team: a guest joins the team but no default channel; memberships show guest scheme', async () => {
    const { user, client } = await newUser();
    await admin.demoteUserToGuest(user.id);
    const team = emu.world.team;
    const member = await admin.addToTeam(team.id, user.id);
    assert.equal(member.scheme_guest, true);
    assert.equal(member.scheme_user, false);
    assert.equal(member.roles, 'team_guest');
    assert.deepEqual(await client.getMyChannels(team.id), []);
    const sales = channelId(emu, 'sales');
    const channelMember = (await admin.addToChannel(user.id, sales)) as unknown as Scheme;
    assert.equal(channelMember.scheme_guest, true);
    assert.equal(channelMember.scheme_user, false);
    assert.deepEqual(
      (await client.getMyChannels(team.id)).map((c) => c.name),
      ['sales'],
    );
  });

  it('team: a member demoted keeps its memberships, turned guest; promote joins the default channels', async () => {
    const { user, client } = await newUser();
    const team = emu.world.team;
    await admin.addToTeam(team.id, user.id);
    const townSquare = channelId(emu, 'town-square');
    await admin.removeFromChannel(user.id, channelId(emu, 'off-topic'));
    await admin.demoteUserToGuest(user.id);
    const member = await client.getMyTeamMembers();
    assert.equal(member[0]!.scheme_guest, true);
    assert.equal(member[0]!.scheme_user, false);
    const cm = (await client.getMyChannelMember(townSquare)) as unknown as Scheme;
    assert.equal(cm.scheme_guest, true);
    assert.equal(cm.scheme_user, false);
    await admin.promoteGuestToUser(user.id);
    assert.equal((await client.getMyTeamMembers())[0]!.scheme_user, true);
    assert.deepEqual((await client.getMyChannels(team.id)).map((c) => c.name).sort(), ['off-topic', 'town-square']);
  });

  it('a guest posts in its channels only and cannot read, join or be self-added to other public ones', async () => {
    const { user, client } = await newUser();
    await admin.demoteUserToGuest(user.id);
    const team = emu.world.team;
    await admin.addToTeam(team.id, user.id);
    const sales = channelId(emu, 'sales');
    const warehouse = channelId(emu, 'warehouse');
    const guestsBefore = (await alice.getChannelStats(sales)).guest_count;
    await admin.addToChannel(user.id, sales);
    assert.equal((await alice.getChannelStats(sales)).guest_count, guestsBefore + 1);
    const post = await client.createPost({ channel_id: sales, message: 'hello from a partner' } as Post);
    assert.equal(post.user_id, user.id);
    assert.ok((await client.getPosts(sales)).order.includes(post.id));
    await assert.rejects(client.getPosts(warehouse), forbidden);
    await assert.rejects(client.getChannel(warehouse), forbidden);
    await assert.rejects(client.createPost({ channel_id: warehouse, message: 'no' } as Post), forbidden);
    await assert.rejects(client.addToChannel(user.id, warehouse), forbidden);
    await assert.rejects(client.addToChannel(userId(emu, 'bob'), sales), forbidden);
    const warehousePost = emu.core.channelPosts(warehouse)[0]!;
    await assert.rejects(client.getPost(warehousePost.id), forbidden);
    assert.equal(emu.core.isChannelMember(warehouse, user.id), false);
  });

  it('a guest socket gets events of its channels only, and its own role changes', async () => {
    const { user, client } = await newUser();
    const team = emu.world.team;
    await admin.addToTeam(team.id, user.id);
    await admin.removeFromChannel(user.id, channelId(emu, 'off-topic'));
    const ws = await openSocket(emu.url, client.getToken());
    try {
      await admin.demoteUserToGuest(user.id);
      const updated = await ws.waitFor((m) => m.event === 'user_updated');
      assert.equal((updated.data!.user as UserProfile).roles, 'system_guest');
      const role = await ws.waitFor((m) => m.event === 'memberrole_updated');
      assert.equal((JSON.parse(role.data!.member as string) as Scheme).scheme_guest, true);
      await ws.waitFor((m) => m.event === 'channel_member_updated');
      await alice.createPost({ channel_id: channelId(emu, 'off-topic'), message: 'not for guests' } as Post);
      await alice.createPost({ channel_id: channelId(emu, 'town-square'), message: 'for everyone here' } as Post);
      const posted = await ws.waitFor((m) => m.event === 'posted');
      assert.equal((JSON.parse(posted.data!.post as string) as Post).message, 'for everyone here');
      assert.equal(ws.events.filter((m) => m.event === 'posted').length, 1);
      // Users it shares no channel with stay unknown: no new_user, no user_updated.
      const stranger = await admin.createUser(
        {
          username: `stranger${seq}`,
          email: `stranger${seq}@bisman.example`,
          password: 'stranger-password',
        } as UserProfile,
        '',
        '',
      );
      await admin.demoteUserToGuest(stranger.id);
      await alice.createPost({ channel_id: channelId(emu, 'town-square'), message: 'after the stranger' } as Post);
      await ws.waitFor((m) => m.event === 'posted' && (m.data!.post as string).includes('after the stranger'));
      assert.equal(
        ws.events.some((m) => m.event === 'new_user'),
        false,
      );
      assert.deepEqual(
        ws.events.filter((m) => m.event === 'user_updated').map((m) => (m.data!.user as UserProfile).id),
        [user.id],
      );
    } finally {
      ws.close();
    }
  });

  it('a guest cannot list public channels or create channels; search finds only its own channels', async () => {
    const { user, client } = await newUser();
    await admin.demoteUserToGuest(user.id);
    const team = emu.world.team;
    await admin.addToTeam(team.id, user.id);
    await admin.addToChannel(user.id, channelId(emu, 'sales'));
    await assert.rejects(client.getChannels(team.id), forbidden);
    await assert.rejects(
      client.createChannel({
        team_id: team.id,
        name: 'partner-room',
        display_name: 'Partner room',
        type: 'O',
      } as never),
      forbidden,
    );
    await assert.rejects(
      client.createChannel({
        team_id: team.id,
        name: 'partner-secret',
        display_name: 'Partner secret',
        type: 'P',
      } as never),
      forbidden,
    );
    assert.deepEqual(
      (await client.searchChannels(team.id, '')).map((c) => c.name),
      ['sales'],
    );
    assert.deepEqual(await client.searchChannels(team.id, 'ware'), []);
    // A regular member still sees every public channel.
    assert.ok((await alice.searchChannels(team.id, 'ware')).some((c) => c.name === 'warehouse'));
    // Nor may a guest join an open team by itself.
    const other = await admin.createTeam({ name: `open-${user.username}`, display_name: 'Open', type: 'O' } as never);
    await assert.rejects(client.addToTeam(other.id, user.id), forbidden);
  });

  it('a guest sees only the users it shares a channel with', async () => {
    const { user, client } = await newUser();
    await admin.demoteUserToGuest(user.id);
    const team = emu.world.team;
    await admin.addToTeam(team.id, user.id);
    await admin.addToChannel(user.id, channelId(emu, 'warehouse')); // alice and bob, not sam
    const names = (list: UserProfile[]): string[] => list.map((u) => u.username).sort();
    const auto = await client.autocompleteUsers('', team.id, '');
    assert.deepEqual(names(auto.users), ['alice', 'bob', user.username]);
    assert.deepEqual(names(await client.searchUsers('', { team_id: team.id })), ['alice', 'bob', user.username]);
    assert.deepEqual(names(await client.getProfiles(0, 100)), ['alice', 'bob', user.username]);
    const sam = userId(emu, 'sam');
    assert.deepEqual(await client.getProfilesByIds([sam]), []);
    await assert.rejects(client.getUser(sam), forbidden);
    await assert.rejects(client.createDirectChannel([user.id, sam]), forbidden);
    const dm = await client.createDirectChannel([user.id, userId(emu, 'bob')]);
    assert.equal(dm.type, 'D');
    // A regular user still sees everyone, the guest included.
    assert.ok(names((await alice.autocompleteUsers('portal', team.id, '')).users).includes(user.username));
  });
});
