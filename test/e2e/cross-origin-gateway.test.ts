// End to end, in Chromium: a host page on one origin, the auth server with MM_PROXY=true on
// another, and a Mattermost (the emulator) that allows neither. The widget's REST calls
// and its WebSocket go through the gateway, across origins: the gateway answers the CORS
// preflights for the origin ALLOWED_ORIGINS names, and the widget loads posts, sends one
// and sees another arrive live.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/node.js';
import { loadConfig } from '../../src/server/index.js';
import { startAuthServer, type RunningAuthServer } from '../../src/server/node.js';
import { DEMO_TEAM } from '../../src/shared/demo-users.js';
import { launchBrowser, messages } from './support/browser.js';
import { serveStatic, type StaticServer } from './support/static-server.js';

const WAIT = { timeout: 20_000 };

describe('a widget on another origin, through the MM_PROXY gateway', () => {
  let site: string;
  let server: StaticServer;
  let emulator: RunningEmulator;
  let auth: RunningAuthServer;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const failed: string[] = [];
  const sockets: string[] = [];

  before(async () => {
    if (!existsSync('dist/bisman-chat.js')) execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
    // A private copy: other builds may replace dist/ while this runs.
    site = mkdtempSync(join(tmpdir(), 'bisman-cross-origin-'));
    cpSync('dist', site, {
      recursive: true,
      filter: (source) => source.endsWith('.js') || statSync(source).isDirectory(),
    });
    server = await serveStatic(site);
    const pageOrigin = new URL(server.url).origin;
    const adminToken = randomBytes(13).toString('hex');
    // No corsOrigins: a page that went to the emulator directly would be refused.
    emulator = await startEmulator({ seed: true, adminToken, host: '127.0.0.1' });
    auth = await startAuthServer(
      loadConfig({
        MM_BASE_URL: emulator.url.replace(/\/+$/, ''),
        MM_ADMIN_TOKEN: adminToken,
        MM_TEAM_SLUG: DEMO_TEAM.name,
        MM_PROXY: 'true',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ALLOWED_ORIGINS: pageOrigin,
        SUPPORT_AGENTS: 'sam',
        NODE_ENV: 'development',
        DEMO_LOGIN: 'true',
        LOG_LEVEL: 'warn',
      }),
      { port: 0, host: '127.0.0.1' },
    );
    assert.notEqual(new URL(auth.url).origin, pageOrigin, 'two origins');
    writeFileSync(
      join(site, 'index.html'),
      `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Cross-origin gateway</title><link rel="icon" href="data:," /></head>
  <body>
    <main><h1>Portal</h1></main>
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
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('websocket', (socket) => sockets.push(socket.url()));
    page.on('requestfailed', (request) => failed.push(`${request.method()} ${request.url()}`));
  });

  after(async () => {
    await browser?.close();
    await auth?.close();
    await emulator?.close();
    await server?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  test('loads the posts, sends one and receives one live, all through the gateway', async () => {
    await page.goto(server.url);
    await page.locator('html[data-chat-ready]').waitFor({ state: 'attached', ...WAIT });
    await page.getByRole('button', { name: /#Town Square/ }).click();
    await page.getByRole('log').getByRole('article').first().waitFor(WAIT);
    assert.ok((await messages(page)).length > 0, 'the history loaded');

    const text = `Across origins ${randomBytes(3).toString('hex')}`;
    await page.getByRole('textbox', { name: /^Message #town-square/ }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('log').getByRole('article').filter({ hasText: text }).waitFor(WAIT);
    const core = emulator.core;
    const channel = core.getChannelByName(core.getTeamByName(DEMO_TEAM.name)!.id, 'town-square')!;
    assert.ok(
      core.channelPosts(channel.id, true).some((p) => p.message === text),
      'Mattermost has the post',
    );

    // Bob answers in Mattermost: the widget hears it over the gateway's WebSocket.
    const reply = `Seen from the other origin ${randomBytes(3).toString('hex')}`;
    core.createPost({ channelId: channel.id, userId: core.getUserByUsername('bob')!.id, message: reply });
    await page.getByRole('log').getByRole('article').filter({ hasText: reply }).waitFor(WAIT);

    const mattermostOrigin = new URL(emulator.url).origin;
    assert.deepEqual(
      requested.filter((url) => url.startsWith(mattermostOrigin)),
      [],
      'the page never went to Mattermost itself',
    );
    assert.ok(
      requested.some((url) => url.startsWith(`${auth.url}/api/v4/`)),
      'the API calls went to the gateway',
    );
    assert.deepEqual(sockets, [`${auth.url.replace('http', 'ws')}/api/v4/websocket?connection_id=&sequence_number=0`]);
    assert.deepEqual(failed, [], 'no request was blocked');
  });
});
