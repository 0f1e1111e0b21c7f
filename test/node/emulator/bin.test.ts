/** The `bisman-chat-emulator` command: starts, answers, stops cleanly, explains a busy port. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
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
      const me = await fetch(`${url}/api/v4/users/me`, { headers: { Authorization: 'Bearer bintestadmintoken000000000' } });
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
});
