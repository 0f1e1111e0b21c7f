#!/usr/bin/env node
/**
 * `bisman-chat-emulator [--port 8065] [--host 127.0.0.1] [--no-seed] [--cors-origin <origin>]...`:
 * a Mattermost emulator for development. The admin token comes from MM_ADMIN_TOKEN, or
 * a default that is printed (it is a development tool; the token guards nothing real).
 * CORS origins come from `--cors-origin` (repeatable, or comma-separated) and
 * MM_CORS_ORIGINS (comma- or space-separated), both used.
 */
import { parseArgs } from 'node:util';
import { normalizeCorsOrigins, startEmulator } from './node.js';
import { DEMO_PASSWORD } from './seed.js';

const DEFAULT_ADMIN_TOKEN = 'bismanemulatoradmintoken00';

const USAGE = `usage: bisman-chat-emulator [--port 8065] [--host 127.0.0.1] [--no-seed] [--cors-origin <origin>]...

  -p, --port <port>          port to listen on (0 picks a free one; default 8065)
      --host <host>          interface to listen on (default 127.0.0.1)
      --no-seed              start empty: only the admin user, no team (default: the demo world)
      --cors-origin <origin> let a page on <origin> (e.g. http://localhost:5173) use the emulator
                             directly: REST CORS (Authorization allowed, preflight 204) and the
                             WebSocket origin check. Repeatable or comma-separated; "*" allows any.
  -h, --help                 this text

environment:
  MM_ADMIN_TOKEN             the admin's access token (default printed at start)
  MM_CORS_ORIGINS            more CORS origins, comma- or space-separated
`;

function fail(message: string): never {
  process.stderr.write(`bisman-chat-emulator: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; 'no-seed'?: boolean; 'cors-origin'?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'no-seed': { type: 'boolean' },
        'cors-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? 8065 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port "${values.port}"`);
  const host = values.host ?? '127.0.0.1';
  const envToken = process.env.MM_ADMIN_TOKEN;
  const adminToken = envToken || DEFAULT_ADMIN_TOKEN;
  let corsOrigins: string[];
  try {
    corsOrigins = normalizeCorsOrigins([...(values['cors-origin'] ?? []), process.env.MM_CORS_ORIGINS ?? '']);
  } catch (err) {
    fail((err as Error).message);
  }
  let running;
  try {
    running = await startEmulator({ port, host, adminToken, seed: !values['no-seed'], corsOrigins });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use`);
    if (e.code === 'EACCES') fail(`no permission to listen on ${host}:${port}`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') fail(`cannot listen on host ${host}`);
    fail(e.message);
  }
  const out: string[] = [`Mattermost emulator listening on ${running.url}`];
  out.push(
    envToken ? 'admin token: from MM_ADMIN_TOKEN' : `admin token: ${adminToken} (set MM_ADMIN_TOKEN to choose one)`,
  );
  out.push(
    corsOrigins.length
      ? `CORS origins (REST and WebSocket): ${corsOrigins.join(', ')}`
      : 'CORS: off, same origin only (add --cors-origin <origin> for a page on another origin)',
  );
  if (!values['no-seed']) {
    const names = [...running.core.users.values()].map((u) => u.username).join(', ');
    out.push(`seeded team "erp", users: ${names} (password "${DEMO_PASSWORD}")`);
  }
  process.stdout.write(out.join('\n') + '\n');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
