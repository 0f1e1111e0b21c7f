// Test data and helpers for <bisman-message-list>.
import { fixture } from '@open-wc/testing';
import { html } from 'lit';
import type { ChannelPosts, PostView, UserView } from '../../../../src/data/types.js';
import { BismanMessageList } from '../../../../src/elements/message-list/message-list.js';

if (!customElements.get('bisman-message-list')) customElements.define('bisman-message-list', BismanMessageList);

export const CHANNEL_ID = 'town-square-id';

export const users: ReadonlyMap<string, UserView> = new Map(
  (
    [
      ['u-alice', 'alice', 'Alice Andersen'],
      ['u-bob', 'bob', 'Bob Berg'],
      ['u-sam', 'sam', 'Sam Support'],
    ] as const
  ).map(([id, username, displayName]) => [id, { id, username, displayName, presence: 'online', lastPictureUpdate: 0 }]),
);

/** Midnight today, local time: test dates are built from it so they never straddle a day. */
export function startOfToday(): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;
export const DAY = 24 * HOUR;

export function post(id: string, fields: Partial<PostView> = {}): PostView {
  return {
    id,
    channelId: CHANNEL_ID,
    userId: 'u-alice',
    rootId: '',
    message: `message ${id}`,
    type: '',
    createAt: startOfToday() + 10 * HOUR,
    editAt: 0,
    deleted: false,
    replyCount: 0,
    state: 'sent',
    reactions: [],
    files: [],
    ...fields,
  };
}

export function channel(posts: readonly PostView[], fields: Partial<ChannelPosts> = {}): ChannelPosts {
  return {
    order: posts.map((p) => p.id),
    byId: new Map(posts.map((p) => [p.id, p])),
    hasOlder: false,
    loadingOlder: false,
    ...fields,
  };
}

/**
 * `count` posts, one per author turn, alternating authors every third post so some group,
 * ending shortly before now (all on one day when they fit).
 */
export function manyPosts(count: number, { prefix = 'p', end = startOfToday() + 20 * HOUR } = {}): PostView[] {
  const posts: PostView[] = [];
  for (let i = 0; i < count; i++) {
    posts.push(
      post(`${prefix}${i}`, {
        userId: Math.floor(i / 3) % 2 === 0 ? 'u-alice' : 'u-bob',
        createAt: end - (count - i) * 7 * 1000,
        message: `Message number ${i} with **bold** text`,
      }),
    );
  }
  return posts;
}

export async function listFixture(posts: ChannelPosts | undefined, height = 400): Promise<BismanMessageList> {
  return fixture<BismanMessageList>(html`
    <bisman-message-list
      style=${`height: ${height}px; width: 480px`}
      .posts=${posts}
      .users=${users}
      .meId=${'u-bob'}
      .label=${'Messages in Town Square'}
    ></bisman-message-list>
  `);
}

export function scroller(el: BismanMessageList): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[role="log"]')!;
}

export function articles(el: BismanMessageList): HTMLElement[] {
  return Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[role="article"], article'));
}

export function articleFor(el: BismanMessageList, id: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`.row[data-key="${id}"] article`);
}

export function distanceFromBottom(el: BismanMessageList): number {
  const s = scroller(el);
  return s.scrollHeight - s.scrollTop - s.clientHeight;
}

export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Waits until the element has rendered and the virtualizer has stopped moving things: the
 * scroll position, the scroll height and the rendered rows unchanged over two frames.
 */
export async function settle(el: BismanMessageList): Promise<void> {
  await el.updateComplete;
  const s = scroller(el);
  const snapshot = () => `${s.scrollTop}|${s.scrollHeight}|${el.shadowRoot!.querySelectorAll('.row').length}`;
  let previous = '';
  let stableFrames = 0;
  for (let frame = 0; frame < 120 && stableFrames < 3; frame++) {
    await nextFrame();
    const current = snapshot();
    stableFrames = current === previous ? stableFrames + 1 : 0;
    previous = current;
  }
  await el.updateComplete;
}

/**
 * Scrolls the log like a reader would (a wheel turn, then the scroll it causes) and waits
 * for the scroll event and the layout.
 */
export async function scrollLogTo(el: BismanMessageList, top: number): Promise<void> {
  const s = scroller(el);
  const target = Math.max(0, Math.min(top, s.scrollHeight - s.clientHeight));
  if (Math.abs(s.scrollTop - target) >= 1) {
    const scrolled = new Promise((resolve) => s.addEventListener('scroll', resolve, { once: true }));
    s.dispatchEvent(new WheelEvent('wheel', { deltaY: target - s.scrollTop, bubbles: true, composed: true }));
    s.scrollTop = target;
    await scrolled;
  }
  await settle(el);
}
