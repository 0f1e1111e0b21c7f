// `npm start`: the whole demo in one process tree. The Mattermost emulator (unless
// MM_BASE_URL + MM_ADMIN_TOKEN name a real Mattermost), the auth server in development
// mode, and Vite's dev server for demo/, which proxies the APIs so the browser sees one
// origin. `startAll()` is exported for the end-to-end tests.
import { randomBytes } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { startEmulator } from '../src/emulator/node.js';
import { loadConfig } from '../src/server/index.js';
import { startAuthServer } from '../src/server/node.js';
import { DEMO_USERS } from '../src/shared/demo-users.js';
import { demoViteConfig } from '../vite.config.js';

export interface StartOptions {
  /** Vite's port (5173); 0 picks a free one. */
  demoPort?: number;
  /** The auth server's port (3001); 0 picks a free one. */
  authPort?: number;
  /** The emulator's port (8065); 0 picks a free one. */
  emulatorPort?: number;
  /** Host name of the demo URL (`localhost`). */
  demoHost?: string;
  /** Where to read MM_BASE_URL, MM_ADMIN_TOKEN, MM_TEAM_SLUG, SUPPORT_AGENTS from. */
  env?: NodeJS.ProcessEnv;
  /** Vite's dependency cache, apart from other Vite users of node_modules/.vite. */
  cacheDir?: string;
}

export interface Running {
  /** The demo, e.g. http://localhost:5173 */
  url: string;
  authUrl: string;
  mattermostUrl: string;
  /** Whether `mattermostUrl` is this process's emulator (false: a real Mattermost). */
  emulated: boolean;
  close(): Promise<void>;
}

/** A start-up failure worth one line to the user (a port in use, bad configuration). */
export class StartError extends Error {
  override name = 'StartError';
}

const DEFAULT_PORTS = { demo: 5173, auth: 3001, emulator: 8065 } as const;
const LOOPBACK = '127.0.0.1';

/** A Mattermost-shaped token: 26 characters of [a-z0-9]. */
function randomToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(26), (b) => alphabet[b % alphabet.length]).join('');
}

function portFrom(value: number | undefined, envValue: string | undefined, fallback: number, name: string): number {
  const raw = value ?? (envValue === undefined || envValue === '' ? fallback : Number(envValue));
  if (!Number.isInteger(raw) || raw < 0 || raw > 65535)
    throw new StartError(`${name} must be a port number (0-65535), got "${envValue}"`);
  return raw;
}

/** Vite needs its port before the auth server starts (the auth server's allowed origin). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function startFailure(error: unknown, what: string, port: number, envName: string): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EADDRINUSE' || /already in use|EADDRINUSE/i.test(message)) {
    return new StartError(
      `Port ${port} (${what}) is already in use: stop what runs there or set ${envName} to another port.`,
    );
  }
  if (code === 'EACCES')
    return new StartError(`Port ${port} (${what}) is not allowed for this user: set ${envName} to another port.`);
  return error instanceof Error ? error : new Error(message);
}

export async function startAll(options: StartOptions = {}): Promise<Running> {
  const env = options.env ?? process.env;
  const demoHost = options.demoHost ?? 'localhost';
  const emulatorPort = portFrom(options.emulatorPort, env.EMULATOR_PORT, DEFAULT_PORTS.emulator, 'EMULATOR_PORT');
  const authPort = portFrom(options.authPort, env.AUTH_PORT, DEFAULT_PORTS.auth, 'AUTH_PORT');
  let demoPort = portFrom(options.demoPort, env.DEMO_PORT, DEFAULT_PORTS.demo, 'DEMO_PORT');
  if (demoPort === 0) demoPort = await freePort(demoHost === 'localhost' ? LOOPBACK : demoHost);

  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch((e: unknown) => console.error(e));
  };

  try {
    // 1. Mattermost: a real one when named, otherwise the emulator with a per-run admin token.
    const realMattermost = Boolean(env.MM_BASE_URL && env.MM_ADMIN_TOKEN);
    if (!realMattermost && (env.MM_BASE_URL || env.MM_ADMIN_TOKEN)) {
      throw new StartError(
        'set both MM_BASE_URL and MM_ADMIN_TOKEN to use a real Mattermost, or neither for the emulator',
      );
    }
    let mattermostUrl: string;
    let adminToken: string;
    /** SUPPORT_AGENTS by user id: the seeded agents' when the emulator runs, else only what env names. */
    let seededAgents = '';
    if (realMattermost) {
      mattermostUrl = String(env.MM_BASE_URL).replace(/\/+$/, '');
      adminToken = String(env.MM_ADMIN_TOKEN);
    } else {
      adminToken = randomToken();
      const emulator = await startEmulator({ port: emulatorPort, host: LOOPBACK, adminToken, seed: true }).catch(
        (e: unknown) => {
          throw startFailure(e, 'Mattermost emulator', emulatorPort, 'EMULATOR_PORT');
        },
      );
      closers.push(() => emulator.close());
      mattermostUrl = emulator.url.replace(/\/+$/, '');
      seededAgents = DEMO_USERS.filter((u) => u.role === 'support')
        .map((u) => emulator.core.getUserByUsername(u.username)!.id)
        .join(',');
    }

    // 2. The auth server, development mode: the demo login is on. The browser reaches
    //    Mattermost through Vite's proxy, so its serverUrl is the demo's own origin.
    const demoUrl = `http://${demoHost}:${demoPort}`;
    const origins = new Set([demoUrl, `http://localhost:${demoPort}`, `http://${LOOPBACK}:${demoPort}`]);
    const config = loadConfig({
      MM_BASE_URL: mattermostUrl,
      MM_ADMIN_TOKEN: adminToken,
      MM_TEAM_SLUG: env.MM_TEAM_SLUG ?? 'erp',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ALLOWED_ORIGINS: [...origins].join(','),
      SUPPORT_AGENTS: env.SUPPORT_AGENTS ?? seededAgents,
      SUPPORT_CHANNEL_KEY: env.SUPPORT_CHANNEL_KEY,
      MM_PUBLIC_URL: demoUrl,
      PORT: String(authPort),
      NODE_ENV: 'development',
      // The demo's sign-in screen: off unless asked for, since it signs host identities.
      DEMO_LOGIN: 'true',
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    });
    const auth = await startAuthServer(config, { port: authPort, host: LOOPBACK }).catch((e: unknown) => {
      throw startFailure(e, 'auth server', authPort, 'AUTH_PORT');
    });
    closers.push(() => auth.close());
    // SUPPORT_AGENTS usernames (a transition) must resolve now, or the start stops here.
    await auth.service.prepare().catch((e: unknown) => {
      throw new StartError(e instanceof Error ? e.message : String(e));
    });
    const authUrl = auth.url.replace(/\/+$/, '');

    // 3. Vite, proxying /api/chat, /api/demo, /api/health and /api/v4 (WebSocket too).
    let vite: ViteDevServer;
    // Vite exits the process on SIGTERM by itself, before the emulator and the auth
    // server are closed: take its listener off, our own stop closes everything in order.
    const sigtermBefore = new Set(process.listeners('SIGTERM'));
    try {
      vite = await createViteServer({
        ...demoViteConfig({ authUrl, mattermostUrl, port: demoPort, host: demoHost, hostCookie: config.hostCookie }),
        configFile: false,
        cacheDir: options.cacheDir ?? 'node_modules/.vite-demo',
      });
      for (const listener of process.listeners('SIGTERM'))
        if (!sigtermBefore.has(listener)) process.off('SIGTERM', listener);
      closers.push(() => vite.close());
      await vite.listen();
    } catch (e) {
      throw startFailure(e, 'demo', demoPort, 'DEMO_PORT');
    }

    return { url: demoUrl, authUrl, mattermostUrl, emulated: !realMattermost, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function banner(running: Running): string {
  const byRole = (role: string) => DEMO_USERS.filter((u) => u.role === role).map((u) => u.username);
  const mattermost = running.emulated
    ? `emulator at ${running.mattermostUrl} (seeded; admin token made for this run)`
    : `${running.mattermostUrl} (MM_BASE_URL)`;
  return [
    '',
    `  Bisman ERP demo   ${running.url}`,
    '',
    `  auth server       ${running.authUrl} (development: demo login on)`,
    `  Mattermost        ${mattermost}`,
    `  demo users        ${byRole('staff').join(', ')} (staff) · ${byRole('support').join(', ')} (support agent)`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let running: Running;
  try {
    running = await startAll();
  } catch (error) {
    if (error instanceof StartError || (error instanceof Error && error.name === 'ConfigError')) {
      console.error(`npm start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  console.log(banner(running));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping…`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
