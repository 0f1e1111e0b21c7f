/** Raw Mattermost objects in, slim view models out; and the small comparisons the store needs. */
import type { FileInfo } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { UserProfile } from '@mattermost/types/users';
import type { FileView, PostView, Presence, ReactionView, UserView } from './types.js';

export function toUserView(user: UserProfile, presence?: Presence): UserView {
  const fullName = `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim();
  return {
    id: user.id,
    username: user.username,
    displayName: fullName || user.nickname || user.username,
    presence,
    lastPictureUpdate: user.last_picture_update ?? 0,
  };
}

export function toPresence(status: string): Presence {
  return status === 'online' || status === 'away' || status === 'dnd' ? status : 'offline';
}

export function toPostView(post: Post): PostView {
  const deleted = (post.delete_at ?? 0) > 0 || post.state === 'DELETED';
  const view: PostView = {
    id: post.id,
    channelId: post.channel_id,
    userId: post.user_id,
    rootId: post.root_id ?? '',
    message: deleted ? '' : (post.message ?? ''),
    type: post.type ?? '',
    createAt: post.create_at,
    editAt: post.edit_at ?? 0,
    deleted,
    replyCount: post.reply_count ?? 0,
    state: 'sent',
    reactions: deleted ? [] : groupReactions(post.metadata?.reactions),
    files: deleted ? [] : (post.metadata?.files ?? []).map(toFileView),
  };
  if (post.pending_post_id) view.pendingPostId = post.pending_post_id;
  return view;
}

export function groupReactions(reactions: Reaction[] | undefined): ReactionView[] {
  if (!reactions?.length) return [];
  const byEmoji = new Map<string, string[]>();
  for (const reaction of [...reactions].sort((a, b) => a.create_at - b.create_at)) {
    const users = byEmoji.get(reaction.emoji_name) ?? [];
    if (!users.includes(reaction.user_id)) users.push(reaction.user_id);
    byEmoji.set(reaction.emoji_name, users);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds }));
}

export function toFileView(file: FileInfo): FileView {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    mimeType: file.mime_type,
    hasPreview: Boolean(file.has_preview_image),
  };
}

export function samePost(a: PostView, b: PostView): boolean {
  return (
    a.message === b.message &&
    a.editAt === b.editAt &&
    a.deleted === b.deleted &&
    a.replyCount === b.replyCount &&
    a.state === b.state &&
    JSON.stringify(a.reactions) === JSON.stringify(b.reactions) &&
    a.files.length === b.files.length
  );
}

export function sameShallow<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => a[key] === b[key]);
}

/** Several WebSocket payloads are JSON inside a string; some servers send objects. */
export function parseJson<T>(value: unknown): T | undefined {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? (value as T) : undefined;
}
