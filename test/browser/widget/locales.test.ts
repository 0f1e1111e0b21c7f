/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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

async function chatIn(locale: string, username = 'alice'): Promise<BismanChat> {
  const el = await fixture<BismanChat>(
    html`<bisman-chat locale=${locale} .tokenProvider=${emulator.providerFor(username)}></bisman-chat>`,
  );
  await findByRole(el, 'tablist');
  return el;
}

describe('<bisman-chat> languages', () => {
  it('speaks German with locale="de"', async () => {
    const el = await chatIn('de');
    await findByRole(el, 'tab', { name: /^Direktnachrichten/ });
    getByRole(el, 'tab', { name: /^Team/ });
    await findByRole(el, 'button', { name: 'Senden' });
    await findByRole(el, 'textbox', { name: 'Nachricht an #town-square' });
    await findByRole(el, 'log', { name: 'Nachrichten in #Town Square' });
    await expect(el).to.be.accessible();
  });

  it('passes German to the lists, the person search and the channel browser', async () => {
    const el = await chatIn('de');
    (await findByRole(el, 'button', { name: 'Kanäle durchsuchen' })).click();
    await findByRole(el, 'dialog', { name: 'Kanäle durchsuchen' });
    getByRole(el, 'button', { name: 'Schließen' }).click();
    getByRole(el, 'tab', { name: /^Direktnachrichten/ }).click();
    (await findByRole(el, 'button', { name: 'Neue Nachricht' })).click();
    await findByRole(el, 'button', { name: 'Abbrechen' });
    await findByRole(el, 'combobox', { name: 'Person suchen' });
  });

  it('takes the page language when it has no locale of its own, and English for an unknown one', async () => {
    const lang = document.documentElement.lang;
    document.documentElement.lang = 'de-AT';
    try {
      const el = await fixture<BismanChat>(
        html`<bisman-chat .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
      );
      await findByRole(el, 'tab', { name: /^Direktnachrichten/ });
    } finally {
      document.documentElement.lang = lang;
    }
    const other = await chatIn('xx');
    getByRole(other, 'tab', { name: /^Direct messages/ });
  });

  it('lets two instances on one page speak their own languages', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <bisman-chat locale="de" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>
      <bisman-chat locale="en" .tokenProvider=${emulator.providerFor('bob')}></bisman-chat>
    </div>`);
    const [german, english] = [...wrapper.querySelectorAll('bisman-chat')];
    await findByRole(german!, 'tab', { name: /^Direktnachrichten/ });
    await findByRole(english!, 'tab', { name: /^Direct messages/ });
    expect(() => getByRole(english!, 'tab', { name: /^Direktnachrichten/ })).to.throw();
  });

  it('translates the header, the conversation, its messages and the thread links', async () => {
    const el = await chatIn('de');
    expect(el.shadowRoot!.querySelector('[part="header"] h2')!.textContent).to.equal('Nachrichten');
    await waitUntil(
      () => queryAllByRole(el, 'status').some((s) => s.textContent === 'Verbunden'),
      'no German online status',
    );
    await findByRole(el, 'button', { name: 'Dateien anhängen' });
    await findByRole(el, 'button', { name: /^\d+ Antwort(en)?$/ }, 8000);
    const box = await findByRole<HTMLTextAreaElement>(el, 'textbox', { name: 'Nachricht an #town-square' });
    box.focus();
    await sendKeys({ type: 'Guten Morgen' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => queryAllByRole(el, 'article').some((a) => a.textContent?.includes('Guten Morgen')),
      'not sent',
      { timeout: 8000 },
    );
    const text =
      el.shadowRoot!.querySelector('bisman-conversation')!.shadowRoot!.querySelector('bisman-message-list')!.shadowRoot!
        .textContent ?? '';
    expect(text).to.contain('Heute');
    expect(text).not.to.match(/\bToday\b|\breplies\b|\b1 reply\b/);
    const typing = el
      .shadowRoot!.querySelector('bisman-conversation')!
      .shadowRoot!.querySelector('bisman-typing-indicator')!;
    expect(typing.strings.one('Bob')).to.equal('Bob schreibt…');
  });

  it('switches language when the locale changes', async () => {
    const el = await chatIn('en');
    el.locale = 'de';
    await findByRole(el, 'tab', { name: /^Direktnachrichten/ });
  });
});

describe('<bisman-chat> right to left (locale="ar")', () => {
  it('lays the tabs out from the right and names them in Arabic', async () => {
    const el = await chatIn('ar');
    const base = el.shadowRoot!.querySelector('[part="base"]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    const team = await findByRole(el, 'tab', { name: /^الفريق/ });
    const dm = getByRole(el, 'tab', { name: /^الرسائل المباشرة/ });
    expect(team.getBoundingClientRect().left).to.be.greaterThan(dm.getBoundingClientRect().left);
    await expect(el).to.be.accessible();
  });

  it('isolates channel names from their # prefix (no "Town Square#")', async () => {
    const el = await chatIn('ar');
    await findByRole(el, 'textbox', { name: /^رسالة إلى/ });
    const item = await findByRole(el, 'button', { name: /Town Square/ });
    const name = item.querySelector('.name')!;
    expect(name.querySelector('bdi')?.textContent).to.equal('Town Square');
    expect(name.textContent!.trim()).to.equal('#Town Square');
    const title = el
      .shadowRoot!.querySelector('bisman-conversation')!
      .shadowRoot!.querySelector('#conversation-title')!;
    expect(title.querySelector('bdi')?.textContent).to.equal('Town Square');
  });

  it('moves to the next tab with ArrowLeft', async () => {
    const el = await chatIn('ar');
    (await findByRole(el, 'tab', { name: /^الفريق/ })).focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitForFocus(getByRole(el, 'tab', { name: /^الرسائل المباشرة/ }));
    await sendKeys({ press: 'ArrowRight' });
    await waitForFocus(getByRole(el, 'tab', { name: /^الفريق/ }));
  });

  it('puts the channel list on the right and the send button on the left of the box', async () => {
    const el = await chatIn('ar');
    const box = await findByRole(el, 'textbox', { name: /^رسالة إلى/ });
    const send = getByRole(el, 'button', { name: 'إرسال' });
    expect(send.getBoundingClientRect().right).to.be.at.most(box.getBoundingClientRect().left + 1);
    const sidebar = el.shadowRoot!.querySelector('[part="sidebar"]')!;
    const conversation = el.shadowRoot!.querySelector('[part="conversation"]')!;
    expect(sidebar.getBoundingClientRect().left).to.be.at.least(conversation.getBoundingClientRect().right - 1);
  });
});
