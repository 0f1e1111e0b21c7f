/**
 * The msw handlers in Node: Client4 and WebSocketClient against `setupServer` answer
 * like the Node server does, over the same core.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import mm from '@mattermost/client';
import type { Post } from '@mattermost/types/posts';
import { EmulatorCore, seedDemo, startEmulator } from '../../../src/emulator/node.js';
import type { DemoWorld, RunningEmulator } from '../../../src/emulator/node.js';
import { createEmulatorHandlers } from '../../../src/emulator/msw.js';
import { makeClient } from '../../helpers/mattermost-node.js';
import type { Client } from '../../helpers/mattermost-node.js';

const MSW_URL = 'http://mattermost.msw.test';

describe('msw handlers', () => {
  let core: EmulatorCore;
  let world: DemoWorld;
  let node: RunningEmulator;
  let server: SetupServer;
  let token: string;
  let viaMsw: Client;
  let viaNode: Client;

  before(async () => {
    core = new EmulatorCore();
    world = seedDemo(core);
    node = await startEmulator({ core });
    server = setupServer(...createEmulatorHandlers(core, { baseUrl: MSW_URL }));
    // Requests to the real Node server pass through; anything else unknown is a test bug.
    server.listen({
      onUnhandledRequest: (request, print) => {
        if (!request.url.startsWith(node.url)) print.error();
      },
    });
    token = core.issueToken(world.users.alice!.id);
    viaMsw = makeClient(MSW_URL, token);
    viaNode = makeClient(node.url, token);
  });
  after(async () => {
    server?.close();
    await node?.close();
  });

  it('answers reads with the same JSON as the Node server', async () => {
    assert.deepEqual(await viaMsw.getMe(), await viaNode.getMe());
    assert.deepEqual(await viaMsw.getMyTeams(), await viaNode.getMyTeams());
    const sales = world.channels.sales!.id;
    assert.deepEqual(await viaMsw.getPosts(sales, 0, 5), await viaNode.getPosts(sales, 0, 5));
    assert.equal(viaMsw.serverVersion, viaNode.serverVersion);
  });

  it('answers errors with the same AppError', async () => {
    const management = world.channels.management!.id;
    const bobToken = core.issueToken(world.users.bob!.id);
    const errorOf = (client: Client) =>
      client.getChannel(management).then(
        () => assert.fail('expected a 403'),
        (err: { status_code?: number; server_error_id?: string }) => [err.status_code, err.server_error_id],
      );
    assert.deepEqual(await errorOf(makeClient(MSW_URL, bobToken)), await errorOf(makeClient(node.url, bobToken)));
    const res = await fetch(`${MSW_URL}/api/v4/nothing/here`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-type'), 'application/json');
  });

  it("answers as the core's edition: Team Edition by default, Enterprise for an enterprise core", async () => {
    assert.deepEqual(await viaMsw.getClientLicenseOld(), { IsLicensed: 'false' });
    await assert.rejects(makeClient(MSW_URL, core.adminToken).demoteUserToGuest(world.users.bob!.id), {
      status_code: 501,
      server_error_id: 'api.team.demote_user_to_guest.license.error',
    });
    const enterprise = new EmulatorCore({ edition: 'enterprise' });
    const base = 'http://enterprise.msw.test';
    server.use(...createEmulatorHandlers(enterprise, { baseUrl: base }));
    const license = (await makeClient(base, enterprise.adminToken).getClientLicenseOld()) as Record<string, string>;
    assert.equal(license.IsLicensed, 'true');
    assert.equal(license.GuestAccounts, 'true');
    const response = await fetch(`${base}/api/v4/system/ping`);
    assert.match(response.headers.get('x-version-id') ?? '', /\.true$/);
  });

  it('writes through msw reach the same core', async () => {
    const post = await viaMsw.createPost({ channel_id: world.channels.sales!.id, message: 'via msw' } as Post);
    assert.equal((await viaNode.getPost(post.id)).message, 'via msw');
  });

  it('serves the WebSocket through ws.link: hello, then live events', async () => {
    const client = new mm.WebSocketClient({
      // The global WebSocket, which msw intercepts.
      newWebSocketFn: (url: string) => new globalThis.WebSocket(url),
      minWebSocketRetryTime: 50,
    });
    const events: Array<{ event?: string; data?: Record<string, unknown>; seq?: number }> = [];
    let notify: () => void = () => undefined;
    client.addMessageListener((msg) => {
      events.push(msg as unknown as (typeof events)[number]);
      notify();
    });
    const until = (predicate: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out')), 5000);
        const check = (): void => {
          if (predicate()) {
            clearTimeout(timer);
            resolve();
          }
        };
        notify = check;
        check();
      });
    try {
      client.initialize(`${MSW_URL.replace('http', 'ws')}/api/v4/websocket`, token);
      await until(() => events.some((e) => e.event === 'hello'));
      const post = await makeClient(node.url, core.issueToken(world.users.bob!.id)).createPost({
        channel_id: world.channels.sales!.id,
        message: 'to the msw socket',
      } as Post);
      await until(() => events.some((e) => e.event === 'posted' && String(e.data?.post).includes(post.id)));
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i),
      );
    } finally {
      client.close();
    }
  });
});
