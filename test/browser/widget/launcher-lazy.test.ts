/// <reference types="mocha" />
// The page bundle's entry alone, as a host page loads it: the chat UI is not loaded until
// a test lets it (and then stays loaded in this page), so the tests that need it run last.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/bundle.js';
import type { BismanChat } from '../../../src/elements/chat/bisman-chat.js';
import { loadedChatUi } from '../../../src/elements/chat/chat-ui.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../helpers/emulator-browser.js';
import { getByRole } from '../../helpers/shadow.js';

let emulator: BrowserEmulator;
/** Every WebSocket the page opened during the test, oldest first. */
let sockets: WebSocket[];
let PageWebSocket: typeof WebSocket;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
  sockets = [];
  PageWebSocket = globalThis.WebSocket;
  globalThis.WebSocket = class extends PageWebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  };
});
afterEach(() => {
  globalThis.WebSocket = PageWebSocket;
  emulator.stop();
});

const uiLoaded = () => loadedChatUi() !== undefined || customElements.get('bisman-conversation') !== undefined;

function launcher(prefetch = 'intent'): Promise<BismanChat> {
  return fixture<BismanChat>(
    html`<bisman-chat mode="launcher" prefetch=${prefetch} .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
  );
}

const button = (el: BismanChat) => getByRole(el, 'button', { name: /^Chat/ });

/** Resolves with the next `bisman-chat:unread` totals that satisfy `predicate`. */
function unread(el: BismanChat, predicate: (totals: { messages: number; mentions: number }) => boolean) {
  return new Promise<{ messages: number; mentions: number }>((resolve) => {
    const listener = (event: HTMLElementEventMap['bisman-chat:unread']) => {
      if (!predicate(event.detail)) return;
      el.removeEventListener('bisman-chat:unread', listener);
      resolve(event.detail);
    };
    el.addEventListener('bisman-chat:unread', listener);
  });
}

function bobPosts(message: string, channel = 'town-square'): void {
  emulator.core.createPost({
    channelId: emulator.seed.channels[channel]!.id,
    userId: emulator.seed.users.bob!.id,
    message,
  });
}

describe('<bisman-chat mode="launcher"> before its first open', () => {
  it('keeps its badge live with no chat UI loaded', async () => {
    bobPosts('Before the page loaded');
    const el = await launcher();
    const first = await unread(el, (totals) => totals.messages > 0);
    bobPosts('@alice the pallets are in', 'town-square');
    const next = await unread(el, (totals) => totals.messages === first.messages + 1);
    expect(next.mentions).to.equal(first.mentions + 1);
    await el.updateComplete;
    expect(button(el).getAttribute('aria-label')).to.equal(`Chat, ${next.messages} unread`);
    expect(uiLoaded()).to.equal(false);
  });

  it('closes the watcher’s socket when removed from the page', async () => {
    const el = await launcher();
    await waitUntil(() => sockets[0]?.readyState === WebSocket.OPEN, 'the watcher opened no socket');
    el.remove();
    expect(sockets.map((socket) => socket.readyState >= WebSocket.CLOSING)).to.deep.equal([true]);
  });

  it('with prefetch="none", loads nothing on hover or focus', async () => {
    bobPosts('Before the page loaded');
    const el = await launcher('none');
    const first = await unread(el, (totals) => totals.messages > 0);
    button(el).dispatchEvent(new PointerEvent('pointerenter'));
    button(el).focus();
    // A post is counted by a read after it: by then a load started on hover would be done.
    bobPosts('Counted by the watcher');
    await unread(el, (totals) => totals.messages === first.messages + 1);
    expect(uiLoaded()).to.equal(false);
  });

  it('loads the chat UI on hover; the store takes the badge over unchanged and the watcher’s socket closes', async () => {
    bobPosts('Unread before the hover');
    const el = await launcher();
    const totals: number[] = [];
    el.addEventListener('bisman-chat:unread', (event) => totals.push(event.detail.messages));
    const first = await unread(el, (t) => t.messages > 0);
    const watcherSocket = sockets[0]!;
    button(el).dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => watcherSocket.readyState >= WebSocket.CLOSING, 'the store did not take over', {
      timeout: 10_000,
    });
    expect(uiLoaded()).to.equal(true);
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');
    // The badge never changed on the way: the store counted what the watcher counted.
    expect(totals).to.deep.equal([first.messages]);
    expect(button(el).getAttribute('aria-label')).to.equal(`Chat, ${first.messages} unread`);
    // And it stays live: the store's socket counts the next post.
    bobPosts('After the handover');
    await unread(el, (t) => t.messages === first.messages + 1);
  });
});
