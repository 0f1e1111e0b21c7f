/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http, HttpResponse } from 'msw';
import { ChatStore } from '../../../../src/data/store.js';
import type { BismanConversation } from '../../../../src/elements/conversation/conversation.js';
import '../../../../src/elements/conversation/define.js';
import { BismanComposer } from '../../../../src/elements/composer/bisman-composer.js';
import { BismanMessageList } from '../../../../src/elements/message-list/message-list.js';
import { defineElements } from '../../../../src/elements/base/define-elements.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { accessibleName, findByRole, getByRole, queryAllByRole, waitForFocus } from '../../../helpers/shadow.js';
import { channelByName, online, until } from '../../data/wait.js';

// src/define.ts registers these with the whole widget; here only what the conversation renders.
defineElements({ 'bisman-composer': BismanComposer, 'bisman-message-list': BismanMessageList });

interface Open {
  el: BismanConversation;
  store: ChatStore;
  channelId: string;
}

const textbox = (el: Element, name: string | RegExp) => getByRole<HTMLTextAreaElement>(el, 'textbox', { name });
const el = (open: Open, selector: string) => open.el.shadowRoot!.querySelector(selector);
const list = (el: BismanConversation) => el.shadowRoot!.querySelector('bisman-message-list')!;
const fire = (target: Element, name: string, detail: unknown) =>
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));

/** The next upload is refused as Mattermost refuses a file over its limit (413). */
function refuseNextUpload(emulator: BrowserEmulator): void {
  const tooLarge = {
    id: 'api.file.upload_file.too_large_detailed.app_error',
    message: 'Too large',
    detailed_error: '',
    request_id: 'r',
    status_code: 413,
  };
  emulator.worker.use(http.post('*/api/v4/files', () => HttpResponse.json(tooLarge, { status: 413 }), { once: true }));
}

/** The next upload never completes (it stays in progress until cancelled). */
function holdNextUpload(emulator: BrowserEmulator): void {
  emulator.worker.use(
    http.post(
      '*/api/v4/files',
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
      { once: true },
    ),
  );
}

function filesTransfer(...files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

describe('<bisman-conversation>', () => {
  let emulator: BrowserEmulator;
  const stores: ChatStore[] = [];
  const offs: (() => void)[] = [];

  /** A started store for `username` with town-square open, rendered by a conversation element. */
  async function open(username: string, width = 420): Promise<Open> {
    const store = new ChatStore({
      tokenSource: emulator.providerFor(username),
      realtime: { reconnectDelay: 50, reconnectJitter: 50 },
    });
    stores.push(store);
    await store.start();
    await online(store);
    const channelId = channelByName(store.state, 'town-square').id;
    await store.openChannel(channelId);
    const el = await fixture<BismanConversation>(html`<bisman-conversation
      style=${`display: flex; height: 480px; width: ${width}px`}
      .store=${store}
      .channelId=${channelId}
      .state=${store.state}
    ></bisman-conversation>`);
    offs.push(store.subscribe((state) => (el.state = state)));
    await el.updateComplete;
    return { el, store, channelId };
  }

  /** Sends as the store's user and waits until `other` has it; returns the post id. */
  async function post(from: Open, other: Open, message: string): Promise<string> {
    await from.store.send(from.channelId, message);
    const posts = from.store.state.posts.get(from.channelId)!;
    const id = posts.order.at(-1)!;
    await until(
      other.store,
      (state) => state.posts.get(other.channelId)?.byId.has(id) ?? false,
      `"${message}" at the other user`,
    );
    await waitUntil(
      () => from.el.state?.posts.get(from.channelId)?.byId.get(id)?.state === 'sent',
      `"${message}" rendered as sent`,
    );
    await from.el.updateComplete;
    return id;
  }

  const uploadsOf = (el: BismanConversation) =>
    queryAllByRole(el, 'listitem').filter((item) => item.getAttribute('part') === 'upload');

  // Lit reports misuse (an update scheduled after an update, ...) as dev-mode warnings.
  let warnings: string[] = [];
  const originalWarn = console.warn;
  beforeEach(async () => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    emulator = await startBrowserEmulator();
  });
  afterEach(() => {
    console.warn = originalWarn;
    expect(
      warnings.filter((warning) => warning.includes('lit.dev/msg/') && !warning.includes('dev-mode')),
    ).to.deep.equal([]);
    for (const off of offs.splice(0)) off();
    for (const store of stores.splice(0)) store.stop();
    emulator.stop();
  });

  it('shows the header, the list, the typing line and a composer named "Message #town-square"', async () => {
    const { el } = await open('alice');
    expect(getByRole(el, 'heading').textContent).to.equal('#Town Square');
    const link = getByRole<HTMLAnchorElement>(el, 'link', { name: 'Open in Mattermost' });
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(accessibleName(textbox(el, /^Message #town-square/))).to.match(/^Message/);
    getByRole(el, 'button', { name: 'Send' });
    getByRole(el, 'button', { name: 'Attach files' });
    await expect(el).to.be.accessible();
  });

  it("shows a reaction by alice in bob's conversation live", async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    const id = await post(alice, bob, 'Lunch?');
    fire(list(alice.el), 'bisman-message-list:react', { postId: id, emoji: 'tada', remove: false });
    const reaction = await findByRole(bob.el, 'button', { name: /Alice .* reacted with :tada:/ });
    expect(reaction.textContent).to.contain('1');
    fire(list(alice.el), 'bisman-message-list:react', { postId: id, emoji: 'tada', remove: true });
    await waitUntil(
      () => queryAllByRole(bob.el, 'button', { name: /reacted with :tada:/ }).length === 0,
      'the reaction gone at bob',
    );
  });

  it('opens a thread, replies from its composer, and bob sees the reply live', async () => {
    const alice = await open('alice');
    const bob = await open('bob', 800);
    const id = await post(bob, alice, 'Who has the invoice?');
    // Both on one page: bob's thread first, so that focus ends in alice's.
    fire(list(bob.el), 'bisman-message-list:open-thread', { rootId: id });
    await findByRole(bob.el, 'log', { name: 'Thread' });
    await waitForFocus(textbox(bob.el, 'Reply to thread'));
    fire(list(alice.el), 'bisman-message-list:open-thread', { rootId: id });
    await findByRole(alice.el, 'log', { name: 'Thread' });
    const reply = textbox(alice.el, 'Reply to thread');
    await waitForFocus(reply);
    await sendKeys({ type: 'I do' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () =>
        queryAllByRole(getByRole(bob.el, 'log', { name: 'Thread' }), 'article').some((article) =>
          article.textContent!.includes('I do'),
        ),
      "the reply in bob's thread",
    );
    await waitUntil(
      () =>
        queryAllByRole(list(bob.el), 'article').some(
          (a) => a.textContent!.includes('Who has the invoice?') && a.textContent!.includes('1 reply'),
        ),
      "the reply counted under the root in bob's list",
    );
    await expect(alice.el).to.be.accessible();

    getByRole(alice.el, 'button', { name: 'Close' }).click();
    await waitUntil(() => queryAllByRole(alice.el, 'log', { name: 'Thread' }).length === 0, 'the thread closed');
    expect(alice.store.state.activeThreadId).to.equal(undefined);
  });

  it('says when a thread could not load, and Retry loads it', async () => {
    const alice = await open('alice');
    const rootId = emulator.core.channelPosts(alice.channelId).at(-1)!.id;
    emulator.worker.use(
      http.get(
        '*/api/v4/posts/:postId/thread',
        () =>
          HttpResponse.json({ id: 'app.post.get.app_error', message: 'Not found', status_code: 404 }, { status: 404 }),
        { once: true },
      ),
    );
    fire(list(alice.el), 'bisman-message-list:open-thread', { rootId });
    const alert = await findByRole(alice.el, 'alert');
    expect(alert.textContent).to.equal('Could not load the thread.');
    getByRole(alice.el, 'button', { name: 'Retry' }).click();
    await waitUntil(() => queryAllByRole(alice.el, 'alert').length === 0, 'the error gone');
    expect(alice.store.state.threads.get(rootId)!.root?.id).to.equal(rootId);
    getByRole(alice.el, 'log', { name: 'Thread' });
  });

  it('shows an edit and a delete to bob live', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    const id = await post(alice, bob, 'Meeting at 3');
    fire(list(alice.el), 'bisman-message-list:edit', { postId: id, message: 'Meeting at 4' });
    await waitUntil(
      () => queryAllByRole(bob.el, 'article').some((a) => a.textContent!.includes('Meeting at 4')),
      'the edit at bob',
    );
    fire(list(alice.el), 'bisman-message-list:delete', { postId: id });
    await waitUntil(
      () => queryAllByRole(bob.el, 'article').some((a) => a.textContent!.includes('(message deleted)')),
      'the delete at bob',
    );
    expect(queryAllByRole(bob.el, 'article').some((a) => a.textContent!.includes('Meeting at 4'))).to.equal(false);
  });

  it('edits the last own message on Up arrow in the empty composer', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    await post(alice, bob, 'Typo hree');
    textbox(alice.el, /^Message/).focus();
    await sendKeys({ press: 'ArrowUp' });
    const editor = await findByRole<HTMLTextAreaElement>(alice.el, 'textbox', { name: 'Edit message' });
    expect(editor.value).to.equal('Typo hree');
    await waitForFocus(editor);
    editor.select();
    await sendKeys({ type: 'Typo here' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => queryAllByRole(bob.el, 'article').some((a) => a.textContent!.includes('Typo here')),
      'the edit at bob',
    );
  });

  it('shows a failed upload with Retry, then sends the file once the retry worked', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    refuseNextUpload(emulator);
    textbox(alice.el, /^Message/).focus();
    await sendKeys({ type: 'The report' });
    alice.el.addFiles([new File(['numbers'], 'report.txt', { type: 'text/plain' })]);
    const error = await findByRole(alice.el, 'alert');
    expect(error.textContent).to.equal('File too large (max 100 MB).');
    await expect(alice.el).to.be.accessible();

    // Sending now keeps the text and the file.
    getByRole(alice.el, 'button', { name: 'Send' }).click();
    await waitUntil(() => el(alice, '[part="notice"]')?.textContent?.includes('Not sent'), 'the not-sent notice');
    await waitUntil(() => textbox(alice.el, /^Message/).value === 'The report', 'the text back in the box');
    expect(uploadsOf(alice.el)).to.have.length(1);

    getByRole(alice.el, 'button', { name: 'Retry report.txt' }).click();
    await waitUntil(
      () =>
        queryAllByRole(alice.el, 'button', { name: 'Retry report.txt' }).length === 0 &&
        queryAllByRole(alice.el, 'progressbar').length === 0,
      'the retried upload done',
    );
    getByRole(alice.el, 'button', { name: 'Send' }).click();
    const state = await until(
      bob.store,
      (s) =>
        [...s.posts.get(bob.channelId)!.byId.values()].some((p) => p.message === 'The report' && p.files.length === 1),
      'the post with its file at bob',
    );
    const sent = [...state.posts.get(bob.channelId)!.byId.values()].find((p) => p.message === 'The report')!;
    expect(sent.files[0]!.name).to.equal('report.txt');
    await waitUntil(() => uploadsOf(alice.el).length === 0, 'the tray emptied');
    // Bob's list gets the file through the store's authenticated blob URLs.
    const link = await findByRole<HTMLAnchorElement>(bob.el, 'link', { name: /report\.txt/ });
    expect(link.href).to.match(/^blob:/);
  });

  // Mattermost's web app sends the draft as typed (actions/views/create_comment.tsx, submitPost).
  it('sends a four-space code block typed in the composer to the server with its indentation', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    const box = textbox(alice.el, /^Message/);
    box.focus();
    box.value = '    npm install\n    npm test  \n';
    box.dispatchEvent(new Event('input'));
    await sendKeys({ press: 'Enter' });
    const sent = (s: ChatStore['state']) =>
      [...s.posts.get(bob.channelId)!.byId.values()].find((p) => p.message.includes('npm install'));
    const state = await until(bob.store, (s) => sent(s) !== undefined, 'the code block at bob');
    expect(sent(state)!.message).to.equal('    npm install\n    npm test');
  });

  it('sends attachments alone with Enter in the empty composer', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    alice.el.addFiles([new File(['pixels'], 'chart.csv', { type: 'text/csv' })]);
    await waitUntil(
      () => uploadsOf(alice.el).length === 1 && queryAllByRole(alice.el, 'progressbar').length === 0,
      'the upload done',
    );
    textbox(alice.el, /^Message/).focus();
    await sendKeys({ press: 'Enter' });
    await until(
      bob.store,
      (s) => [...s.posts.get(bob.channelId)!.byId.values()].some((p) => p.files.some((f) => f.name === 'chart.csv')),
      'the file alone at bob',
    );
    await waitUntil(() => uploadsOf(alice.el).length === 0, 'the tray emptied');
  });

  it('shows progress while uploading, and Cancel removes the file', async () => {
    const { el, store } = await open('alice');
    holdNextUpload(emulator);
    el.addFiles([new File(['slow'], 'slow.txt')]);
    const bar = await findByRole(el, 'progressbar', { name: 'Uploading slow.txt' });
    expect(bar.getAttribute('aria-valuenow')).to.equal('0');
    await expect(el).to.be.accessible();
    getByRole(el, 'button', { name: 'Cancel slow.txt' }).click();
    await waitUntil(() => uploadsOf(el).length === 0, 'the upload removed');
    await waitForFocus(textbox(el, /^Message/));
    expect(
      store.state.posts
        .get(el.channelId)!
        .order.every((id) => store.state.posts.get(el.channelId)!.byId.get(id)!.files.length === 0),
    ).to.equal(true);
  });

  it('adds pasted and dropped files to the tray', async () => {
    const { el } = await open('alice');
    const box = textbox(el, /^Message/);
    const pasted = new ClipboardEvent('paste', {
      clipboardData: filesTransfer(new File(['a'], 'pasted.png', { type: 'image/png' })),
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    box.dispatchEvent(pasted);
    expect(pasted.defaultPrevented).to.equal(true);

    const target = list(el);
    const transfer = filesTransfer(new File(['b'], 'dropped.txt'));
    target.dispatchEvent(
      new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }),
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="drop-zone"]')?.textContent).to.equal('Drop files to attach');
    target.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }),
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="drop-zone"]')).to.equal(null);
    expect(uploadsOf(el).map((item) => item.querySelector('.file-name')!.textContent)).to.deep.equal([
      'pasted.png',
      'dropped.txt',
    ]);
  });

  it("keeps each conversation's attachments when switching conversations", async () => {
    const { el, store, channelId } = await open('alice');
    el.addFiles([new File(['x'], 'kept.txt')]);
    const other = channelByName(store.state, 'off-topic').id;
    await store.openChannel(other);
    el.channelId = other;
    await el.updateComplete;
    expect(uploadsOf(el)).to.have.length(0);
    expect(getByRole(el, 'heading').textContent).to.equal('#Off-Topic');
    el.channelId = channelId;
    await el.updateComplete;
    expect(uploadsOf(el).map((item) => item.querySelector('.file-name')!.textContent)).to.deep.equal(['kept.txt']);
  });

  it('tells bob that alice is typing', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    textbox(alice.el, /^Message/).focus();
    await sendKeys({ type: 'h' });
    const indicator = bob.el.shadowRoot!.querySelector('bisman-typing-indicator')!;
    await waitUntil(
      () => /^Alice .* is typing…$/.test(indicator.shadowRoot?.textContent?.trim() ?? ''),
      'Alice is typing… at bob',
    );
  });

  describe('in a thread', () => {
    const threadPart = (el: BismanConversation) => el.shadowRoot!.querySelector<HTMLElement>('[part="thread"]')!;
    const typingLine = (el: BismanConversation, where: '.main' | '[part="thread"]') =>
      el.shadowRoot!.querySelector(`${where} bisman-typing-indicator`)!.shadowRoot?.textContent?.trim() ?? '';

    /** Opens the thread of `rootId` in `at`'s conversation and waits for its reply box to have focus. */
    async function openThread(at: Open, rootId: string): Promise<HTMLTextAreaElement> {
      fire(list(at.el), 'bisman-message-list:open-thread', { rootId });
      await findByRole(at.el, 'log', { name: 'Thread' });
      const reply = textbox(at.el, 'Reply to thread');
      await waitForFocus(reply);
      return reply;
    }

    it('shows who types a reply in the thread, not under the channel, and the reverse', async () => {
      const alice = await open('alice', 800);
      const bob = await open('bob', 800);
      const rootId = await post(bob, alice, 'Who has the invoice?');
      // Both on one page: alice's thread first, so that focus ends in bob's reply box.
      await openThread(alice, rootId);
      await openThread(bob, rootId);
      await sendKeys({ type: 'I' });
      await waitUntil(
        () => /^Bob .* is typing…$/.test(typingLine(alice.el, '[part="thread"]')),
        "Bob is typing… in alice's thread",
      );
      expect(typingLine(alice.el, '.main')).to.equal('');

      textbox(alice.el, /^Message/).focus();
      await sendKeys({ type: 'A' });
      await waitUntil(
        () => /^Alice .* is typing…$/.test(typingLine(bob.el, '.main')),
        "Alice is typing… under bob's channel",
      );
      expect(typingLine(bob.el, '[part="thread"]')).to.equal('');
    });

    it('sends a file attached in the reply box as a reply, after retrying its failed upload there', async () => {
      const alice = await open('alice', 800);
      const bob = await open('bob');
      const rootId = await post(bob, alice, 'Send me the report');
      const reply = await openThread(alice, rootId);
      refuseNextUpload(emulator);
      reply.dispatchEvent(
        new ClipboardEvent('paste', {
          clipboardData: filesTransfer(new File(['numbers'], 'report.txt', { type: 'text/plain' })),
          bubbles: true,
          composed: true,
          cancelable: true,
        }),
      );
      const thread = threadPart(alice.el);
      const error = await findByRole(thread, 'alert');
      expect(error.textContent).to.equal('File too large (max 100 MB).');
      // The file is the reply's, not the channel's.
      expect(uploadsOf(alice.el).map((item) => thread.contains(item))).to.deep.equal([true]);

      getByRole(thread, 'button', { name: 'Retry report.txt' }).click();
      await waitUntil(
        () =>
          queryAllByRole(thread, 'button', { name: 'Retry report.txt' }).length === 0 &&
          queryAllByRole(thread, 'progressbar').length === 0,
        'the retried upload done',
      );
      await sendKeys({ type: 'Here' });
      getByRole(thread, 'button', { name: 'Send' }).click();
      const state = await until(
        bob.store,
        (s) => [...s.posts.get(bob.channelId)!.byId.values()].some((p) => p.message === 'Here' && p.files.length === 1),
        'the reply with its file at bob',
      );
      const sent = [...state.posts.get(bob.channelId)!.byId.values()].find((p) => p.message === 'Here')!;
      expect(sent.rootId).to.equal(rootId);
      expect(sent.files[0]!.name).to.equal('report.txt');
      await waitUntil(() => uploadsOf(alice.el).length === 0, "the thread's tray emptied");
    });

    it("shows a reply's upload in progress accessibly, and Cancel puts focus back in the reply box", async () => {
      const { el, store } = await open('alice', 800);
      const reply = await openThread(
        { el, store, channelId: el.channelId },
        store.state.posts.get(el.channelId)!.order.at(-1)!,
      );
      holdNextUpload(emulator);
      const transfer = filesTransfer(new File(['slow'], 'slow.txt'));
      reply.dispatchEvent(
        new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }),
      );
      reply.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }),
      );
      const thread = threadPart(el);
      await findByRole(thread, 'progressbar', { name: 'Uploading slow.txt' });
      await expect(el).to.be.accessible();
      getByRole(thread, 'button', { name: 'Cancel slow.txt' }).click();
      await waitUntil(() => uploadsOf(el).length === 0, 'the upload removed');
      await waitForFocus(textbox(el, 'Reply to thread'));
    });

    it("closes on Escape and puts focus back on the root's Reply button", async () => {
      const alice = await open('alice', 800);
      const bob = await open('bob');
      await post(bob, alice, 'Who has the invoice?');
      const root = queryAllByRole(list(alice.el), 'article').find((article) =>
        article.textContent!.includes('Who has the invoice?'),
      )!;
      const replyButton = getByRole(root, 'button', { name: 'Reply in thread' });
      replyButton.focus();
      await sendKeys({ press: 'Enter' });
      await findByRole(alice.el, 'log', { name: 'Thread' });
      await waitForFocus(textbox(alice.el, 'Reply to thread'));
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => queryAllByRole(alice.el, 'log', { name: 'Thread' }).length === 0, 'the thread closed');
      expect(alice.store.state.activeThreadId).to.equal(undefined);
      await waitForFocus(replyButton);
    });

    it('edits the last own reply on Up arrow in the empty reply box, and Escape closes only the edit box', async () => {
      const alice = await open('alice', 800);
      const bob = await open('bob');
      const rootId = await post(bob, alice, 'Who has the invoice?');
      await openThread(alice, rootId);
      await sendKeys({ type: 'I do' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(
        () =>
          alice.store.state.threads
            .get(rootId)
            ?.order.some((id) => alice.store.state.threads.get(rootId)!.byId.get(id)!.state === 'sent'),
        'the reply sent',
      );
      await sendKeys({ press: 'ArrowUp' });
      const log = getByRole(alice.el, 'log', { name: 'Thread' });
      const editor = await findByRole<HTMLTextAreaElement>(log, 'textbox', { name: 'Edit message' });
      expect(editor.value).to.equal('I do');
      await waitForFocus(editor);
      await sendKeys({ press: 'Escape' });
      await waitUntil(
        () => queryAllByRole(alice.el, 'textbox', { name: 'Edit message' }).length === 0,
        'the edit box closed',
      );
      expect(alice.store.state.activeThreadId).to.equal(rootId);
    });

    it('closes only the emoji picker on Escape in it', async () => {
      const alice = await open('alice', 800);
      const bob = await open('bob');
      const rootId = await post(bob, alice, 'React to me');
      await openThread(alice, rootId);
      const log = getByRole(alice.el, 'log', { name: 'Thread' });
      getByRole(log, 'button', { name: 'Add reaction' }).click();
      const picker = await findByRole(alice.el, 'dialog');
      await waitForFocus(getByRole(picker, 'textbox'));
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => queryAllByRole(alice.el, 'dialog').length === 0, 'the picker closed');
      expect(queryAllByRole(alice.el, 'log', { name: 'Thread' })).to.have.length(1);
      expect(alice.store.state.activeThreadId).to.equal(rootId);
    });
  });
});
