// CORS with AllowCorsFrom "*". Mattermost (server/channels/app/server.go) wraps its router in
// rs/cors with AllowedOrigins = AllowCorsFrom and AllowCredentials = CorsAllowCredentials;
// for "*" rs/cors answers `Access-Control-Allow-Origin: *`. We mirror the safe half of that:
// "*" never comes with `Access-Control-Allow-Credentials: true`, and no origin that was not
// listed by name is ever reflected, so a hostile page can read nothing with the user's cookie.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmulatorCore, createEmulatorApp, seedDemo, startEmulator } from '../../../src/emulator/node.js';
import { rawSocket } from './fixture.js';

const HOSTILE = 'https://hostile.example';
const LISTED = 'http://localhost:5173';

function emulator(corsOrigins: string[]) {
  const core = new EmulatorCore();
  seedDemo(core);
  const app = createEmulatorApp(core, { corsOrigins });
  const alice = core.issueToken(core.getUserByUsername('alice')!.id);
  return { app, alice };
}

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'authorization,content-type',
  },
});

describe('emulator: CORS with "*"', () => {
  it('answers any origin with Access-Control-Allow-Origin: * and never with credentials', async () => {
    const { app, alice } = emulator(['*']);
    const pre = await app.request('/api/v4/users/me', preflight(HOSTILE));
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/i);

    const me = await app.request('/api/v4/users/me', {
      headers: { Origin: HOSTILE, Authorization: `Bearer ${alice}` },
    });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('access-control-allow-origin'), '*', 'the hostile origin is not reflected');
    assert.equal(me.headers.get('access-control-allow-credentials'), null);
    assert.match(me.headers.get('vary') ?? '', /Origin/);
  });

  it('beside "*", an origin listed by name is answered by name, with credentials; the others with * alone', async () => {
    const { app, alice } = emulator(['*', LISTED]);
    const listed = await app.request('/api/v4/users/me', {
      headers: { Origin: LISTED, Authorization: `Bearer ${alice}` },
    });
    assert.equal(listed.headers.get('access-control-allow-origin'), LISTED);
    assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
    const other = await app.request('/api/v4/users/me', preflight(HOSTILE));
    assert.equal(other.headers.get('access-control-allow-origin'), '*');
    assert.equal(other.headers.get('access-control-allow-credentials'), null);
  });

  it('without "*", an unlisted origin gets no CORS header at all', async () => {
    const { app, alice } = emulator([LISTED]);
    for (const init of [preflight(HOSTILE), { headers: { Origin: HOSTILE, Authorization: `Bearer ${alice}` } }]) {
      const res = await app.request('/api/v4/users/me', init);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      assert.equal(res.headers.get('access-control-allow-credentials'), null);
    }
  });

  it("lets a socket from any origin in, but not on the user's cookie: it must answer the challenge with a token", async () => {
    const core = new EmulatorCore();
    seedDemo(core);
    const token = core.issueToken(core.getUserByUsername('alice')!.id);
    const emu = await startEmulator({ core, corsOrigins: ['*', LISTED] });
    try {
      const cookie = `MMAUTHTOKEN=${token}`;
      const listed = await rawSocket(emu.url, { headers: { Origin: LISTED, Cookie: cookie } });
      assert.equal((await listed.next((f) => f.event === 'hello')).event, 'hello', 'a listed origin keeps the cookie');
      listed.ws.close();

      const hostile = await rawSocket(emu.url, { headers: { Origin: HOSTILE, Cookie: cookie } });
      await assert.rejects(
        hostile.next((f) => f.event === 'hello', 300),
        /timed out/,
        'no hello on the cookie',
      );
      hostile.send({ seq: 1, action: 'authentication_challenge', data: { token } });
      assert.equal((await hostile.next((f) => f.event === 'hello')).event, 'hello', 'a token it holds works');
      hostile.ws.close();
    } finally {
      await emu.close();
    }
  });
});
