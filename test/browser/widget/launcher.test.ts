/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
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
  return fixture<BismanChat>(
    html`<bisman-chat mode="launcher" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
  );
}

/**
 * Waits for the panel's opening animation: axe measures colour contrast as painted, and a
 * panel still fading in (the chat UI now loads on open, so focus can land mid-fade) fails it.
 */
async function panelShown(el: BismanChat): Promise<void> {
  const panel = el.shadowRoot!.querySelector<HTMLElement>('[part="launcher-panel"]')!;
  await Promise.all(panel.getAnimations().map((animation) => animation.finished));
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

  it('floats in the bottom left corner in Arabic (the inline end of a right-to-left page)', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat mode="launcher" locale="ar" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    const button = await findByRole(el, 'button', { name: /^الدردشة/ });
    expect(button.getBoundingClientRect().left).to.be.lessThan(48);
  });

  it('closes with its Close button and gives focus back to the launcher', async () => {
    const el = await launcher();
    const button = getByRole(el, 'button', { name: /^Chat/ });
    button.click();
    await waitForFocus(await findByRole(el, 'tab', { name: /^Team/ }));
    await panelShown(el);
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

  it('closes an open thread on Escape first, and the panel on the next', async () => {
    const el = await launcher();
    const button = getByRole(el, 'button', { name: /^Chat/ });
    button.click();
    const messages = await findByRole(el, 'log', { name: /^Messages/ });
    await waitUntil(
      () => queryAllByRole(messages, 'button', { name: 'Reply in thread' }).length > 0,
      'a post with Reply',
    );
    const reply = queryAllByRole(messages, 'button', { name: 'Reply in thread' })[0]!;
    reply.focus();
    await sendKeys({ press: 'Enter' });
    await waitForFocus(await findByRole(el, 'textbox', { name: 'Reply to thread' }));
    await sendKeys({ press: 'Escape' });
    await waitForFocus(reply);
    expect(queryAllByRole(el, 'log', { name: 'Thread' })).to.have.length(0);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'Escape' });
    await waitForFocus(button);
  });

  describe('on a small screen', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
      await emulateMedia({ reducedMotion: 'no-preference' });
    });

    it('opens full screen, the composer in sight', async () => {
      await setViewport({ width: 390, height: 700 });
      const el = await launcher();
      getByRole(el, 'button', { name: /^Chat/ }).click();
      const box = await findByRole(el, 'textbox', { name: 'Message #town-square' });
      const element = el.shadowRoot!.querySelector<HTMLElement>('[part="launcher-panel"]')!;
      await Promise.all(element.getAnimations().map((animation) => animation.finished));
      const panel = element.getBoundingClientRect();
      expect([panel.left, panel.top, panel.width, panel.height]).to.deep.equal([0, 0, 390, 700]);
      expect(box.getBoundingClientRect().bottom).to.be.at.most(700);
      // The keyboard shrinks the visual viewport, not 100dvh: the panel follows the former.
      expect(element.style.getPropertyValue('--_viewport-block-size')).to.equal(`${visualViewport!.height}px`);
    });

    it('keeps the panel on screen on a 390×800 phone, whatever the page does to ::part(base)', async () => {
      await setViewport({ width: 390, height: 800 });
      // What the demo's Orders page once did: moved the base above the (then full-screen) panel.
      const style = document.createElement('style');
      style.textContent =
        'bisman-chat::part(base) { position: absolute; right: 0; bottom: calc(100% + 0.75rem); width: 42rem; }';
      document.head.append(style);
      try {
        const el = await launcher();
        getByRole(el, 'button', { name: /^Chat/ }).click();
        const box = await findByRole(el, 'textbox', { name: 'Message #town-square' });
        const element = el.shadowRoot!.querySelector<HTMLElement>('[part="launcher-panel"]')!;
        await Promise.all(element.getAnimations().map((animation) => animation.finished));
        for (const part of [element, el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!, box]) {
          const rect = part.getBoundingClientRect();
          expect(rect.top, part.getAttribute('part') ?? 'composer').to.be.at.least(0);
          expect(rect.left).to.be.at.least(0);
          expect(rect.bottom).to.be.at.most(800);
          expect(rect.right).to.be.at.most(390);
        }
        expect(element.getBoundingClientRect().height).to.equal(800);
        await panelShown(el);
        await expect(el).to.be.accessible();
      } finally {
        style.remove();
      }
    });

    it('does not animate the panel when the user asks for reduced motion', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      const el = await launcher();
      getByRole(el, 'button', { name: /^Chat/ }).click();
      await el.updateComplete;
      const panel = el.shadowRoot!.querySelector<HTMLElement>('[part="launcher-panel"]')!;
      expect(getComputedStyle(panel).animationName).to.equal('none');
    });
  });

  it('is axe clean closed', async () => {
    const el = await launcher();
    await expect(el).to.be.accessible();
  });
});
