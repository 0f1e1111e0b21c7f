import { expect, fixture, html } from '@open-wc/testing';
import { loadPart } from '../../../../src/elements/base/lazy-parts.js';
import type { PublicChannel } from '../../../../src/elements/channel-browser/bisman-channel-browser.js';
import { findByRole } from '../../../helpers/shadow.js';

describe('lazy parts', () => {
  it('registers nothing until a part is asked for', () => {
    for (const tag of ['bisman-thread-view', 'bisman-user-search', 'bisman-channel-browser']) {
      expect(customElements.get(tag), tag).to.equal(undefined);
    }
  });

  it('loads and registers a part once; an element already on the page upgrades with what it was given', async () => {
    const channels: PublicChannel[] = [{ id: 'c1', displayName: 'Warehouse', purpose: '' }];
    const el = await fixture<HTMLElement & { show(): Promise<void> }>(
      html`<bisman-channel-browser .load=${async () => channels} .memberIds=${new Set<string>()}></bisman-channel-browser>`,
    );
    expect(el.shadowRoot).to.equal(null);
    const first = loadPart('bisman-channel-browser');
    expect(loadPart('bisman-channel-browser')).to.equal(first);
    await first;
    expect(customElements.get('bisman-channel-browser')).to.not.equal(undefined);
    expect(customElements.get('bisman-user-search')).to.equal(undefined);
    await el.show();
    await findByRole(el, 'button', { name: 'Join Warehouse' });
  });
});
