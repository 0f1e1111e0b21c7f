// End to end: what `npm start` serves (emulator, auth server, Vite demo) on free ports,
// driven in Chromium as the demo's people would use it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAll, type Running } from '../../scripts/start.js';
import { assertAccessible, launchBrowser, signIn } from './support/browser.js';

const WAIT = { timeout: 20_000 };

let running: Running;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every URL any page asked for: the widget must never go near a Mattermost login. */
const requested: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.on('request', (request) => requested.push(request.url()));
  // Note when the chat has loaded (the event bubbles out of the element to the document).
  await context.addInitScript(() => {
    document.addEventListener('bisman-chat:ready', () => document.documentElement.setAttribute('data-chat-ready', ''));
  });
  contexts.push(context);
  return context.newPage();
}

/** Waits for `bisman-chat:ready`: channels, users and the first conversation are loaded. */
async function chatReady(page: Page): Promise<void> {
  await page.locator('html[data-chat-ready]').waitFor({ state: 'attached', ...WAIT });
}

/** A unique line per test, so a match can only be the message this run sent. */
const unique = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

async function send(page: Page, composerName: string | RegExp, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: composerName });
  await box.fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Waits for the message `text` by `author` in the page's open conversation. */
async function seeMessage(page: Page, author: string, text: string): Promise<void> {
  const found = page
    .getByRole('log')
    .getByRole('article', { name: new RegExp(author) })
    .filter({ hasText: text });
  try {
    await found.waitFor(WAIT);
  } catch (error) {
    // Keep what the page showed: test-results/ is ignored by git.
    await page
      .screenshot({ path: `test-results/e2e-${author.replace(/\W+/g, '-')}-${Date.now()}.png` })
      .catch(() => undefined);
    throw error;
  }
}

function unreadBadge(page: Page) {
  return page.getByTestId('unread-badge');
}

describe('the demo (npm start)', () => {
  let alice: Page;
  let bob: Page;

  before(async () => {
    // env: {} so a developer's MM_BASE_URL never points the tests at a real server.
    running = await startAll({ demoPort: 0, authPort: 0, emulatorPort: 0, env: {} });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await running?.close();
  });

  test('the sign-in screen lists the seeded people and passes axe-core', async () => {
    alice = await newPage();
    await alice.goto(running.url);
    const people = alice.locator('button.person');
    await people.first().waitFor(WAIT);
    assert.deepEqual(await people.evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.username)), [
      'alice',
      'bob',
      'sam',
    ]);
    await assertAccessible(alice, 'the sign-in screen');
  });

  test('the sign-in screen works from the keyboard', async () => {
    const page = await newPage();
    await page.goto(running.url);
    await page.locator('button.person').first().waitFor(WAIT);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.username), 'bob');
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-user').waitFor(WAIT);
    assert.equal(await page.getByTestId('signed-in-user').innerText(), 'Bob Brandt');
    await page.context().close();
  });

  test('signing in opens the dashboard with the chat signed in to Mattermost, never a login page', async () => {
    await signIn(alice, running.url, 'alice');
    await chatReady(alice);
    assert.equal(await alice.getByTestId('signed-in-user').innerText(), 'Alice Andersen');
    const tabs = alice.getByRole('tablist', { name: 'Chat' }).getByRole('tab');
    await tabs.first().waitFor(WAIT);
    assert.deepEqual(await tabs.evaluateAll((nodes) => nodes.map((n) => n.querySelector('span')?.textContent ?? '')), [
      'Team',
      'Direct messages',
      'Support',
    ]);
    await alice.getByRole('button', { name: /#Town Square/ }).waitFor(WAIT);
    // The seeded history is there, by its real authors.
    await alice.getByRole('log').getByRole('article').first().waitFor(WAIT);
    const composer = alice.getByRole('textbox', { name: /^Message/ });
    await composer.waitFor(WAIT);
    assert.equal(new URL(alice.url()).origin, new URL(running.url).origin);
    const logins = requested.filter(
      (url) => /\/login\b/.test(new URL(url).pathname) && !url.includes('/api/demo/login'),
    );
    assert.deepEqual(logins, [], 'no request went to a Mattermost login');
    await assertAccessible(alice, 'the dashboard with the chat');
  });

  test('alice and bob see each other’s team messages live', async () => {
    bob = await newPage();
    await signIn(bob, running.url, 'bob');
    await chatReady(bob);
    await bob.getByRole('textbox', { name: /^Message #town-square/ }).waitFor(WAIT);

    const hello = unique('Pallets for Nordhavn are ready');
    await send(alice, /^Message #town-square/, hello);
    await seeMessage(alice, 'Alice Andersen', hello);
    await seeMessage(bob, 'Alice Andersen', hello);

    const reply = unique('Thanks, loading them now');
    await send(bob, /^Message #town-square/, reply);
    await seeMessage(alice, 'Bob Brandt', reply);
  });

  test('switching tabs shows each tab’s panel', async () => {
    await alice.getByRole('tab', { name: /^Direct messages/ }).click();
    await alice.getByRole('button', { name: 'New message' }).waitFor(WAIT);
    assert.equal(await alice.getByRole('tab', { name: /^Direct messages/ }).getAttribute('aria-selected'), 'true');
    await alice.getByRole('tab', { name: /^Support/ }).click();
    await alice.getByRole('textbox', { name: /^Message Support/ }).waitFor(WAIT);
    await alice.getByRole('tab', { name: /^Team/ }).click();
    await alice.getByRole('textbox', { name: /^Message #/ }).waitFor(WAIT);
  });

  test('Open in Mattermost opens the channel in a new tab at Mattermost’s web path', async () => {
    const link = alice.getByRole('link', { name: 'Open in Mattermost' });
    assert.equal(await link.getAttribute('target'), '_blank');
    const [opened] = await Promise.all([alice.context().waitForEvent('page', WAIT), link.click()]);
    await opened.waitForLoadState('domcontentloaded');
    const url = new URL(opened.url());
    assert.match(url.pathname, /^\/erp\/channels\/[a-z0-9-]+$/);
    assert.match(await opened.locator('body').innerText(), /Bisman ERP/);
    await opened.close();
  });

  test('a direct message started with New message reaches the other person', async () => {
    await bob.getByRole('tab', { name: /^Direct messages/ }).click();
    await bob.getByRole('button', { name: 'New message' }).click();
    const search = bob.getByRole('combobox', { name: /person/i });
    await search.fill('ali');
    await bob.getByRole('option', { name: /Alice Andersen/ }).click();
    const note = unique('Can you check invoice SO-10478?');
    await send(bob, /^Message Alice Andersen/, note);
    await seeMessage(bob, 'Bob Brandt', note);

    await alice.getByRole('tab', { name: /^Direct messages/ }).click();
    await alice.getByRole('button', { name: /Bob Brandt/ }).click();
    await seeMessage(alice, 'Bob Brandt', note);
    await alice.getByRole('tab', { name: /^Team/ }).click();
  });

  test('on a page with the launcher, the ERP’s navigation mirrors the chat’s unread count', async () => {
    await alice.getByRole('link', { name: 'Orders', exact: true }).click();
    const launcher = alice.getByRole('button', { name: /^Chat/ });
    await launcher.waitFor(WAIT);
    await chatReady(alice);
    await assertAccessible(alice, 'the orders page with the launcher');
    const badge = unreadBadge(alice);
    const before = (await badge.isVisible()) ? Number(await badge.innerText()) : 0;

    // Alice is not looking at the chat: Bob's team message is unread for her.
    await bob.getByRole('tab', { name: /^Team/ }).click();
    await send(bob, /^Message #town-square/, unique('Truck 2 is loaded'));
    const expected = String(before + 1);
    await alice.waitForFunction(
      (n) => document.querySelector('[data-testid="unread-badge"]')?.textContent === n,
      expected,
      WAIT,
    );
    // The launcher's own badge says the same.
    await alice.getByRole('button', { name: new RegExp(`^Chat\\W*${expected}\\s*unread`) }).waitFor(WAIT);

    await launcher.click();
    await alice.getByRole('tablist', { name: 'Chat' }).waitFor(WAIT);
    await assertAccessible(alice, 'the orders page with the launcher open');

    await alice.getByRole('link', { name: 'Customers', exact: true }).click();
    await alice.getByRole('heading', { name: 'Customers', level: 1 }).waitFor(WAIT);
    await assertAccessible(alice, 'the customers page');
  });

  test('a support question from the partner portal reaches the agent live', async () => {
    const sam = await newPage();
    await signIn(sam, running.url, 'sam');
    // A tab chosen before the first load finished would race it.
    await chatReady(sam);
    await sam.getByRole('tab', { name: /^Support/ }).click();
    await sam.getByRole('button', { name: /Support · Alice Andersen/ }).click();
    await sam.getByRole('textbox', { name: /^Message Support · Alice Andersen/ }).waitFor(WAIT);

    await alice.getByRole('link', { name: 'Third-party portal' }).click();
    await chatReady(alice);
    const tabs = alice.getByRole('tablist', { name: 'Chat' }).getByRole('tab');
    await tabs.first().waitFor(WAIT);
    assert.equal(await tabs.count(), 1, 'the portal shows only the Support tab');
    const question = unique('Where is shipment NW-58213?');
    await send(alice, /^Message Support/, question);
    await seeMessage(alice, 'Alice Andersen', question);
    await assertAccessible(alice, 'the partner portal');

    await seeMessage(sam, 'Alice Andersen', question);
    const answer = unique('It arrives Friday morning');
    await send(sam, /^Message Support · Alice Andersen/, answer);
    await seeMessage(alice, 'Sam Sato', answer);
  });

  test('signing out on the partner portal shows the portal’s own sign-in, not the ERP’s', async () => {
    await alice.getByRole('button', { name: 'Sign out' }).click();
    await alice.locator('button.person').first().waitFor(WAIT);
    assert.equal(await alice.title(), 'Sign in · Northwind Logistics');
    assert.match(await alice.locator('.signin-card').innerText(), /Northwind Logistics/);
    assert.doesNotMatch(await alice.locator('.signin-card').innerText(), /Bisman ERP/);
    await assertAccessible(alice, 'the partner portal’s sign-in');
  });

  test('on a phone-sized screen the dashboard fits the width and passes axe-core', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, running.url, 'alice');
    await page.getByRole('textbox', { name: /^Message/ }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    await assertAccessible(page, 'the dashboard on a narrow screen');
    await context.close();
  });

  test('a host identity the auth server refuses sends the ERP back to its sign-in screen', async () => {
    const page = await newPage();
    // A remembered profile, but a host cookie that no longer verifies (a restarted server).
    await page.context().addCookies([{ name: 'bisman_host', value: 'not-a-valid-jwt', url: running.url }]);
    await page.addInitScript(() =>
      localStorage.setItem(
        'bisman-demo:profile',
        JSON.stringify({ username: 'alice', displayName: 'Alice Andersen', title: 'Accounts', role: 'staff' }),
      ),
    );
    await page.goto(running.url);
    await page.locator('button.person').first().waitFor(WAIT);
    assert.match(await page.getByRole('status').first().innerText(), /session has ended/i);
    await page.context().close();
  });

  test('signing out ends the chat session, expires the host cookie and returns to the sign-in screen', async () => {
    const cookieNames = async () => (await bob.context().cookies()).map((c) => c.name);
    assert.ok((await cookieNames()).includes('bisman_host'));
    const revoked = bob.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat/logout', WAIT);
    await bob.getByRole('button', { name: 'Sign out' }).click();
    assert.equal((await revoked).status(), 200);
    await bob.locator('button.person').first().waitFor(WAIT);
    assert.equal(await bob.getByTestId('signed-in-user').count(), 0);
    assert.match(await bob.getByRole('status').first().innerText(), /signed out/i);
    assert.ok(!(await cookieNames()).includes('bisman_host'));
  });
});
