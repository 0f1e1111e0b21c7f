import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BismanMessageListReactDetail } from '../../../../src/elements/message-list/message-list.js';
import { deepActiveElement, getByRole, waitForFocus } from '../../../helpers/shadow.js';
import { articleFor, channel, listFixture, post, settle } from './fixtures.js';

async function pickerOf(el: HTMLElement): Promise<HTMLElement> {
  await waitUntil(() => el.shadowRoot!.querySelector('bisman-emoji-picker'), 'picker rendered');
  return el.shadowRoot!.querySelector<HTMLElement>('bisman-emoji-picker')!;
}

describe('<bisman-message-list> emoji picker', () => {
  it('loads the picker only when Add reaction is first used, then picks with the keyboard', async () => {
    // This test runs first in its own page: nothing else can have loaded the picker.
    expect(customElements.get('bisman-emoji-picker')).to.equal(undefined);
    const el = await listFixture(channel([post('a', { userId: 'u-alice' })]));
    await settle(el);
    expect(customElements.get('bisman-emoji-picker')).to.equal(undefined);

    const add = getByRole<HTMLButtonElement>(articleFor(el, 'a')!, 'button', { name: 'Add reaction', hidden: true });
    add.focus();
    add.click();
    await waitUntil(() => customElements.get('bisman-emoji-picker') !== undefined, 'picker module loaded');
    const picker = await pickerOf(el);
    expect(add.getAttribute('aria-expanded')).to.equal('true');
    const search = picker.shadowRoot!.querySelector('input')!;
    await waitForFocus(search);

    await sendKeys({ type: 'tada' });
    await sendKeys({ press: 'ArrowDown' });
    const cell = getByRole(picker, 'gridcell', { name: 'tada' });
    await waitForFocus(cell);
    const event = oneEvent(el, 'bisman-message-list:react');
    await sendKeys({ press: 'Enter' });
    const fired = (await event) as CustomEvent<BismanMessageListReactDetail>;
    expect(fired.detail).to.deep.equal({ postId: 'a', emoji: 'tada', remove: false });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('bisman-emoji-picker')).to.equal(null);
    await waitForFocus(add);
  });

  it('closes on Escape and gives focus back to Add reaction', async () => {
    const el = await listFixture(channel([post('a', { userId: 'u-alice' })]));
    await settle(el);
    const add = getByRole<HTMLButtonElement>(articleFor(el, 'a')!, 'button', { name: 'Add reaction', hidden: true });
    add.focus();
    add.click();
    const picker = await pickerOf(el);
    await waitForFocus(picker.shadowRoot!.querySelector('input')!);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitForFocus(add);
    expect(el.shadowRoot!.querySelector('bisman-emoji-picker')).to.equal(null);
    expect(deepActiveElement()).to.equal(add);
  });

  it('closes when the reader presses elsewhere, or uses Add reaction again', async () => {
    const el = await listFixture(channel([post('a', { userId: 'u-alice' })]));
    await settle(el);
    const add = getByRole<HTMLButtonElement>(articleFor(el, 'a')!, 'button', { name: 'Add reaction', hidden: true });
    add.click();
    await pickerOf(el);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('bisman-emoji-picker')).to.equal(null);
    expect(add.getAttribute('aria-expanded')).to.equal('false');

    add.click();
    const picker = await pickerOf(el);
    picker.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('bisman-emoji-picker')).to.equal(picker);
    add.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    add.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('bisman-emoji-picker')).to.equal(null);
  });
});
