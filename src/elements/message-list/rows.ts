/** Pure helpers shared by the message list and the thread view: rows, times, avatars. */
import { nothing } from 'lit';
import type { ChannelPosts, PostView } from '../../data/types.js';

/** Posts by one author closer together than this share one header. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

export interface Row {
  readonly key: string;
  readonly post: PostView;
  /** First post of a calendar day: a date separator goes before it. */
  readonly newDay: boolean;
  /** The first unread post: the "New messages" line goes before it. */
  readonly unreadLine: boolean;
  /** Same author as the post before, shortly after: no repeated header. */
  readonly grouped: boolean;
}

export function isSystem(post: PostView): boolean {
  return post.type.startsWith('system_');
}

export function dayKey(time: number): number {
  const date = new Date(time);
  return date.getFullYear() * 512 + date.getMonth() * 32 + date.getDate();
}

/** A timestamp `Date` and `Intl` accept (anything else would throw while rendering). */
export function isValidTime(time: number): boolean {
  return Number.isFinite(time) && Math.abs(time) <= 8.64e15;
}

export function isoTime(time: number): string | typeof nothing {
  return isValidTime(time) ? new Date(time).toISOString() : nothing;
}

/**
 * The rows of `posts`. With `before` (the rows of the same conversation's last build), a row
 * whose post and predecessor are unchanged is kept as it was: a page of older posts or a new
 * post then costs the date work of the rows around it, not of the whole conversation.
 */
export function buildRows(posts: ChannelPosts | undefined, before: readonly Row[] = []): Row[] {
  if (!posts) return [];
  const rows: Row[] = [];
  let previous: PostView | undefined;
  let previousDay = -1;
  // Where `before` starts in the new order (older pages go in front of it).
  let offset = before.length > 0 ? posts.order.indexOf(before[0]!.key) : -1;
  if (offset < 0) offset = Infinity;
  for (const [index, id] of posts.order.entries()) {
    const post = posts.byId.get(id);
    if (!post) continue;
    const kept = before[index - offset];
    if (
      kept &&
      kept.post === post &&
      before[index - offset - 1]?.post === previous &&
      kept.unreadLine === (id === posts.firstUnreadId && previous !== undefined)
    ) {
      rows.push(kept);
      previous = post;
      previousDay = -1;
      continue;
    }
    if (previous && previousDay < 0) previousDay = dayKey(previous.createAt);
    const day = dayKey(post.createAt);
    const newDay = day !== previousDay;
    const unreadLine = id === posts.firstUnreadId && previous !== undefined;
    const grouped =
      previous !== undefined &&
      !newDay &&
      !unreadLine &&
      previous.userId === post.userId &&
      !isSystem(previous) &&
      !isSystem(post) &&
      post.createAt - previous.createAt < GROUP_WINDOW_MS;
    rows.push({ key: id, post, newDay, unreadLine, grouped });
    previous = post;
    previousDay = day;
  }
  return rows;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return (
    letters
      .map((word) => Array.from(word ?? '')[0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

/**
 * A stable avatar colour per user, from a hash of the user's id (never the initials, which
 * people share): 48 hues × 2 shades, all dark enough for white initials (WCAG AA).
 */
export function avatarColour(userId: string): { hue: number; lightness: number } {
  // FNV-1a, then a murmur3 finalizer so ids that differ in one character spread apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return { hue: (hash % 48) * 7.5, lightness: (hash >>> 8) % 2 === 0 ? 28 : 22 };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}
