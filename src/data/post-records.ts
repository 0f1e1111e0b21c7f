/**
 * How posts enter a channel's record (`PostsRecord`, see posts.ts): pages and since-lists
 * from the server, live posts, the user's pending posts and the changes made to posts.
 * Pure over the records: the store decides what follows (users to load, a snapshot).
 */
import type { Post, PostList } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import { samePost, toPostView } from './convert.js';
import { insertByTime, type PostsRecord } from './posts.js';
import type { FileView, PostView } from './types.js';

const SEEN_LIMIT = 5_000;

/** Ids of the posts this store has seen (the latest `SEEN_LIMIT`): a live post seen before is not new. */
export class SeenPosts {
  readonly #ids = new Set<string>();

  has(postId: string): boolean {
    return this.#ids.has(postId);
  }

  add(postId: string): void {
    if (this.#ids.has(postId)) return;
    this.#ids.add(postId);
    if (this.#ids.size > SEEN_LIMIT) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }

  clear(): void {
    this.#ids.clear();
  }
}

/** A post the user wrote that the server has not confirmed yet. */
export interface PendingSend {
  channelId: string;
  message: string;
  rootId: string;
  fileIds: string[];
  /**
   * Why the last attempt failed. 'unreachable' (network, 5xx, 429) and 'unauthorized'
   * failures are sent again by themselves when the chat is back online; 'rejected' (4xx)
   * waits for the user's Retry.
   */
  failure?: 'unreachable' | 'unauthorized' | 'rejected';
}

/** The posts of a server list that belong to `channelId`, oldest first. */
export function postsOf(list: PostList, channelId: string): Post[] {
  return [...list.order]
    .reverse()
    .map((id) => list.posts[id])
    .filter((post): post is Post => post !== undefined && post.channel_id === channelId);
}

/** Who wrote the posts of a page. */
export function authorsOf(list: PostList): string[] {
  return list.order.map((id) => list.posts[id]?.user_id ?? '');
}

/** Moves `syncedAt` on to the newest server time `post` carries. */
export function noteSynced(record: PostsRecord, post: Post): void {
  record.syncedAt = Math.max(
    record.syncedAt,
    post.create_at ?? 0,
    post.update_at ?? 0,
    post.edit_at ?? 0,
    post.delete_at ?? 0,
  );
}

/**
 * A page from `getPostsBefore` (`incoming`, oldest first): older than everything loaded, in
 * the server's order, so it goes in front as a block (a time sort cannot order posts of
 * the same millisecond). Returns the ids added.
 */
export function prependPosts(record: PostsRecord, incoming: readonly Post[]): string[] {
  const block: string[] = [];
  for (const post of incoming) {
    if (record.byId.has(post.id)) continue;
    record.byId.set(post.id, toPostView(post));
    block.push(post.id);
  }
  record.order.unshift(...block);
  return block;
}

/**
 * A page or a since-list from the server (`incoming`, oldest first, not empty). Its posts
 * keep the server's order among themselves (a time sort alone cannot order posts of the
 * same millisecond); they are merged by time with the loaded posts that the list does not
 * contain. On a tie, a loaded post goes first if it was loaded before the request
 * (`knownBefore`: it existed, and is not in the list, so it is older) or if it ties below
 * the list's newest time; otherwise it arrived live while the request ran and is newer.
 * Returns the merged posts in time order and the pending posts they replaced.
 */
export function mergePosts(
  record: PostsRecord,
  incoming: readonly Post[],
  knownBefore: ReadonlySet<string>,
): { views: PostView[]; replaced: Set<string> } {
  const incomingIds = new Set(incoming.map((post) => post.id));
  const replaced = new Set<string>();
  const views: PostView[] = [];
  for (const post of incoming) {
    noteSynced(record, post);
    const pendingId = post.pending_post_id;
    if (pendingId && pendingId !== post.id && record.byId.has(pendingId)) {
      record.byId.delete(pendingId);
      replaced.add(pendingId);
    }
    const existing = record.byId.get(post.id);
    const view = toPostView(post);
    const kept = existing && samePost(existing, view) ? existing : view;
    record.byId.set(post.id, kept);
    views.push(kept);
  }
  views.sort((a, b) => a.createAt - b.createAt);
  const newest = (views.at(-1) as PostView).createAt;
  const rest = record.order.filter((id) => !incomingIds.has(id) && !replaced.has(id));
  const merged: string[] = [];
  let i = 0;
  for (const view of views) {
    while (i < rest.length) {
      const loaded = record.byId.get(rest[i] as string);
      // Pending posts stay last.
      if (!loaded || loaded.state !== 'sent') break;
      const older =
        loaded.createAt < view.createAt ||
        (loaded.createAt === view.createAt && (loaded.createAt < newest || knownBefore.has(loaded.id)));
      if (!older) break;
      merged.push(rest[i] as string);
      i++;
    }
    merged.push(view.id);
  }
  while (i < rest.length) merged.push(rest[i++] as string);
  record.order = merged;
  return { views, replaced };
}

/**
 * What `putPost` did: nothing (the same post was there), updated a loaded post, replaced
 * the pending post whose `pending_post_id` it carries, or added a new one, `tied` when it
 * shares its millisecond with the post before it.
 */
export type PutPost = 'unchanged' | 'updated' | 'replaced' | 'added' | 'tied';

/** Adds or updates a server post (a live one, or the answer to an action) by time. */
export function putPost(record: PostsRecord, view: PostView): PutPost {
  const existing = record.byId.get(view.id);
  if (existing) {
    if (samePost(existing, view)) return 'unchanged';
    record.byId.set(view.id, view);
    return 'updated';
  }
  const pendingId = view.pendingPostId;
  if (pendingId && pendingId !== view.id && record.byId.has(pendingId)) {
    record.byId.delete(pendingId);
    const index = record.order.indexOf(pendingId);
    if (index >= 0) record.order.splice(index, 1);
    insertByTime(record, view);
    return 'replaced';
  }
  const index = insertByTime(record, view);
  const neighbour = record.byId.get(record.order[index - 1] ?? '');
  return neighbour?.createAt === view.createAt ? 'tied' : 'added';
}

/** The first post by someone else after `lastViewedAt`: where the "new messages" line goes. */
export function firstUnreadId(record: PostsRecord, lastViewedAt: number, me: string | undefined): string | undefined {
  return record.order.find((id) => {
    const post = record.byId.get(id);
    return post !== undefined && post.state === 'sent' && post.createAt > lastViewedAt && post.userId !== me;
  });
}

/** The user's post as it shows until the server confirms it; `id` is its `pending_post_id`. */
export function pendingPost(
  id: string,
  fields: { channelId: string; userId: string; rootId: string; message: string; createAt: number; files: FileView[] },
): PostView {
  return {
    id,
    channelId: fields.channelId,
    userId: fields.userId,
    rootId: fields.rootId,
    message: fields.message,
    type: '',
    createAt: fields.createAt,
    editAt: 0,
    deleted: false,
    replyCount: 0,
    state: 'pending',
    pendingPostId: id,
    reactions: [],
    files: fields.files,
  };
}

/** A pending post sent again (`pending`) or failed, with the failure's message. */
export function withSendState(post: PostView, state: 'pending' | 'failed', error?: string): PostView {
  const next: PostView = { ...post, state };
  if (error) next.error = error;
  else delete next.error;
  return next;
}

/** A post as it shows once deleted. */
export function deletedPost(post: PostView): PostView {
  return { ...post, deleted: true, message: '', reactions: [], files: [] };
}

/** The post with `reaction` added or removed (an emoji nobody reacts with any more goes). */
export function withReaction(post: PostView, reaction: Reaction, added: boolean): PostView {
  const reactions = post.reactions.map((entry) => ({ emoji: entry.emoji, userIds: [...entry.userIds] }));
  let entry = reactions.find((candidate) => candidate.emoji === reaction.emoji_name);
  if (added) {
    if (!entry) {
      entry = { emoji: reaction.emoji_name, userIds: [] };
      reactions.push(entry);
    }
    if (!entry.userIds.includes(reaction.user_id)) entry.userIds.push(reaction.user_id);
  } else if (entry) {
    entry.userIds = entry.userIds.filter((id) => id !== reaction.user_id);
  }
  return { ...post, reactions: reactions.filter((candidate) => candidate.userIds.length > 0) };
}
