/**
 * What the auth server relies on, as Mattermost does it: system roles changed by an admin
 * (api4/user.go updateUserRoles), user fields refused past model/user.go's limits, a
 * channel's creator and a rename through PUT /channels/{id}/patch (model/channel.go), and
 * the seeded support conversations in the shape the auth server migrates.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserProfile } from '@mattermost/types/users';
import { makeClient } from '../../helpers/mattermost-node.js';
import type { Client } from '../../helpers/mattermost-node.js';
import { channelId, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

type ClientError = { status_code?: number; server_error_id?: string };
const fails = (status: number, id: string) => (err: ClientError) => {
  assert.equal(err.status_code, status);
  assert.equal(err.server_error_id, id);
  return true;
};

describe('emulator: accounts, roles and channel ownership', () => {
  let emu: SeededEmulator;
  let admin: Client;
  let alice: Client;
  let seq = 0;
  const newUser = (fields: Partial<UserProfile> = {}) => {
    seq++;
    return admin.createUser(
      { username: `acct${seq}`, email: `acct${seq}@example.test`, password: 'a-password', ...fields } as UserProfile,
      '',
      '',
    );
  };

  before(async () => {
    emu = await startSeeded();
    admin = makeClient(emu.url, emu.adminToken);
    alice = makeClient(emu.url, emu.core.issueToken(userId(emu, 'alice')));
  });
  after(async () => {
    await emu?.close();
  });

  it('PUT /users/{id}/roles: an admin replaces the system roles; others get 403; unknown roles 400', async () => {
    const user = await newUser();
    assert.deepEqual(await admin.updateUserRoles(user.id, 'system_user system_admin'), { status: 'OK' });
    assert.equal((await admin.getUser(user.id)).roles, 'system_user system_admin');
    await assert.rejects(
      alice.updateUserRoles(user.id, 'system_user'),
      fails(403, 'api.context.permissions.app_error'),
    );
    await assert.rejects(
      admin.updateUserRoles(user.id, 'system_user wizard'),
      fails(400, 'api.context.invalid_body_param.app_error'),
    );
    await assert.rejects(
      admin.updateUserRoles(user.id, 'system_admin'),
      fails(400, 'api.context.invalid_body_param.app_error'),
      'system_admin alone is refused (model.IsValidUserRoles)',
    );
  });

  it("refuses user fields past model/user.go's limits with its ids", async () => {
    const cases: [Partial<UserProfile>, string][] = [
      [{ email: `${'a'.repeat(120)}@example.test` }, 'model.user.is_valid.email.app_error'],
      [{ email: 'a,b@example.test' }, 'model.user.is_valid.email.app_error'],
      [{ first_name: '𝒜'.repeat(65) }, 'model.user.is_valid.first_name.app_error'],
      [{ last_name: 'b'.repeat(65) }, 'model.user.is_valid.last_name.app_error'],
      [{ nickname: 'c'.repeat(65) }, 'model.user.is_valid.nickname.app_error'],
      [{ position: 'd'.repeat(129) }, 'model.user.is_valid.position.app_error'],
    ];
    for (const [fields, id] of cases) await assert.rejects(newUser(fields), fails(400, id), id);
    const ok = await newUser({ first_name: '𝒜'.repeat(64), position: 'd'.repeat(128) });
    assert.equal([...ok.first_name].length, 64, 'runes, not UTF-16 units');
  });

  it('keeps who created a channel, and renames it through PATCH, validated and unique in the team', async () => {
    const teamId = emu.world.team.id;
    const channel = await alice.createChannel({
      team_id: teamId,
      name: 'renamed-0',
      display_name: 'R',
      type: 'P',
    } as never);
    assert.equal(channel.creator_id, userId(emu, 'alice'));
    const renamed = await alice.patchChannel(channel.id, { name: 'renamed-1' });
    assert.equal(renamed.name, 'renamed-1');
    await assert.rejects(
      alice.patchChannel(channel.id, { name: 'Not A Name!' }),
      fails(400, 'model.channel.is_valid.name.app_error'),
    );
    await assert.rejects(
      alice.patchChannel(channel.id, { name: 'sales' }),
      fails(400, 'store.sql_channel.update.exists.app_error'),
    );
  });

  it('seeds support conversations as the auth server migrates them: private, made by the admin, members the user and the agents', () => {
    for (const name of ['support-alice', 'support-bob']) {
      const channel = emu.core.getChannel(channelId(emu, name))!;
      assert.equal(channel.type, 'P');
      assert.equal(channel.creator_id, emu.core.adminUser.id);
      const members = emu.core.channelMembers(channel.id).map((m) => m.user_id);
      assert.ok(!members.includes(emu.core.adminUser.id), 'the admin left it');
    }
  });
});
