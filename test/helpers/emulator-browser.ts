/**
 * The shared browser-test fixture: a fresh, seeded Mattermost emulator per test, served
 * through one msw service worker for the whole test file (REST and WebSocket on the
 * page's own origin).
 *
 * ```ts
 * let emulator: BrowserEmulator;
 * beforeEach(async () => { emulator = await startBrowserEmulator(); });
 * afterEach(() => emulator.stop());
 * const store = new ChatStore({ tokenSource: emulator.providerFor('alice') });
 * ```
 */
import { setupWorker, type SetupWorker } from 'msw/browser';
import { EmulatorCore, seedDemo, type DemoWorld, type Edition } from '../../src/emulator/index.js';
import { createEmulatorHandlers } from '../../src/emulator/msw.js';
import { DEMO_USERS, SUPPORT_CHANNEL_PREFIX } from '../../src/shared/demo-users.js';
import type { ChatToken, TokenProvider } from '../../src/data/types.js';

export interface BrowserEmulator {
  core: EmulatorCore;
  seed: DemoWorld;
  /** The page origin: Client4's server URL. */
  baseUrl: string;
  /** The msw worker, for one-off overrides (`worker.use(...)`); reset at the next start. */
  worker: SetupWorker;
  /** A new user token for a seeded user, shaped like the auth server's answer. */
  tokenFor(username: string): ChatToken;
  /** A token provider that issues a new token on every call (as the auth server would). */
  providerFor(username: string): TokenProvider;
  /** Removes one-off overrides (`worker.use`), back to the plain emulator. */
  restore(): void;
  /** Drops every live socket and removes one-off overrides. */
  stop(): void;
}

// One worker per test file: registering a service worker per test would be slow.
let worker: SetupWorker | undefined;
let starting: Promise<SetupWorker> | undefined;

async function sharedWorker(): Promise<SetupWorker> {
  if (worker) return worker;
  starting ??= (async () => {
    const created = setupWorker();
    await created.start({
      serviceWorker: { url: '/mockServiceWorker.js' },
      // The dev server's own files (test modules, node_modules) go through untouched.
      onUnhandledRequest: 'bypass',
      quiet: true,
    });
    worker = created;
    return created;
  })();
  return starting;
}

/**
 * `maxFileSize` (bytes) lets a test hit the server's 413 with a small file. `edition`: Team
 * Edition (no license) unless `enterprise` (licensed, guest accounts enabled).
 */
export async function startBrowserEmulator(
  options: { maxFileSize?: number; edition?: Edition } = {},
): Promise<BrowserEmulator> {
  const activeWorker = await sharedWorker();
  const core = new EmulatorCore(options);
  const seed = seedDemo(core);
  const baseUrl = location.origin;
  const handlers = createEmulatorHandlers(core, { baseUrl });
  activeWorker.resetHandlers(...handlers);

  const tokenFor = (username: string): ChatToken => {
    const user = core.getUserByUsername(username);
    if (!user) throw new Error(`startBrowserEmulator: no seeded user "${username}"`);
    const support = core.getChannelByName(seed.team.id, `${SUPPORT_CHANNEL_PREFIX}${username}`);
    const token: ChatToken = {
      token: core.issueToken(user.id, 'browser test'),
      userId: user.id,
      serverUrl: baseUrl,
      websocketUrl: `${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket`,
      teamId: seed.team.id,
      teamName: seed.team.name,
      supportAgent: DEMO_USERS.some((demo) => demo.username === username && demo.role === 'support'),
    };
    if (support) token.supportChannelId = support.id;
    return token;
  };

  return {
    core,
    seed,
    baseUrl,
    worker: activeWorker,
    tokenFor,
    providerFor: (username) => () => Promise.resolve(tokenFor(username)),
    restore() {
      activeWorker.resetHandlers(...handlers);
    },
    stop() {
      core.dropConnections();
      // Leave no handler pointing at this core: the next test installs its own.
      activeWorker.resetHandlers();
    },
  };
}
