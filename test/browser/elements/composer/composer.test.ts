/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/define.js';
import type { BismanComposer } from '../../../../src/elements/composer/bisman-composer.js';
import { getByRole } from '../../../helpers/shadow.js';

describe('<bisman-composer>', () => {
  async function composer(value = '') {
    const el = await fixture<BismanComposer>(
      html`<bisman-composer label="Message #town-square" .value=${value}></bisman-composer>`,
    );
    const textbox = getByRole<HTMLTextAreaElement>(el, 'textbox', { name: 'Message #town-square' });
    return { el, textbox };
  }

  it('is a textbox named for the channel with a Send button, and accessible', async () => {
    const { el } = await composer();
    expect(getByRole(el, 'button', { name: 'Send' }).localName).to.equal('button');
    await expect(el).to.be.accessible();
  });

  it('sends the text on Enter without its trailing whitespace, and clears the box', async () => {
    const { el, textbox } = await composer();
    textbox.focus();
    await sendKeys({ type: 'hello there \t ' });
    const sent = oneEvent(el, 'bisman-composer:send');
    await sendKeys({ press: 'Enter' });
    expect((await sent).detail.message).to.equal('hello there');
    await el.updateComplete;
    expect(textbox.value).to.equal('');
  });

  // Mattermost sends the draft as typed (webapp actions/views/create_comment.tsx, submitPost):
  // leading indentation is what makes a four-space code block.
  it('keeps leading indentation, so a four-space code block is sent as one', async () => {
    const { el, textbox } = await composer();
    textbox.focus();
    textbox.value = '    const a = 1;\n    return a;\n\n';
    textbox.dispatchEvent(new Event('input'));
    const sent = oneEvent(el, 'bisman-composer:send');
    await sendKeys({ press: 'Enter' });
    expect((await sent).detail.message).to.equal('    const a = 1;\n    return a;');
  });

  // webapp components/advanced_text_editor/use_submit.tsx: `message.trim().length === 0` is not sent.
  it('sends nothing for an all-blank message', async () => {
    const { el, textbox } = await composer();
    let sent = 0;
    el.addEventListener('bisman-composer:send', () => sent++);
    textbox.focus();
    textbox.value = '   \n\t \n  ';
    textbox.dispatchEvent(new Event('input'));
    await sendKeys({ press: 'Enter' });
    getByRole(el, 'button', { name: 'Send' }).click();
    expect(sent).to.equal(0);
    expect(textbox.value).to.equal('   \n\t \n  ');
  });

  it('adds a newline on Shift+Enter instead of sending', async () => {
    const { el, textbox } = await composer();
    let sent = 0;
    el.addEventListener('bisman-composer:send', () => sent++);
    textbox.focus();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    expect(textbox.value).to.equal('line one\nline two');
    expect(sent).to.equal(0);
  });

  it('sends with the Send button and never sends blank text', async () => {
    const { el, textbox } = await composer('   ');
    let sent = 0;
    el.addEventListener('bisman-composer:send', () => sent++);
    getByRole(el, 'button', { name: 'Send' }).click();
    expect(sent).to.equal(0);
    textbox.focus();
    await sendKeys({ type: 'x' });
    const event = oneEvent(el, 'bisman-composer:send');
    getByRole(el, 'button', { name: 'Send' }).click();
    // The blank draft's spaces were typed before the x: leading whitespace is kept.
    expect((await event).detail.message).to.equal('   x');
  });

  it('keeps the text and does not send while offline', async () => {
    const { el, textbox } = await composer('keep me');
    el.offline = true;
    await el.updateComplete;
    let sent = 0;
    el.addEventListener('bisman-composer:send', () => sent++);
    textbox.focus();
    await sendKeys({ press: 'Enter' });
    expect(sent).to.equal(0);
    expect(textbox.value).to.equal('keep me');
    expect(getByRole(el, 'button', { name: 'Send' }).getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('reports every change for drafts', async () => {
    const { el, textbox } = await composer();
    textbox.focus();
    const input = oneEvent(el, 'bisman-composer:input');
    await sendKeys({ type: 'd' });
    expect((await input).detail.value).to.equal('d');
  });

  it('keeps a paste longer than the limit in full, counts it and explains why Send is off', async () => {
    const { el, textbox } = await composer();
    textbox.focus();
    expect(textbox.hasAttribute('maxlength')).to.equal(false);
    const long = 'a'.repeat(16_500);
    // A paste is an insertion like typing: the browser would cut it at a maxlength.
    document.execCommand('insertText', false, long);
    await el.updateComplete;
    expect(textbox.value.length).to.equal(16_500);
    const counter = el.shadowRoot!.querySelector('[part~="counter"]')!;
    expect(counter.textContent).to.contain('16,500 / 16,383');
    expect(counter.textContent).to.match(/remove 117 characters/);
    expect(textbox.getAttribute('aria-describedby')).to.contain('counter');
    const send = getByRole(el, 'button', { name: 'Send' });
    expect(send.getAttribute('aria-disabled')).to.equal('true');
    let sent = 0;
    el.addEventListener('bisman-composer:send', () => sent++);
    await sendKeys({ press: 'Enter' });
    send.click();
    expect(sent).to.equal(0);
    expect(textbox.value.length).to.equal(16_500);
    await expect(el).to.be.accessible();
    // Shortened below the limit: it sends, and the counter goes once far from it.
    textbox.select();
    document.execCommand('insertText', false, 'short');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="counter"]')).to.equal(null);
    expect(send.getAttribute('aria-disabled')).to.equal('false');
  });

  it('shows the counter near the limit without blocking Send', async () => {
    const { el } = await composer('b'.repeat(16_000));
    expect(el.shadowRoot!.querySelector('[part~="counter"]')!.textContent!.trim()).to.equal('16,000 / 16,383');
    expect(getByRole(el, 'button', { name: 'Send' }).getAttribute('aria-disabled')).to.equal('false');
  });
});
