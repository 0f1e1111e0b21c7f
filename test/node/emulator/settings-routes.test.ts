/**
 * Roles, preferences, configuration and bots as the real server answers them
 * (`server/channels/api4/role.go`, `preference.go`, `config.go`, `bot.go`,
 * `server/public/model/bot.go`: a bot's account has `is_bot: true`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeClient, openSocket } from '../../helpers/mattermost-node.js';
import { startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

describe('emulator roles, preferences, config and bots', () => {
  let emu: SeededEmulator;
  before(async () => {
    emu = await startSeeded();
  });
  after(async () => {
    await emu.close();
  });
  const as = (username: string) => makeClient(emu.url, emu.core.issueToken(userId(emu, username)));

  it('GET /roles/name/{name} answers a model.Role; an unknown name is 404', async () => {
    const role = await as('alice').getRoleByName('channel_user');
    assert.deepEqual(Object.keys(role).sort(), [
      'built_in',
      'create_at',
      'delete_at',
      'description',
      'display_name',
      'id',
      'name',
      'permissions',
      'scheme_managed',
      'update_at',
    ]);
    await assert.rejects(as('alice').getRoleByName('no_such_role'), { status_code: 404 });
  });

  it('POST /roles/names skips unknown and blank names, refuses a bad name and more than 100 (api4/role.go)', async () => {
    const alice = as('alice');
    const roles = await alice.getRolesByNames(['team_user', ' ', 'no_such_role', 'team_user']);
    assert.deepEqual(
      roles.map((r) => r.name),
      ['team_user'],
    );
    await assert.rejects(alice.getRolesByNames(['Team-User']), {
      status_code: 400,
      server_error_id: 'api.context.invalid_body_param.app_error',
    });
    await assert.rejects(alice.getRolesByNames([]), { status_code: 400 });
    const many = Array.from({ length: 101 }, (_, i) => `role_${i}`);
    await assert.rejects(alice.getRolesByNames(many), {
      status_code: 400,
      server_error_id: 'api.roles.get_multiple_by_name_too_many.request_error',
    });
  });

  it('GET /roles is for manage_system; GET /roles/{id} answers the role of that id', async () => {
    const list = (token: string) => fetch(`${emu.url}/api/v4/roles`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await list(emu.core.issueToken(userId(emu, 'alice')))).status, 403);
    const admin = makeClient(emu.url, emu.adminToken);
    const roles = (await (await list(emu.adminToken)).json()) as Array<{ id: string; name: string }>;
    for (const name of [
      'system_user',
      'system_admin',
      'system_guest',
      'team_user',
      'team_admin',
      'team_guest',
      'channel_user',
      'channel_admin',
      'channel_guest',
    ]) {
      assert.ok(
        roles.some((r) => r.name === name),
        name,
      );
    }
    const teamUser = roles.find((r) => r.name === 'team_user')!;
    assert.equal((await admin.getRole(teamUser.id)).name, 'team_user');
  });

  it('PUT /users/{id}/preferences for another user is 403 without edit_other_users', async () => {
    const bob = userId(emu, 'bob');
    await assert.rejects(
      as('alice').savePreferences(bob, [{ user_id: bob, category: 'display_settings', name: 'x', value: '1' }]),
      { status_code: 403 },
    );
    await as('alice').savePreferences(userId(emu, 'alice'), [
      { user_id: userId(emu, 'alice'), category: 'display_settings', name: 'x', value: '1' },
    ]);
    const client = as('alice');
    await client.deletePreferences(userId(emu, 'alice'), [
      { user_id: userId(emu, 'alice'), category: 'display_settings', name: 'x', value: '1' },
    ]);
    assert.deepEqual(await client.getMyPreferences(), []);
  });

  it('GET /users/{id}/preferences/{category} and /name/{name} read what was saved; a missing one is 400 (app/preference.go)', async () => {
    const alice = userId(emu, 'alice');
    const token = emu.core.issueToken(alice);
    const pref = { user_id: alice, category: 'flagged_post', name: 'p1', value: 'true' };
    await as('alice').savePreferences(alice, [pref]);
    const get = (path: string) =>
      fetch(`${emu.url}/api/v4/users/me/preferences/${path}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.deepEqual(await (await get('flagged_post')).json(), [pref]);
    assert.deepEqual(await (await get('flagged_post/name/p1')).json(), pref);
    const missing = await get('flagged_post/name/p2');
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { id: string }).id, 'app.preference.get.app_error');
  });

  it('keeps preferences apart by category and name, even when a slash could join them', async () => {
    const sam = userId(emu, 'sam');
    const one = { user_id: sam, category: 'a/b', name: 'c', value: '1' };
    const two = { user_id: sam, category: 'a', name: 'b/c', value: '2' };
    await as('sam').savePreferences(sam, [one, two]);
    assert.deepEqual(emu.core.preferencesOf(sam), [one, two]);
  });

  it('PUT /users/{id}/preferences refuses a category past 32 characters (model.Preference.IsValid)', async () => {
    const alice = userId(emu, 'alice');
    await assert.rejects(
      as('alice').savePreferences(alice, [{ user_id: alice, category: 'c'.repeat(33), name: 'n', value: 'v' }]),
      { status_code: 400, server_error_id: 'model.preference.is_valid.category.app_error' },
    );
    // 2000 runes is the value's limit, not 2000 UTF-16 units.
    await as('alice').savePreferences(alice, [{ user_id: alice, category: 'c', name: 'n', value: '😀'.repeat(2000) }]);
    await assert.rejects(as('alice').savePreferences(alice, []), { status_code: 400 });
  });

  it('GET and PUT /config are admin-only; core.patchConfig shows in /config/client', async () => {
    await assert.rejects(as('alice').getConfig(), { status_code: 403 });
    await assert.rejects(as('alice').patchConfig({ TeamSettings: { SiteName: 'x' } } as never), { status_code: 403 });
    emu.core.patchConfig({ TeamSettings: { SiteName: 'Bisman ERP' } });
    assert.equal((await as('alice').getClientConfig()).SiteName, 'Bisman ERP');
    const admin = makeClient(emu.url, emu.adminToken);
    const patched = (await admin.patchConfig({ TeamSettings: { SiteName: 'Again' } } as never)) as unknown as {
      TeamSettings: { SiteName: string };
    };
    assert.equal(patched.TeamSettings.SiteName, 'Again');
    const full = (await admin.getConfig()) as unknown as { TeamSettings: { SiteName: string } };
    assert.equal(full.TeamSettings.SiteName, 'Again');
    full.TeamSettings.SiteName = 'Whole';
    await admin.updateConfig(full as never);
    assert.equal((await as('alice').getClientConfig()).SiteName, 'Whole');
    await assert.rejects(as('alice').updateConfig(full as never), { status_code: 403 });
  });

  it('PUT /config/patch ignores __proto__ and unknown settings, and refuses a mistyped one with 400', async () => {
    const put = (body: string) =>
      fetch(`${emu.url}/api/v4/config/patch`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${emu.adminToken}`, 'Content-Type': 'application/json' },
        body,
      });
    const polluted = await put('{"__proto__":{"polluted":true},"TeamSettings":{"__proto__":{"x":1},"Unknown":1}}');
    assert.equal(polluted.status, 200);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal('Unknown' in emu.core.config.TeamSettings, false);
    assert.equal(Object.getPrototypeOf(emu.core.config.TeamSettings), Object.prototype);
    // Object.prototype's own prototype cannot be set: reaching it would be a 500.
    assert.equal((await put('{"__proto__":{"__proto__":{"polluted":true}}}')).status, 200);
    const mistyped = await put('{"FileSettings":{"MaxFileSize":"big"}}');
    assert.equal(mistyped.status, 400);
    assert.equal(((await mistyped.json()) as { id: string }).id, 'api.context.invalid_body_param.app_error');
  });

  it('core.patchConfig sends every client config_changed with the new client configuration', async () => {
    const socket = await openSocket(emu.url, emu.core.issueToken(userId(emu, 'bob')));
    try {
      emu.core.patchConfig({ TeamSettings: { SiteName: 'Announced' } });
      const event = await socket.waitFor((m) => m.event === 'config_changed');
      assert.equal((event.data?.config as Record<string, string>).SiteName, 'Announced');
    } finally {
      socket.close();
    }
  });

  it('POST /bots is 403 until EnableBotAccountCreation; a bot is a user with is_bot, disabled and enabled', async () => {
    const admin = makeClient(emu.url, emu.adminToken);
    emu.core.patchConfig({ ServiceSettings: { EnableBotAccountCreation: false } });
    await assert.rejects(admin.createBot({ username: 'helper' } as never), { status_code: 403 });
    emu.core.patchConfig({ ServiceSettings: { EnableBotAccountCreation: true } });
    await assert.rejects(as('alice').createBot({ username: 'helper' } as never), { status_code: 403 });
    const bot = await admin.createBot({ username: 'helper', display_name: 'Helper' } as never);
    assert.equal(emu.core.getUser(bot.user_id)?.is_bot, true, JSON.stringify(bot));
    assert.equal((await admin.getUser(bot.user_id)).is_bot, true);
    assert.deepEqual(
      (await admin.getBots()).map((b) => b.user_id),
      [bot.user_id],
    );
    assert.equal((await admin.patchBot(bot.user_id, { description: 'd' } as never)).description, 'd');
    assert.ok((await admin.disableBot(bot.user_id)).delete_at > 0);
    await assert.rejects(admin.getBot(bot.user_id), { status_code: 404 });
    assert.equal((await admin.enableBot(bot.user_id)).delete_at, 0);
    await assert.rejects(as('alice').getBots(), { status_code: 403 });
  });
});
