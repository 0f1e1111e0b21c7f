/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/define.js';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { findByRole, getByRole, queryAllByRole, waitForFocus } from '../../../helpers/shadow.js';
import { failOnLitWarnings } from './support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

const shown = (node: Element | null | undefined): boolean =>
  !!node && (node as HTMLElement).getClientRects().length > 0;

async function chatAt(width: number): Promise<BismanChat> {
  const box = await fixture<HTMLDivElement>(html`<div style="width: ${width}px">
    <bisman-chat .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>
  </div>`);
  const el = box.querySelector('bisman-chat')!;
  await findByRole(el, 'tablist');
  await findByRole(el, 'textbox', { name: /^Message / });
  return el;
}

function header(el: BismanChat): HTMLElement {
  return el
    .shadowRoot!.querySelector('bisman-conversation')!
    .shadowRoot!.querySelector<HTMLElement>('#conversation-title')!;
}

for (const width of [390, 500]) {
  describe(`<bisman-chat> in a ${width}px panel`, () => {
    it('shows the conversation alone, its name in full, and Back to the channel list', async () => {
      const el = await chatAt(width);
      const sidebar = el.shadowRoot!.querySelector('[part="sidebar"]');
      expect(shown(sidebar)).to.equal(false);
      const title = header(el);
      expect(title.textContent!.trim()).to.equal('#Town Square');
      // Not squeezed (to "#…" or ":"): the whole name fits on its line.
      expect(title.scrollWidth).to.be.at.most(title.clientWidth + 1);
      expect(title.getBoundingClientRect().width).to.be.greaterThan(60);
      expect(title.getBoundingClientRect().height).to.be.lessThan(40);
      await expect(el).to.be.accessible();

      const back = getByRole(el, 'button', { name: /Back to channels/ });
      back.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => shown(el.shadowRoot!.querySelector('[part="sidebar"]')), 'the list did not show');
      expect(shown(el.shadowRoot!.querySelector('bisman-conversation'))).to.equal(false);
      expect(queryAllByRole(el, 'button', { name: /Back to channels/ })).to.have.length(0);
      // Focus lands on the open channel in the list.
      const current = getByRole(el, 'button', { name: /^#Town Square/ });
      await waitForFocus(current);
      await expect(el).to.be.accessible();

      // Picking a channel shows it (with Back again) and puts focus in its composer.
      getByRole(el, 'button', { name: /^#Sales/ }).focus();
      await sendKeys({ press: 'Enter' });
      const composer = await findByRole(el, 'textbox', { name: 'Message #sales' });
      await waitForFocus(composer);
      expect(shown(el.shadowRoot!.querySelector('[part="sidebar"]'))).to.equal(false);
      expect(header(el).textContent!.trim()).to.equal('#Sales');
      getByRole(el, 'button', { name: /Back to channels/ });
    });
  });
}

describe('<bisman-chat> in a wide panel', () => {
  it('shows the list beside the conversation, without Back', async () => {
    const el = await chatAt(800);
    expect(shown(el.shadowRoot!.querySelector('[part="sidebar"]'))).to.equal(true);
    expect(queryAllByRole(el, 'button', { name: /Back to channels/ })).to.have.length(0);
  });
});
