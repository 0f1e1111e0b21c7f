import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/elements/emoji-picker/define.js';
import type {
  BismanEmojiPicker,
  BismanEmojiPickerPickDetail,
} from '../../../../src/elements/emoji-picker/emoji-picker.js';
import { loadSystemEmoji } from '../../../../src/markdown/emoji.js';
import { accessibleName, deepActiveElement, getByRole, queryAllByRole, waitForFocus } from '../../../helpers/shadow.js';

async function pickerFixture(dir = 'ltr'): Promise<BismanEmojiPicker> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div dir=${dir}><bisman-emoji-picker></bisman-emoji-picker></div>`,
  );
  const el = wrapper.querySelector('bisman-emoji-picker')!;
  await el.updateComplete;
  return el;
}

const cells = (el: HTMLElement) => queryAllByRole(el, 'gridcell');

describe('<bisman-emoji-picker>', () => {
  it('registers itself once, even when its define module runs again', async () => {
    const first = customElements.get('bisman-emoji-picker');
    // A second copy of the module on the page (the query makes it a new module instance).
    await import(
      /* @vite-ignore */ `${new URL('../../../../src/elements/emoji-picker/define.ts', import.meta.url).href}?again`
    );
    expect(customElements.get('bisman-emoji-picker')).to.equal(first);
  });

  it('is a dialog with a search field and a grid of emoji, one per glyph, and is accessible', async () => {
    const el = await pickerFixture();
    getByRole(el, 'dialog', { name: 'Choose an emoji' });
    getByRole(el, 'textbox', { name: 'Search emoji' });
    const grid = getByRole(el, 'grid', { name: 'Emoji' });
    expect(queryAllByRole(grid, 'row').length).to.be.above(5);
    const glyphs = cells(el).map((cell) => cell.textContent);
    expect(new Set(glyphs).size).to.equal(glyphs.length);
    await expect(el).to.be.accessible();
  });

  it('focusing it focuses the search; typing filters by shortcode', async () => {
    const el = await pickerFixture();
    el.focus();
    await waitForFocus(getByRole(el, 'textbox', { name: 'Search emoji' }));
    await sendKeys({ type: ':thumbs' });
    await el.updateComplete;
    expect(cells(el).map(accessibleName)).to.deep.equal(['thumbsup', 'thumbsdown']);
    await sendKeys({ type: 'xyz' });
    await el.updateComplete;
    expect(cells(el)).to.have.length(0);
    expect(el.shadowRoot!.textContent).to.contain('No emoji found');
    await expect(el).to.be.accessible();
  });

  it('picks Mattermost’s name for the thumbs with Enter from the search field', async () => {
    const el = await pickerFixture();
    el.focus();
    await sendKeys({ type: 'thumbsup' });
    const picked = oneEvent(el, 'bisman-emoji-picker:pick');
    await sendKeys({ press: 'Enter' });
    const event = (await picked) as CustomEvent<BismanEmojiPickerPickDetail>;
    expect(event.detail).to.deep.equal({ emoji: '+1' });
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('moves through the grid with arrow keys, Home and End, with one tab stop', async () => {
    const el = await pickerFixture();
    el.focus();
    await sendKeys({ press: 'ArrowDown' });
    const all = cells(el);
    await waitForFocus(all[0]!);
    await sendKeys({ press: 'ArrowRight' });
    await waitForFocus(cells(el)[1]!);
    await sendKeys({ press: 'ArrowDown' });
    await waitForFocus(cells(el)[9]!);
    await sendKeys({ press: 'End' });
    await waitForFocus(cells(el)[15]!);
    await sendKeys({ press: 'Home' });
    await waitForFocus(cells(el)[8]!);
    expect(cells(el).filter((cell) => cell.tabIndex === 0)).to.deep.equal([cells(el)[8]]);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await waitForFocus(getByRole(el, 'textbox', { name: 'Search emoji' }));
  });

  it('picks with Enter or a click in the grid', async () => {
    const el = await pickerFixture();
    el.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowRight' });
    const second = cells(el)[1]!;
    const byKey = oneEvent(el, 'bisman-emoji-picker:pick');
    await sendKeys({ press: 'Enter' });
    const name = ((await byKey) as CustomEvent<BismanEmojiPickerPickDetail>).detail.emoji;
    expect(second.title).to.equal(`:${name}:`);
    const byClick = oneEvent(el, 'bisman-emoji-picker:pick');
    cells(el)[2]!.click();
    expect(`:${((await byClick) as CustomEvent<BismanEmojiPickerPickDetail>).detail.emoji}:`).to.equal(
      cells(el)[2]!.title,
    );
  });

  it('swaps left and right in a right-to-left page', async () => {
    const el = await pickerFixture('rtl');
    el.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowLeft' });
    await waitForFocus(cells(el)[1]!);
    expect(cells(el)[1]!.getBoundingClientRect().right).to.be.below(cells(el)[0]!.getBoundingClientRect().left + 1);
  });

  it('asks to close on Escape, from the search or the grid', async () => {
    const el = await pickerFixture();
    el.focus();
    let closes = 0;
    el.addEventListener('bisman-emoji-picker:close', () => closes++);
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'ArrowDown' });
    await waitForFocus(cells(el)[0]!);
    await sendKeys({ press: 'Escape' });
    expect(closes).to.equal(2);
    expect(deepActiveElement()).to.equal(cells(el)[0]);
  });

  describe('the full system set (emoji-datasource, as Mattermost)', () => {
    it('lists every system emoji once the set has loaded, without the skin-tone swatches', async () => {
      await loadSystemEmoji();
      const el = await pickerFixture();
      const glyphs = cells(el).map((cell) => cell.textContent);
      expect(glyphs.length).to.be.above(1800);
      expect(new Set(glyphs).size).to.equal(glyphs.length);
      expect(glyphs).to.include('🦄');
      expect(glyphs).to.not.include('🏻');
    });

    it('finds an emoji by any of its names and picks the name Mattermost stores', async () => {
      await loadSystemEmoji();
      const el = await pickerFixture();
      const search = getByRole<HTMLInputElement>(el, 'textbox', { name: 'Search emoji' });
      search.focus();
      await sendKeys({ type: 'satisfied' });
      await el.updateComplete;
      expect(cells(el).map((cell) => cell.textContent)).to.deep.equal(['😆']);
      const picked = oneEvent(el, 'bisman-emoji-picker:pick');
      await sendKeys({ press: 'Enter' });
      expect(((await picked) as CustomEvent<BismanEmojiPickerPickDetail>).detail.emoji).to.equal('laughing');
    });
  });
});
