import { expect } from '@open-wc/testing';
import { buildRows } from '../../../../src/elements/message-list/rows.js';
import { channel, DAY, manyPosts, MINUTE, post, startOfToday } from './fixtures.js';

describe('buildRows', () => {
  it('gives a page of older posts the same rows as a fresh build, keeping the rows it had', () => {
    const posts = manyPosts(12);
    const newer = buildRows(channel(posts.slice(6)));
    const rows = buildRows(channel(posts), newer);
    expect(rows).to.deep.equal(buildRows(channel(posts)));
    // The first of the newer rows gained a predecessor (grouping may change): built again.
    expect(rows[6]).to.not.equal(newer[0]);
    expect(rows.slice(7)).to.have.ordered.members(newer.slice(1));
  });

  it('rebuilds the rows around a changed post, a new post and a moved unread line', () => {
    const base = startOfToday() + 9 * 60 * MINUTE;
    const first = post('a', { userId: 'u-alice', createAt: base - DAY });
    const second = post('b', { userId: 'u-alice', createAt: base });
    const third = post('c', { userId: 'u-bob', createAt: base + MINUTE });
    const before = buildRows(channel([first, second, third]));
    const edited = { ...second, message: 'edited' };
    const fourth = post('d', { userId: 'u-bob', createAt: base + 2 * MINUTE });
    const next = channel([first, edited, third, fourth], { firstUnreadId: 'c' });
    const rows = buildRows(next, before);
    expect(rows).to.deep.equal(buildRows(next));
    expect(rows[0]).to.equal(before[0]);
    expect(rows[1]!.post).to.equal(edited);
    expect(rows[2]!.unreadLine).to.equal(true);
    expect(rows[3]!.grouped).to.equal(true);
  });
});
