/**
 * The store's channel records (a channel as the server sends it, with the user's counts in
 * it) and the views elements see of them. Pure: the store keeps the records and decides
 * when they change.
 */
import type { ChannelMembership, ServerChannel as Channel } from '@mattermost/types/channels';
import { tabOf, unreadMessages } from './unread.js';
import type { ChannelView, TabId, UserView } from './types.js';

export interface ChannelRecord {
  id: string;
  teamId: string;
  type: 'O' | 'P' | 'D' | 'G';
  name: string;
  displayName: string;
  purpose: string;
  lastPostAt: number;
  totalMsgCount: number;
  msgCount: number;
  mentionCount: number;
  lastViewedAt: number;
  otherUserId?: string;
  /** When the counts last changed here (see the store's `#countSeq`). */
  countSeq: number;
}

/** The channel list and the user's memberships, as fetched (see the store's `#applyChannels`). */
export interface FetchedChannels {
  channels: Channel[];
  members: ChannelMembership[];
  /** The store's `#countSeq` when they were requested: counts changed since then are newer. */
  requestedAt: number;
}

/**
 * The record of `channel` as the server sent it, keeping what the store knows newer of the
 * `existing` record: the last post's time, and its counts when they changed after
 * `requestedAt` (a sequence number of the store's count changes).
 */
export function channelRecord(
  channel: Channel,
  existing: ChannelRecord | undefined,
  member: ChannelMembership | undefined,
  me: string,
  requestedAt: number,
): ChannelRecord {
  const record: ChannelRecord = {
    id: channel.id,
    teamId: channel.team_id ?? '',
    type: channel.type as ChannelRecord['type'],
    name: channel.name,
    displayName: channel.display_name ?? '',
    purpose: channel.purpose ?? '',
    lastPostAt: Math.max(channel.last_post_at ?? 0, existing?.lastPostAt ?? 0),
    totalMsgCount: channel.total_msg_count ?? existing?.totalMsgCount ?? 0,
    msgCount: existing?.msgCount ?? 0,
    mentionCount: existing?.mentionCount ?? 0,
    lastViewedAt: existing?.lastViewedAt ?? 0,
    countSeq: existing?.countSeq ?? 0,
  };
  if (channel.type === 'D') {
    const ids = channel.name.split('__');
    record.otherUserId = ids.find((id) => id !== me) ?? me;
  }
  if (existing && existing.countSeq > requestedAt) {
    // Our counts are newer than this snapshot.
    record.totalMsgCount = existing.totalMsgCount;
  } else if (member) applyMember(record, member);
  else if (!existing) record.msgCount = record.totalMsgCount;
  return record;
}

/** A public channel the user has not joined: nothing of it is unread. */
export function unjoinedChannelRecord(channel: Channel): ChannelRecord {
  return {
    id: channel.id,
    teamId: channel.team_id,
    type: 'O',
    name: channel.name,
    displayName: channel.display_name,
    purpose: channel.purpose ?? '',
    lastPostAt: channel.last_post_at ?? 0,
    totalMsgCount: channel.total_msg_count ?? 0,
    msgCount: channel.total_msg_count ?? 0,
    mentionCount: 0,
    lastViewedAt: 0,
    countSeq: 0,
  };
}

export function applyMember(record: ChannelRecord, member: ChannelMembership): void {
  record.msgCount = member.msg_count ?? 0;
  record.mentionCount = member.mention_count ?? 0;
  record.lastViewedAt = member.last_viewed_at ?? 0;
}

/** The channel's messages all read, as of `viewedAt`. */
export function levelCounts(record: ChannelRecord, viewedAt: number): void {
  record.msgCount = record.totalMsgCount;
  record.mentionCount = 0;
  record.lastViewedAt = Math.max(record.lastViewedAt, viewedAt);
}

/** Whether the channel has anything to mark viewed. */
export function hasUnread(record: ChannelRecord): boolean {
  return record.msgCount < record.totalMsgCount || record.mentionCount > 0;
}

/** A channel by id, name, or `@username` for the DM with that user. */
export function findChannel(
  channels: ReadonlyMap<string, ChannelRecord>,
  users: ReadonlyMap<string, UserView>,
  idOrName: string,
): ChannelRecord | undefined {
  const byId = channels.get(idOrName);
  if (byId) return byId;
  if (idOrName.startsWith('@')) {
    const username = idOrName.slice(1);
    const user = [...users.values()].find((candidate) => candidate.username === username);
    return user
      ? [...channels.values()].find((record) => record.type === 'D' && record.otherUserId === user.id)
      : undefined;
  }
  for (const record of channels.values()) if (record.name === idOrName) return record;
  return undefined;
}

/** What a channel's view depends on beyond its record. */
export interface ChannelViewContext {
  /** The channel is open, opened by the user, and visible: it shows nothing unread. */
  readNow: boolean;
  users: ReadonlyMap<string, UserView>;
  supportChannelId: string | undefined;
}

export function toChannelView(
  record: ChannelRecord,
  { readNow, users, supportChannelId }: ChannelViewContext,
): ChannelView {
  let displayName = record.displayName;
  if (record.type === 'D' && record.otherUserId) {
    displayName = users.get(record.otherUserId)?.displayName ?? (displayName || 'Direct message');
  }
  const view: ChannelView = {
    id: record.id,
    teamId: record.teamId,
    type: record.type,
    name: record.name,
    displayName: displayName || record.name,
    purpose: record.purpose,
    tab: tabOf(record, supportChannelId),
    lastPostAt: record.lastPostAt,
    lastViewedAt: record.lastViewedAt,
    unread: readNow ? 0 : unreadMessages(record.totalMsgCount, record.msgCount),
    mentions: readNow ? 0 : record.mentionCount,
  };
  if (record.otherUserId) view.otherUserId = record.otherUserId;
  return view;
}

/** The other person of each direct message channel. */
export function dmPartnerIds(channels: readonly Channel[], me: string | undefined): string[] {
  return channels
    .filter((channel) => channel.type === 'D' && !channel.delete_at)
    .map((channel) => channel.name.split('__').find((id) => id !== me) ?? '');
}

/** What `usualChannel` compares: a channel's view, or (on the first load) its server record. */
export interface UsualCandidate {
  id: string;
  name: string;
  displayName: string;
  lastPostAt: number;
  tab: TabId;
}

/**
 * The conversation a tab opens when nothing else was asked for: the user's support
 * conversation (none for a support agent, whose Support tab is an inbox to pick from), Town
 * Square or else the first team channel by name, and in the other tabs the latest one.
 */
export function usualChannel(
  channels: Iterable<UsualCandidate>,
  tab: TabId,
  support: { channelId: string | undefined; agent: boolean },
): string | undefined {
  if (tab === 'support' && support.agent) return undefined;
  const all = [...channels];
  if (tab === 'support' && support.channelId && all.some((c) => c.id === support.channelId)) return support.channelId;
  const list = all.filter((c) => c.tab === tab);
  if (tab === 'team') {
    list.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return (list.find((c) => c.name === 'town-square') ?? list[0])?.id;
  }
  let latest: UsualCandidate | undefined;
  for (const c of list) if (!latest || c.lastPostAt > latest.lastPostAt) latest = c;
  return latest?.id;
}

/** A channel from the server's list as `usualChannel` sees it, before its view can be built. */
export function usualCandidate(channel: Channel, supportChannelId: string | undefined): UsualCandidate {
  return {
    id: channel.id,
    name: channel.name,
    displayName: channel.display_name || channel.name,
    lastPostAt: channel.last_post_at ?? 0,
    tab: tabOf(channel, supportChannelId),
  };
}
