// `npm run demo:static`: the build succeeds, and the result works from a plain static
// file server, with msw in the page standing in for the auth server and Mattermost.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildStaticDemo } from '../../scripts/demo-static.js';
import { DEMO_PAGES } from '../../vite.config.js';
import { assertAccessible, launchBrowser, signIn } from './support/browser.js';
import { serveStatic, type StaticServer } from './support/static-server.js';

const WAIT = { timeout: 20_000 };

describe('the static demo (npm run demo:static)', () => {
  let out: string;
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    out = await buildStaticDemo(join(mkdtempSync(join(tmpdir(), 'bisman-demo-static-')), 'demo-dist'));
    server = await serveStatic(out);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (out) rmSync(join(out, '..'), { recursive: true, force: true });
  });

  test('the build writes every page and msw’s service worker', () => {
    for (const page of DEMO_PAGES) assert.ok(existsSync(join(out, `${page}.html`)), `${page}.html`);
    const worker = readFileSync(join(out, 'mockServiceWorker.js'), 'utf8');
    assert.match(worker, /Mock Service Worker/);
    // Relative asset URLs: the folder can be hosted under any path.
    assert.doesNotMatch(readFileSync(join(out, 'index.html'), 'utf8'), /(src|href)="\/assets\//);
  });

  test('from a static file server, a demo user signs in and chats with no backend', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const apiCalls: string[] = [];
    // Every API call must be answered inside the page: none reaches the file server.
    server.onRequest = (path) => {
      if (path.startsWith('/api/')) apiCalls.push(path);
    };
    const page = await context.newPage();
    await signIn(page, server.url, 'alice');
    await page.getByRole('tab', { name: /^Team/ }).waitFor(WAIT);
    await page.getByRole('log').getByRole('article').first().waitFor(WAIT);

    const text = `Static demo check ${Math.random().toString(36).slice(2, 8)}`;
    await page.getByRole('textbox', { name: /^Message #/ }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('log')
      .getByRole('article', { name: /Alice Andersen/ })
      .filter({ hasText: text })
      .waitFor(WAIT);
    assert.deepEqual(apiCalls, []);
    await assertAccessible(page, 'the static dashboard');

    // Another page of the static site: the portal, with only the Support tab.
    await page.getByRole('link', { name: 'Third-party portal' }).click();
    await page.getByRole('textbox', { name: /^Message Support/ }).waitFor(WAIT);
    assert.equal(await page.getByRole('tablist', { name: 'Chat' }).getByRole('tab').count(), 1);
    assert.deepEqual(apiCalls, []);
    await context.close();
  });
});
