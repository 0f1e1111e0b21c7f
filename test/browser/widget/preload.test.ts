/// <reference types="mocha" />
// The page bundle's entry alone, as a host page loads it: BismanChat.preload() loads the chat
// UI ahead of any element (its own page: once loaded, the UI stays).
import { expect } from '@open-wc/testing';
import '../../../src/bundle.js';
import type { BismanChat } from '../../../src/elements/chat/bisman-chat.js';
import { loadedChatUi } from '../../../src/elements/chat/chat-ui.js';

describe('BismanChat.preload()', () => {
  it('loads the chat UI with no element on the page, once however often it is called', async () => {
    const BismanChatClass = customElements.get('bisman-chat') as typeof BismanChat;
    expect(loadedChatUi()).to.equal(undefined);
    expect(customElements.get('bisman-conversation')).to.equal(undefined);
    await Promise.all([BismanChatClass.preload(), BismanChatClass.preload()]);
    const ui = loadedChatUi();
    expect(ui?.ChatStore).to.be.a('function');
    expect(customElements.get('bisman-conversation')).to.not.equal(undefined);
    await BismanChatClass.preload();
    expect(loadedChatUi()).to.equal(ui);
  });
});
