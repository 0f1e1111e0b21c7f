import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { UserView } from '../../../../src/data/types.js';
import type {
  BismanMessageList,
  BismanMessageListDeleteDetail,
  BismanMessageListEditDetail,
  BismanMessageListOpenThreadDetail,
  BismanMessageListReactDetail,
} from '../../../../src/elements/message-list/message-list.js';
import { accessibleName, getByRole, queryAllByRole, waitForFocus } from '../../../helpers/shadow.js';
import { MINUTE, articleFor, channel, listFixture, post, settle, startOfToday, users } from './fixtures.js';

const T = startOfToday() + 9 * 60 * MINUTE;

function button(el: BismanMessageList, id: string, name: string | RegExp): HTMLButtonElement {
  return getByRole<HTMLButtonElement>(articleFor(el, id)!, 'button', { name, hidden: true });
}

describe('<bisman-message-list> conversation features', () => {
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

  describe('reactions', () => {
    it('shows each reaction with its count, who reacted, and whether I did', async () => {
      const el = await listFixture(
        channel([
          post('r', {
            reactions: [
              { emoji: 'thumbsup', userIds: ['u-alice', 'u-sam'] },
              { emoji: 'tada', userIds: ['u-alice', 'u-bob'] },
            ],
          }),
        ]),
      );
      await settle(el);
      const [thumbs, tada] = queryAllByRole<HTMLButtonElement>(articleFor(el, 'r')!, 'button', {
        name: /reacted with/,
      });
      expect(accessibleName(thumbs!)).to.equal('Alice Andersen and Sam Support reacted with :thumbsup:');
      expect(thumbs!.title).to.equal('Alice Andersen and Sam Support reacted with :thumbsup:');
      expect(thumbs!.getAttribute('aria-pressed')).to.equal('false');
      expect(thumbs!.textContent).to.contain('👍').and.contain('2');
      expect(accessibleName(tada!)).to.equal('You and Alice Andersen reacted with :tada:');
      expect(tada!.getAttribute('aria-pressed')).to.equal('true');
    });

    it('shows a reaction outside the common emoji with its character once the full set loads', async () => {
      const el = await listFixture(
        channel([post('r', { reactions: [{ emoji: 'unicorn_face', userIds: ['u-alice'] }] })]),
      );
      await settle(el);
      const shown = () =>
        getByRole(articleFor(el, 'r')!, 'button', { name: /reacted with :unicorn_face:/ }).querySelector(
          'span[aria-hidden="true"]',
        )!.textContent;
      await waitUntil(() => shown() === '🦄', 'the unicorn from the full set');
    });

    it('toggles my reaction on click: adds one I have not made, removes mine', async () => {
      const el = await listFixture(
        channel([
          post('r', {
            reactions: [
              { emoji: 'thumbsup', userIds: ['u-alice'] },
              { emoji: 'tada', userIds: ['u-bob'] },
            ],
          }),
        ]),
      );
      await settle(el);
      const add = oneEvent(el, 'bisman-message-list:react');
      button(el, 'r', /:thumbsup:/).click();
      const added = (await add) as CustomEvent<BismanMessageListReactDetail>;
      expect(added.detail).to.deep.equal({ postId: 'r', emoji: 'thumbsup', remove: false });
      expect(added.bubbles && added.composed).to.equal(true);
      const remove = oneEvent(el, 'bisman-message-list:react');
      button(el, 'r', /:tada:/).click();
      expect(((await remove) as CustomEvent<BismanMessageListReactDetail>).detail).to.deep.equal({
        postId: 'r',
        emoji: 'tada',
        remove: true,
      });
    });
  });

  describe('threads', () => {
    it('offers a root post’s replies and a reply’s thread, and asks to open them', async () => {
      const el = await listFixture(
        channel([
          post('root', { replyCount: 3, createAt: T }),
          post('one', { replyCount: 1, userId: 'u-sam', createAt: T + MINUTE }),
          post('re', { rootId: 'root', userId: 'u-sam', createAt: T + 2 * MINUTE }),
        ]),
      );
      await settle(el);
      expect(button(el, 'one', '1 reply').textContent!.trim()).to.equal('1 reply');
      const open = oneEvent(el, 'bisman-message-list:open-thread');
      button(el, 'root', '3 replies').click();
      expect(((await open) as CustomEvent<BismanMessageListOpenThreadDetail>).detail).to.deep.equal({ rootId: 'root' });
      const context = oneEvent(el, 'bisman-message-list:open-thread');
      button(el, 're', 'Replied to a thread').click();
      expect(((await context) as CustomEvent<BismanMessageListOpenThreadDetail>).detail).to.deep.equal({
        rootId: 'root',
      });
      const reply = oneEvent(el, 'bisman-message-list:open-thread');
      button(el, 'one', 'Reply in thread').click();
      expect(((await reply) as CustomEvent<BismanMessageListOpenThreadDetail>).detail).to.deep.equal({ rootId: 'one' });
    });
  });

  describe('editing and deleting my posts', () => {
    it('offers Edit and Delete on my posts only, and none on posts still sending', async () => {
      const el = await listFixture(
        channel([
          post('theirs', { createAt: T }),
          post('mine', { userId: 'u-bob', createAt: T + MINUTE }),
          post('sending', { userId: 'u-bob', createAt: T + 2 * MINUTE, state: 'pending', pendingPostId: 'sending' }),
        ]),
      );
      await settle(el);
      const names = (id: string) => queryAllByRole(articleFor(el, id)!, 'button', { hidden: true }).map(accessibleName);
      expect(names('theirs')).to.deep.equal(['Add reaction', 'Reply in thread']);
      expect(names('mine')).to.deep.equal(['Add reaction', 'Reply in thread', 'Edit', 'Delete']);
      expect(names('sending')).to.deep.equal([]);
    });

    it('shows the actions when focus reaches them by keyboard', async () => {
      const el = await listFixture(channel([post('mine', { userId: 'u-bob' })]));
      await settle(el);
      const actions = articleFor(el, 'mine')!.querySelector<HTMLElement>('[part="actions"]')!;
      expect(getComputedStyle(actions).opacity).to.equal('0');
      button(el, 'mine', 'Edit').focus();
      expect(getComputedStyle(actions).opacity).to.equal('1');
      await expect(el).to.be.accessible();
    });

    it('edits inline: Enter saves the new text, focus goes back to Edit', async () => {
      const el = await listFixture(channel([post('mine', { userId: 'u-bob', message: 'helo' })]));
      await settle(el);
      const edit = button(el, 'mine', 'Edit');
      edit.focus();
      edit.click();
      const textarea = await waitUntilRole<HTMLTextAreaElement>(el, 'mine', 'textbox', 'Edit message');
      await waitForFocus(textarea);
      expect(textarea.value).to.equal('helo');
      await sendKeys({ press: 'ArrowLeft' });
      await sendKeys({ type: 'l' });
      const saved = oneEvent(el, 'bisman-message-list:edit');
      await sendKeys({ press: 'Enter' });
      expect(((await saved) as CustomEvent<BismanMessageListEditDetail>).detail).to.deep.equal({
        postId: 'mine',
        message: 'hello',
      });
      await waitForFocus(button(el, 'mine', 'Edit'));
      expect(articleFor(el, 'mine')!.querySelector('textarea')).to.equal(null);
    });

    it('Escape cancels an edit without an event', async () => {
      const el = await listFixture(channel([post('mine', { userId: 'u-bob', message: 'keep me' })]));
      await settle(el);
      let edits = 0;
      el.addEventListener('bisman-message-list:edit', () => edits++);
      button(el, 'mine', 'Edit').click();
      const textarea = await waitUntilRole<HTMLTextAreaElement>(el, 'mine', 'textbox', 'Edit message');
      await waitForFocus(textarea);
      await sendKeys({ type: ' and more' });
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(articleFor(el, 'mine')!.querySelector('textarea')).to.equal(null);
      expect(articleFor(el, 'mine')!.querySelector('[part="body"]')!.textContent).to.contain('keep me');
      expect(edits).to.equal(0);
    });

    it('editLast() edits my last post and gives focus back to where it was', async () => {
      const outside = document.createElement('input');
      outside.setAttribute('aria-label', 'Composer stand-in');
      document.body.append(outside);
      try {
        const el = await listFixture(
          channel([
            post('old-mine', { userId: 'u-bob', createAt: T, message: 'first' }),
            post('last-mine', { userId: 'u-bob', createAt: T + MINUTE, message: 'second' }),
            post('failed', { userId: 'u-bob', createAt: T + 2 * MINUTE, state: 'failed', pendingPostId: 'failed' }),
            post('theirs', { createAt: T + 3 * MINUTE }),
          ]),
        );
        await settle(el);
        outside.focus();
        expect(el.editLast()).to.equal(true);
        const textarea = await waitUntilRole<HTMLTextAreaElement>(el, 'last-mine', 'textbox', 'Edit message');
        await waitForFocus(textarea);
        expect(textarea.value).to.equal('second');
        await sendKeys({ press: 'Escape' });
        await waitForFocus(outside);
      } finally {
        outside.remove();
      }
    });

    it('editLast() does nothing without a post of mine', async () => {
      const el = await listFixture(channel([post('theirs')]));
      await settle(el);
      expect(el.editLast()).to.equal(false);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('textarea')).to.equal(null);
    });

    it('asks before deleting, inline; Cancel keeps the post', async () => {
      const el = await listFixture(channel([post('mine', { userId: 'u-bob' })]));
      await settle(el);
      let deletes = 0;
      el.addEventListener('bisman-message-list:delete', () => deletes++);
      const remove = button(el, 'mine', 'Delete');
      remove.focus();
      remove.click();
      const confirm = await waitUntilRole(el, 'mine', 'group', 'Confirm delete');
      expect(confirm.textContent).to.contain('Delete this message?');
      const cancel = getByRole(confirm, 'button', { name: 'Cancel' });
      await waitForFocus(cancel);
      await expect(el).to.be.accessible();
      cancel.click();
      await waitForFocus(remove);
      expect(articleFor(el, 'mine')!.querySelector('[part="confirm"]')).to.equal(null);
      expect(deletes).to.equal(0);

      remove.click();
      const again = await waitUntilRole(el, 'mine', 'group', 'Confirm delete');
      const deleted = oneEvent(el, 'bisman-message-list:delete');
      getByRole(again, 'button', { name: 'Delete' }).click();
      expect(((await deleted) as CustomEvent<BismanMessageListDeleteDetail>).detail).to.deep.equal({ postId: 'mine' });
    });
  });

  describe('files', () => {
    const files = [
      { id: 'img', name: 'photo.png', size: 2048, mimeType: 'image/png', hasPreview: true },
      { id: 'doc', name: 'invoice.pdf', size: 20480, mimeType: 'application/pdf', hasPreview: false },
    ];

    it('shows image previews and download links through fileUrl, asking once per file and kind', async () => {
      const asked: string[] = [];
      const el = await listFixture(undefined);
      el.fileUrl = (id, kind) => {
        asked.push(`${kind}:${id}`);
        return kind === 'preview'
          ? Promise.resolve({ href: `data:image/png;base64,iVBORw0KGgo=#${id}`, image: 'image/png' as const })
          : id === 'img'
            ? { href: `blob:https://x/${kind}-${id}`, image: 'image/png' as const }
            : { href: `blob:https://x/${kind}-${id}` };
      };
      el.posts = channel([post('f', { files })]);
      await settle(el);
      await waitUntil(() => articleFor(el, 'f')!.querySelector('img'), 'preview resolved');
      const img = articleFor(el, 'f')!.querySelector('img')!;
      expect(img.alt).to.equal('photo.png');
      expect(img.getAttribute('loading')).to.equal('lazy');
      expect(img.getAttribute('src')).to.equal('data:image/png;base64,iVBORw0KGgo=#img');
      // Named by the image's alt text.
      const imageLink = img.closest('a')!;
      expect(imageLink.getAttribute('href')).to.equal('blob:https://x/file-img');
      expect(imageLink.rel).to.equal('noopener noreferrer');
      const download = getByRole<HTMLAnchorElement>(articleFor(el, 'f')!, 'link', { name: /invoice\.pdf/ });
      expect(download.getAttribute('href')).to.equal('blob:https://x/file-doc');
      expect(download.getAttribute('download')).to.equal('invoice.pdf');
      expect(download.hasAttribute('target')).to.equal(false);
      expect(download.textContent).to.contain('20.0 KB');
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      expect(asked.sort()).to.deep.equal(['file:doc', 'file:img', 'preview:img']);
    });

    it('shows inline and opens in a tab only what fileUrl proved an image, whatever the server says', async () => {
      const el = await listFixture(undefined);
      const claimed = [
        // The server calls it a PNG with a preview; its bytes were not one.
        { id: 'fake', name: 'photo.png', size: 100, mimeType: 'image/png', hasPreview: true },
        // A BMP: its preview is an image, the file itself is only downloaded.
        { id: 'bmp', name: 'scan.bmp', size: 100, mimeType: 'image/bmp', hasPreview: true },
      ];
      el.fileUrl = (id, kind) =>
        id === 'bmp' && kind === 'preview'
          ? { href: `blob:https://x/${kind}-${id}`, image: 'image/jpeg' }
          : { href: `blob:https://x/${kind}-${id}` };
      el.posts = channel([post('f', { files: claimed })]);
      await settle(el);
      const article = articleFor(el, 'f')!;
      const fake = getByRole<HTMLAnchorElement>(article, 'link', { name: /photo\.png/ });
      expect(fake.querySelector('img')).to.equal(null);
      expect(fake.getAttribute('download')).to.equal('photo.png');
      expect(fake.hasAttribute('target')).to.equal(false);
      const bmp = article.querySelector<HTMLImageElement>('img[alt="scan.bmp"]')!;
      expect(bmp.getAttribute('src')).to.equal('blob:https://x/preview-bmp');
      const bmpLink = bmp.closest('a')!;
      expect(bmpLink.getAttribute('href')).to.equal('blob:https://x/file-bmp');
      expect(bmpLink.getAttribute('download')).to.equal('scan.bmp');
      expect(bmpLink.hasAttribute('target')).to.equal(false);
      expect(article.querySelectorAll('img')).to.have.length(1);
    });

    it('names the files of an upload in progress', async () => {
      const el = await listFixture(
        channel([post('up', { userId: 'u-bob', state: 'pending', pendingPostId: 'up', files })]),
      );
      await settle(el);
      const text = articleFor(el, 'up')!.querySelector('[part="files"]')!.textContent!;
      expect(text).to.contain('Uploading photo.png…').and.contain('Uploading invoice.pdf…');
      expect(articleFor(el, 'up')!.querySelector('a')).to.equal(null);
    });
  });

  describe('mentions', () => {
    it('marks messages that mention me or everyone, with a bar on the inline-start side', async () => {
      const el = await listFixture(
        channel([
          post('me', { createAt: T, message: 'ping @Bob.' }),
          post('all', { userId: 'u-sam', createAt: T + MINUTE, message: '@here standup' }),
          post('other', { createAt: T + 2 * MINUTE, message: '@bobby and bob@example.com' }),
          post('mine', { userId: 'u-bob', createAt: T + 3 * MINUTE, message: '@bob talking to myself' }),
          post('code', { createAt: T + 4 * MINUTE, message: 'run `notify @bob` then\n```\n@all\n```' }),
        ]),
      );
      await settle(el);
      const marked = (id: string) => articleFor(el, id)!.classList.contains('mentions-me');
      expect(['me', 'all', 'other', 'mine', 'code'].map(marked)).to.deep.equal([true, true, false, false, false]);
      expect(articleFor(el, 'me')!.querySelector('[part~="mention-me"]')!.textContent).to.equal('@Bob');
      const bar = getComputedStyle(articleFor(el, 'me')!, '::before');
      expect(bar.width).to.equal('3px');
    });
  });

  describe('presence and text direction', () => {
    it('puts a presence dot with a text alternative on avatars', async () => {
      const people: ReadonlyMap<string, UserView> = new Map([
        ...users,
        ['u-alice', { ...users.get('u-alice')!, presence: 'dnd' }],
        ['u-sam', { ...users.get('u-sam')!, presence: 'away' }],
      ]);
      const el = await listFixture(undefined);
      el.users = people;
      el.posts = channel([
        post('a', { createAt: T }),
        post('s', { userId: 'u-sam', createAt: T + MINUTE }),
        post('b', { userId: 'u-bob', createAt: T + 2 * MINUTE }),
      ]);
      await settle(el);
      const presence = (id: string) => accessibleName(articleFor(el, id)!.querySelector('[part="presence"]')!);
      expect([presence('a'), presence('s'), presence('b')]).to.deep.equal(['Do not disturb', 'Away', 'Online']);
    });

    it('lays messages out from the right in a right-to-left page, each body in its own direction', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl">
        <bisman-message-list style="height: 300px; width: 480px" .users=${users} .meId=${'u-bob'}></bisman-message-list>
      </div>`);
      const el = wrapper.querySelector<BismanMessageList>('bisman-message-list')!;
      el.posts = channel([post('he', { message: 'שלום עולם', reactions: [{ emoji: 'heart', userIds: ['u-alice'] }] })]);
      await settle(el);
      const article = articleFor(el, 'he')!;
      const avatar = article.querySelector('[part="avatar"]')!.getBoundingClientRect();
      const body = article.querySelector('[part="body"]')!;
      expect(body.getAttribute('dir')).to.equal('auto');
      expect(avatar.left).to.be.above(body.getBoundingClientRect().right);
      expect(avatar.right).to.be.closeTo(article.getBoundingClientRect().right - 12, 2);
      const reaction = article.querySelector('[part="reaction"]')!.getBoundingClientRect();
      expect(reaction.right).to.be.closeTo(body.getBoundingClientRect().right, 2);
    });
  });

  it('is accessible with reactions, files, thread links and open actions', async () => {
    const el = await listFixture(
      channel([
        post('root', { replyCount: 2, createAt: T, reactions: [{ emoji: 'heart', userIds: ['u-bob'] }] }),
        post('re', {
          rootId: 'root',
          userId: 'u-bob',
          createAt: T + MINUTE,
          files: [{ id: 'd', name: 'a.txt', size: 3, mimeType: 'text/plain', hasPreview: false }],
        }),
      ]),
    );
    el.fileUrl = (id) => ({ href: `blob:https://x/${id}` });
    await settle(el);
    button(el, 're', 'Edit').focus();
    await expect(el).to.be.accessible();
  });
});

async function waitUntilRole<T extends HTMLElement = HTMLElement>(
  el: BismanMessageList,
  id: string,
  role: string,
  name: string,
): Promise<T> {
  await waitUntil(
    () => articleFor(el, id) && queryAllByRole(articleFor(el, id)!, role, { name }).length === 1,
    `${role} ${name}`,
  );
  return getByRole<T>(articleFor(el, id)!, role, { name });
}
