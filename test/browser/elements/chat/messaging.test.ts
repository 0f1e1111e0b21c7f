/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http } from 'msw';
import type { BismanChatUnreadDetail } from '../../../../src/events.js';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { findByRole, getByRole } from '../../../helpers/shadow.js';
import {
  chatFor,
  composerOf,
  liveSocket,
  messageTexts,
  tabUnread,
  waitForMessage,
  failOnLitWarnings,
} from './support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

const channelId = (name: string) => emulator.seed.channels[name]!.id;
const userId = (username: string) => emulator.seed.users[username]!.id;
const dmId = () => emulator.seed.channels['dm-alice-bob']!.id;

describe('<bisman-chat> messaging', () => {
  it('sends with Enter: the post shows as pending, then as sent, and reaches the server once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Hold the create until the test has seen the pending post; returning nothing falls through to the emulator.
    emulator.worker.use(http.post('*/api/v4/posts', async () => void (await gate)));
    const el = await chatFor(emulator, 'alice');
    composerOf(el).focus();
    await sendKeys({ type: 'Stock count done' });
    await sendKeys({ press: 'Enter' });
    const pending = await waitForMessage(el, 'Stock count done');
    expect(pending.textContent).to.match(/Sending/);
    expect(composerOf(el).value).to.equal('');
    release();
    await waitUntil(() => !/Sending/.test(pending.isConnected ? (pending.textContent ?? '') : ''), 'still pending', {
      timeout: 8000,
    });
    await waitForMessage(el, 'Stock count done');
    expect(messageTexts(el).filter((t) => t.includes('Stock count done'))).to.have.length(1);
    const onServer = emulator.core
      .channelPosts(channelId('town-square'))
      .filter((p) => p.message === 'Stock count done');
    expect(onServer).to.have.length(1);
    expect(onServer[0]!.user_id).to.equal(userId('alice'));
  });

  it('adds a newline on Shift+Enter without sending', async () => {
    const el = await chatFor(emulator, 'alice');
    const before = emulator.core.channelPosts(channelId('town-square')).length;
    composerOf(el).focus();
    await sendKeys({ type: 'first line' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'second line' });
    expect(composerOf(el).value).to.equal('first line\nsecond line');
    expect(emulator.core.channelPosts(channelId('town-square')).length).to.equal(before);
  });

  it('keeps a draft per channel when switching channels', async () => {
    const el = await chatFor(emulator, 'alice');
    composerOf(el).focus();
    await sendKeys({ type: 'half-written note' });
    getByRole(el, 'button', { name: /#Sales/ }).click();
    await findByRole(el, 'textbox', { name: 'Message #sales' });
    expect(composerOf(el).value).to.equal('');
    getByRole(el, 'button', { name: /#Town Square/ }).click();
    await findByRole(el, 'textbox', { name: 'Message #town-square' });
    expect(composerOf(el).value).to.equal('half-written note');
  });

  it('keeps a draft when switching tabs and back', async () => {
    const el = await chatFor(emulator, 'alice');
    composerOf(el).focus();
    await sendKeys({ type: 'for the team' });
    getByRole(el, 'tab', { name: /^Direct messages/ }).click();
    await findByRole(el, 'textbox', { name: 'Message Bob Brandt' });
    getByRole(el, 'tab', { name: /^Team/ }).click();
    await findByRole(el, 'textbox', { name: 'Message #town-square' });
    expect(composerOf(el).value).to.equal('for the team');
  });

  it('moves the unread badge and fires bisman-chat:unread when someone else posts', async () => {
    const el = await chatFor(emulator, 'alice');
    const totals: BismanChatUnreadDetail[] = [];
    el.addEventListener('bisman-chat:unread', (e) => totals.push(e.detail));
    const dmBefore = tabUnread(el, /^Direct messages/);
    const teamBefore = tabUnread(el, /^Team/);
    const messagesBefore = dmBefore + teamBefore + tabUnread(el, /^Support/);
    emulator.core.createPost({ channelId: dmId(), userId: userId('bob'), message: 'Are you there?' });
    await waitUntil(() => tabUnread(el, /^Direct messages/) === dmBefore + 1, 'DM badge did not move', {
      timeout: 8000,
    });
    expect(tabUnread(el, /^Team/)).to.equal(teamBefore);
    await waitUntil(() => totals.length > 0);
    expect(totals.at(-1)!.messages).to.equal(messagesBefore + 1);
  });

  it('clears the badge when the user opens the conversation', async () => {
    const el = await chatFor(emulator, 'alice');
    const post = emulator.core.createPost({ channelId: dmId(), userId: userId('bob'), message: 'Read me' });
    await waitUntil(() => tabUnread(el, /^Direct messages/) > 0, 'no DM badge', { timeout: 8000 });
    getByRole(el, 'tab', { name: /^Direct messages/ }).click();
    await waitForMessage(el, 'Read me');
    await waitUntil(() => tabUnread(el, /^Direct messages/) === 0, 'the DM badge stayed', { timeout: 8000 });
    await waitUntil(() => {
      const member = emulator.core.channelMember(dmId(), userId('alice'));
      return member !== undefined && member.last_viewed_at >= post.create_at;
    }, 'the server did not record the view');
  });

  it('counts only the shown tabs in the unread totals (a portal with tabs="support")', async () => {
    // A closed launcher: nothing is on screen, so every new post stays unread.
    const el = await fixture<BismanChat>(
      html`<bisman-chat mode="launcher" tabs="support" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>`,
    );
    await oneEvent(el, 'bisman-chat:ready');
    await el.updateComplete;
    const launcherCount = () =>
      Number(
        /(\d+)\s*unread/.exec(getByRole(el, 'button', { name: /^Chat/ }).getAttribute('aria-label') ?? '')?.[1] ?? 0,
      );
    const baseline = launcherCount();
    const totals: number[] = [];
    el.addEventListener('bisman-chat:unread', (e) => totals.push(e.detail.messages));
    let messages = 0;
    el.addEventListener('bisman-chat:message', () => messages++);
    emulator.core.createPost({ channelId: dmId(), userId: userId('bob'), message: 'not for the portal' });
    emulator.core.createPost({
      channelId: channelId('support-alice'),
      userId: userId('sam'),
      message: 'for the portal',
    });
    await waitUntil(() => launcherCount() === baseline + 1, 'the support post was not counted', { timeout: 8000 });
    await waitUntil(() => messages === 2, 'both posts arrive live');
    await el.updateComplete;
    expect(launcherCount()).to.equal(baseline + 1);
    expect(totals.at(-1)).to.equal(baseline + 1);
  });

  it('counts a mention as a mention', async () => {
    const el = await chatFor(emulator, 'alice');
    const event = oneEvent(el, 'bisman-chat:unread');
    emulator.core.createPost({
      channelId: channelId('sales'),
      userId: userId('bob'),
      message: '@alice can you check Q-118?',
    });
    const { detail } = await event;
    expect(detail.mentions).to.be.greaterThan(0);
    await waitUntil(() => /mention/.test(getByRole(el, 'button', { name: /#Sales/ }).textContent ?? ''));
  });

  it('fires bisman-chat:message for a post by someone else, not for your own', async () => {
    const el = await chatFor(emulator, 'alice');
    // The event is for posts that arrive live: over the socket, which follows the first view.
    await liveSocket(el);
    const seen: string[] = [];
    el.addEventListener('bisman-chat:message', (e) => seen.push(e.detail.post.message));
    const event = oneEvent(el, 'bisman-chat:message');
    composerOf(el).focus();
    await sendKeys({ type: 'mine' });
    await sendKeys({ press: 'Enter' });
    await waitForMessage(el, 'mine');
    emulator.core.createPost({ channelId: dmId(), userId: userId('bob'), message: 'from bob' });
    const { detail } = await event;
    expect(detail.post.message).to.equal('from bob');
    expect(detail.channel.id).to.equal(dmId());
    expect(detail.post.userId).to.equal(userId('bob'));
    expect(seen).to.deep.equal(['from bob']);
  });

  it('shows a live post in the open conversation', async () => {
    const el = await chatFor(emulator, 'alice');
    emulator.core.createPost({ channelId: channelId('town-square'), userId: userId('bob'), message: 'Truck is here' });
    const article = await waitForMessage(el, 'Truck is here');
    expect(article.getAttribute('aria-label') ?? article.textContent).to.contain('Bob Brandt');
  });

  it('lets two instances on one page talk live (alice and bob)', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 4px">
      <bisman-chat style="flex: 1; --bisman-chat-block-size: 18rem" id="alice" channel="@bob" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>
      <bisman-chat style="flex: 1; --bisman-chat-block-size: 18rem" id="bob" channel="@alice" .tokenProvider=${emulator.providerFor('bob')}></bisman-chat>
    </div>`);
    const alice = wrapper.querySelector<HTMLElement>('#alice')!;
    const bob = wrapper.querySelector<HTMLElement>('#bob')!;
    const aliceBox = await findByRole<HTMLTextAreaElement>(alice, 'textbox', { name: 'Message Bob Brandt' });
    await findByRole(bob, 'textbox', { name: 'Message Alice Andersen' });
    aliceBox.focus();
    await sendKeys({ type: 'Hello Bob, live' });
    await sendKeys({ press: 'Enter' });
    const received = await waitForMessage(bob, 'Hello Bob, live');
    expect(received.getAttribute('aria-label') ?? received.textContent).to.contain('Alice Andersen');
    // Each instance keeps its own state: the draft bob types stays in bob's composer.
    composerOf(bob).focus();
    await sendKeys({ type: 'reply draft' });
    expect(composerOf(alice).value).to.equal('');
    expect(composerOf(bob).value).to.equal('reply draft');
  });
});

describe('<bisman-chat> typing', () => {
  it('shows who is typing in the open conversation, and tells others when you type', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 4px">
      <bisman-chat style="flex: 1; --bisman-chat-block-size: 18rem" id="alice" channel="@bob" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>
      <bisman-chat style="flex: 1; --bisman-chat-block-size: 18rem" id="bob" channel="@alice" .tokenProvider=${emulator.providerFor('bob')}></bisman-chat>
    </div>`);
    const alice = wrapper.querySelector<HTMLElement>('#alice')!;
    const bob = wrapper.querySelector<HTMLElement>('#bob')!;
    const aliceBox = await findByRole<HTMLTextAreaElement>(alice, 'textbox', { name: 'Message Bob Brandt' });
    await findByRole(bob, 'textbox', { name: 'Message Alice Andersen' });
    await Promise.all([liveSocket(alice), liveSocket(bob)]);
    aliceBox.focus();
    await sendKeys({ type: 'h' });
    // The typing line lives in the conversation element, in the typing indicator's shadow root.
    const typingOf = (chat: HTMLElement) =>
      chat
        .shadowRoot!.querySelector('bisman-conversation')
        ?.shadowRoot?.querySelector('[part="typing"]')
        ?.shadowRoot?.textContent?.trim() ?? '';
    const typing = () => typingOf(bob);
    await waitUntil(() => typing().includes('Alice Andersen is typing'), 'bob does not see alice typing', {
      timeout: 8000,
    });
    expect(typingOf(alice)).to.equal('');
  });
});
