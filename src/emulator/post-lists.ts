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

function pageOf(
  newestFirst: Post[],
  page: number,
  perPage: number,
): { slice: Post[]; next: string; prev: string; hasNext: boolean } {
  const start = page * perPage;
  const end = start + perPage;
  const slice = newestFirst.slice(start, end);
  const newer = start > 0 ? newestFirst[start - 1] : undefined;
  const older = end < newestFirst.length ? newestFirst[end] : undefined;
  return { slice, next: newer?.id ?? '', prev: older?.id ?? '', hasNext: end < newestFirst.length };
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
  const newestFirst = core.channelPosts(channelId).reverse();
  if (q.before || q.after) {
    const anchorId = (q.before ?? q.after)!;
    const index = newestFirst.findIndex((p) => p.id === anchorId);
    if (index < 0) return build(core, []);
    if (q.before) {
      const older = newestFirst.slice(index + 1);
      const { slice, prev, hasNext } = pageOf(older, q.page, q.perPage);
      const newer = q.page === 0 ? newestFirst[index] : older[q.page * q.perPage - 1];
      return build(core, slice, { next: newer?.id ?? '', prev, hasNext });
    }
    // after: the oldest `perPage` posts newer than the anchor, shown newest first.
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
  const { slice, next, prev, hasNext } = pageOf(newestFirst, q.page, q.perPage);
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
