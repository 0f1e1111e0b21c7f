/**
 * Bad input is a client mistake, never a server error: every route, fed garbage ids,
 * bodies and query values, answers a 4xx AppError (or a success), never a 500.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatorCore, createEmulatorApp, seedDemo } from '../../../src/emulator/index.js';

describe('garbage in, no 500 out', () => {
  it('answers every route with garbage without a server error', async () => {
    const core = new EmulatorCore();
    const world = seedDemo(core);
    const app = createEmulatorApp(core);
    const tokens = [core.adminToken, core.issueToken(world.users.bob!.id)];
    const ids = ['me', 'x', '%zz', world.channels.management!.id, world.users.alice!.id];
    const bodies = [
      undefined,
      '{',
      'null',
      '[1]',
      '{"channel_id":1,"user_id":[],"message":{},"term":5,"token_id":null,"status":"zzz","props":[],"file_ids":"x","name":"Bad Name!","display_name":"","type":"Z","login_id":5,"password":7}',
      JSON.stringify([world.users.alice!.id]),
    ];
    const failures: string[] = [];
    let requests = 0;
    for (const route of app.routes.filter((r) => r.method !== 'ALL')) {
      for (const id of ids) {
        for (const body of bodies) {
          for (const token of tokens) {
            const path = route.path.replace(/:[a-z_]+/g, id) + '?page=x&since=abc&before=zz&in_channel=x&limit=-3';
            const res = await app.request(path, {
              method: route.method,
              ...(route.method === 'GET' ? {} : { body }),
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            });
            requests++;
            // 501 is the real server's answer to config/client without format=old.
            if (res.status >= 500 && res.status !== 501)
              failures.push(`${route.method} ${path} ${String(body)} -> ${res.status}`);
            if (res.status >= 400 && res.headers.get('content-type') === 'application/json') {
              const json = (await res.json()) as { status_code?: number };
              if (json.status_code !== res.status)
                failures.push(`${route.method} ${path}: status_code ${json.status_code} != ${res.status}`);
            }
          }
        }
      }
    }
    assert.ok(requests > 1000, `${requests} requests`);
    assert.deepEqual(failures, []);
  });
});
