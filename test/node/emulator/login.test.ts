// Password login lockout, as Mattermost does it:
// - server/channels/app/authentication.go: CheckPasswordAndAllCriteria runs checkUserLoginAttempts
//   (FailedAttempts >= ServiceSettings.MaximumLoginAttempts → 401
//   api.user.check_user_login_attempts.too_many.app_error) before the password; a wrong
//   password stores FailedAttempts+1, a right one stores 0.
// - server/public/model/config.go: ServiceSettingsDefaultMaxLoginAttempts = 10.
// - server/channels/api4/user.go (login): that id is in unmaskedErrors; a wrong password is
//   masked as api.user.login.invalid_credentials_email_username.
// - server/channels/store/sqlstore/user_store.go: UpdatePassword sets FailedAttempts = 0.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EmulatorCore, MAXIMUM_LOGIN_ATTEMPTS, createEmulatorApp, seedDemo } from '../../../src/emulator/node.js';
import { DEMO_PASSWORD, startSeeded, userId } from './fixture.js';
import type { SeededEmulator } from './fixture.js';

const LOCKED = 'api.user.check_user_login_attempts.too_many.app_error';
const WRONG = 'api.user.login.invalid_credentials_email_username';

describe('emulator: login lockout (MaximumLoginAttempts)', () => {
  let emu: SeededEmulator;
  before(async () => {
    emu = await startSeeded();
  });
  after(() => emu.close());

  async function login(loginId: string, password: string): Promise<{ status: number; id?: string; message?: string }> {
    const res = await fetch(`${emu.url}/api/v4/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login_id: loginId, password }),
    });
    const body = (await res.json()) as { id?: string; message?: string; status_code?: number };
    if (res.status !== 200) assert.equal(body.status_code, res.status, 'status_code matches the status');
    return { status: res.status, id: res.status === 200 ? undefined : body.id, message: body.message };
  }

  it('is 10 failed attempts by default, as the server configures it', () => {
    assert.equal(MAXIMUM_LOGIN_ATTEMPTS, 10);
    assert.equal(emu.core.maximumLoginAttempts, 10);
  });

  it('locks the seeded admin after 10 wrong passwords: then even the published password gets 401 too_many', async () => {
    for (let i = 1; i <= 10; i++) assert.deepEqual((await login('admin', `guess-${i}`)).id, WRONG, `attempt ${i}`);
    const locked = await login('admin', DEMO_PASSWORD);
    assert.equal(locked.status, 401);
    assert.equal(locked.id, LOCKED);
    assert.equal(
      locked.message,
      'Your account is locked because of too many failed password attempts. Please reset your password.',
    );
    assert.equal((await login('admin@bisman.example', DEMO_PASSWORD)).id, LOCKED, 'by email too');
    assert.equal((await login('admin', 'guess-11')).id, LOCKED, 'a wrong one is not even checked');
  });

  it('a right password before the limit resets the count', async () => {
    for (let i = 1; i <= 9; i++) await login('bob', `guess-${i}`);
    assert.equal((await login('bob', DEMO_PASSWORD)).status, 200);
    for (let i = 1; i <= 9; i++) await login('bob', `guess-${i}`);
    assert.equal((await login('bob', DEMO_PASSWORD)).status, 200, 'nine more are allowed again');
  });

  it('is per account, and a new password set by an admin unlocks it', async () => {
    for (let i = 1; i <= 10; i++) await login('sam', `guess-${i}`);
    assert.equal((await login('sam', DEMO_PASSWORD)).id, LOCKED);
    assert.equal((await login('alice', DEMO_PASSWORD)).status, 200, 'alice is not locked by sam');
    emu.core.setPassword(userId(emu, 'sam'), 'a-new-password');
    assert.equal((await login('sam', 'a-new-password')).status, 200);
  });

  it('an unknown login id locks nothing and says only that the credentials are wrong', async () => {
    for (let i = 1; i <= 12; i++) assert.equal((await login('nobody-here', `guess-${i}`)).id, WRONG);
  });

  it('follows the maximumLoginAttempts option (ServiceSettings.MaximumLoginAttempts)', async () => {
    const core = new EmulatorCore({ maximumLoginAttempts: 3 });
    seedDemo(core);
    const app = createEmulatorApp(core);
    const attempt = async (password: string) => {
      const res = await app.request('/api/v4/users/login', {
        method: 'POST',
        body: JSON.stringify({ login_id: 'alice', password }),
      });
      return res.status === 200 ? 'ok' : ((await res.json()) as { id: string }).id;
    };
    assert.deepEqual(
      [await attempt('x1'), await attempt('x2'), await attempt('x3'), await attempt(DEMO_PASSWORD)],
      [WRONG, WRONG, WRONG, LOCKED],
    );
  });
});
