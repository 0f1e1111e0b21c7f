/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import type { BismanChat } from '../../../src/elements/chat/bisman-chat.js';
import type { BismanMessageList } from '../../../src/elements/message-list/message-list.js';
import { channel, post, users } from '../elements/message-list/fixtures.js';

const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' blob: data:";

interface ProbedWindow extends Window {
  cspViolations: string[];
}

/** A same-origin frame whose document carries the strict policy, with the page entry loaded as a page would. */
async function strictPage(body: string): Promise<{ frame: HTMLIFrameElement; win: ProbedWindow }> {
  const frame = document.createElement('iframe');
  frame.title = 'strict CSP page';
  // Room for a 400px list in view: out of view, the virtualizer renders no rows.
  frame.width = '640';
  frame.height = '640';
  frame.srcdoc = `<!doctype html><html lang="en"><head>
    <meta http-equiv="Content-Security-Policy" content="${POLICY}">
    <script src="/test/browser/widget/csp-probe.js"></script>
    <script type="module" src="/src/bundle.ts"></script>
  </head><body>${body}</body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as ProbedWindow;
  await waitUntil(() => win.customElements.get('bisman-chat'), 'the page entry did not load', { timeout: 10000 });
  return { frame, win };
}

describe('<bisman-chat> on a page with a strict Content-Security-Policy', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  it('enforces the policy in the test page (an inline style attribute is reported)', async () => {
    const page = await strictPage('<p>probe</p>');
    frame = page.frame;
    page.win.document.querySelector('p')!.setAttribute('style', 'color: red');
    await waitUntil(() => page.win.cspViolations.length > 0, 'the policy was not enforced');
    expect(page.win.cspViolations[0]).to.match(/^style-src/);
  });

  it('renders the launcher, loads the chat UI on open and styles it without a violation', async () => {
    const page = await strictPage('<bisman-chat mode="launcher" theme="dark"></bisman-chat>');
    frame = page.frame;
    const el = page.win.document.querySelector('bisman-chat') as BismanChat;
    await el.updateComplete;
    // Queried directly: the shadow helpers check instanceof against this window's classes.
    const launcher = el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="launcher"]')!;
    expect(launcher.getAttribute('aria-label')).to.equal('Chat');
    // Styles from adopted stylesheets applied: the button is fixed in the corner.
    expect(page.win.getComputedStyle(launcher).position).to.equal('fixed');
    launcher.click();
    await waitUntil(
      () => el.shadowRoot!.querySelector('[part="close"]')?.textContent === 'Close chat',
      'the panel did not open',
    );
    expect(el.shadowRoot!.querySelector('[part="status"] [role="status"]')?.textContent).to.equal(
      'Chat is not configured.',
    );
    await waitUntil(() => page.win.customElements.get('bisman-message-list'), 'the chat UI did not load', {
      timeout: 10000,
    });
    expect(page.win.cspViolations).to.deep.equal([]);
  });

  it('prefetches the chat UI when the page is idle (prefetch="idle"), before the launcher is opened', async () => {
    const page = await strictPage('<bisman-chat mode="launcher" prefetch="idle"></bisman-chat>');
    frame = page.frame;
    const el = page.win.document.querySelector('bisman-chat') as BismanChat;
    // A token that never comes: the watcher and then the store wait for it, connecting.
    el.tokenProvider = () => new Promise(() => undefined);
    await waitUntil(() => page.win.customElements.get('bisman-message-list'), 'the chat UI was not prefetched', {
      timeout: 10000,
    });
    expect(el.shadowRoot!.querySelector('button[part="launcher"]')!.getAttribute('aria-expanded')).to.equal('false');
    expect(page.win.cspViolations).to.deep.equal([]);
  });

  it("renders a conversation's messages (the virtualized log, avatars, reactions) without a violation", async () => {
    const page = await strictPage('<bisman-chat mode="launcher" prefetch="idle"></bisman-chat>');
    frame = page.frame;
    const el = page.win.document.querySelector('bisman-chat') as BismanChat;
    el.tokenProvider = () => new Promise(() => undefined);
    await waitUntil(() => page.win.customElements.get('bisman-message-list'), 'the chat UI did not load', {
      timeout: 10000,
    });
    const list = page.win.document.createElement('bisman-message-list') as BismanMessageList;
    list.users = users;
    list.meId = 'u-bob';
    list.posts = channel([
      post('a', { message: 'Hello **there**' }),
      post('b', { userId: 'u-bob', message: 'Hi', reactions: [{ emoji: 'thumbsup', userIds: ['u-alice'] }] }),
      post('c', { userId: 'u-sam', message: 'A reply', replyCount: 2 }),
    ]);
    const box = page.win.document.createElement('div');
    // CSSOM, not a style attribute: the policy allows it.
    Object.assign(box.style, { display: 'flex', flexDirection: 'column', height: '400px', width: '400px' });
    list.style.flex = '1';
    box.append(list);
    page.win.document.body.append(box);
    await list.updateComplete;
    await waitUntil(() => list.shadowRoot!.querySelectorAll('article').length === 3, 'the messages did not render', {
      timeout: 5000,
    });
    const log = list.shadowRoot!.querySelector<HTMLElement>('[role="log"]')!;
    // The stylesheet (not an inline style attribute) keeps the scroller shrinkable.
    expect(page.win.getComputedStyle(log).minHeight).to.equal('0px');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(page.win.cspViolations).to.deep.equal([]);
  });
});
