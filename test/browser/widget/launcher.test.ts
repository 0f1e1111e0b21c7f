/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define.js';
import type { BismanChat } from '../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../helpers/emulator-browser.js';
import { findByRole, getByRole, queryAllByRole, waitForFocus } from '../../helpers/shadow.js';
import { failOnLitWarnings } from '../elements/chat/support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

async function launcher(): Promise<BismanChat> {
  return fixture<BismanChat>(html`<bisman-chat mode="launcher" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`);
}

describe('<bisman-chat mode="launcher">', () => {
  it('floats in the inline-end bottom corner', async () => {
    const el = await launcher();
    const button = getByRole(el, 'button', { name: /^Chat/ });
    expect(getComputedStyle(button).position).to.equal('fixed');
    const rect = button.getBoundingClientRect();
    expect(window.innerWidth - rect.right).to.be.lessThan(48);
    expect(window.innerHeight - rect.bottom).to.be.lessThan(48);
  });

  it('closes with its Close button and gives focus back to the launcher', async () => {
    const el = await launcher();
    const button = getByRole(el, 'button', { name: /^Chat/ });
    button.click();
    await waitForFocus(await findByRole(el, 'tab', { name: /^Team/ }));
    await expect(el).to.be.accessible();
    getByRole(el, 'button', { name: 'Close chat' }).click();
    await waitForFocus(button);
    expect(queryAllByRole(el, 'tablist')).to.have.length(0);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
  });

  it('gives focus back to the launcher on Escape from the composer', async () => {
    const el = await launcher();
    const button = getByRole(el, 'button', { name: /^Chat/ });
    button.click();
    (await findByRole(el, 'textbox', { name: 'Message #town-square' })).focus();
    await sendKeys({ press: 'Escape' });
    await waitForFocus(button);
  });

  it('is axe clean closed', async () => {
    const el = await launcher();
    await expect(el).to.be.accessible();
  });
});
