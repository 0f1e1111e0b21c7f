import { expect, fixture, html } from '@open-wc/testing';
import { BismanTypingIndicator } from '../../../../src/elements/typing-indicator/typing-indicator.js';

if (!customElements.get('bisman-typing-indicator'))
  customElements.define('bisman-typing-indicator', BismanTypingIndicator);

async function indicator(names: readonly string[]): Promise<BismanTypingIndicator> {
  return fixture<BismanTypingIndicator>(html`<bisman-typing-indicator .names=${names}></bisman-typing-indicator>`);
}

const text = (el: BismanTypingIndicator) => el.shadowRoot!.querySelector('[part="base"]')!.textContent!.trim();

describe('<bisman-typing-indicator>', () => {
  it('says nothing when nobody types, but keeps its polite live region', async () => {
    const el = await indicator([]);
    const region = el.shadowRoot!.querySelector('[part="base"]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(text(el)).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('names one or two people, and counts no further', async () => {
    const el = await indicator(['Alice']);
    expect(text(el)).to.equal('Alice is typing…');
    el.names = ['Alice', 'Bob'];
    await el.updateComplete;
    expect(text(el)).to.equal('Alice and Bob are typing…');
    el.names = ['Alice', 'Bob', 'Sam'];
    await el.updateComplete;
    expect(text(el)).to.equal('Several people are typing…');
    el.names = [];
    await el.updateComplete;
    expect(text(el)).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('speaks the language of the strings it is given', async () => {
    const el = await indicator(['Anna', 'Ben']);
    el.strings = {
      one: (a) => `${a} schreibt…`,
      two: (a, b) => `${a} und ${b} schreiben…`,
      several: 'Mehrere schreiben…',
    };
    await el.updateComplete;
    expect(text(el)).to.equal('Anna und Ben schreiben…');
  });
});
