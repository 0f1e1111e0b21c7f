// End to end on the page bundle as built (dist/bisman-chat.js, whose Client4 keeps only the
// methods src/data/client.ts lists): every action that calls Client4, in Chromium, against
// the emulator and the auth server. A method the trim left out fails here, not for a user.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/node.js';
import { loadConfig } from '../../src/server/index.js';
import { startAuthServer, type RunningAuthServer } from '../../src/server/node.js';
import { DEMO_TEAM } from '../../src/shared/demo-users.js';
import { assertAccessible, launchBrowser, messages } from './support/browser.js';
import { serveStatic, type StaticServer } from './support/static-server.js';

const WAIT = { timeout: 20_000 };
const BUNDLE = 'dist/bisman-chat.js';
/** What the page bundle is built from: newer than the bundle means it is stale. */
const INPUTS = [
  'src',
  'scripts/build.mjs',
  'scripts/client4-trim.mjs',
  'scripts/css-literals.mjs',
  'package-lock.json',
];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** dist/ as `npm run build` writes it, built first when missing or older than its sources. */
function builtBundle(): void {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= Math.max(...INPUTS.map(newestChange))) return;
  try {
    execFileSync('npm', ['run', 'build'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 300_000 });
  } catch (error) {
    // tsc reports on stdout, esbuild on stderr: show both.
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout}${stderr}`);
  }
}

const unique = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

describe('the page bundle (dist/bisman-chat.js) against the emulator and the auth server', () => {
  let site: string;
  let server: StaticServer;
  let emulator: RunningEmulator;
  let auth: RunningAuthServer;
  let browser: Browser;
  let page: Page;
  /** Anything the page logged as an error: a missing Client4 method shows up here first. */
  const pageErrors: string[] = [];

  const core = () => emulator.core;
  const userId = (username: string) => core().getUserByUsername(username)!.id;
  const team = () => core().getTeamByName(DEMO_TEAM.name)!;
  const channelId = (name: string) => core().getChannelByName(team().id, name)!.id;
  const serverPost = (channel: string, text: string) =>
    core()
      .channelPosts(channelId(channel), true)
      .find((p) => p.message === text);

  /** Hovering shows a message's actions; the article is the one with `text`. */
  async function actionsOf(text: string): Promise<Locator> {
    const article = page.getByRole('log').first().getByRole('article').filter({ hasText: text });
    await article.hover();
    return article;
  }

  before(async () => {
    builtBundle();
    // A private copy, read once: other people's builds replace dist/ while this runs.
    site = mkdtempSync(join(tmpdir(), 'bisman-page-bundle-'));
    cpSync('dist', site, {
      recursive: true,
      filter: (source) => source.endsWith('.js') || statSync(source).isDirectory(),
    });
    server = await serveStatic(site);
    const pageOrigin = new URL(server.url).origin;
    const adminToken = randomBytes(13).toString('hex');
    // The page talks to the emulator directly, as to a Mattermost that allows its origin.
    emulator = await startEmulator({ seed: true, adminToken, host: '127.0.0.1', corsOrigins: [pageOrigin] });
    auth = await startAuthServer(
      loadConfig({
        MM_BASE_URL: emulator.url.replace(/\/+$/, ''),
        MM_ADMIN_TOKEN: adminToken,
        MM_TEAM_SLUG: DEMO_TEAM.name,
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ALLOWED_ORIGINS: pageOrigin,
        SUPPORT_AGENTS: 'sam',
        PORT: '0',
        NODE_ENV: 'development',
        DEMO_LOGIN: 'true',
        LOG_LEVEL: 'warn',
      }),
      { port: 0, host: '127.0.0.1' },
    );
    // The host page: its sign-in gives a host JWT, handed to the element as hostToken.
    writeFileSync(
      join(site, 'index.html'),
      `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Page bundle</title><link rel="icon" href="data:," /></head>
  <body>
    <main><h1>Orders</h1></main>
    <script type="module">
      import './bisman-chat.js';
      const login = await fetch('${auth.url}/api/demo/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'alice' }),
      });
      const chat = document.createElement('bisman-chat');
      chat.hostToken = (await login.json()).token;
      chat.setAttribute('auth-url', '${auth.url}/api/chat/token');
      chat.style.height = '90vh';
      document.addEventListener('bisman-chat:ready', () => document.documentElement.setAttribute('data-chat-ready', ''));
      document.querySelector('main').append(chat);
    </script>
  </body>
</html>`,
    );
    // Bob is away: only Client4's status request can tell the page so.
    core().setStatus(userId('bob'), 'away', true);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
    });
  });

  after(async () => {
    await browser?.close();
    await auth?.close();
    await emulator?.close();
    await server?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  test('opens signed in, with the three tabs and the team’s history', async () => {
    const loaded = new Set<string>();
    const fileOf = (request: { url(): string }) => {
      const url = new URL(request.url());
      return url.origin === new URL(server.url).origin && url.pathname.endsWith('.js')
        ? url.pathname.slice(1)
        : undefined;
    };
    const started = new Map<string, number>();
    const finished = new Map<string, number>();
    const record = (response: { url(): string }) => {
      const file = fileOf(response);
      if (file) loaded.add(file);
    };
    const onRequest = (request: { url(): string }) => {
      const file = fileOf(request);
      if (file && !started.has(file)) started.set(file, performance.now());
    };
    const onFinished = (request: { url(): string }) => {
      const file = fileOf(request);
      if (file && !finished.has(file)) finished.set(file, performance.now());
    };
    page.on('response', record);
    page.on('request', onRequest);
    page.on('requestfinished', onFinished);
    await page.goto(server.url);
    await page.locator('html[data-chat-ready]').waitFor({ state: 'attached', ...WAIT });
    const tabs = page.getByRole('tablist', { name: 'Chat' }).getByRole('tab');
    assert.deepEqual(await tabs.evaluateAll((nodes) => nodes.map((n) => n.querySelector('span')?.textContent ?? '')), [
      'Team',
      'Direct messages',
      'Support',
    ]);
    await page.getByRole('log').getByRole('article').first().waitFor(WAIT);
    page.off('response', record);
    page.off('request', onRequest);
    page.off('requestfinished', onFinished);
    assert.ok((await messages(page)).length > 0);
    await assertAccessible(page, 'the page bundle, open');

    // What the first open ran carries Chromium's compile hint; what loads later does not.
    const hinted = (file: string) =>
      readFileSync(join(site, file), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n');
    assert.ok(loaded.has('bisman-chat.js') && loaded.size > 3, `loaded: ${[...loaded].join(', ')}`);
    assert.deepEqual(
      [...loaded].filter((file) => !hinted(file)),
      [],
    );
    const later = readdirSync(join(site, 'chunks'))
      .map((file) => `chunks/${file}`)
      .filter((file) => file.endsWith('.js') && !loaded.has(file));
    assert.ok(later.length > 3, `chunks loaded later: ${later.join(', ')}`);
    // The full emoji set (~15 KB gzip) waits for a message or the picker that needs it.
    assert.ok(
      later.some((file) => /^chunks\/emoji-system-/.test(file)),
      `the emoji set is not loaded later: ${later.join(', ')}`,
    );
    assert.deepEqual(later.filter(hinted), []);

    // The modules the UI's chunk imports are fetched beside it, not once it has arrived.
    const preloads = JSON.parse(
      /\[("\.\/chunks\/[^"]+",?)+\]/.exec(readFileSync(join(site, 'bisman-chat.js'), 'utf8'))?.[0] ?? '[]',
    ) as string[];
    const uiChunk = [...loaded].find((file) => /^chunks\/define-/.test(file));
    assert.ok(preloads.length > 0 && uiChunk, `preloads: ${preloads.join(', ')}; UI chunk: ${uiChunk}`);
    const links = await page.evaluate(() =>
      [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) =>
        new URL(link.href).pathname.slice(1),
      ),
    );
    assert.deepEqual(links.sort(), preloads.map((file) => file.slice(2)).sort());
    for (const file of preloads.map((f) => f.slice(2))) {
      assert.ok(
        (started.get(file) ?? Infinity) < finished.get(uiChunk!)!,
        `${file} was asked for after ${uiChunk} arrived`,
      );
    }
  });

  test('shows each tab', async () => {
    await page.getByRole('tab', { name: /^Direct messages/ }).click();
    await page.getByRole('button', { name: 'New message' }).waitFor(WAIT);
    await page.getByRole('tab', { name: /^Support/ }).click();
    await page.getByRole('textbox', { name: /^Message Support/ }).waitFor(WAIT);
    await page.getByRole('tab', { name: /^Team/ }).click();
    await page.getByRole('textbox', { name: /^Message #/ }).waitFor(WAIT);
  });

  test('shows a person’s presence from the server', async () => {
    await page.getByRole('tab', { name: /^Direct messages/ }).click();
    await page.getByRole('button', { name: /Bob Brandt.*\(away\)/ }).waitFor(WAIT);
    await page.getByRole('tab', { name: /^Team/ }).click();
  });

  test('sends, edits, reacts to, replies to in a thread and deletes a message', async () => {
    await page.getByRole('button', { name: /#Town Square/ }).click();
    const text = unique('Pallets for Nordhavn are ready');
    await page.getByRole('textbox', { name: /^Message #town-square/ }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('log')
      .getByRole('article', { name: /Alice Andersen/ })
      .filter({ hasText: text })
      .waitFor(WAIT);
    const id = serverPost('town-square', text)?.id;
    assert.ok(id, 'posted');

    const edited = `${text} (two of them)`;
    await (await actionsOf(text)).getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill(edited);
    await editor.press('Enter');
    await page
      .getByRole('log')
      .getByRole('article')
      .filter({ hasText: edited })
      .filter({ hasText: '(edited)' })
      .waitFor(WAIT);
    assert.equal(core().getPost(id)?.message, edited);

    await (await actionsOf(edited)).getByRole('button', { name: 'Add reaction' }).click();
    await page.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
    await page.getByRole('gridcell', { name: 'tada' }).click();
    await page.getByRole('button', { name: /You reacted with :tada:/ }).waitFor(WAIT);
    assert.deepEqual(
      core()
        .reactionsFor(id)
        .map((r) => r.emoji_name),
      ['tada'],
    );
    await page.getByRole('button', { name: /You reacted with :tada:/ }).click();
    await page.getByRole('button', { name: /You reacted with :tada:/ }).waitFor({ state: 'detached', ...WAIT });
    assert.deepEqual(core().reactionsFor(id), []);

    await (await actionsOf(edited)).getByRole('button', { name: 'Reply in thread' }).click();
    const reply = unique('Loading them now');
    const threadBox = page.getByRole('textbox', { name: 'Reply to thread' });
    await threadBox.fill(reply);
    await threadBox.press('Enter');
    await page.getByRole('article').filter({ hasText: reply }).first().waitFor(WAIT);
    assert.equal(serverPost('town-square', reply)?.root_id, id);
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    await (await actionsOf(edited)).getByRole('button', { name: 'Delete', exact: true }).click();
    await page
      .getByRole('group', { name: 'Confirm delete' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await page
      .getByRole('log')
      .first()
      .getByRole('article')
      .filter({ hasText: edited })
      .waitFor({ state: 'detached', ...WAIT });
    assert.equal(core().getPost(id), undefined, 'deleted on the server');
    assert.ok(serverPost('town-square', edited)?.delete_at);
  });

  test('uploads files with a message and shows them from the server', async () => {
    const chooser = page.waitForEvent('filechooser', WAIT);
    await page.getByRole('button', { name: 'Attach files' }).click();
    // A 1×1 PNG and a text file: one is shown as a preview, the other as a link.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await (
      await chooser
    ).setFiles([
      { name: 'dock.png', mimeType: 'image/png', buffer: png },
      { name: 'manifest.txt', mimeType: 'text/plain', buffer: Buffer.from('12 pallets\n') },
    ]);
    const text = unique('Manifest attached');
    await page.getByRole('textbox', { name: /^Message #town-square/ }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const article = page.getByRole('log').getByRole('article').filter({ hasText: text });
    const link = article.getByRole('link', { name: /manifest\.txt/ });
    await link.waitFor(WAIT);
    // Both come through Client4's file routes with its bearer token, as blob: URLs.
    await page.waitForFunction(
      (el) => (el as HTMLAnchorElement).href.startsWith('blob:'),
      await link.elementHandle(),
      WAIT,
    );
    const image = article.getByRole('img', { name: 'dock.png' });
    await page.waitForFunction(
      (el) => (el as HTMLImageElement).src.startsWith('blob:') && (el as HTMLImageElement).naturalWidth === 1,
      await image.elementHandle(),
      WAIT,
    );
    assert.equal(serverPost('town-square', text)?.file_ids?.length, 2);
  });

  test('starts a direct message with New message and the user search', async () => {
    await page.getByRole('tab', { name: /^Direct messages/ }).click();
    await page.getByRole('button', { name: 'New message' }).click();
    await page.getByRole('combobox', { name: /person/i }).fill('sa');
    await page.getByRole('option', { name: /Sam Sato/ }).click();
    const text = unique('Can you check invoice SO-10478?');
    await page.getByRole('textbox', { name: /^Message Sam Sato/ }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('log')
      .getByRole('article', { name: /Alice Andersen/ })
      .filter({ hasText: text })
      .waitFor(WAIT);
    const direct = core()
      .channelsOf(userId('alice'))
      .find((c) => c.type === 'D' && core().isChannelMember(c.id, userId('sam')));
    assert.ok(
      direct &&
        core()
          .channelPosts(direct.id)
          .some((p) => p.message === text),
    );
  });

  test('joins a channel found with Browse channels', async () => {
    const dock = core().createChannel({
      teamId: team().id,
      name: 'loading-dock',
      displayName: 'Loading dock',
      type: 'O',
      creatorId: userId('bob'),
    });
    await page.getByRole('tab', { name: /^Team/ }).click();
    await page.getByRole('button', { name: 'Browse channels' }).click();
    await page.getByRole('button', { name: 'Join Loading dock' }).click();
    await page.getByRole('textbox', { name: /^Message #loading-dock/ }).waitFor(WAIT);
    assert.ok(core().isChannelMember(dock.id, userId('alice')));
  });

  test('marks a channel read when it is opened', async () => {
    const offTopic = channelId('off-topic');
    const bobToken = core().issueToken(userId('bob'));
    const response = await fetch(`${emulator.url.replace(/\/+$/, '')}/api/v4/posts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bobToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel_id: offTopic, message: unique('Lunch at noon') }),
    });
    assert.equal(response.status, 201);
    const posted = (await response.json()) as { create_at: number };
    const channel = page.getByRole('button', { name: /Off-Topic.*unread/i });
    await channel.waitFor(WAIT);
    const viewed = page.waitForResponse(
      (r) => r.url().endsWith('/api/v4/channels/members/me/view') && r.request().method() === 'POST',
      WAIT,
    );
    await channel.click();
    assert.equal((await viewed).status(), 200);
    await page.getByRole('button', { name: /Off-Topic.*unread/i }).waitFor({ state: 'detached', ...WAIT });
    assert.ok(
      (core().channelMember(offTopic, userId('alice'))?.last_viewed_at ?? 0) >= posted.create_at,
      'the server recorded the view',
    );
  });

  test('logged no errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
