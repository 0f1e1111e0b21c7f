import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { BismanMessageListRetryDetail } from '../../../../src/elements/message-list/message-list.js';
import { avatarColour } from '../../../../src/elements/message-list/rows.js';
import {
  DAY,
  HOUR,
  MINUTE,
  articleFor,
  articles,
  channel,
  distanceFromBottom,
  listFixture,
  manyPosts,
  nextFrame,
  post,
  scrollLogTo,
  scroller,
  settle,
  startOfToday,
} from './fixtures.js';

function jumpButton(el: HTMLElement): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="jump"]');
}

describe('<bisman-message-list>', () => {
  // Lit reports misuse (an update scheduled after an update, ...) as dev-mode warnings.
  let warnings: string[] = [];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  });
  afterEach(() => {
    console.warn = originalWarn;
    expect(warnings.filter((warning) => !warning.includes('Lit is in dev mode'))).to.deep.equal([]);
  });

  describe('semantics', () => {
    it('is a polite log named by its label, with one article per message named by its author', async () => {
      const el = await listFixture(
        channel([
          post('a', { userId: 'u-alice', createAt: startOfToday() + 9 * HOUR }),
          post('b', { userId: 'u-bob', createAt: startOfToday() + 10 * HOUR }),
        ]),
      );
      await settle(el);
      const log = scroller(el);
      expect(log.getAttribute('role')).to.equal('log');
      expect(log.getAttribute('aria-live')).to.equal('polite');
      expect(log.getAttribute('aria-label')).to.equal('Messages in Town Square');
      const list = articles(el);
      expect(list).to.have.length(2);
      expect(list[0]!.getAttribute('aria-label')).to.match(/^Alice Andersen, /);
      expect(list[1]!.getAttribute('aria-label')).to.match(/^Bob Berg, /);
    });

    it('colours avatars by the user id, so people with the same initials differ', async () => {
      const el = await listFixture(
        channel([
          post('a', { userId: 'u-alice', createAt: startOfToday() + 9 * HOUR }),
          post('b', { userId: 'u-ada', createAt: startOfToday() + 10 * HOUR }),
        ]),
      );
      el.users = new Map([
        ...el.users,
        ['u-ada', { id: 'u-ada', username: 'ada', displayName: 'Ada Admin', presence: 'online', lastPictureUpdate: 0 }],
      ]);
      await settle(el);
      const [alice, ada] = articles(el).map((article) => article.querySelector<HTMLElement>('[part="avatar"]')!);
      expect(alice!.textContent).to.equal('AA');
      expect(ada!.textContent).to.equal('AA');
      expect(getComputedStyle(alice!).backgroundColor).not.to.equal(getComputedStyle(ada!).backgroundColor);
      // The same person keeps one colour; many people spread over many colours.
      const colours = new Set(Array.from({ length: 40 }, (_, i) => JSON.stringify(avatarColour(`user-${i}-id`))));
      expect(colours.size).to.be.greaterThan(30);
      expect(avatarColour('u-alice')).to.deep.equal(avatarColour('u-alice'));
    });

    it('is accessible with every kind of message on screen', async () => {
      const today = startOfToday();
      const el = await listFixture(
        channel(
          [
            post('y1', { createAt: today - DAY + 9 * HOUR, message: 'yesterday' }),
            post('sys', {
              type: 'system_join_channel',
              userId: 'u-sam',
              createAt: today + 8 * HOUR,
              message: '@sam joined the channel.',
            }),
            post('t1', {
              createAt: today + 9 * HOUR,
              message: 'Hi @bob, see [the order](https://example.com/o/1) :tada:',
            }),
            post('t2', { createAt: today + 9 * HOUR + MINUTE, message: 'grouped one', editAt: today + 10 * HOUR }),
            post('t3', { userId: 'u-bob', createAt: today + 10 * HOUR, message: 'deleted', deleted: true }),
            post('t4', {
              userId: 'u-bob',
              createAt: today + 10 * HOUR + MINUTE,
              reactions: [{ emoji: 'thumbsup', userIds: ['u-alice', 'u-bob'] }],
              files: [{ id: 'f', name: 'invoice.pdf', size: 20480, mimeType: 'application/pdf', hasPreview: false }],
            }),
            post('pending-1', {
              userId: 'u-bob',
              createAt: today + 11 * HOUR,
              state: 'pending',
              pendingPostId: 'pending-1',
            }),
            post('pending-2', {
              userId: 'u-bob',
              createAt: today + 11 * HOUR,
              state: 'failed',
              error: 'Network error',
              pendingPostId: 'pending-2',
            }),
          ],
          { firstUnreadId: 't3' },
        ),
        560,
      );
      await settle(el);
      expect(articles(el)).to.have.length(8);
      await expect(el).to.be.accessible();
    });
  });

  describe('virtualization', () => {
    it('keeps a 10,000-post channel to a bounded number of elements, starting at the newest post', async () => {
      const posts = manyPosts(10_000);
      const el = await listFixture(channel(posts, { hasOlder: true }));
      await settle(el);
      const elements = el.shadowRoot!.querySelectorAll('*').length;
      expect(elements).to.be.below(1000);
      expect(articles(el).length).to.be.below(200);
      expect(articleFor(el, 'p9999')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
    });

    it('stops observing the sizes of rows it removed while scrolling (the observer never grows with the channel)', async () => {
      // Counts what the virtualizer's ResizeObserver watches: observe() adds, unobserve() removes.
      const watched = new Set<Element>();
      const { observe, unobserve } = ResizeObserver.prototype;
      ResizeObserver.prototype.observe = function (target, options) {
        watched.add(target);
        observe.call(this, target, options);
      };
      ResizeObserver.prototype.unobserve = function (target) {
        watched.delete(target);
        unobserve.call(this, target);
      };
      try {
        const el = await listFixture(channel(manyPosts(2_000)));
        await settle(el);
        const log = scroller(el);
        for (let step = 0; step < 12; step++) await scrollLogTo(el, log.scrollTop - 3 * log.clientHeight);
        const rows = [...el.shadowRoot!.querySelectorAll('.row')];
        const gone = [...watched].filter((target) => target.classList.contains('row') && !target.isConnected);
        expect(rows.length).to.be.above(0);
        expect(gone, 'rows removed from the DOM but still observed').to.have.length(0);
      } finally {
        ResizeObserver.prototype.observe = observe;
        ResizeObserver.prototype.unobserve = unobserve;
      }
    });

    it('leaves nothing of the rows it removed in the log while scrolling (no stray markers)', async () => {
      const el = await listFixture(channel(manyPosts(2_000)));
      await settle(el);
      const log = scroller(el);
      for (let step = 0; step < 12; step++) await scrollLogTo(el, log.scrollTop - 3 * log.clientHeight);
      const rows = el.shadowRoot!.querySelectorAll('.row').length;
      const comments = [...log.childNodes].filter((node) => node.nodeType === Node.COMMENT_NODE).length;
      expect(rows).to.be.above(0);
      // Two markers per row (Lit's part for it), one for the list's own part.
      expect(comments).to.equal(2 * rows + 1);
    });

    it('measures the rows it adds when rows shrink, with no ResizeObserver loop error on the page', async () => {
      const el = await listFixture(channel(manyPosts(300)));
      await settle(el);
      const rowsBefore = el.shadowRoot!.querySelectorAll('.row').length;
      const errors: string[] = [];
      const onError = (event: ErrorEvent) => void errors.push(event.message);
      window.addEventListener('error', onError);
      try {
        // Every row shrinks at once: only rows change size in that frame, and the layout pass
        // that their measurement starts must render more rows to fill the view.
        const compact = new CSSStyleSheet();
        compact.replaceSync('.row { max-height: 24px; overflow: hidden }');
        el.shadowRoot!.adoptedStyleSheets = [...el.shadowRoot!.adoptedStyleSheets, compact];
        await settle(el);
      } finally {
        window.removeEventListener('error', onError);
      }
      expect(errors).to.deep.equal([]);
      const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.row')];
      expect(rows.length).to.be.above(rowsBefore);
      // The new rows were measured too: the rows stack without overlap, the newest at the bottom.
      const boxes = rows.map((row) => row.getBoundingClientRect()).sort((a, b) => a.top - b.top);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).to.be.at.least(boxes[i - 1]!.bottom - 0.5);
      expect(distanceFromBottom(el)).to.be.below(2);
    });

    it('does not ask for older posts while the reader is at the newest ones', async () => {
      let asked = 0;
      const el = await listFixture(undefined);
      el.addEventListener('bisman-message-list:load-older', () => asked++);
      el.posts = channel(manyPosts(500), { hasOlder: true });
      await settle(el);
      expect(asked).to.equal(0);
    });

    it('asks for older posts when scrolled to the top, once per page', async () => {
      const el = await listFixture(channel(manyPosts(300), { hasOlder: true }));
      await settle(el);
      let asked = 0;
      el.addEventListener('bisman-message-list:load-older', () => asked++);
      const event = oneEvent(el, 'bisman-message-list:load-older');
      await scrollLogTo(el, 0);
      const fired = await event;
      expect(fired.bubbles).to.equal(true);
      expect(fired.composed).to.equal(true);
      await scrollLogTo(el, 10);
      expect(asked).to.equal(1);
    });

    it('shows that older posts are loading, and may ask again after a load that brought nothing', async () => {
      const posts = manyPosts(300);
      const el = await listFixture(channel(posts, { hasOlder: true }));
      await settle(el);
      let asked = 0;
      el.addEventListener('bisman-message-list:load-older', () => asked++);
      await scrollLogTo(el, 0);
      expect(asked).to.equal(1);
      const base = channel(posts, { hasOlder: true });
      el.posts = { ...base, loadingOlder: true };
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="loading"]')!.textContent).to.equal('Loading older messages…');
      el.posts = { ...base, loadingOlder: false };
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="loading"]')).to.equal(null);
      await scrollLogTo(el, 20);
      expect(asked).to.equal(2);
    });

    it('does not ask for older posts when there are none', async () => {
      const el = await listFixture(channel(manyPosts(300), { hasOlder: false }));
      await settle(el);
      let asked = 0;
      el.addEventListener('bisman-message-list:load-older', () => asked++);
      await scrollLogTo(el, 0);
      expect(asked).to.equal(0);
    });

    it('asks for older posts when the conversation does not fill the view', async () => {
      const el = await listFixture(undefined);
      const event = oneEvent(el, 'bisman-message-list:load-older');
      el.posts = channel(manyPosts(2), { hasOlder: true });
      await event;
    });

    it('keeps the reader’s place when older posts are prepended', async () => {
      const newer = manyPosts(200, { prefix: 'n' });
      const el = await listFixture(channel(newer, { hasOlder: true }));
      await settle(el);
      await scrollLogTo(el, 0);
      const log = scroller(el);
      const top = log.getBoundingClientRect().top;
      const firstVisible = articles(el).find((a) => a.getBoundingClientRect().bottom > top + 1)!;
      const key = firstVisible.closest<HTMLElement>('.row')!.dataset['key']!;
      const offset = firstVisible.getBoundingClientRect().top - top;

      el.posts = channel([...manyPosts(100, { prefix: 'o', end: newer[0]!.createAt }), ...newer], { hasOlder: true });
      await settle(el);
      const same = articleFor(el, key);
      expect(same, `${key} still rendered`).to.not.equal(null);
      expect(same!.getBoundingClientRect().top - log.getBoundingClientRect().top).to.be.closeTo(offset, 3);
      expect(log.scrollTop).to.be.above(100);
    });
  });

  describe('first view', () => {
    // Idle moments come when the test says: each one runs the callbacks asked for until then.
    let idleQueue: IdleRequestCallback[] = [];
    const realIdle = window.requestIdleCallback;
    const idleMoment = () => {
      const callbacks = idleQueue;
      idleQueue = [];
      for (const callback of callbacks) callback({ didTimeout: false, timeRemaining: () => 50 });
    };
    beforeEach(() => {
      idleQueue = [];
      window.requestIdleCallback = (callback) => idleQueue.push(callback);
    });
    afterEach(() => {
      window.requestIdleCallback = realIdle;
    });

    it('renders about a view of rows first, then the rows far above it a step per idle moment', async () => {
      const el = await listFixture(channel(manyPosts(300)));
      const rows = () => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('.row[data-key]'));
      for (let frame = 0; frame < 120 && rows().length === 0; frame++) await nextFrame();
      await settle(el);
      // How far (px) the rendered rows reach above the view.
      const reach = () =>
        scroller(el).getBoundingClientRect().top - Math.min(...rows().map((row) => row.getBoundingClientRect().top));
      const view = scroller(el).clientHeight;
      expect(rows().length).to.be.greaterThan(0);
      expect(reach()).to.be.below(view);

      const reaches = [reach()];
      for (let moment = 0; moment < 10 && idleQueue.length > 0; moment++) {
        idleMoment();
        await settle(el);
        reaches.push(reach());
      }
      expect(idleQueue, 'no more steps asked for').to.have.length(0);
      // A step is a quarter of the margin (250 px): several steps, each reaching further.
      expect(reaches.length).to.be.at.least(4);
      for (let i = 1; i < reaches.length; i++) expect(reaches[i]).to.be.at.least(reaches[i - 1]!);
      expect(reaches[1]! - reaches[0]!).to.be.within(150, 400);
      expect(reaches.at(-1)).to.be.above(900);
      expect(articleFor(el, 'p299')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
    });

    it('renders the whole margin at once when the reader turns to the list before the page is idle', async () => {
      const el = await listFixture(channel(manyPosts(300)));
      const rows = () => el.shadowRoot!.querySelectorAll('.row[data-key]').length;
      for (let frame = 0; frame < 120 && rows() === 0; frame++) await nextFrame();
      await settle(el);
      const first = rows();
      scroller(el).dispatchEvent(new FocusEvent('focusin'));
      await settle(el);
      // 1,000 px of rows of at most ~60 px above the view.
      expect(rows() - first).to.be.above(15);
    });
  });

  describe('following new posts', () => {
    it('sticks to the bottom when a post arrives while the reader is there', async () => {
      const posts = manyPosts(300);
      const el = await listFixture(channel(posts));
      await settle(el);
      el.posts = channel([
        ...posts,
        post('new', { userId: 'u-alice', createAt: Date.now(), message: 'a new one\nwith\nfour\nlines' }),
      ]);
      await settle(el);
      expect(articleFor(el, 'new')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
      expect(jumpButton(el)).to.equal(null);
    });

    it('leaves the view alone and offers Jump to latest when the reader has scrolled up', async () => {
      const posts = manyPosts(300);
      const el = await listFixture(channel(posts));
      await settle(el);
      const log = scroller(el);
      await scrollLogTo(el, log.scrollHeight / 2);
      const before = log.scrollTop;
      const visible = articles(el).map((a) => a.closest<HTMLElement>('.row')!.dataset['key']);

      el.posts = channel([
        ...posts,
        post('new1', { userId: 'u-alice', createAt: Date.now() }),
        post('new2', { userId: 'u-alice', createAt: Date.now() }),
      ]);
      await settle(el);
      expect(log.scrollTop).to.be.closeTo(before, 1);
      expect(articles(el).map((a) => a.closest<HTMLElement>('.row')!.dataset['key'])).to.deep.equal(visible);
      const jump = jumpButton(el);
      expect(jump).to.not.equal(null);
      // Rows that scroll into view are not news: the live region is quiet while scrolled up.
      expect(log.getAttribute('aria-live')).to.equal('off');
      expect(jump!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Jump to latest (2 new)');

      jump!.focus();
      jump!.click();
      await settle(el);
      expect(el.shadowRoot!.activeElement).to.equal(log);
      expect(articleFor(el, 'new2')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
      expect(jumpButton(el)).to.equal(null);
      expect(log.getAttribute('aria-live')).to.equal('polite');
    });

    it('opens another conversation at its newest post', async () => {
      const el = await listFixture(channel(manyPosts(300)));
      await settle(el);
      await scrollLogTo(el, 0);
      const other = manyPosts(200, { prefix: 'q' }).map((p) => ({ ...p, channelId: 'other-channel' }));
      el.posts = channel(other);
      await settle(el);
      expect(articleFor(el, 'q199')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
      expect(jumpButton(el)).to.equal(null);
    });

    it('brings the reader down to their own new post', async () => {
      const posts = manyPosts(300);
      const el = await listFixture(channel(posts));
      await settle(el);
      await scrollLogTo(el, 0);
      el.posts = channel([
        ...posts,
        post('mine', { userId: 'u-bob', state: 'pending', pendingPostId: 'mine', createAt: Date.now() }),
      ]);
      await settle(el);
      expect(articleFor(el, 'mine')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
    });

    it('puts a short conversation at the bottom, next to the composer', async () => {
      const t = startOfToday() + 9 * HOUR;
      const el = await listFixture(
        channel([post('s1', { createAt: t }), post('s2', { userId: 'u-bob', createAt: t + MINUTE })]),
        400,
      );
      await settle(el);
      const log = el.getBoundingClientRect();
      expect(articleFor(el, 's2')!.getBoundingClientRect().bottom).to.be.closeTo(log.bottom, 2);
      expect(articleFor(el, 's1')!.getBoundingClientRect().top).to.be.above(log.top + 200);
      expect(distanceFromBottom(el)).to.be.below(2);

      // Once the conversation outgrows the view it scrolls as usual, from the top of the log.
      el.posts = channel(manyPosts(100));
      await settle(el);
      expect(scroller(el).getBoundingClientRect().top).to.equal(log.top);
      expect(articleFor(el, 'p99')!.getBoundingClientRect().bottom).to.be.closeTo(log.bottom, 2);
    });

    it('keeps working after being moved in the page', async () => {
      const posts = manyPosts(300);
      const el = await listFixture(channel(posts));
      await settle(el);
      const parent = el.parentElement!;
      el.remove();
      parent.append(el);
      await settle(el);
      el.posts = channel([...posts, post('after-move', { createAt: Date.now() })]);
      await settle(el);
      expect(articleFor(el, 'after-move')).to.not.equal(null);
      expect(distanceFromBottom(el)).to.be.below(2);
    });

    it('scrollToLatest() goes back to the newest post', async () => {
      const el = await listFixture(channel(manyPosts(300)));
      await settle(el);
      await scrollLogTo(el, 0);
      expect(jumpButton(el)).to.not.equal(null);
      el.scrollToLatest();
      await settle(el);
      expect(distanceFromBottom(el)).to.be.below(2);
      expect(articleFor(el, 'p299')).to.not.equal(null);
    });
  });

  describe('what each message shows', () => {
    it('separates days with Today, Yesterday or the date', async () => {
      const today = startOfToday();
      const older = new Date(today - 3 * DAY + 12 * HOUR);
      const el = await listFixture(
        channel([
          post('d3', { createAt: older.getTime() }),
          post('d1', { createAt: today - DAY + 12 * HOUR }),
          post('d0', { createAt: today + 12 * HOUR }),
          post('d0b', { createAt: today + 12 * HOUR + MINUTE }),
        ]),
        560,
      );
      await settle(el);
      const labels = Array.from(el.shadowRoot!.querySelectorAll('[part="day-separator"]'), (s) =>
        s.textContent!.trim(),
      );
      expect(labels).to.have.length(3);
      expect(labels.slice(1)).to.deep.equal(['Yesterday', 'Today']);
      expect(labels[0]).to.contain(String(older.getDate()));
    });

    it('draws a New messages line before the first unread post', async () => {
      const el = await listFixture(channel(manyPosts(6), { firstUnreadId: 'p4' }), 560);
      await settle(el);
      const lines = el.shadowRoot!.querySelectorAll('[part="new-messages"]');
      expect(lines).to.have.length(1);
      expect(lines[0]!.textContent!.trim()).to.equal('New messages');
      expect(lines[0]!.closest<HTMLElement>('.row')!.dataset['key']).to.equal('p4');
    });

    it('groups consecutive posts by one author within five minutes, still naming the author', async () => {
      const t = startOfToday() + 9 * HOUR;
      const el = await listFixture(
        channel([
          post('g1', { userId: 'u-alice', createAt: t }),
          post('g2', { userId: 'u-alice', createAt: t + MINUTE }),
          post('g3', { userId: 'u-alice', createAt: t + 2 * MINUTE }),
          post('g4', { userId: 'u-alice', createAt: t + 20 * MINUTE }),
          post('g5', { userId: 'u-bob', createAt: t + 21 * MINUTE }),
        ]),
        560,
      );
      await settle(el);
      const hasHeader = (id: string) => articleFor(el, id)!.querySelector('[part="author"]') !== null;
      expect(['g1', 'g2', 'g3', 'g4', 'g5'].map(hasHeader)).to.deep.equal([true, false, false, true, true]);
      expect(articleFor(el, 'g2')!.getAttribute('aria-label')).to.match(/^Alice Andersen, /);
      expect(articleFor(el, 'g2')!.querySelector('[part="avatar"]')).to.equal(null);
      expect(articleFor(el, 'g1')!.querySelector('[part="avatar"]')!.textContent).to.equal('AA');
    });

    it('shows a pending post dimmed with Sending…', async () => {
      const t = startOfToday() + 9 * HOUR;
      const el = await listFixture(
        channel([
          post('sent', { userId: 'u-bob', createAt: t }),
          post('pp', { userId: 'u-bob', createAt: t + MINUTE, state: 'pending', pendingPostId: 'pp' }),
        ]),
      );
      await settle(el);
      const article = articleFor(el, 'pp')!;
      expect(article.classList.contains('pending')).to.equal(true);
      expect(article.querySelector('[part="status"]')!.textContent!.trim()).to.equal('Sending…');
      expect(articleFor(el, 'sent')!.querySelector('[part="status"]')).to.equal(null);
      expect(getComputedStyle(article.querySelector('.body')!).color).to.not.equal(
        getComputedStyle(articleFor(el, 'sent')!.querySelector('.body')!).color,
      );
    });

    it('shows a failed post with its error and a Retry button that asks for a resend', async () => {
      const el = await listFixture(
        channel([post('tmp-1', { userId: 'u-bob', state: 'failed', error: 'Network error', pendingPostId: 'pend-1' })]),
      );
      await settle(el);
      const article = articleFor(el, 'tmp-1')!;
      expect(article.querySelector('[part="status"]')!.textContent).to.contain('Network error');
      const retry = article.querySelector<HTMLButtonElement>('button[part="retry"]')!;
      expect(retry.textContent!.trim()).to.equal('Retry');
      const event = oneEvent(el, 'bisman-message-list:retry');
      retry.click();
      const fired = (await event) as CustomEvent<BismanMessageListRetryDetail>;
      expect(fired.detail).to.deep.equal({ pendingPostId: 'pend-1' });
      expect(fired.composed).to.equal(true);
    });

    it('shows deleted, edited and system posts for what they are', async () => {
      const t = startOfToday() + 9 * HOUR;
      const el = await listFixture(
        channel([
          post('del', { createAt: t, deleted: true, message: 'secret' }),
          post('ed', { userId: 'u-bob', createAt: t + MINUTE, editAt: t + 2 * MINUTE, message: 'fixed typo' }),
          post('sys', {
            userId: 'u-sam',
            type: 'system_add_to_channel',
            createAt: t + 3 * MINUTE,
            message: 'sam added alice',
          }),
        ]),
        560,
      );
      await settle(el);
      expect(articleFor(el, 'del')!.querySelector('[part="body"]')!.textContent!.trim()).to.equal('(message deleted)');
      expect(articleFor(el, 'del')!.textContent).to.not.contain('secret');
      expect(articleFor(el, 'ed')!.querySelector('.edited')!.textContent).to.equal('(edited)');
      const sys = articleFor(el, 'sys')!;
      expect(sys.classList.contains('system')).to.equal(true);
      expect(getComputedStyle(sys).textAlign).to.equal('center');
      expect(sys.querySelector('[part="avatar"]')).to.equal(null);
      expect(sys.textContent).to.contain('sam added alice');
    });

    it('renders message markdown, highlights the reader’s mentions and links channels', async () => {
      const el = await listFixture(undefined);
      el.channelLink = (name) => `#/channel/${name}`;
      el.posts = channel([post('md', { message: 'Hi **@bob**, see https://example.com in ~town-square' })]);
      await settle(el);
      const article = articleFor(el, 'md')!;
      // Markdown renders once marked has loaded (on first need).
      await waitUntil(() => article.querySelector('strong'), 'the markdown did not render');
      expect(article.querySelector('strong [part~="mention-me"]')!.textContent).to.equal('@bob');
      const links = article.querySelectorAll('a');
      expect(Array.from(links, (a) => a.getAttribute('href'))).to.deep.equal([
        'https://example.com/',
        '#/channel/town-square',
      ]);
      expect(links[0]!.getAttribute('rel')).to.equal('noopener noreferrer');
    });

    it('survives a post with an impossible time and a malformed locale', async () => {
      const el = await listFixture(undefined);
      el.locale = 'not a locale!';
      el.posts = channel([post('nan', { createAt: Number.NaN }), post('ok', { userId: 'u-bob' })]);
      await settle(el);
      expect(articleFor(el, 'nan')!.getAttribute('aria-label')).to.equal('Alice Andersen');
      expect(articleFor(el, 'ok')!.querySelector('[part="time"]')!.textContent).to.match(/\d/);
    });

    it('formats times and dates in the given locale', async () => {
      const el = await listFixture(undefined);
      el.locale = 'de-DE';
      el.posts = channel([post('de', { createAt: startOfToday() + 14 * HOUR + 5 * MINUTE })]);
      await settle(el);
      expect(articleFor(el, 'de')!.querySelector('[part="time"]')!.textContent).to.equal('14:05');
      expect(articleFor(el, 'de')!.getAttribute('aria-label')).to.equal('Alice Andersen, 14:05');
    });
  });
});
