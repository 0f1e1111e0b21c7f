/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import { startBrowserEmulator, type BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { waitForFocus, findByRole, getByRole, queryAllByRole } from '../../../helpers/shadow.js';
import { chatFor, composerOf, waitForMessage, failOnLitWarnings } from './support.js';

let emulator: BrowserEmulator;
beforeEach(async () => {
  emulator = await startBrowserEmulator();
});
afterEach(() => emulator.stop());
failOnLitWarnings();

describe('<bisman-chat> direct messages', () => {
  it('starts a DM: New message → combobox search → pick → the conversation opens', async () => {
    const el = await chatFor(emulator, 'alice');
    getByRole(el, 'tab', { name: /^Direct messages/ }).click();
    (await findByRole(el, 'button', { name: 'New message' })).click();
    const combobox = await findByRole<HTMLInputElement>(el, 'combobox');
    await el.updateComplete;
    await waitForFocus(combobox);
    await sendKeys({ type: 'sa' });
    const option = await findByRole(el, 'option', { name: /Sam Sato/ });
    expect(combobox.getAttribute('aria-expanded')).to.equal('true');
    expect(combobox.getAttribute('aria-activedescendant')).to.equal(option.id);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    const textbox = await findByRole(el, 'textbox', { name: 'Message Sam Sato' });
    await findByRole(el, 'heading', { name: 'Sam Sato' });
    await waitForFocus(textbox);
    expect(queryAllByRole(el, 'combobox')).to.have.length(0);
    const list = getByRole(el, 'list', { name: 'Conversations' });
    const order = () => queryAllByRole(list, 'button').map((b) => (b.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(order()[1]).to.match(/^Bob Brandt/);
    // Newest activity first: a post from bob moves his conversation to the top.
    emulator.core.createPost({
      channelId: emulator.seed.channels['dm-alice-bob']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'ping',
    });
    await waitUntil(() => /^Bob Brandt/.test(order()[0] ?? ''), 'bob did not move up', { timeout: 8000 });
    expect(order()[1]).to.match(/^Sam Sato/);
  });

  it('opens the existing DM with bob, and bob sees the message live', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="display: grid; gap: 4px">
      <bisman-chat style="--bisman-chat-block-size: 18rem" id="alice" tabs="dm" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>
      <bisman-chat style="--bisman-chat-block-size: 18rem" id="bob" tabs="dm" .tokenProvider=${emulator.providerFor('bob')}></bisman-chat>
    </div>`);
    const alice = wrapper.querySelector<HTMLElement>('#alice')!;
    const bob = wrapper.querySelector<HTMLElement>('#bob')!;
    await findByRole(bob, 'textbox', { name: 'Message Alice Andersen' });
    (await findByRole(alice, 'button', { name: 'New message' })).click();
    await findByRole(alice, 'combobox');
    await sendKeys({ type: 'bob' });
    (await findByRole(alice, 'option', { name: /Bob Brandt/ })).click();
    await findByRole(alice, 'textbox', { name: 'Message Bob Brandt' });
    composerOf(alice).focus();
    await sendKeys({ type: 'Picked you from the search' });
    await sendKeys({ press: 'Enter' });
    await waitForMessage(bob, 'Picked you from the search');
  });

  it('returns focus to New message when the search is dismissed with Escape', async () => {
    const el = await chatFor(emulator, 'alice', { tabs: 'dm' });
    getByRole(el, 'button', { name: 'New message' }).click();
    await findByRole(el, 'combobox');
    await el.updateComplete;
    await sendKeys({ press: 'Escape' });
    const button = await findByRole(el, 'button', { name: 'New message' });
    await waitForFocus(button);
  });

  it('a new DM shows up in the other person’s list when the first message arrives', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="display: grid; gap: 4px">
      <bisman-chat style="--bisman-chat-block-size: 18rem" id="alice" tabs="dm" .tokenProvider=${emulator.providerFor('alice')}></bisman-chat>
      <bisman-chat style="--bisman-chat-block-size: 18rem" id="sam" tabs="dm team" .tokenProvider=${emulator.providerFor('sam')}></bisman-chat>
    </div>`);
    const alice = wrapper.querySelector<HTMLElement>('#alice')!;
    const sam = wrapper.querySelector<HTMLElement>('#sam')!;
    await findByRole(sam, 'tablist');
    (await findByRole(alice, 'button', { name: 'New message' })).click();
    await findByRole(alice, 'combobox');
    await sendKeys({ type: 'sam' });
    (await findByRole(alice, 'option', { name: /Sam Sato/ })).click();
    await findByRole(alice, 'textbox', { name: 'Message Sam Sato' });
    composerOf(alice).focus();
    await sendKeys({ type: 'Hi Sam' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => /[1-9]\d*\s*unread/.test(getByRole(sam, 'tab', { name: /^Direct messages/ }).textContent ?? ''),
      'no unread DM for sam',
      {
        timeout: 8000,
      },
    );
    getByRole(sam, 'tab', { name: /^Direct messages/ }).click();
    await findByRole(sam, 'heading', { name: 'Alice Andersen' });
    await waitForMessage(sam, 'Hi Sam');
  });
});

describe('<bisman-chat> support', () => {
  it('opens the user’s own support conversation directly, without a list', async () => {
    const el = await chatFor(emulator, 'alice', { tabs: 'support' });
    await findByRole(el, 'heading', { name: 'Support · Alice Andersen' });
    expect(queryAllByRole(el, 'list', { name: 'Support inbox' })).to.have.length(0);
    await waitForMessage(el, 'The fix is live');
    await expect(el).to.be.accessible();
  });

  it('shows agents an inbox of every support conversation, newest first', async () => {
    const el = await fixture<BismanChat>(
      html`<bisman-chat tabs="support" .tokenProvider=${emulator.providerFor('sam')}></bisman-chat>`,
    );
    const inbox = await findByRole(el, 'list', { name: 'Support inbox' });
    const names = queryAllByRole(inbox, 'button').map((b) => (b.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(names[0]).to.match(/^Support · Alice Andersen/);
    expect(names[1]).to.match(/^Support · Bob Brandt/);
    emulator.core.createPost({
      channelId: emulator.seed.channels['support-bob']!.id,
      userId: emulator.seed.users.bob!.id,
      message: 'Photo attached',
    });
    await waitUntil(
      () => /Bob Brandt/.test(queryAllByRole(inbox, 'button')[0]?.textContent ?? ''),
      'bob did not move up',
      {
        timeout: 8000,
      },
    );
    await expect(el).to.be.accessible();
  });

  it("does not open (and so mark read) an agent's first support conversation: the agent picks", async () => {
    const bobSupport = emulator.seed.channels['support-bob']!.id;
    emulator.core.createPost({
      channelId: bobSupport,
      userId: emulator.seed.users.bob!.id,
      message: 'Still waiting on my order',
    });
    const el = await fixture<BismanChat>(
      html`<bisman-chat tabs="support" .tokenProvider=${emulator.providerFor('sam')}></bisman-chat>`,
    );
    const inbox = await findByRole(el, 'list', { name: 'Support inbox' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(queryAllByRole(el, 'textbox', { name: /^Message / })).to.have.length(0);
    expect(queryAllByRole(inbox, 'button').every((b) => b.getAttribute('aria-current') === 'false')).to.equal(true);
    const bob = getByRole(inbox, 'button', { name: /^Support · Bob Brandt/ });
    expect(bob.textContent).to.match(/unread/);
    await expect(el).to.be.accessible();
    bob.click();
    await findByRole(el, 'textbox', { name: /^Message Support · Bob Brandt|^Message / });
    await waitForMessage(el, 'Still waiting on my order');
    expect(bob.getAttribute('aria-current')).to.equal('true');
  });
});

describe('<bisman-chat> browse channels', () => {
  it('lists public channels in a dialog and joins one', async () => {
    const el = await chatFor(emulator, 'sam');
    getByRole(el, 'button', { name: 'Browse channels' }).click();
    const dialog = await findByRole(el, 'dialog', { name: 'Browse channels' });
    const join = await findByRole(dialog, 'button', { name: 'Join Warehouse' });
    // Sam is in Sales already: it is not offered to join.
    expect(queryAllByRole(dialog, 'button', { name: 'Join Sales' })).to.have.length(0);
    await expect(el).to.be.accessible();
    join.click();
    const textbox = await findByRole(el, 'textbox', { name: 'Message #warehouse' });
    await findByRole(el, 'heading', { name: '#Warehouse' });
    await waitForFocus(textbox);
    expect(emulator.core.isChannelMember(emulator.seed.channels.warehouse!.id, emulator.seed.users.sam!.id)).to.equal(
      true,
    );
    getByRole(el, 'button', { name: /#Warehouse/ });
  });
});

describe('<bisman-chat> browse channels, keyboard', () => {
  it('returns focus to Browse channels when the dialog is dismissed with Escape', async () => {
    const el = await chatFor(emulator, 'sam');
    const browse = getByRole(el, 'button', { name: 'Browse channels' });
    browse.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await findByRole(el, 'dialog', { name: 'Browse channels' });
    await findByRole(dialog, 'button', { name: 'Join Warehouse' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => queryAllByRole(el, 'dialog').length === 0, 'the dialog stayed open');
    await waitForFocus(browse);
  });
});

describe('<bisman-chat> failed actions', () => {
  it('says so when joining a channel fails, keeps the chat usable, and lets the user dismiss it', async () => {
    const el = await chatFor(emulator, 'sam');
    emulator.worker.use(
      http.post('*/api/v4/channels/:channelId/members', () =>
        HttpResponse.json(
          {
            id: 'api.channel.add_member.failed',
            message: 'Nope',
            detailed_error: '',
            request_id: 'r',
            status_code: 403,
          },
          { status: 403 },
        ),
      ),
    );
    getByRole(el, 'button', { name: 'Browse channels' }).click();
    const dialog = await findByRole(el, 'dialog', { name: 'Browse channels' });
    (await findByRole(dialog, 'button', { name: 'Join Warehouse' })).click();
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.contain('Could not join the channel.');
    getByRole(el, 'textbox', { name: 'Message #town-square' });
    getByRole(el, 'button', { name: 'Dismiss' }).click();
    await el.updateComplete;
    expect(queryAllByRole(el, 'alert')).to.have.length(0);
  });
});
