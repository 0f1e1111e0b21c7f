/**
 * The parts of the store's snapshot (`ChatState`) that are rebuilt when their records
 * changed. Each shares what did not change with the previous snapshot, so elements see at
 * once what stayed the same.
 */
import { sameShallow } from './convert.js';
import { freezePosts, visiblePosts, type PostsRecord } from './posts.js';
import { freezeThread, type ThreadRecord } from './threads.js';
import type { ChannelRecord } from './channels.js';
import type { ChannelPosts, ChannelView, ThreadPosts } from './types.js';

/** Every channel's view; one that did not change keeps its `previous` object. */
export function channelViews(
  records: Iterable<ChannelRecord>,
  previous: ReadonlyMap<string, ChannelView>,
  toView: (record: ChannelRecord) => ChannelView,
): Map<string, ChannelView> {
  const views = new Map<string, ChannelView>();
  for (const record of records) {
    const view = toView(record);
    const old = previous.get(record.id);
    views.set(record.id, old && sameShallow(old, view) ? old : view);
  }
  return views;
}

/** The posts of the `changed` channels again (gone when elements do not see them yet); the others kept. */
export function postsSnapshot(
  previous: ReadonlyMap<string, ChannelPosts> | undefined,
  changed: Iterable<string>,
  records: ReadonlyMap<string, PostsRecord>,
): Map<string, ChannelPosts> {
  const next = new Map(previous ?? []);
  for (const channelId of changed) {
    const record = records.get(channelId);
    if (record && visiblePosts(record)) next.set(channelId, freezePosts(record, next.get(channelId)));
    else next.delete(channelId);
  }
  return next;
}

export function threadsSnapshot(threads: Iterable<ThreadRecord>): Map<string, ThreadPosts> {
  const next = new Map<string, ThreadPosts>();
  for (const thread of threads) next.set(thread.rootId, freezeThread(thread));
  return next;
}
