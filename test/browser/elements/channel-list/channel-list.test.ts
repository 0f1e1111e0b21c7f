/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../../src/define.js';
import type { ChannelView } from '../../../../src/data/types.js';
import type { BismanChannelList } from '../../../../src/elements/channel-list/bisman-channel-list.js';
import { getByRole, queryAllByRole } from '../../../helpers/shadow.js';

const channel = (id: string, displayName: string, extra: Partial<ChannelView> = {}): ChannelView => ({
  id,
  teamId: 't',
  type: 'O',
  name: id,
  displayName,
  purpose: '',
  tab: 'team',
  lastPostAt: 0,
  lastViewedAt: 0,
  unread: 0,
  mentions: 0,
  ...extra,
});

describe('<bisman-channel-list>', () => {
  it('lists channels as buttons, marks the open one and names the badges', async () => {
    const channels = [
      channel('a', 'Town Square'),
      channel('b', 'Sales', { unread: 3 }),
      channel('c', 'Warehouse', { unread: 2, mentions: 1 }),
    ];
    const el = await fixture<BismanChannelList>(
      html`<bisman-channel-list label="Channels" active-id="a" .channels=${channels}></bisman-channel-list>`,
    );
    const list = getByRole(el, 'list', { name: 'Channels' });
    const buttons = queryAllByRole(list, 'button');
    expect(buttons.map((b) => b.getAttribute('aria-current'))).to.deep.equal(['true', 'false', 'false']);
    getByRole(el, 'button', { name: '#Sales 3 unread' });
    getByRole(el, 'button', { name: '#Warehouse 1 mention' });
    await expect(el).to.be.accessible();
  });

  it('shows no badge on the open channel', async () => {
    const el = await fixture<BismanChannelList>(
      html`<bisman-channel-list active-id="b" .channels=${[channel('b', 'Sales', { unread: 3 })]}></bisman-channel-list>`,
    );
    getByRole(el, 'button', { name: '#Sales' });
  });

  it('fires bisman-channel-list:select with the channel id on click', async () => {
    const el = await fixture<BismanChannelList>(
      html`<bisman-channel-list .channels=${[channel('x', 'Off-Topic')]}></bisman-channel-list>`,
    );
    const selected = oneEvent(el, 'bisman-channel-list:select');
    getByRole(el, 'button', { name: '#Off-Topic' }).click();
    expect((await selected).detail.channelId).to.equal('x');
  });

  it('says so when there is nothing to list', async () => {
    const el = await fixture<BismanChannelList>(
      html`<bisman-channel-list empty-text="No direct messages yet."></bisman-channel-list>`,
    );
    expect(el.shadowRoot!.textContent).to.contain('No direct messages yet.');
    expect(queryAllByRole(el, 'button')).to.have.length(0);
  });

  it('shows the other person’s presence for a direct message', async () => {
    const dm = channel('d', 'Bob Brandt', { type: 'D', tab: 'dm', otherUserId: 'bob' });
    const el = await fixture<BismanChannelList>(
      html`<bisman-channel-list .channels=${[dm]} .presence=${new Map([['bob', 'online' as const]])}></bisman-channel-list>`,
    );
    getByRole(el, 'button', { name: 'Bob Brandt (online)' });
    await expect(el).to.be.accessible();
  });
});
