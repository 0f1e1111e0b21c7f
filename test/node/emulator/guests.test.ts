/** Guest accounts (demote/promote and what a guest may see and do), through the real Client4. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserProfile } from '@mattermost/types/users';
import { makeClient } from '../../helpers/mattermost-node.js';
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
    emu = await startSeeded();
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
    await assert.rejects(admin.promoteGuestToUser(user.id), fails(501, 'api.user.promote_guest_to_user.no_guest.app_error'));
    await admin.demoteUserToGuest(user.id);
    await assert.rejects(admin.demoteUserToGuest(user.id), fails(501, 'api.user.demote_user_to_guest.already_guest.app_error'));
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
});
