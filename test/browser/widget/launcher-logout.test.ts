/// <reference types="mocha" />
// The page bundle's entry alone: the chat UI has not loaded when the user signs out.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/bundle.js';
import type { BismanChat } from '../../../src/elements/chat/bisman-chat.js';
import { loadChatUi } from '../../../src/elements/chat/chat-ui.js';
import { en } from '../../../src/i18n/en.js';
import type { ChatToken } from '../../../src/data/types.js';
import type { TokenSource } from '../../../src/data/session.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../helpers/emulator-browser.js';
import { getByRole } from '../../helpers/shadow.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());

describe('<bisman-chat mode="launcher"> signed out before its first open', () => {
  it('revokes the watcher’s token, clears the badge, and opening does not sign in again', async () => {
    emulator.core.createPost({
      channelId: emulator.seed.channels['town-square']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'Unread',
    });
    const issued: ChatToken[] = [];
    const revoked: string[] = [];
    const source: TokenSource = async () => {
      const token = emulator.tokenFor('alice');
      issued.push(token);
      return token;
    };
    source.logout = async (token) => {
      revoked.push(token.token);
    };
    const totals: number[] = [];
    const el = await fixture<BismanChat>(html`<bisman-chat mode="launcher" .tokenProvider=${source}></bisman-chat>`);
    el.addEventListener('bisman-chat:unread', (event) => totals.push(event.detail.messages));
    await waitUntil(() => totals.length > 0, 'the badge never counted', { timeout: 10_000 });
    await el.logout();
    await el.updateComplete;
    expect(getByRole(el, 'button', { name: /^Chat/ }).getAttribute('aria-label')).to.equal('Chat');
    expect(totals.at(-1)).to.equal(0);
    expect(revoked).to.deep.equal([issued[0]!.token]);
    el.open();
    // The element's own wait on the load ran first: a store it started would have asked for a token by now.
    await loadChatUi();
    await el.updateComplete;
    expect(issued).to.have.length(1);
    expect(el.shadowRoot!.querySelector('[part="status"] [role="status"]')?.textContent).to.equal(en.signedOut);
  });
});
