/**
 * The full system emoji set (emoji-datasource, the package Mattermost's own set is made
 * from) loads only when a message needs a name outside the common built-in ones. The tests
 * run in order in one page: the first ones see the set not loaded yet.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import { EMOJI, emojiFor, loadSystemEmoji, systemEmoji } from '../../../src/markdown/emoji.js';
import { loadMarkdown, renderMarkdown } from '../../../src/markdown/index.js';

/** Whether the page has requested the full set's module. */
function setRequested(): boolean {
  return performance.getEntriesByType('resource').some((entry) => /emoji-(system|data)/.test(entry.name));
}

async function rendered(source: string): Promise<HTMLElement> {
  const container = await fixture<HTMLElement>(html`<div class="md"></div>`);
  render(renderMarkdown(source), container);
  return container;
}

const emoji = (el: HTMLElement) => Array.from(el.querySelectorAll('[part="emoji"]'), (e) => e.textContent);

describe('the full system emoji set', () => {
  before(() => loadMarkdown());

  it('is not loaded for the common names, which render at once', async () => {
    const el = await rendered('Done :white_check_mark: :tada: **now**');
    expect(emoji(el)).to.deep.equal(['✅', '🎉']);
    // Times are not shortcodes (`:00:` here), nor are colons inside words.
    await rendered('ERP maintenance tonight 22:00–23:00: read-only.\nratio 1:2:3, a:b:c');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(setRequested()).to.equal(false);
    expect(systemEmoji()).to.equal(undefined);
  });

  it('loads for another name: the text shows at once, then the emoji in place', async () => {
    const el = await rendered('A :unicorn_face: and :tada:');
    expect(el.textContent).to.contain(':unicorn_face:');
    expect(emoji(el)).to.deep.equal(['🎉']);
    await waitUntil(() => emoji(el).length === 2, 'the unicorn from the full set');
    expect(emoji(el)).to.deep.equal(['🦄', '🎉']);
    expect(setRequested()).to.equal(true);
  });

  it('renders at once once loaded, including a message first seen while loading', async () => {
    await loadSystemEmoji();
    const el = await rendered('A :unicorn_face: and :tada:');
    expect(emoji(el)).to.deep.equal(['🦄', '🎉']);
    const markdown = await rendered('# Title :pinched_fingers:');
    expect(emoji(markdown)).to.deep.equal(['🤌']);
  });

  it('knows every name and alias of emoji-datasource, and agrees with the built-in names', async () => {
    const system = await loadSystemEmoji();
    expect(system.byName.size).to.be.above(1900);
    expect(emojiFor('satisfied')).to.equal(emojiFor('laughing'));
    expect(emojiFor('thumbsup')).to.equal('👍');
    expect(emojiFor('+1')).to.equal('👍');
    expect(emojiFor('flag-wales')).to.equal('🏴󠁧󠁢󠁷󠁬󠁳󠁿');
    for (const [name, char] of EMOJI) expect(system.byName.get(name), name).to.equal(char);
    // Unknown names stay text.
    expect(emojiFor('no_such_emoji_name')).to.equal(undefined);
    const el = await rendered('a :no_such_emoji_name: b');
    expect(emoji(el)).to.deep.equal([]);
  });
});
