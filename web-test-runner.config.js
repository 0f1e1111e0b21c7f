// Browser tests: Debian's Chromium (or CHROME_PATH), TypeScript through esbuild,
// msw's service worker served from the installed package.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * @mattermost/client ships CommonJS only, which the dev server does not convert.
 * Answer each of its modules with an ES module bundle that re-exports its named exports.
 */
function mattermostClientAsEsm() {
  const cache = new Map();
  return {
    name: 'mattermost-client-esm',
    async serve(context) {
      const match = context.path.match(/\/node_modules\/@mattermost\/client\/(lib\/.+\.js)$/);
      if (!match) return undefined;
      if (!cache.has(match[1])) {
        const file = require.resolve(`@mattermost/client/${match[1]}`);
        const names = Object.keys(require(file)).filter((name) => name !== 'default' && name !== '__esModule');
        const mod = require(file);
        const hasDefault = mod.__esModule ? 'default' in mod : true;
        // require(), not an import: it gives the module's own `exports` whatever esbuild
        // makes of a CommonJS `default` (client4.js has one, the index has none).
        const source = [
          `const cjs = require(${JSON.stringify(file)});`,
          ...names.map((name) => `export const ${name} = cjs.${name};`),
          hasDefault ? `export default (cjs.__esModule ? cjs.default : cjs);` : '',
        ].join('\n');
        const result = await build({
          stdin: { contents: source, resolveDir: process.cwd(), sourcefile: 'mm-client.js' },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          write: false,
          logLevel: 'silent',
        });
        cache.set(match[1], result.outputFiles[0].text);
      }
      return { body: cache.get(match[1]), type: 'js' };
    },
  };
}

/** Serve msw's worker at the root, always the installed version. */
function mswWorker() {
  return {
    name: 'msw-worker',
    serve(context) {
      if (context.path === '/mockServiceWorker.js') {
        return { body: readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8'), type: 'js' };
      }
      return undefined;
    },
  };
}

/**
 * Serve the read-only reference material beside the repo (../shared, e.g. the public XSS
 * payloads) at /__shared/, so tests read it where it is and no copy enters the repo.
 */
function sharedFolder() {
  const root = resolve(process.cwd(), '..', 'shared');
  return {
    name: 'shared-folder',
    serve(context) {
      if (!context.path.startsWith('/__shared/')) return undefined;
      const file = resolve(root, '.' + decodeURIComponent(context.path.slice('/__shared'.length)));
      if (!file.startsWith(root + sep) || !existsSync(file)) return { status: 404, body: 'not found' };
      return { body: readFileSync(file, 'utf8'), type: extname(file).slice(1) || 'txt' };
    },
  };
}

/**
 * `executeServerCommand('close-opened-tabs')`: closes the tabs a test opened (attachments
 * opened as users open them: click, middle-click, Enter) and brings the test's page back
 * to the front, where requestAnimationFrame runs again for the tests after it.
 */
function closeOpenedTabs() {
  return {
    name: 'close-opened-tabs',
    async executeCommand({ command, session }) {
      if (command !== 'close-opened-tabs') return undefined;
      const page = session.browser.getPage(session.id);
      // Targets, not pages: a tab still being created has no main frame to ask for its URL.
      const opened = page
        .browser()
        .targets()
        .filter((target) => target.type() === 'page' && target.url().startsWith('blob:'));
      // One may close itself meanwhile (a navigation that became a download).
      await Promise.allSettled(opened.map(async (target) => (await target.page())?.close()));
      await page.bringToFront();
      return true;
    },
  };
}

/**
 * A fresh profile whose downloads go to its own folder: tests open attachments the way
 * users do, and the inert ones download, which would otherwise fill the home folder.
 */
function userDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'bisman-wtr-'));
  mkdirSync(join(dir, 'Default'));
  const download = { default_directory: join(dir, 'downloads'), prompt_for_download: false };
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ download }));
  return dir;
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [
    mattermostClientAsEsm(),
    mswWorker(),
    sharedFolder(),
    closeOpenedTabs(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        userDataDir: userDataDir(),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
};
