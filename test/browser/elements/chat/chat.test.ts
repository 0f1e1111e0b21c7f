/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/define.js';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { waitForFocus, findByRole, getByRole, queryAllByRole } from '../../../helpers/shadow.js';
import { chatFor, failOnLitWarnings } from './support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

describe('<bisman-chat> layout and tabs', () => {
  it('opens signed in with the Team, Direct messages and Support tabs', async () => {
    const el = await chatFor(emulator, 'alice');
    const names = queryAllByRole(el, 'tab').map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(names).to.have.length(3);
    expect(names[0]).to.match(/^Team/);
    expect(names[1]).to.match(/^Direct messages/);
    expect(names[2]).to.match(/^Support/);
    const team = getByRole(el, 'tab', { name: /^Team/ });
    expect(team.getAttribute('aria-selected')).to.equal('true');
    const panel = getByRole(el, 'tabpanel');
    expect(team.getAttribute('aria-controls')).to.equal(panel.id);
    expect(getByRole(el, 'heading', { name: '#Town Square' }).localName).to.equal('h3');
    getByRole(el, 'textbox', { name: 'Message #town-square' });
  });

  it('fires bisman-chat:ready once the first load is done', async () => {
    const el = await fixture<BismanChat>(html`<bisman-chat></bisman-chat>`);
    const ready = oneEvent(el, 'bisman-chat:ready');
    el.tokenProvider = emulator.providerFor('alice');
    await ready;
    await findByRole(el, 'tablist');
  });

  it("opens the first tab's conversation from the loaded channels, without waiting for the live socket", async () => {
    // A socket address nothing answers: the chat never gets online.
    const token = {
      ...emulator.tokenFor('alice'),
      websocketUrl: `${location.origin.replace(/^http/, 'ws')}/no-socket-here`,
    };
    const el = await fixture<BismanChat>(html`<bisman-chat .tokenProvider=${async () => token}></bisman-chat>`);
    await findByRole(el, 'textbox', { name: 'Message #town-square' });
    await findByRole(el, 'log', { name: /Town Square/ });
  });

  it('shows only Support with tabs="support"', async () => {
    const el = await chatFor(emulator, 'alice', { tabs: 'support bogus' });
    const tabs = queryAllByRole(el, 'tab');
    expect(tabs).to.have.length(1);
    expect(tabs[0]!.textContent).to.match(/Support/);
    await findByRole(el, 'heading', { name: 'Support · Alice Andersen' });
  });

  it('opens the channel named by channel="sales" first', async () => {
    const el = await chatFor(emulator, 'alice', { channel: 'sales' });
    await findByRole(el, 'heading', { name: '#Sales' });
    getByRole(el, 'textbox', { name: 'Message #sales' });
  });

  it('links the open conversation to Mattermost in a new tab', async () => {
    const el = await chatFor(emulator, 'alice');
    const link = getByRole<HTMLAnchorElement>(el, 'link', { name: 'Open in Mattermost' });
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.href).to.contain('/erp/channels/town-square');
  });

  it('moves between tabs with the arrow keys, Home and End (roving tabindex)', async () => {
    const el = await chatFor(emulator, 'alice');
    const team = getByRole(el, 'tab', { name: /^Team/ });
    team.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    const dm = getByRole(el, 'tab', { name: /^Direct messages/ });
    expect(dm.getAttribute('aria-selected')).to.equal('true');
    await waitForFocus(dm);
    expect(dm.tabIndex).to.equal(0);
    expect(team.tabIndex).to.equal(-1);
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    await waitForFocus(getByRole(el, 'tab', { name: /^Support/ }));
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    await waitForFocus(team);
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(getByRole(el, 'tab', { name: /^Support/ }).getAttribute('aria-selected')).to.equal('true');
    await findByRole(el, 'heading', { name: 'Support · Alice Andersen' });
  });

  it('follows the reading direction for the arrow keys (RTL)', async () => {
    const el = await chatFor(emulator, 'alice');
    el.setAttribute('dir', 'rtl');
    getByRole(el, 'tab', { name: /^Team/ }).focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitForFocus(getByRole(el, 'tab', { name: /^Direct messages/ }));
    await sendKeys({ press: 'ArrowRight' });
    await waitForFocus(getByRole(el, 'tab', { name: /^Team/ }));
  });

  it('opens the direct message tab on its most recent conversation', async () => {
    const el = await chatFor(emulator, 'alice');
    getByRole(el, 'tab', { name: /^Direct messages/ }).click();
    await findByRole(el, 'heading', { name: 'Bob Brandt' });
    getByRole(el, 'textbox', { name: 'Message Bob Brandt' });
  });

  it('is accessible in each tab', async () => {
    const el = await chatFor(emulator, 'alice');
    await expect(el).to.be.accessible();
    getByRole(el, 'tab', { name: /^Direct messages/ }).click();
    await findByRole(el, 'heading', { name: 'Bob Brandt' });
    await expect(el).to.be.accessible();
    getByRole(el, 'tab', { name: /^Support/ }).click();
    await findByRole(el, 'heading', { name: 'Support · Alice Andersen' });
    await expect(el).to.be.accessible();
  });

  it('focuses the composer when the user opens a channel from the list', async () => {
    const el = await chatFor(emulator, 'alice');
    getByRole(el, 'button', { name: /#Sales/ }).click();
    const textbox = await findByRole(el, 'textbox', { name: 'Message #sales' });
    await el.updateComplete;
    await waitForFocus(textbox);
  });

  it('opens another channel when the channel attribute changes', async () => {
    const el = await chatFor(emulator, 'alice');
    el.setAttribute('channel', 'warehouse');
    await findByRole(el, 'heading', { name: '#Warehouse' });
  });

  it('starts again with the new set when the tabs attribute changes', async () => {
    const el = await chatFor(emulator, 'alice');
    el.setAttribute('tabs', 'dm');
    await findByRole(el, 'heading', { name: 'Bob Brandt' }, 8000);
    expect(queryAllByRole(el, 'tab')).to.have.length(1);
    getByRole(el, 'tab', { name: /^Direct messages/ });
  });

  it('follows openChannel() into the right tab', async () => {
    const el = await chatFor(emulator, 'alice');
    await el.openChannel('support-alice');
    await findByRole(el, 'heading', { name: 'Support · Alice Andersen' });
    expect(getByRole(el, 'tab', { name: /^Support/ }).getAttribute('aria-selected')).to.equal('true');
  });
});
