import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PostView } from '../../../../src/data/types.js';
import { BismanThreadView } from '../../../../src/elements/thread-view/thread-view.js';
import type {
  BismanPostEditDetail,
  BismanPostReactDetail,
} from '../../../../src/elements/message-list/post-renderer.js';
import { accessibleName, getByRole, queryAllByRole, waitForFocus } from '../../../helpers/shadow.js';
import { MINUTE, post, startOfToday, users } from '../message-list/fixtures.js';

if (!customElements.get('bisman-thread-view')) customElements.define('bisman-thread-view', BismanThreadView);

const T = startOfToday() + 9 * 60 * MINUTE;
const root = post('root', { message: 'Who has the **invoice**?', replyCount: 2, createAt: T });
const replies = [
  post('r1', {
    rootId: 'root',
    userId: 'u-bob',
    message: 'I do',
    createAt: T + MINUTE,
    reactions: [{ emoji: 'heart', userIds: ['u-alice'] }],
  }),
  post('r2', { rootId: 'root', userId: 'u-sam', message: 'Thanks', createAt: T + 2 * MINUTE }),
];

async function threadFixture(
  rootPost: PostView | undefined,
  list: readonly PostView[],
  height = 400,
): Promise<BismanThreadView> {
  const el = await fixture<BismanThreadView>(html`<bisman-thread-view
    style=${`display: flex; height: ${height}px; width: 420px`}
    .root=${rootPost}
    .replies=${list}
    .users=${users}
    .meId=${'u-bob'}
    ><textarea slot="composer" aria-label="Reply"></textarea
  ></bisman-thread-view>`);
  await el.updateComplete;
  return el;
}

const articles = (el: BismanThreadView) => queryAllByRole(el, 'article');

describe('<bisman-thread-view>', () => {
  it('shows the root, a reply count, then the replies oldest first, in a log named Thread', async () => {
    const el = await threadFixture(root, replies);
    const log = getByRole(el, 'log', { name: 'Thread' });
    expect(articles(el).map((a) => a.getAttribute('aria-label')!.split(',')[0])).to.deep.equal([
      'Alice Andersen',
      'Bob Berg',
      'Sam Support',
    ]);
    expect(log.querySelector('[part="replies-separator"]')!.textContent!.trim()).to.equal('2 replies');
    // The root's markdown renders once marked has loaded (on first need).
    await waitUntil(() => log.querySelector('strong'), 'the markdown did not render');
    expect(log.querySelector('strong')!.textContent).to.equal('invoice');
    // No thread links inside a thread.
    expect(queryAllByRole(el, 'button', { name: /repl|thread/i, hidden: true })).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="composer"]')!.assignedElements()).to.have.length(
      1,
    );
    await expect(el).to.be.accessible();
  });

  it('says it is loading until the root arrives', async () => {
    const el = await threadFixture(undefined, []);
    expect(getByRole(el, 'log', { name: 'Thread' }).getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.textContent).to.contain('Loading thread…');
    el.root = root;
    await el.updateComplete;
    expect(articles(el)).to.have.length(1);
  });

  it('takes its texts, and its messages’ texts, from strings', async () => {
    const el = await threadFixture(root, replies);
    el.strings = { ...el.strings, title: 'Fil', close: 'Fermer', replies: (n: number) => `${n} réponses` };
    await el.updateComplete;
    getByRole(el, 'log', { name: 'Fil' });
    getByRole(el, 'button', { name: 'Fermer' });
    expect(el.shadowRoot!.querySelector('[part="replies-separator"]')!.textContent!.trim()).to.equal('2 réponses');
  });

  it('asks to close with its Close button', async () => {
    const el = await threadFixture(root, replies);
    const closed = oneEvent(el, 'bisman-thread-view:close');
    getByRole<HTMLButtonElement>(el, 'button', { name: 'Close' }).click();
    const event = await closed;
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('shows new replies as they come, following them at the end', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      post(`m${i}`, { rootId: 'root', createAt: T + i * 10 * MINUTE, message: `reply ${i}` }),
    );
    const el = await threadFixture(root, many, 300);
    const log = getByRole(el, 'log', { name: 'Thread' });
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2);
    el.replies = [
      ...many,
      post('new', { rootId: 'root', userId: 'u-sam', createAt: T + 400 * MINUTE, message: 'latest' }),
    ];
    await el.updateComplete;
    expect(articles(el).at(-1)!.textContent).to.contain('latest');
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2);
  });

  it('editLast() edits my last post in the thread', async () => {
    const el = await threadFixture(root, [
      ...replies,
      post('r3', { rootId: 'root', userId: 'u-bob', message: 'one more', createAt: T + 3 * MINUTE }),
    ]);
    expect(el.editLast()).to.equal(true);
    await waitUntil(() => el.shadowRoot!.querySelector('article[data-post-id="r3"] textarea'), 'editor open');
    const textarea = el.shadowRoot!.querySelector<HTMLTextAreaElement>('article[data-post-id="r3"] textarea')!;
    await waitForFocus(textarea);
    expect(textarea.value).to.equal('one more');
    const other = await threadFixture(root, replies.slice(1));
    expect(other.editLast()).to.equal(false);
  });

  it('reacts and edits with its own events, like the list', async () => {
    const el = await threadFixture(root, replies);
    const r1 = el.shadowRoot!.querySelector<HTMLElement>('article[data-post-id="r1"]')!;
    const react = oneEvent(el, 'bisman-thread-view:react');
    getByRole<HTMLButtonElement>(r1, 'button', { name: /reacted with :heart:/ }).click();
    expect(((await react) as CustomEvent<BismanPostReactDetail>).detail).to.deep.equal({
      postId: 'r1',
      emoji: 'heart',
      remove: false,
    });

    getByRole<HTMLButtonElement>(r1, 'button', { name: 'Edit', hidden: true }).click();
    await waitUntil(() => r1.querySelector('textarea'), 'editor open');
    await waitForFocus(r1.querySelector('textarea')!);
    await sendKeys({ type: ', here' });
    const edit = oneEvent(el, 'bisman-thread-view:edit');
    await sendKeys({ press: 'Enter' });
    expect(((await edit) as CustomEvent<BismanPostEditDetail>).detail).to.deep.equal({
      postId: 'r1',
      message: 'I do, here',
    });
    expect(accessibleName(r1)).to.match(/^Bob Berg, /);
  });
});
