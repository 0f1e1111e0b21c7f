#!/usr/bin/env node
/**
 * `bisman-chat-emulator [--port 8065] [--host 127.0.0.1] [--edition team|enterprise] [--allow-remote] [--no-seed] [--cors-origin <origin>]...`:
 * a Mattermost emulator for development, Team Edition unless `--edition enterprise`. It listens on loopback only unless
 * `--allow-remote`: its accounts have published passwords. The admin token comes from
 * MM_ADMIN_TOKEN, or a default that is printed (loopback: it guards nothing real), or with
 * `--allow-remote` a random one that is printed. CORS origins come from `--cors-origin`
 * (repeatable, or comma-separated) and MM_CORS_ORIGINS (comma- or space-separated), both used.
 */
import { parseArgs } from 'node:util';
import { EDITIONS, RemoteHostRefused, isEdition, newId, normalizeCorsOrigins, startEmulator } from './node.js';
import { DEMO_PASSWORD } from './seed.js';

const DEFAULT_ADMIN_TOKEN = 'bismanemulatoradmintoken00';

const USAGE = `usage: bisman-chat-emulator [--port 8065] [--host 127.0.0.1] [--edition team|enterprise] [--allow-remote] [--no-seed] [--cors-origin <origin>]...

  -p, --port <port>          port to listen on (0 picks a free one; default 8065)
      --host <host>          interface to listen on (default 127.0.0.1); anything but loopback
                             (127.0.0.0/8, ::1, localhost) needs --allow-remote
      --edition <edition>    the Mattermost to answer as: team (default: Team Edition, no license;
                             guest accounts refused, so portal users get no token) or enterprise
                             (an Enterprise license, guest accounts enabled)
      --allow-remote         listen on a host other machines can reach (e.g. --host 0.0.0.0 in a
                             container); the admin token is then random unless MM_ADMIN_TOKEN
      --no-seed              start empty: only the admin user, no team (default: the demo world)
      --cors-origin <origin> let a page on <origin> (e.g. http://localhost:5173) use the emulator
                             directly: REST CORS with credentials (Authorization allowed, preflight
                             204) and the WebSocket origin check. Repeatable or comma-separated;
                             "*" lets any page call it, without credentials (no cookies).
  -h, --help                 this text

environment:
  MM_ADMIN_TOKEN             the admin's access token (default printed at start)
  MM_CORS_ORIGINS            more CORS origins, comma- or space-separated

A password login fails for good after 10 wrong passwords in a row (Mattermost's
MaximumLoginAttempts): 401 api.user.check_user_login_attempts.too_many.app_error.
`;

function fail(message: string): never {
  process.stderr.write(`bisman-chat-emulator: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: {
    port?: string;
    host?: string;
    edition?: string;
    'allow-remote'?: boolean;
    'no-seed'?: boolean;
    'cors-origin'?: string[];
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        edition: { type: 'string' },
        'allow-remote': { type: 'boolean' },
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
  const edition = values.edition ?? 'team';
  if (!isEdition(edition)) fail(`invalid --edition "${edition}" (expected ${EDITIONS.join(' or ')})`);
  const allowRemote = values['allow-remote'] === true;
  const envToken = process.env.MM_ADMIN_TOKEN;
  // Reachable from other machines, a token printed in our README would be everyone's.
  const adminToken = envToken || (allowRemote ? newId() : DEFAULT_ADMIN_TOKEN);
  let corsOrigins: string[];
  try {
    corsOrigins = normalizeCorsOrigins([...(values['cors-origin'] ?? []), process.env.MM_CORS_ORIGINS ?? '']);
  } catch (err) {
    fail((err as Error).message);
  }
  let running;
  try {
    running = await startEmulator({
      port,
      host,
      allowRemote,
      adminToken,
      edition,
      seed: !values['no-seed'],
      corsOrigins,
    });
  } catch (err) {
    if (err instanceof RemoteHostRefused) {
      fail(
        `refusing to listen on ${host}, which other machines can reach (its accounts have published passwords): ` +
          'use --host 127.0.0.1, or add --allow-remote if you mean it',
      );
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use`);
    if (e.code === 'EACCES') fail(`no permission to listen on ${host}:${port}`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') fail(`cannot listen on host ${host}`);
    fail(e.message);
  }
  const out: string[] = [
    `Mattermost emulator listening on ${running.url}`,
    edition === 'team'
      ? 'edition: team (Team Edition, no license: demoting to guest is refused; --edition enterprise for guests)'
      : 'edition: enterprise (Enterprise license, guest accounts enabled)',
  ];
  out.push(
    envToken ? 'admin token: from MM_ADMIN_TOKEN' : `admin token: ${adminToken} (set MM_ADMIN_TOKEN to choose one)`,
  );
  if (allowRemote) {
    out.push(
      `WARNING: --allow-remote: other machines that reach ${running.url} can log in with the published passwords`,
    );
  }
  out.push(
    corsOrigins.length
      ? `CORS origins (REST and WebSocket): ${corsOrigins.join(', ')}${corsOrigins.includes('*') ? ' (* without credentials)' : ''}`
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
