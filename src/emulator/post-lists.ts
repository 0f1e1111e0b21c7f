/** Mattermost's PostList answers: pages, since, before/after, threads, unread windows. */
import type { EmulatorCore, Post } from './core.js';

export interface PostListJson {
  order: string[];
  posts: Record<string, Post>;
  next_post_id: string;
  prev_post_id: string;
  has_next: boolean;
  first_inaccessible_post_time: number;
}

/** `ordered` is newest first; roots of replies join `posts` (not `order`), as with fetchThreads. */
function build(
  core: EmulatorCore,
  ordered: Post[],
  cursors: { next?: string; prev?: string; hasNext?: boolean } = {},
  keepDeleted = false,
): PostListJson {
  const posts: Record<string, Post> = {};
  for (const post of ordered) {
    posts[post.id] = core.decoratePost(post);
    if (post.root_id && !posts[post.root_id]) {
      const root = core.posts.get(post.root_id);
      if (root && (keepDeleted || !root.delete_at)) posts[root.id] = core.decoratePost(root);
    }
  }
  return {
    order: ordered.map((p) => p.id),
    posts,
    next_post_id: cursors.next ?? '',
    prev_post_id: cursors.prev ?? '',
    has_next: cursors.hasNext ?? false,
    first_inaccessible_post_time: 0,
  };
}

/** One page of a newest-first sequence, reading no further than the post after it. */
function pageOf(
  newestFirst: Iterable<Post>,
  page: number,
  perPage: number,
): { slice: Post[]; next: string; prev: string; hasNext: boolean } {
  const start = page * perPage;
  const slice: Post[] = [];
  let newer: Post | undefined;
  let older: Post | undefined;
  let index = 0;
  for (const post of newestFirst) {
    if (index < start) newer = post;
    else if (slice.length < perPage) slice.push(post);
    else {
      older = post;
      break;
    }
    index++;
  }
  return { slice, next: newer?.id ?? '', prev: older?.id ?? '', hasNext: older !== undefined };
}

/** The posts after `anchorId` in a newest-first sequence (empty if the anchor is absent). */
function* olderThan(newestFirst: Iterable<Post>, anchorId: string): Generator<Post> {
  let found = false;
  for (const post of newestFirst) {
    if (found) yield post;
    else if (post.id === anchorId) found = true;
  }
}

export interface ChannelPostsQuery {
  page: number;
  perPage: number;
  since?: number;
  before?: string;
  after?: string;
}

/**
 * `GET /channels/{id}/posts`. `has_next` says whether more posts remain in the
 * direction being paged (older for page/before, newer for after).
 */
export function channelPostList(core: EmulatorCore, channelId: string, q: ChannelPostsQuery): PostListJson {
  if (q.since !== undefined) {
    const since = q.since;
    const changed = core
      .channelPosts(channelId, true)
      .filter((p) => p.create_at > since || p.update_at > since || p.delete_at > since)
      .reverse();
    return build(core, changed, {}, true);
  }
  if (q.before) {
    const anchor = core.posts.get(q.before);
    if (!anchor || anchor.delete_at || anchor.channel_id !== channelId) return build(core, []);
    const { slice, next, prev, hasNext } = pageOf(olderThan(core.newestFirst(channelId), q.before), q.page, q.perPage);
    return build(core, slice, { next: q.page === 0 ? q.before : next, prev, hasNext });
  }
  if (q.after) {
    const newestFirst = [...core.newestFirst(channelId)];
    const index = newestFirst.findIndex((p) => p.id === q.after);
    if (index < 0) return build(core, []);
    // The oldest `perPage` posts newer than the anchor, shown newest first.
    const newerOldestFirst = newestFirst.slice(0, index).reverse();
    const start = q.page * q.perPage;
    const chunk = newerOldestFirst.slice(start, start + q.perPage);
    const beyond = newerOldestFirst[start + q.perPage];
    const before = start > 0 ? newerOldestFirst[start - 1] : newestFirst[index];
    return build(core, chunk.reverse(), {
      next: beyond?.id ?? '',
      prev: before?.id ?? '',
      hasNext: start + q.perPage < newerOldestFirst.length,
    });
  }
  const { slice, next, prev, hasNext } = pageOf(core.newestFirst(channelId), q.page, q.perPage);
  return build(core, slice, { next, prev, hasNext });
}

/** `GET /posts/{id}/thread`: the root, then its replies oldest first. */
export function threadList(core: EmulatorCore, root: Post): PostListJson {
  const replies = core.repliesOf(root.id);
  return build(core, [root, ...replies]);
}

/** `GET /users/{uid}/channels/{cid}/posts/unread`: a window around the last viewed time. */
export function unreadWindow(
  core: EmulatorCore,
  channelId: string,
  lastViewedAt: number,
  limitBefore: number,
  limitAfter: number,
): PostListJson {
  const oldestFirst = core.channelPosts(channelId);
  const firstUnread = oldestFirst.findIndex((p) => p.create_at > lastViewedAt);
  const split = firstUnread < 0 ? oldestFirst.length : firstUnread;
  const read = oldestFirst.slice(Math.max(0, split - limitBefore), split);
  const unread = oldestFirst.slice(split, split + limitAfter);
  const window = [...read, ...unread].reverse();
  const older = oldestFirst[split - limitBefore - 1];
  const newer = oldestFirst[split + limitAfter];
  return build(core, window, { next: newer?.id ?? '', prev: older?.id ?? '', hasNext: newer !== undefined });
}
