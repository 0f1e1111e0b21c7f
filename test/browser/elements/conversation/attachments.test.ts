/// <reference types="mocha" />
/**
 * Attachments another user posts can never run script as the host page. Mattermost serves
 * them with `Content-Disposition: attachment` and `nosniff` (web/files.go), but the widget
 * fetches them into object URLs of the host's origin, where those headers are gone: an
 * object URL typed `image/svg+xml`, `application/xhtml+xml` or `text/xml`, opened in a tab,
 * is a document of the host. These tests post such files as bob, with the emulator behind
 * msw, and open what alice's conversation shows in every way a user can.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { ChatStore } from '../../../../src/data/store.js';
import type { BismanConversation } from '../../../../src/elements/conversation/conversation.js';
import '../../../../src/elements/conversation/define.js';
import { BismanComposer } from '../../../../src/elements/composer/bisman-composer.js';
import { BismanMessageList } from '../../../../src/elements/message-list/message-list.js';
import { defineElements } from '../../../../src/elements/base/define-elements.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { findByRole, getByRole } from '../../../helpers/shadow.js';
import { channelByName, online } from '../../data/wait.js';

defineElements({ 'bisman-composer': BismanComposer, 'bisman-message-list': BismanMessageList });

/** Every payload writes this key (plus its name) to the host origin's localStorage if it runs. */
const RAN = 'bisman-attachment-ran:';
const CONTROL = 'bisman-attachment-control:';
const run = (name: string) => `localStorage.setItem('${RAN}${name}', location.href)`;

const text = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const svg = (name: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" onload="${run(name)}"><script>${run(name)}</script></svg>`;
const page = (name: string) => `<!doctype html><script>${run(name)}</script><img src="x" onerror="${run(name)}">`;

/** What bob posts: names and bytes that would run as a document of the host if typed as the server types them. */
const HOSTILE: readonly File[] = [
  new File([svg('svg')], 'drawing.svg'),
  new File([page('html')], 'page.html'),
  new File(
    [`<html xmlns="http://www.w3.org/1999/xhtml"><body><script>${run('xhtml')}</script></body></html>`],
    'page.xhtml',
  ),
  new File(
    [`<?xml version="1.0"?><root><script xmlns="http://www.w3.org/1999/xhtml">${run('xml')}</script></root>`],
    'feed.xml',
  ),
  // Named as images, but their bytes are markup: the name does not decide.
  new File([svg('png-of-svg')], 'photo.png'),
  new File([page('png-of-html')], 'scan.png'),
  // Polyglots: a real image signature, then a page.
  new File([concat(PNG_SIGNATURE, text(page('png-polyglot')))], 'polyglot.png'),
  new File([concat(text('GIF89a'), text(page('gif-polyglot')))], 'polyglot.gif'),
];

/** Image bytes made here: a 2×2 canvas as PNG, JPEG and WebP, and a 1×1 GIF. */
async function realImages(): Promise<File[]> {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 2;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#0b5cad';
  context.fillRect(0, 0, 2, 2);
  const encode = (type: string) => new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), type, 0.9));
  const gif = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) => c.charCodeAt(0));
  return [
    new File([await encode('image/png')], 'real.png'),
    new File([await encode('image/jpeg')], 'real.jpg'),
    new File([gif], 'real.gif'),
    new File([await encode('image/webp')], 'real.webp'),
  ];
}

const INERT_TYPES = ['application/octet-stream', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];

async function typeOf(href: string): Promise<string> {
  return (await (await fetch(href)).blob()).type;
}

function ranKeys(): string[] {
  return Object.keys(localStorage).filter((key) => key.startsWith(RAN));
}

describe('attachments another user posts (issue 14: no script in the host origin)', () => {
  let emulator: BrowserEmulator;
  const stores: ChatStore[] = [];
  const offs: (() => void)[] = [];
  const opened: Window[] = [];
  let controls = 0;

  async function startStore(username: string): Promise<{ store: ChatStore; channelId: string }> {
    const store = new ChatStore({ tokenSource: emulator.providerFor(username) });
    stores.push(store);
    await store.start();
    await online(store);
    const channelId = channelByName(store.state, 'town-square').id;
    await store.openChannel(channelId);
    return { store, channelId };
  }

  /** Alice's conversation is open; bob posts `files` into it. Returns alice's rendered article. */
  async function bobPosts(
    files: readonly File[],
    message: string,
  ): Promise<{ el: BismanConversation; article: HTMLElement; postId: string }> {
    const alice = await startStore('alice');
    const bob = await startStore('bob');
    const el = await fixture<BismanConversation>(html`<bisman-conversation
      style="display: flex; height: 480px; width: 420px"
      .store=${alice.store}
      .channelId=${alice.channelId}
      .state=${alice.store.state}
    ></bisman-conversation>`);
    offs.push(alice.store.subscribe((s) => (el.state = s)));
    await el.updateComplete;
    const fileIds = await bob.store.uploadFiles(bob.channelId, files);
    await bob.store.send(bob.channelId, message, { fileIds });
    const postId = bob.store.state.posts.get(bob.channelId)!.order.at(-1)!;
    const list = () => el.shadowRoot!.querySelector('bisman-message-list')!;
    const find = () => list().shadowRoot?.querySelector<HTMLElement>(`article[data-post-id="${postId}"]`);
    await waitUntil(find, "bob's post in alice's list");
    return { el, article: find()!, postId };
  }

  /** Waits until every file of the article has its link (no placeholders, nothing pending). */
  async function linksOf(article: HTMLElement, count: number): Promise<HTMLAnchorElement[]> {
    await waitUntil(
      () => article.querySelectorAll('[part="files"] a[href]').length === count,
      `${count} attachment links`,
    );
    return [...article.querySelectorAll<HTMLAnchorElement>('[part="files"] a[href]')];
  }

  /**
   * A page of our own with a script, opened the same way right after an attack: once its
   * flag is set, a document opened that way had time to run, so the attack's absence means
   * it did not run.
   */
  async function control(open: (href: string) => Promise<void> | void): Promise<void> {
    const key = `${CONTROL}${++controls}`;
    const href = URL.createObjectURL(
      new Blob([`<script>localStorage.setItem('${key}', '1')</script>`], { type: 'text/html' }),
    );
    await open(href);
    // A new tab or frame starting takes seconds on a busy machine: wait for it generously,
    // the attack's tabs were opened before and had at least as long.
    await waitUntil(() => localStorage.getItem(key) === '1', 'the control page ran', { timeout: 40_000 });
    URL.revokeObjectURL(href);
  }

  const openWindow = (href: string) => {
    const win = window.open(href, '_blank');
    if (win) opened.push(win);
  };
  const openFrame = (href: string) => {
    const frame = document.createElement('iframe');
    frame.src = href;
    document.body.append(frame);
  };

  /** A link of our own on the page, to click as the attack was clicked. */
  function controlLink(href: string): HTMLAnchorElement {
    const a = document.createElement('a');
    a.href = href;
    a.target = '_blank';
    a.textContent = 'control';
    a.style.cssText = 'position: fixed; top: 0; left: 0; padding: 8px; background: white';
    document.body.append(a);
    return a;
  }

  async function pointAt(el: Element): Promise<[number, number]> {
    el.scrollIntoView({ block: 'center' });
    const box = el.getBoundingClientRect();
    return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
  }

  beforeEach(async () => {
    emulator = await startBrowserEmulator();
    for (const key of Object.keys(localStorage))
      if (key.startsWith(RAN) || key.startsWith(CONTROL)) localStorage.removeItem(key);
  });
  afterEach(async () => {
    await resetMouse();
    for (const win of opened.splice(0)) win.close();
    // The image tabs that clicks opened, in front of this page: later tests need it visible.
    await executeServerCommand('close-opened-tabs');
    for (const frame of document.querySelectorAll('iframe, body > a')) frame.remove();
    for (const off of offs.splice(0)) off();
    for (const store of stores.splice(0)) store.stop();
    emulator.stop();
  });

  it('offers SVG, HTML, XHTML, XML and markup named .png only as downloads of inert bytes', async () => {
    const { article } = await bobPosts(HOSTILE.slice(0, 6), 'Markup attachments');
    const links = await linksOf(article, 6);
    expect(article.querySelectorAll('img')).to.have.length(0);
    for (const link of links) {
      const name = link.getAttribute('download');
      expect(name, link.textContent!).to.be.a('string').and.not.equal('');
      expect(link.hasAttribute('target'), `${name} opens no tab`).to.equal(false);
      expect(link.href).to.match(/^blob:/);
      expect(await typeOf(link.href), name!).to.equal('application/octet-stream');
    }
  });

  it('shows polyglots that start with a PNG or GIF signature as that image, never as a page', async () => {
    const { article } = await bobPosts(HOSTILE.slice(6), 'Polyglots');
    const links = await linksOf(article, 2);
    const types = await Promise.all(links.map((link) => typeOf(link.href)));
    expect(types.sort()).to.deep.equal(['image/gif', 'image/png']);
    for (const img of article.querySelectorAll('img')) expect(INERT_TYPES).to.include(await typeOf(img.src));
  });

  it('still shows real PNG, JPEG, GIF and WebP attachments inline, decoded, opening in a tab', async () => {
    const { article } = await bobPosts(await realImages(), 'Real images');
    const links = await linksOf(article, 4);
    await waitUntil(
      () => [...article.querySelectorAll('img')].filter((img) => img.complete && img.naturalWidth > 0).length === 4,
      'four decoded previews',
    );
    const imgs = [...article.querySelectorAll('img')];
    expect(imgs.map((img) => img.alt).sort()).to.deep.equal(['real.gif', 'real.jpg', 'real.png', 'real.webp']);
    for (const link of links) {
      expect(link.querySelector('img'), link.href).to.not.equal(null);
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
    }
    const types = await Promise.all(links.map((link) => typeOf(link.href)));
    expect(types.sort()).to.deep.equal(['image/gif', 'image/jpeg', 'image/png', 'image/webp']);
  });

  /** What a user does to an attachment link, each also done to the control link afterwards. */
  const GESTURES: Record<string, (link: HTMLAnchorElement) => Promise<void>> = {
    'a click': async (link) => sendMouse({ type: 'click', position: await pointAt(link), button: 'left' }),
    'a middle-click': async (link) => sendMouse({ type: 'click', position: await pointAt(link), button: 'middle' }),
    'Enter on the focused link': async (link) => {
      link.focus();
      await sendKeys({ press: 'Enter' });
    },
  };

  for (const [gesture, act] of Object.entries(GESTURES)) {
    it(`runs nothing in the host origin on ${gesture} on any attachment`, async function () {
      this.timeout(90_000); // opens a tab per attachment and one for the control
      const { el, article } = await bobPosts(HOSTILE, `Open me with ${gesture}`);
      const links = await linksOf(article, HOSTILE.length);
      // The reader is on the page: it has focus, as a page a user clicks in has.
      await sendMouse({ type: 'click', position: await pointAt(getByRole(el, 'heading')) });
      for (const link of links) await act(link);
      await control((href) => act(controlLink(href)));
      expect(ranKeys()).to.deep.equal([]);
    });
  }

  it('runs nothing in the host origin when any attachment URL opens in a new window or a frame', async function () {
    this.timeout(90_000); // a window and a frame per attachment, then the control's
    const { article } = await bobPosts(HOSTILE, 'Open me elsewhere');
    await linksOf(article, HOSTILE.length);
    const hrefs = [
      ...[...article.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
      ...[...article.querySelectorAll('img')].map((img) => img.src),
    ];
    expect(hrefs.length).to.be.at.least(HOSTILE.length);
    for (const href of hrefs) {
      openWindow(href);
      openFrame(href);
    }
    await control(openWindow);
    await control(openFrame);
    expect(ranKeys()).to.deep.equal([]);
    // And why: every URL is an image type its bytes proved, or bytes only to download.
    for (const href of hrefs) expect(INERT_TYPES).to.include(await typeOf(href));
  });

  it('offers the same inert downloads in the thread view', async () => {
    const { el, postId } = await bobPosts(HOSTILE.slice(0, 4), 'In a thread');
    const list = el.shadowRoot!.querySelector('bisman-message-list')!;
    list.dispatchEvent(
      new CustomEvent('bisman-message-list:open-thread', { detail: { rootId: postId }, bubbles: true, composed: true }),
    );
    await findByRole(el, 'log', { name: 'Thread' });
    const thread = () => el.shadowRoot!.querySelector('bisman-thread-view')?.shadowRoot;
    await waitUntil(
      () => thread()?.querySelectorAll('[part="files"] a[href]').length === 4,
      "the root post's files in the thread",
    );
    for (const link of thread()!.querySelectorAll<HTMLAnchorElement>('[part="files"] a[href]')) {
      expect(link.hasAttribute('download')).to.equal(true);
      expect(link.hasAttribute('target')).to.equal(false);
      expect(await typeOf(link.href)).to.equal('application/octet-stream');
    }
    expect(thread()!.querySelectorAll('img')).to.have.length(0);
  });
});
