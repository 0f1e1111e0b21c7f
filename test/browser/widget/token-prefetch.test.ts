/// <reference types="mocha" />
// The page bundle's entry alone: the chat UI loads lazily, once for this page.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/bundle.js';
import type { BismanChat } from '../../../src/elements/chat/bisman-chat.js';
import { loadedChatUi } from '../../../src/elements/chat/chat-ui.js';
import type { TokenRequestOptions } from '../../../src/data/types.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../helpers/emulator-browser.js';
import { findByRole } from '../../helpers/shadow.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());

describe('<bisman-chat> from the page bundle', () => {
  it('asks for its token while the chat UI loads, not after it, and only once', async () => {
    const asked: { uiLoaded: boolean; renew: boolean }[] = [];
    const provider = async (options?: TokenRequestOptions) => {
      asked.push({ uiLoaded: loadedChatUi() !== undefined, renew: options?.renew === true });
      return emulator.tokenFor('alice');
    };
    const el = await fixture<BismanChat>(html`<bisman-chat .tokenProvider=${provider}></bisman-chat>`);
    await findByRole(el, 'textbox', { name: /^Message / });
    expect(asked).to.deep.equal([{ uiLoaded: false, renew: false }]);
  });
});
