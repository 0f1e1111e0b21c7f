/** One channel's loaded posts as the store keeps them, and the snapshot elements see. */
import type { ChannelPosts, PostView } from './types.js';

export interface PostsRecord {
  /** False until the last page arrived: live posts and sends can land here before that. */
  complete: boolean;
  order: string[];
  byId: Map<string, PostView>;
  hasOlder: boolean;
  loadingOlder: boolean;
  firstUnreadId?: string;
  /** The newest server timestamp seen in this channel. */
  syncedAt: number;
  /**
   * `syncedAt` when events may have started to go missing (the socket closed, a resync was
   * asked for): where the next catch-up starts, even if live posts moved `syncedAt` on since.
   */
  gapSince?: number;
}

/** Inserts a live post by time (after posts of the same millisecond); returns its index. */
export function insertByTime(record: Pick<PostsRecord, 'order' | 'byId'>, view: PostView): number {
  const { order, byId } = record;
  byId.set(view.id, view);
  let index = order.length;
  // Pending posts stay last; a server post goes before them and after older server posts.
  while (index > 0) {
    const before = byId.get(order[index - 1] as string);
    if (before && (before.state !== 'sent' ? view.state === 'sent' : before.createAt > view.createAt)) index--;
    else break;
  }
  order.splice(index, 0, view.id);
  return index;
}

export function emptyPosts(complete: boolean): PostsRecord {
  return { complete, order: [], byId: new Map(), hasOlder: true, loadingOlder: false, syncedAt: 0 };
}

/** Whether elements see a channel's posts yet: once loaded, or when it holds the user's own unsent posts. */
export function visiblePosts(record: PostsRecord): boolean {
  return record.complete || record.order.some((id) => record.byId.get(id)?.state !== 'sent');
}

/**
 * The snapshot of a channel's posts. When its posts are those of `previous` (only a flag such
 * as `loadingOlder` changed), it shares their order and map: no copy of a long channel, and
 * elements see at once that no post changed.
 */
export function freezePosts(record: PostsRecord, previous?: ChannelPosts): ChannelPosts {
  const same = previous !== undefined && samePosts(record, previous);
  const posts: ChannelPosts = {
    order: same ? previous.order : (Object.freeze([...record.order]) as string[]),
    byId: same ? previous.byId : new Map(record.byId),
    hasOlder: record.hasOlder,
    loadingOlder: record.loadingOlder,
  };
  if (record.firstUnreadId) posts.firstUnreadId = record.firstUnreadId;
  return Object.freeze(posts);
}

function samePosts(record: PostsRecord, frozen: ChannelPosts): boolean {
  const { order, byId } = record;
  if (order.length !== frozen.order.length || byId.size !== frozen.byId.size) return false;
  for (let i = 0; i < order.length; i++) {
    const id = order[i] as string;
    if (id !== frozen.order[i] || byId.get(id) !== frozen.byId.get(id)) return false;
  }
  return true;
}
