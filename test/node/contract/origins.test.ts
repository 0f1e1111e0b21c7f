// Cross-origin use (README, last paragraph; PROVISIONING.md §5): CORS follows
// AllowCorsFrom, and Mattermost refuses a WebSocket upgrade from an origin it does not
// allow (api4/websocket.go: Upgrader.CheckOrigin = App.OriginChecker(); with no
// AllowCorsFrom, gorilla's default same-origin check). This is why a portal widget
// needs its origin listed, or our same-origin proxy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/node.js';
import { type Emulator, FrameSocket } from './harness.js';

const PORTAL = 'http://portal.example';
const EVIL = 'http://evil.example';

let listed: Emulator;
let plain: Emulator;
let token = '';
let plainToken = '';

async function upgrade(emulator: Emulator, tokenFor: string, origin?: string): Promise<'accepted' | 'refused'> {
  let socket: FrameSocket;
  try {
    socket = await FrameSocket.open(emulator.url, undefined, origin ? { Origin: origin } : {});
  } catch {
    return 'refused';
  }
  try {
    await socket.challenge(tokenFor);
    return 'accepted';
  } finally {
    socket.close();
  }
}

describe('origins', () => {
  before(async () => {
    [listed, plain] = await Promise.all([
      startEmulator({ port: 0, seed: true, corsOrigins: [PORTAL] }),
      startEmulator({ port: 0, seed: true }),
    ]);
    const aliceOf = (e: Emulator) => {
      const alice = e.core.getUserByUsername('alice');
      assert.ok(alice, 'the demo world has alice');
      return e.core.issueToken(alice.id);
    };
    token = aliceOf(listed);
    plainToken = aliceOf(plain);
  });

  after(() => Promise.all([listed?.close(), plain?.close()]));

  it('a preflight from a listed origin is allowed, with the headers Client4 sends', async () => {
    const res = await fetch(`${listed.url}/api/v4/users/me`, {
      method: 'OPTIONS',
      headers: {
        Origin: PORTAL,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-requested-with',
      },
    });
    assert.ok(res.status >= 200 && res.status < 300, String(res.status));
    assert.equal(res.headers.get('access-control-allow-origin'), PORTAL);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-requested-with'])
      assert.ok(allowed.includes(h), `${h} in ${allowed}`);
  });

  it('a listed origin may read the response and X-Version-Id; another origin gets no CORS headers', async () => {
    const ok = await fetch(`${listed.url}/api/v4/users/me`, {
      headers: { Origin: PORTAL, Authorization: `Bearer ${token}` },
    });
    assert.equal(ok.headers.get('access-control-allow-origin'), PORTAL);
    assert.match((ok.headers.get('access-control-expose-headers') ?? '').toLowerCase(), /x-version-id/);
    const other = await fetch(`${listed.url}/api/v4/users/me`, {
      headers: { Origin: EVIL, Authorization: `Bearer ${token}` },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('the WebSocket upgrade accepts a listed origin and no origin, and refuses another', async () => {
    assert.deepEqual(
      [await upgrade(listed, token, PORTAL), await upgrade(listed, token), await upgrade(listed, token, EVIL)],
      ['accepted', 'accepted', 'refused'],
    );
  });

  it('with no origins listed, the WebSocket upgrade accepts the SiteURL origin and no origin, and refuses another', async () => {
    // App.OriginChecker with AllowCorsFrom empty: no Origin → allowed; otherwise the
    // Origin must match SiteURL (scheme and host), or the request's Host without a SiteURL.
    const config = (await (await fetch(`${plain.url}/api/v4/config/client?format=old`)).json()) as { SiteURL?: string };
    const own = config.SiteURL ? new URL(config.SiteURL).origin : new URL(plain.url).origin;
    assert.deepEqual(
      [
        await upgrade(plain, plainToken, own),
        await upgrade(plain, plainToken),
        await upgrade(plain, plainToken, EVIL),
        await upgrade(plain, plainToken, 'null'),
      ],
      ['accepted', 'accepted', 'refused', 'refused'],
    );
  });
});
