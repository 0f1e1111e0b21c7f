/**
 * Editions: the emulator answers as Mattermost Team Edition (the default: no license) or as
 * Enterprise Edition with a license and guest accounts enabled, as the real server does in
 * each case. Sources: server/channels/api4/license.go (11.1: `format=old` required),
 * server/channels/utils/license.go (GetClientLicense, GetSanitizedClientLicense),
 * server/channels/api4/user.go (login, demoteUserToGuest, promoteGuestToUser),
 * server/config/client.go (EnableGuestAccounts, BuildEnterpriseReady),
 * server/channels/web/handlers.go (X-Version-Id's last part: licensed),
 * server/channels/app/limits.go and app/user.go createUserOrGuest (the unlicensed user limit).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserProfile } from '@mattermost/types/users';
import { EmulatorCore, MAX_USERS_HARD_LIMIT, createEmulatorApp, startEmulator } from '../../../src/emulator/node.js';
import type { Edition, RunningEmulator } from '../../../src/emulator/node.js';
import { makeClient, openSocket } from '../../helpers/mattermost-node.js';
import type { Client } from '../../helpers/mattermost-node.js';

type ClientError = { status_code?: number; server_error_id?: string };
const fails = (status: number, id: string) => (err: ClientError) => {
  assert.equal(err.status_code, status);
  assert.equal(err.server_error_id, id);
  return true;
};
const NO_LICENSE_DEMOTE = fails(501, 'api.team.demote_user_to_guest.license.error');

/** The features GetClientLicense lists, each "true" on an Enterprise license (Cloud aside). */
const FEATURES = [
  'LDAP',
  'LDAPGroups',
  'MFA',
  'SAML',
  'Cluster',
  'Metrics',
  'GoogleOAuth',
  'Office365OAuth',
  'OpenId',
  'Compliance',
  'MHPNS',
  'Announcement',
  'Elasticsearch',
  'DataRetention',
  'IDLoadedPushNotifications',
  'EmailNotificationContents',
  'MessageExport',
  'CustomPermissionsSchemes',
  'GuestAccounts',
  'GuestAccountsPermissions',
  'CustomTermsOfService',
  'LockTeammateNameDisplay',
  'SharedChannels',
  'RemoteClusterService',
  'OutgoingOAuthConnections',
];
const PRIVATE = ['Id', 'Name', 'Email', 'IssuedAt', 'StartsAt', 'ExpiresAt', 'SkuName'];

for (const edition of ['team', 'enterprise'] as const satisfies readonly Edition[]) {
  describe(`emulator edition: ${edition}`, () => {
    let emu: RunningEmulator;
    let admin: Client;
    let alice: Client;
    let aliceId: string;
    let seq = 0;
    const licensed = edition === 'enterprise';

    const newUser = async (): Promise<UserProfile> => {
      seq++;
      return admin.createUser(
        {
          username: `visitor${seq}`,
          email: `visitor${seq}@partner.example`,
          password: 'visitor-password',
        } as UserProfile,
        '',
        '',
      );
    };

    before(async () => {
      emu = await startEmulator({ seed: true, ...(licensed ? { edition } : {}) });
      admin = makeClient(emu.url, emu.adminToken);
      aliceId = emu.core.getUserByUsername('alice')!.id;
      alice = makeClient(emu.url, emu.core.issueToken(aliceId));
    });
    after(async () => {
      await emu?.close();
    });

    it(licensed ? 'is Enterprise when asked' : 'is Team Edition by default', () => {
      assert.equal(emu.core.edition, edition);
      assert.equal(emu.core.licensed, licensed);
    });

    it('GET /license/client?format=old: the license as utils/license.go gives it, whole to an admin only', async () => {
      const forAdmin = (await admin.getClientLicenseOld()) as Record<string, string>;
      const forAlice = (await alice.getClientLicenseOld()) as Record<string, string>;
      const anonymous = (await makeClient(emu.url).getClientLicenseOld()) as Record<string, string>;
      const badToken = (await makeClient(emu.url, 'x'.repeat(26)).getClientLicenseOld()) as Record<string, string>;
      if (!licensed) {
        // Team Edition: ClientLicense() without a license, the same for everyone.
        for (const answer of [forAdmin, forAlice, anonymous, badToken])
          assert.deepEqual(answer, { IsLicensed: 'false' });
        return;
      }
      assert.equal(forAdmin.IsLicensed, 'true');
      assert.equal(forAdmin.SkuShortName, 'enterprise');
      assert.equal(forAdmin.SkuName, 'Enterprise');
      assert.equal(forAdmin.Cloud, 'false');
      assert.equal(forAdmin.IsTrial, 'false');
      for (const feature of FEATURES) assert.equal(forAdmin[feature], 'true', feature);
      assert.ok(Number(forAdmin.ExpiresAt) > Date.now(), 'not expired');
      assert.ok(
        Object.values(forAdmin).every((value) => typeof value === 'string'),
        'a map of strings',
      );
      // Without read_license_information (a user, no session, an unknown token): sanitized.
      for (const answer of [forAlice, anonymous, badToken]) {
        const expected = { ...forAdmin };
        for (const key of PRIVATE) delete expected[key];
        assert.deepEqual(answer, expected);
      }
    });

    it('GET /license/client without format=old: 400, as the 11.1 server (api4/license.go)', async () => {
      const missing = await fetch(`${emu.url}/api/v4/license/client`);
      assert.equal(missing.status, 400);
      assert.equal(((await missing.json()) as { id: string }).id, 'api.license.client.old_format.app_error');
      const other = await fetch(`${emu.url}/api/v4/license/client?format=new`);
      assert.equal(other.status, 400);
      assert.equal(((await other.json()) as { id: string }).id, 'api.context.invalid_param.app_error');
    });

    it('X-Version-Id, hello.server_version and the client config tell a licensed server', async () => {
      const ping = await fetch(`${emu.url}/api/v4/system/ping`);
      assert.match(ping.headers.get('x-version-id') ?? '', new RegExp(`^11\\.1\\.0\\..*\\.${licensed}$`));
      const socket = await openSocket(emu.url, emu.core.issueToken(aliceId));
      try {
        const hello = await socket.waitFor((m) => m.event === 'hello');
        assert.equal(hello.data?.server_version, ping.headers.get('x-version-id'));
      } finally {
        socket.close();
      }
      const config = (await alice.getClientConfig()) as unknown as Record<string, string>;
      assert.equal(config.BuildEnterpriseReady, String(licensed));
      assert.equal(config.EnableGuestAccounts, String(licensed), 'GuestAccountsSettings.Enable');
    });

    if (!licensed) {
      it('demote: 501 api.team.demote_user_to_guest.license.error, before the permission and the user are checked (api4/user.go)', async () => {
        const user = await newUser();
        await assert.rejects(admin.demoteUserToGuest(user.id), NO_LICENSE_DEMOTE);
        await assert.rejects(alice.demoteUserToGuest(user.id), NO_LICENSE_DEMOTE, 'not 403: the license comes first');
        await assert.rejects(admin.demoteUserToGuest('a'.repeat(26)), NO_LICENSE_DEMOTE, 'not 404');
        await assert.rejects(admin.demoteUserToGuest(aliceId), NO_LICENSE_DEMOTE);
        // RequireUserId and the session come before the license.
        await assert.rejects(admin.demoteUserToGuest('nope'), fails(400, 'api.context.invalid_url_param.app_error'));
        const anonymous = await fetch(`${emu.url}/api/v4/users/${user.id}/demote`, { method: 'POST' });
        assert.equal(anonymous.status, 401);
        assert.equal(emu.core.getUser(user.id)!.roles, 'system_user', 'nobody was demoted');
        assert.equal(emu.core.getUser(aliceId)!.roles, 'system_user');
      });

      it('promote checks no license (api4/user.go): a guest from a licensed past is promoted; a user is not a guest', async () => {
        const user = await newUser();
        await assert.rejects(
          admin.promoteGuestToUser(user.id),
          fails(501, 'api.user.promote_guest_to_user.no_guest.app_error'),
        );
        emu.core.demoteToGuest(user.id);
        await assert.rejects(alice.promoteGuestToUser(user.id), fails(403, 'api.context.permissions.app_error'));
        assert.deepEqual(await admin.promoteGuestToUser(user.id), { status: 'OK' });
        assert.equal(emu.core.getUser(user.id)!.roles, 'system_user');
      });
    } else {
      it('demote: an admin makes a user a guest (a licensed server with guest accounts enabled)', async () => {
        const user = await newUser();
        await assert.rejects(alice.demoteUserToGuest(user.id), fails(403, 'api.context.permissions.app_error'));
        assert.deepEqual(await admin.demoteUserToGuest(user.id), { status: 'OK' });
        assert.equal(emu.core.getUser(user.id)!.roles, 'system_guest');
      });
    }

    it(`login: a guest ${licensed ? 'signs in' : 'cannot sign in without a license (401 api.user.login.guest_accounts.license.error)'}`, async () => {
      const user = await newUser();
      emu.core.demoteToGuest(user.id);
      const login = makeClient(emu.url).login(user.username, 'visitor-password');
      if (licensed) assert.equal((await login).id, user.id);
      else await assert.rejects(login, fails(401, 'api.user.login.guest_accounts.license.error'));
      // A regular user signs in on either edition.
      const regular = await newUser();
      assert.equal((await makeClient(emu.url).login(regular.username, 'visitor-password')).id, regular.id);
    });
  });
}

describe('choosing the edition', () => {
  it('EmulatorCore and startEmulator: team by default, enterprise on request, nothing else', async () => {
    assert.equal(new EmulatorCore().edition, 'team');
    assert.equal(new EmulatorCore({ edition: 'enterprise' }).edition, 'enterprise');
    assert.throws(() => new EmulatorCore({ edition: 'professional' as Edition }), TypeError);
    await assert.rejects(startEmulator({ edition: 'e20' as Edition }), TypeError);
    // The edition belongs to the core: naming another one with a core is a mistake, not ignored.
    await assert.rejects(
      startEmulator({ core: new EmulatorCore(), edition: 'enterprise' }),
      /pass it to new EmulatorCore/,
    );
    const same = await startEmulator({ core: new EmulatorCore({ edition: 'enterprise' }), edition: 'enterprise' });
    try {
      assert.equal(same.core.edition, 'enterprise');
    } finally {
      await same.close();
    }
  });
});

describe('the unlicensed user limit (app/limits.go)', () => {
  it(`POST /users: past ${MAX_USERS_HARD_LIMIT} active users Team Edition creates no more (400 user_limits.exceeded); a license lifts it`, async () => {
    for (const edition of ['team', 'enterprise'] as const) {
      const core = new EmulatorCore({ edition });
      // The admin plus these: one more than the limit. A bot or a deactivated account does not count.
      for (let i = 1; i < MAX_USERS_HARD_LIMIT; i++) {
        core.createUser({ username: `u${i}`, email: `u${i}@limit.example`, password: 'password1' });
      }
      const bot = core.createUser({ username: 'a-bot', email: 'bot@limit.example', password: 'password1' });
      bot.is_bot = true;
      const create = (n: number) =>
        createEmulatorApp(core).request('/api/v4/users', {
          method: 'POST',
          headers: { authorization: `Bearer ${core.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ username: `new${n}`, email: `new${n}@limit.example`, password: 'password1' }),
        });
      assert.equal((await create(1)).status, 201, `${edition}: at the limit, one more`);
      const past = await create(2);
      if (edition === 'enterprise') {
        assert.equal(past.status, 201, 'licensed: no limit');
        continue;
      }
      assert.equal(past.status, 400);
      assert.equal(((await past.json()) as { id: string }).id, 'api.user.create_user.user_limits.exceeded');
      core.getUserByUsername('u1')!.delete_at = Date.now();
      assert.equal((await create(3)).status, 201, 'a deactivated account frees a place');
    }
  });
});
