/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../../../src/define.js';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { findByRole, getByRole, queryAllByRole, waitForFocus } from '../../../helpers/shadow.js';

import { failOnLitWarnings, liveSocket } from './support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

describe('<bisman-chat> launcher mode', () => {
  it('shows a Chat button that opens the panel, and open()/close() drive it', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat mode="launcher" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    const launcher = getByRole(el, 'button', { name: /^Chat/ });
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(queryAllByRole(el, 'tablist')).to.have.length(0);
    el.open();
    await findByRole(el, 'tablist');
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    el.close();
    await el.updateComplete;
    expect(queryAllByRole(el, 'tablist')).to.have.length(0);
  });

  it('counts posts in the open channel as unread on the badge while the panel is closed', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat mode="launcher" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    el.open();
    await findByRole(el, 'textbox', { name: 'Message #town-square' });
    el.close();
    const unreadEvent = new Promise<number>((resolve) =>
      el.addEventListener('bisman-chat:unread', (e) => e.detail.messages > 0 && resolve(e.detail.messages)),
    );
    emulator.core.createPost({
      channelId: emulator.seed.channels['town-square']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'While you were away',
    });
    const messages = await unreadEvent;
    await el.updateComplete;
    expect(getByRole(el, 'button', { name: /^Chat/ }).getAttribute('aria-label')).to.equal(`Chat, ${messages} unread`);
  });

  it('moves focus into the panel when opened by the button, and back on Escape', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat mode="launcher" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    el.open();
    await findByRole(el, 'tablist');
    el.close();
    await el.updateComplete;
    const launcher = getByRole(el, 'button', { name: /^Chat/ });
    launcher.click();
    await waitForFocus(await findByRole(el, 'tab', { name: /^Team/ }));
    await sendKeys({ press: 'Escape' });
    await waitForFocus(launcher);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
  });
});

describe('<bisman-chat> theme', () => {
  const background = (el: BismanChat) =>
    getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor;

  it('switches colours with theme="dark" and stays accessible', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    await findByRole(el, 'textbox', { name: /^Message / });
    const light = background(el);
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(background(el)).to.not.equal(light);
    await expect(el).to.be.accessible();
  });

  it('follows the system with theme="auto", and stays light by default on a dark page', async () => {
    document.documentElement.style.colorScheme = 'dark';
    try {
      const el = await fixture<BismanChat>(
        html`<bisman-chat .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
      );
      await findByRole(el, 'tablist');
      const light = background(el);
      el.theme = 'dark';
      await el.updateComplete;
      const dark = background(el);
      expect(dark).to.not.equal(light);
      el.theme = 'auto';
      await el.updateComplete;
      await emulateMedia({ colorScheme: 'dark' });
      expect(background(el)).to.equal(dark);
      await emulateMedia({ colorScheme: 'light' });
      expect(background(el)).to.equal(light);
      el.theme = 'light';
      await el.updateComplete;
      await emulateMedia({ colorScheme: 'dark' });
      expect(background(el), 'theme="light" ignores the system and the page').to.equal(light);
    } finally {
      document.documentElement.style.colorScheme = '';
      await emulateMedia({ colorScheme: 'no-preference' });
    }
  });

  it('lets the page override the public custom properties', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat style="--bisman-chat-background: rgb(1, 2, 3)" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    await findByRole(el, 'tablist');
    expect(background(el)).to.equal('rgb(1, 2, 3)');
  });
});

describe('<bisman-chat> lifecycle', () => {
  it('goes quiet when removed from the page and starts again with a new token when put back', async () => {
    let tokens = 0;
    const provider = async () => {
      tokens++;
      return emulator.tokenFor('alice');
    };
    const el = await fixture<BismanChat>(html`<bisman-chat .tokenProvider=${provider}></bisman-chat>`);
    await findByRole(el, 'tablist');
    expect(tokens).to.equal(1);
    const parent = el.parentElement!;
    el.remove();
    let events = 0;
    el.addEventListener('bisman-chat:unread', () => events++);
    el.addEventListener('bisman-chat:message', () => events++);
    const dm = emulator.seed.channels['dm-alice-bob']!.id;
    emulator.core.createPost({ channelId: dm, userId: emulator.seed.users.bob!.id, message: 'nobody listening' });
    // A second element, still on the page, proves the post was delivered live meanwhile.
    const witness = await fixture<BismanChat>(
      html`<bisman-chat .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    await findByRole(witness, 'tablist');
    // The tabs show once the channels are in; live messages need the socket, which follows.
    await liveSocket(witness);
    const seen = new Promise<void>((resolve) => witness.addEventListener('bisman-chat:message', () => resolve()));
    emulator.core.createPost({ channelId: dm, userId: emulator.seed.users.bob!.id, message: 'second' });
    await seen;
    expect(events).to.equal(0);
    parent.append(el);
    await findByRole(el, 'tablist');
    expect(tokens).to.equal(2);
  });
});
