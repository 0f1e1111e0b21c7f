/// <reference types="mocha" />
// usualChannel: what a tab opens when nothing was asked for (the store's first load and the
// panel's tabs share it).
import { expect } from '@open-wc/testing';
import { usualChannel, type UsualCandidate } from '../../../src/data/channels.js';

const channel = (id: string, tab: UsualCandidate['tab'], extra: Partial<UsualCandidate> = {}): UsualCandidate => ({
  id,
  name: id,
  displayName: id,
  lastPostAt: 0,
  tab,
  ...extra,
});

const user = { channelId: undefined, agent: false };

describe('usualChannel', () => {
  it('opens Town Square in the Team tab, else the first team channel by name', () => {
    const team = [
      channel('b', 'team', { displayName: 'Billing' }),
      channel('t', 'team', { name: 'town-square', displayName: 'Town Square' }),
      channel('a', 'team', { displayName: 'Árvores' }),
      channel('d', 'dm', { displayName: 'Aaron' }),
    ];
    expect(usualChannel(team, 'team', user)).to.equal('t');
    expect(
      usualChannel(
        team.filter((c) => c.id !== 't'),
        'team',
        user,
      ),
    ).to.equal('a');
  });

  it('opens the latest conversation in the Direct messages tab', () => {
    const list = [
      channel('old', 'dm', { lastPostAt: 10 }),
      channel('new', 'dm', { lastPostAt: 30 }),
      channel('team', 'team', { lastPostAt: 99 }),
    ];
    expect(usualChannel(list, 'dm', user)).to.equal('new');
  });

  it('opens the user’s support conversation, and none for an agent, whose Support tab is an inbox', () => {
    const list = [channel('s1', 'support', { lastPostAt: 50 }), channel('mine', 'support', { lastPostAt: 10 })];
    expect(usualChannel(list, 'support', { channelId: 'mine', agent: false })).to.equal('mine');
    expect(usualChannel(list, 'support', { channelId: 'mine', agent: true })).to.equal(undefined);
    // A support conversation the list does not have: the latest one there is.
    expect(usualChannel(list, 'support', { channelId: 'gone', agent: false })).to.equal('s1');
  });

  it('opens nothing in a tab without channels', () => {
    expect(usualChannel([channel('t', 'team')], 'dm', user)).to.equal(undefined);
    expect(usualChannel([], 'team', user)).to.equal(undefined);
  });
});
