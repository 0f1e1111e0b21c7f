/**
 * marked loads only for messages that need it: before that, plain messages render in full
 * and messages with markdown show as their text, then update in place. The tests run in
 * order in one page: the first ones see marked not loaded yet.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import { loadMarkdown, renderMarkdown } from '../../../src/markdown/index.js';

/** Whether the page has requested marked's module. */
function markedRequested(): boolean {
  return performance.getEntriesByType('resource').some((entry) => /\/marked\//.test(entry.name));
}

async function rendered(source: string): Promise<HTMLElement> {
  const container = await fixture<HTMLElement>(html`<div class="md"></div>`);
  render(renderMarkdown(source, { meUsername: 'bob' }), container);
  return container;
}

describe('renderMarkdown before marked has loaded', () => {
  it('renders plain messages, mentions and emoji included, without loading marked', async () => {
    const el = await rendered('Hi @bob :tada:\nsee you at 3');
    expect(el.querySelector('p [part~="mention-me"]')!.textContent).to.equal('@bob');
    expect(el.querySelector('[part="emoji"]')!.textContent).to.equal('🎉');
    expect(el.querySelectorAll('p > br')).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(markedRequested()).to.equal(false);
  });

  it('shows a message with markdown as its text at once, then rendered when marked has loaded', async () => {
    const el = await rendered('**bold** and <img src=x onerror=alert(1)>');
    const raw = el.querySelector('p.raw')!;
    expect(raw.textContent).to.equal('**bold** and <img src=x onerror=alert(1)>');
    expect(el.querySelector('strong, img')).to.equal(null);
    await waitUntil(() => el.querySelector('strong'), 'the message was not upgraded');
    expect(markedRequested()).to.equal(true);
    expect(el.querySelector('strong')!.textContent).to.equal('bold');
    expect(el.querySelector('img, p.raw')).to.equal(null);
  });

  it('renders messages with markdown at once after loadMarkdown(), including one first seen while loading', async () => {
    await loadMarkdown();
    for (const source of ['**bold** and <img src=x onerror=alert(1)>', '_fresh_ one']) {
      const el = await rendered(source);
      expect(el.querySelector('strong, em'), source).to.not.equal(null);
      expect(el.querySelector('p.raw, img'), source).to.equal(null);
    }
  });
});
