/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import '../../../../src/define.js';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { findByRole, getByRole, queryAllByRole } from '../../../helpers/shadow.js';
import { chatFor, composerOf, failOnLitWarnings, messageTexts } from './support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

/** Every REST call fails as if the network were down. */
const networkDown = () => emulator.worker.use(http.all('*/api/v4/*', () => HttpResponse.error()));
const statusTexts = (el: HTMLElement) => queryAllByRole(el, 'status').map((s) => s.textContent ?? '');
/** Back to the emulator's own handlers. */
const networkUp = () => emulator.worker.resetHandlers();

describe('<bisman-chat> connection states', () => {
  it('shows a live status while connecting', async () => {
    let resolve!: () => void;
    const held = new Promise<void>((r) => (resolve = r));
    const provider = async () => {
      await held;
      return emulator.tokenFor('alice');
    };
    const el = await fixture<BismanChat>(html`<bisman-chat .tokenProvider=${provider}></bisman-chat>`);
    await waitUntil(() => statusTexts(el).some((t) => /Connecting to chat/.test(t)), 'no connecting status');
    expect(queryAllByRole(el, 'tablist')).to.have.length(0);
    resolve();
    await findByRole(el, 'tablist');
  });

  it('shows offline with Retry when the server cannot be reached, and Retry brings it back', async () => {
    networkDown();
    const el = await fixture<BismanChat>(html`<bisman-chat></bisman-chat>`);
    const error = oneEvent(el, 'bisman-chat:error');
    el.tokenProvider = emulator.providerFor('alice');
    const { detail } = await error;
    expect(detail.recoverable).to.equal(true);
    expect(detail.message).to.be.a('string').and.not.equal('');
    const retry = await findByRole(el, 'button', { name: 'Retry' });
    expect(getByRole(el, 'alert').textContent).to.match(/offline/i);
    await expect(el).to.be.accessible();
    networkUp();
    const ready = oneEvent(el, 'bisman-chat:ready');
    retry.click();
    await ready;
    await findByRole(el, 'tablist');
    expect(queryAllByRole(el, 'button', { name: 'Retry' })).to.have.length(0);
  });

  it('recovers by itself once the server is back', async () => {
    networkDown();
    const el = await fixture<BismanChat>(
      html`<bisman-chat .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    await findByRole(el, 'button', { name: 'Retry' });
    networkUp();
    await findByRole(el, 'tablist', {}, 10_000);
  });

  it('fires bisman-chat:ready once, not again after a reconnect', async () => {
    const el = await fixture<BismanChat>(html`<bisman-chat></bisman-chat>`);
    let ready = 0;
    el.addEventListener('bisman-chat:ready', () => ready++);
    el.tokenProvider = emulator.providerFor('alice');
    await findByRole(el, 'tablist');
    const alice = emulator.seed.users.alice!.id;
    await waitUntil(() => emulator.core.connectionsOf(alice).length > 0, 'no socket');
    emulator.core.dropConnections();
    await waitUntil(() => statusTexts(el).some((t) => /Reconnecting/.test(t)), 'no reconnecting status', {
      timeout: 8000,
    });
    await waitUntil(() => statusTexts(el).some((t) => /Online/.test(t)), 'did not come back', { timeout: 10_000 });
    expect(ready).to.equal(1);
  });

  it('keeps the typed text when the connection drops, with the Send button looking disabled', async () => {
    const el = await chatFor(emulator, 'alice');
    composerOf(el).focus();
    await sendKeys({ type: 'do not lose me' });
    networkDown();
    emulator.core.dropConnections();
    await findByRole(el, 'button', { name: 'Retry' }, 10_000);
    expect(composerOf(el).value).to.equal('do not lose me');
    expect(getByRole(el, 'button', { name: 'Send' }).getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Enter follows the button: no post (not even a failed one), the text stays.
    expect(composerOf(el).value).to.equal('do not lose me');
    expect(messageTexts(el).some((text) => text.includes('do not lose me'))).to.equal(false);
    networkUp();
    getByRole(el, 'button', { name: 'Retry' }).click();
    await waitUntil(
      () => getByRole(el, 'button', { name: 'Send' }).getAttribute('aria-disabled') === 'false',
      'still offline',
      {
        timeout: 10_000,
      },
    );
    expect(composerOf(el).value).to.equal('do not lose me');
  });

  it('asks the user to sign in when the auth server refuses, as an unrecoverable error', async () => {
    emulator.worker.use(
      http.post('/api/chat/token', () => HttpResponse.json({ error: 'not signed in' }, { status: 401 })),
    );
    const el = await fixture<BismanChat>(html`<bisman-chat></bisman-chat>`);
    const error = oneEvent(el, 'bisman-chat:error');
    el.authUrl = '/api/chat/token';
    expect((await error).detail.recoverable).to.equal(false);
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.match(/Sign in to use chat/);
    await expect(el).to.be.accessible();
  });
});

describe('<bisman-chat> auth-url', () => {
  it('posts to auth-url with the host cookies and the host bearer token, then opens signed in', async () => {
    const seen: { credentials: RequestCredentials; authorization: string | null; body: string }[] = [];
    emulator.worker.use(
      http.post('/api/chat/token', async ({ request }) => {
        seen.push({
          credentials: request.credentials,
          authorization: request.headers.get('authorization'),
          body: await request.text(),
        });
        return HttpResponse.json(emulator.tokenFor('alice'));
      }),
    );
    const el = await fixture<BismanChat>(
      html`<bisman-chat auth-url="/api/chat/token" .hostToken=${'host-jwt-123'}></bisman-chat>`,
    );
    await findByRole(el, 'textbox', { name: 'Message #town-square' });
    expect(seen.length).to.be.greaterThan(0);
    expect(seen[0]!.credentials).to.equal('include');
    expect(seen[0]!.authorization).to.equal('Bearer host-jwt-123');
    expect(JSON.parse(seen[0]!.body)).to.deep.equal({});
  });

  it('sends no Authorization header when no host token is set', async () => {
    const seen: (string | null)[] = [];
    emulator.worker.use(
      http.post('/api/chat/token', ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json(emulator.tokenFor('bob'));
      }),
    );
    const el = await fixture<BismanChat>(html`<bisman-chat auth-url="/api/chat/token"></bisman-chat>`);
    await findByRole(el, 'tablist');
    expect(seen[0]).to.equal(null);
  });

  it('logout() revokes the token at the auth server and shows the signed-out state', async () => {
    const revoked: (string | null)[] = [];
    emulator.worker.use(
      http.post('/api/chat/token', () => HttpResponse.json(emulator.tokenFor('alice'))),
      http.post('/api/chat/logout', ({ request }) => {
        revoked.push(request.headers.get('authorization'));
        return HttpResponse.json({ status: 'OK' });
      }),
    );
    const el = await fixture<BismanChat>(html`<bisman-chat auth-url="/api/chat/token"></bisman-chat>`);
    await findByRole(el, 'tablist');
    await el.logout();
    expect(revoked).to.have.length(1);
    expect(revoked[0]).to.match(/^Bearer \S+/);
    await waitUntil(() => statusTexts(el).some((t) => /signed out/.test(t)), 'no signed-out status');
    expect(queryAllByRole(el, 'tablist')).to.have.length(0);
  });
});
