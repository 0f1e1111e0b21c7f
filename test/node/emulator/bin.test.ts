/** The `bisman-chat-emulator` command: starts, answers, stops cleanly, explains a busy port. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startEmulator } from '../../../src/emulator/node.js';

const BIN = fileURLToPath(new URL('../../../src/emulator/bin.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** Resolves with the URL once the start banner (up to `lastLine`) has been printed. */
function listening(proc: ReturnType<typeof run>, lastLine: RegExp): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${proc.err()}`)), 20_000);
    proc.child.stdout.on('data', () => {
      const match = proc.out().match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match && lastLine.test(proc.out())) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}

/** Whether the WebSocket upgrade from `origin` is accepted. */
function upgrade(url: string, origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api/v4/websocket', { headers: { Origin: origin } });
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('error', () => resolve(false));
  });
}

describe('bisman-chat-emulator', () => {
  it('starts on a free port, prints the URL and users, answers ping, stops on SIGINT', async () => {
    const proc = run(['--port', '0'], { MM_ADMIN_TOKEN: 'bintestadmintoken000000000' });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${proc.err()}`)), 20_000);
        proc.child.stdout.on('data', () => {
          const match = proc.out().match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
          if (match && proc.out().includes('seeded team')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const ping = await fetch(`${url}/api/v4/system/ping`);
      assert.equal(((await ping.json()) as { status: string }).status, 'OK');
      const me = await fetch(`${url}/api/v4/users/me`, {
        headers: { Authorization: 'Bearer bintestadmintoken000000000' },
      });
      assert.equal(((await me.json()) as { username: string }).username, 'admin');
      assert.match(proc.out(), /alice/);
      assert.equal(proc.out().includes('bintestadmintoken'), false, 'a token from the environment is not printed');
      proc.child.kill('SIGINT');
      const [code] = await proc.exited;
      assert.equal(code, 0);
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });

  it('fails with one clear line when the port is in use', async () => {
    const busy = await startEmulator();
    try {
      const port = new URL(busy.url).port;
      const proc = run(['--port', port, '--no-seed']);
      const [code] = await proc.exited;
      assert.equal(code, 1);
      assert.equal(proc.err().trim().split('\n').length, 1);
      assert.match(proc.err(), new RegExp(`port ${port} .*already in use`));
    } finally {
      await busy.close();
    }
  });

  it('--help names --cors-origin and MM_CORS_ORIGINS', async () => {
    const proc = run(['--help']);
    const [code] = await proc.exited;
    assert.equal(code, 0);
    assert.match(proc.out(), /--cors-origin <origin>/);
    assert.match(proc.out(), /MM_CORS_ORIGINS/);
  });

  it('--edition: Team Edition unless enterprise, said at start; anything else refused in one line', async () => {
    const license = async (url: string) =>
      (await (await fetch(`${url}/api/v4/license/client?format=old`)).json()) as { IsLicensed: string };
    for (const [args, licensed] of [
      [[], 'false'],
      [['--edition', 'team'], 'false'],
      [['--edition', 'enterprise'], 'true'],
    ] as const) {
      const proc = run(['--port', '0', '--no-seed', ...args]);
      try {
        const url = await listening(proc, /CORS/);
        assert.match(proc.out(), licensed === 'true' ? /^edition: enterprise \(/m : /^edition: team \(Team Edition/m);
        assert.equal((await license(url)).IsLicensed, licensed, args.join(' '));
      } finally {
        proc.child.kill('SIGINT');
        await proc.exited;
      }
    }
    const bad = run(['--port', '0', '--edition', 'professional']);
    const [code] = await bad.exited;
    assert.equal(code, 1);
    assert.equal(bad.err().trim().split('\n').length, 1, bad.err());
    assert.match(bad.err(), /invalid --edition "professional" \(expected team or enterprise\)/);
  });

  it('--cors-origin (repeated, comma-separated) and MM_CORS_ORIGINS open REST and the WebSocket to those origins only', async () => {
    const proc = run(
      [
        '--port',
        '0',
        '--no-seed',
        '--cors-origin',
        'http://portal.example/',
        '--cors-origin',
        'http://a.example,http://b.example:8080',
      ],
      { MM_CORS_ORIGINS: 'http://env.example' },
    );
    try {
      const url = await listening(proc, /CORS origins/);
      assert.match(
        proc.out(),
        /CORS origins \(REST and WebSocket\): http:\/\/portal\.example, http:\/\/a\.example, http:\/\/b\.example:8080, http:\/\/env\.example/,
      );
      const preflight = (origin: string) =>
        fetch(`${url}/api/v4/users/me`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': 'authorization',
          },
        });
      for (const origin of ['http://portal.example', 'http://b.example:8080', 'http://env.example']) {
        const res = await preflight(origin);
        assert.equal(res.status, 204, origin);
        assert.equal(res.headers.get('access-control-allow-origin'), origin);
        assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/i);
        assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
      }
      const evil = await preflight('http://evil.example');
      assert.equal(evil.status, 204);
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      assert.equal(evil.headers.get('access-control-allow-headers'), null);
      assert.equal(evil.headers.get('access-control-allow-credentials'), null);
      const me = await fetch(`${url}/api/v4/users/me`, {
        headers: { Origin: 'http://a.example', Authorization: 'Bearer bismanemulatoradmintoken00' },
      });
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('access-control-allow-origin'), 'http://a.example');
      assert.deepEqual(
        [
          await upgrade(url, 'http://portal.example'),
          await upgrade(url, 'http://env.example'),
          await upgrade(url, 'http://evil.example'),
        ],
        [true, true, false],
      );
    } finally {
      proc.child.kill('SIGINT');
      await proc.exited;
    }
  });

  it('refuses --host 0.0.0.0 without --allow-remote, in one line, and exits 1', async () => {
    const proc = run(['--port', '0', '--host', '0.0.0.0']);
    const [code] = await proc.exited;
    assert.equal(code, 1);
    assert.equal(proc.err().trim().split('\n').length, 1, proc.err());
    assert.match(proc.err(), /^bisman-chat-emulator: refusing to listen on 0\.0\.0\.0, .*--allow-remote/);
    assert.equal(proc.out(), '', 'nothing started');
  });

  it('with --allow-remote, passes the host on (an address not ours: the OS refuses it)', async () => {
    const proc = run(['--port', '0', '--host', '192.0.2.10', '--allow-remote']);
    const [code] = await proc.exited;
    assert.equal(code, 1);
    assert.match(proc.err(), /cannot listen on host 192\.0\.2\.10/);
  });

  it('with --allow-remote, the admin token is random (printed) unless MM_ADMIN_TOKEN, and a WARNING says why', async () => {
    const proc = run(['--port', '0', '--host', '127.0.0.1', '--allow-remote', '--no-seed']);
    try {
      const url = await listening(proc, /CORS/);
      const token = /admin token: ([a-z0-9]{26}) /.exec(proc.out())?.[1];
      assert.ok(token, proc.out());
      assert.notEqual(token, 'bismanemulatoradmintoken00', 'not the published default');
      const me = await fetch(`${url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      assert.match(proc.out(), /WARNING: --allow-remote/);
    } finally {
      proc.child.kill('SIGINT');
      await proc.exited;
    }
  });

  it('--cors-origin "*" lets any page call without credentials, and says so', async () => {
    const proc = run(['--port', '0', '--no-seed', '--cors-origin', '*']);
    try {
      const url = await listening(proc, /CORS origins/);
      assert.match(proc.out(), /CORS origins \(REST and WebSocket\): \* \(\* without credentials\)/);
      const res = await fetch(`${url}/api/v4/system/ping`, { headers: { Origin: 'https://hostile.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('access-control-allow-credentials'), null);
    } finally {
      proc.child.kill('SIGINT');
      await proc.exited;
    }
  });

  it('refuses a --cors-origin that is not an http(s) origin, in one line', async () => {
    const proc = run(['--port', '0', '--cors-origin', 'localhost:3000']);
    const [code] = await proc.exited;
    assert.equal(code, 1);
    assert.match(proc.err(), /invalid CORS origin "localhost:3000"/);
  });
});
