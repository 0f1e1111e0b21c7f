// `npm start` as a command: the banner, a clean stop on SIGTERM, one clear line when a
// port is taken.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, test } from 'node:test';
import { startEmulator } from '../../src/emulator/node.js';
import { startAll } from '../../scripts/start.js';

function listen(port = 0, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listen()));
  const ports = servers.map(portOf);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, MM_BASE_URL: '', MM_ADMIN_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('npm start', () => {
  test('prints the demo URL and the demo users, serves the demo, and stops on SIGTERM', async () => {
    const [demo, auth, emulator] = await freePorts(3);
    const run = start({ DEMO_PORT: String(demo), AUTH_PORT: String(auth), EMULATOR_PORT: String(emulator) });
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = () => {
          if (run.out().includes('Ctrl-C')) resolve();
        };
        run.child.stdout.on('data', onData);
        void run.exited.then(() => reject(new Error(`start exited early: ${run.err()}`)));
      });
      assert.match(run.out(), new RegExp(`http://localhost:${demo}`));
      assert.match(run.out(), /alice, bob \(staff\)/);
      assert.match(run.out(), /sam \(support agent\)/);
      // The admin token is never printed.
      assert.doesNotMatch(run.out(), /[a-z0-9]{26}/);
      const health = await fetch(`http://127.0.0.1:${demo}/api/health`).catch(() =>
        fetch(`http://localhost:${demo}/api/health`),
      );
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', mattermost: 'ok' });
    } finally {
      run.child.kill('SIGTERM');
    }
    const [code] = await run.exited;
    assert.equal(code, 0);
    // Every port is free again.
    for (const port of [auth, emulator]) (await listen(port)).close();
  });

  for (const envName of ['EMULATOR_PORT', 'AUTH_PORT', 'DEMO_PORT'] as const) {
    test(`a port in use (${envName}) is one clear line and exit code 1`, async () => {
      // Vite listens on "localhost": block the same address it will resolve to.
      const taken = await listen(0, envName === 'DEMO_PORT' ? 'localhost' : '127.0.0.1');
      try {
        const [demo, auth, emulator] = await freePorts(3);
        const ports = {
          DEMO_PORT: String(demo),
          AUTH_PORT: String(auth),
          EMULATOR_PORT: String(emulator),
          [envName]: String(portOf(taken)),
        };
        const run = start(ports);
        const [code] = await run.exited;
        assert.equal(code, 1);
        const lines = run.err().trim().split('\n');
        assert.equal(lines.length, 1, run.err());
        assert.match(lines[0] ?? '', new RegExp(`Port ${portOf(taken)} .*already in use.*${envName}`));
      } finally {
        taken.close();
      }
    });
  }

  test('with MM_BASE_URL and MM_ADMIN_TOKEN it uses that Mattermost, and the demo origin reaches it through the proxy', async () => {
    // The emulator stands in for a Mattermost that someone else runs.
    const external = await startEmulator({ port: 0, adminToken: 'externaladmintoken000000000', seed: true });
    const running = await startAll({
      demoPort: 0,
      authPort: 0,
      emulatorPort: 0,
      env: { MM_BASE_URL: external.url, MM_ADMIN_TOKEN: 'externaladmintoken000000000' },
    });
    try {
      assert.equal(running.emulated, false);
      assert.equal(running.mattermostUrl, external.url.replace(/\/+$/, ''));
      const origin = running.url;
      const login = await fetch(`${origin}/api/demo/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'alice' }),
      });
      assert.equal(login.status, 200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      assert.match(cookie, /^bisman_host=/);

      const tokenResponse = await fetch(`${origin}/api/chat/token`, { method: 'POST', headers: { cookie, origin } });
      assert.equal(tokenResponse.status, 200);
      const chat = (await tokenResponse.json()) as { token: string; serverUrl: string; userId: string };
      // The browser talks to Mattermost on the demo's own origin.
      assert.equal(chat.serverUrl, origin);
      const me = await fetch(`${origin}/api/v4/users/me`, {
        headers: { authorization: `Bearer ${chat.token}`, origin },
      });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { username: string }).username, 'alice');
      assert.equal(external.core.getUser(chat.userId)?.username, 'alice');
    } finally {
      await running.close();
      await external.close();
    }
  });
});
