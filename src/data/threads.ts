/**
 * The store's records of the threads the user opened (a root and its replies), and their
 * snapshots. Pure: the store keeps the records, loads them and notifies.
 */
import type { Post, PostList } from '@mattermost/types/posts';
import { samePost } from './convert.js';
import { insertByTime } from './posts.js';
import type { PostView, ThreadPosts } from './types.js';

export interface ThreadRecord {
  rootId: string;
  channelId: string;
  root?: PostView;
  order: string[];
  byId: Map<string, PostView>;
  loading: boolean;
  error?: string;
}

/** A thread about to load; `root` when the store holds its root post already. */
export function newThread(rootId: string, root: PostView | undefined): ThreadRecord {
  const thread: ThreadRecord = { rootId, channelId: root?.channelId ?? '', order: [], byId: new Map(), loading: true };
  if (root) {
    thread.root = root;
    thread.byId.set(rootId, root);
  }
  return thread;
}

/**
 * Puts a post (root or reply) into the thread; pending replies stay last, and a reply that
 * carries a pending one's `pending_post_id` replaces it. Returns false when nothing changed.
 */
export function putThreadPost(thread: ThreadRecord, view: PostView): boolean {
  const rootId = thread.rootId;
  if (view.id === rootId) {
    if (thread.root && samePost(thread.root, view)) return false;
    thread.root = view;
    thread.byId.set(view.id, view);
  } else {
    const existing = thread.byId.get(view.id);
    if (existing && samePost(existing, view)) return false;
    const pendingId = view.pendingPostId;
    if (!existing && pendingId && pendingId !== view.id && thread.byId.has(pendingId)) {
      thread.byId.delete(pendingId);
      thread.order.splice(thread.order.indexOf(pendingId), 1);
    }
    if (thread.byId.has(view.id)) thread.byId.set(view.id, view);
    else insertByTime(thread, view);
  }
  return true;
}

/**
 * The server's thread (`getPostThread`) into the record. `loaded` gives the view the store
 * holds of a post already (so both show the same object), else converts it. Returns the
 * list's posts, oldest first.
 */
export function mergeThreadList(thread: ThreadRecord, list: PostList, loaded: (post: Post) => PostView): Post[] {
  const rootId = thread.rootId;
  const root = list.posts[rootId];
  if (root) thread.channelId = root.channel_id;
  const posts = Object.values(list.posts).sort((a, b) => a.create_at - b.create_at);
  for (const post of posts) {
    if (post.id !== rootId && post.root_id !== rootId) continue;
    const view = loaded(post);
    if (post.id === rootId) thread.root = view;
    if (!thread.byId.has(post.id) && post.id !== rootId) insertByTime(thread, view);
    else thread.byId.set(post.id, view);
  }
  return posts;
}

/** A post of any open thread. */
export function findThreadPost(threads: Iterable<ThreadRecord>, postId: string): PostView | undefined {
  for (const thread of threads) {
    const post = thread.byId.get(postId);
    if (post) return post;
  }
  return undefined;
}

export function freezeThread(thread: ThreadRecord): ThreadPosts {
  const view: ThreadPosts = {
    rootId: thread.rootId,
    channelId: thread.channelId,
    order: Object.freeze([...thread.order]) as string[],
    byId: new Map(thread.byId),
    loading: thread.loading,
  };
  if (thread.root) view.root = thread.root;
  if (thread.error) view.error = thread.error;
  return Object.freeze(view);
}
