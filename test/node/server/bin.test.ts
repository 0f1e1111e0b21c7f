// bisman-chat-auth as a process: configuration problems, a taken port, signals.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SECRET } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../src/server/bin.ts', import.meta.url));

interface Run {
  code: number | null;
  stderr: string;
}

/** Runs the bin; `onStderr` may act on output (e.g. send a signal) while it runs. */
function runBin(
  env: Record<string, string>,
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

const base = {
  MM_BASE_URL: 'http://127.0.0.1:9',
  MM_ADMIN_TOKEN: 'admin',
  JWT_SECRET: SECRET,
  SUPPORT_CHANNEL_KEY: 'Hq8mZ2vN5xB1cL7kJ4fD9sA3gT6wE0rY',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
};

describe('bisman-chat-auth', () => {
  it('prints each configuration problem on its own line and exits 1', async () => {
    const run = await runBin({ JWT_SECRET: 'short', PORT: 'abc' });
    assert.equal(run.code, 1);
    const lines = run.stderr.trim().split('\n');
    for (const text of [
      'MM_BASE_URL is required',
      'MM_ADMIN_TOKEN is required',
      'JWT_SECRET must be at least 32',
      'PORT must be a whole number',
    ]) {
      assert.equal(lines.filter((l) => l.includes(text)).length, 1, `${text} in:\n${run.stderr}`);
    }
    assert.ok(!run.stderr.includes('    at '), 'no stack trace');
  });

  it('in production, refuses plain http to another host and a weak secret, one line each, and exits 1', async () => {
    const run = await runBin(
      {
        ...base,
        PORT: '0',
        NODE_ENV: 'production',
        MM_TEAM_SLUG: 'erp',
        MM_BASE_URL: 'http://mattermost.internal:8065',
        JWT_SECRET: 'x'.repeat(32),
        ALLOWED_ORIGINS: 'http://erp.example.com',
      },
      // Were it to start anyway, stop it, so the test fails rather than waits.
      (text, kill) => {
        if (/listening on/.test(text)) kill('SIGTERM');
      },
    );
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines[0], 'bisman-chat-auth: configuration problems:');
    assert.deepEqual(
      lines.slice(1).map((l) => l.trim().split(' ')[0]),
      ['MM_BASE_URL', 'ALLOWED_ORIGINS', 'JWT_SECRET'],
      run.stderr,
    );
  });

  it('outside production, starts with the same settings and prints a WARNING line for each', async () => {
    let signalled = false;
    const run = await runBin(
      { ...base, PORT: '0', JWT_SECRET: 'x'.repeat(32), ALLOWED_ORIGINS: 'http://erp.example.com' },
      (text, kill) => {
        const match = /listening on (http:\/\/\S+)/.exec(text);
        if (match && !signalled) {
          signalled = true;
          // Once it answers, its signal handlers are in place.
          fetch(`${match[1]!}/api/health`).finally(() => kill('SIGTERM'));
        }
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const warnings = run.stderr.split('\n').filter((l) => l.startsWith('bisman-chat-auth: WARNING: '));
    assert.deepEqual(
      warnings.map((l) => l.slice('bisman-chat-auth: WARNING: '.length).split(' ')[0]),
      ['ALLOWED_ORIGINS', 'JWT_SECRET'],
      run.stderr,
    );
  });

  it('says in one line that the port is taken, and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = await runBin({ ...base, PORT: String(port) });
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trim(), `bisman-chat-auth: Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves, then closes cleanly on ${signal}`, async () => {
      let url = '';
      let signalled = false;
      const run = await runBin({ ...base, PORT: '0', DEMO_LOGIN: 'true' }, (text, kill) => {
        const match = /listening on (http:\/\/\S+)/.exec(text);
        if (match && !signalled) {
          signalled = true;
          url = match[1]!;
          // Check it answers before stopping it.
          fetch(`${url}/api/demo/users`)
            .then((r) => assert.equal(r.status, 200))
            .finally(() => kill(signal));
        }
      });
      assert.ok(url.startsWith('http://127.0.0.1:'), run.stderr);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`${signal}, closing`));
      assert.match(run.stderr, /WARNING: DEMO_LOGIN=true/, 'a warning line when the demo login is on');
    });
  }

  it('serves no demo login unless DEMO_LOGIN=true, and says nothing about it', async () => {
    let status = 0;
    let signalled = false;
    const run = await runBin({ ...base, PORT: '0' }, (text, kill) => {
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match && !signalled) {
        signalled = true;
        fetch(`${match[1]!}/api/demo/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"username":"alice"}',
        })
          .then((r) => {
            status = r.status;
          })
          .finally(() => kill('SIGTERM'));
      }
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(status, 404, 'no demo login');
    assert.doesNotMatch(run.stderr, /DEMO_LOGIN/);
  });
});
