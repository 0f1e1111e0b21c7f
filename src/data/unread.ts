/**
 * Unread counting as the chat shows it: which channels count, the tab each belongs to, and
 * the totals across the tabs an element shows. Pure, with no dependency, so the store and
 * the launcher's unread watcher (which loads before the chat UI) count exactly alike.
 */
import { SUPPORT_CHANNEL_PREFIX } from '../shared/demo-users.js';
import type { ChatToken, TabId, UnreadTotals } from './types.js';

/** What the counting reads of a channel (Mattermost's names, as REST sends them). */
export interface CountedChannel {
  id: string;
  type: string;
  name: string;
  team_id?: string;
  delete_at?: number;
}

/** DMs and group messages belong to no team; other channels count in the chat's team only. */
export function inScope(channel: Pick<CountedChannel, 'type' | 'team_id'>, teamId: string | undefined): boolean {
  return channel.type === 'D' || channel.type === 'G' || channel.team_id === teamId;
}

/** DMs and group messages; the support conversation (the token's, or any `support-…` one); the rest of the team. */
export function tabOf(
  channel: Pick<CountedChannel, 'id' | 'type' | 'name'>,
  supportChannelId: string | undefined,
): TabId {
  if (channel.type === 'D' || channel.type === 'G') return 'dm';
  if (channel.id === supportChannelId || channel.name.startsWith(SUPPORT_CHANNEL_PREFIX)) return 'support';
  return 'team';
}

/** A channel's unread messages: its total less what the member has read (never below zero). */
export function unreadMessages(totalMsgCount: number, msgCount: number): number {
  return Math.max(0, totalMsgCount - msgCount);
}

/** Totals per tab, and across the tabs shown. */
export function unreadTotals(
  channels: Iterable<{ tab: TabId; unread: number; mentions: number }>,
  tabs: readonly TabId[],
): UnreadTotals {
  const byTab: UnreadTotals['byTab'] = {
    team: { messages: 0, mentions: 0 },
    dm: { messages: 0, mentions: 0 },
    support: { messages: 0, mentions: 0 },
  };
  for (const channel of channels) {
    byTab[channel.tab].messages += channel.unread;
    byTab[channel.tab].mentions += channel.mentions;
  }
  let messages = 0;
  let mentions = 0;
  for (const tab of tabs) {
    messages += byTab[tab].messages;
    mentions += byTab[tab].mentions;
  }
  return { messages, mentions, byTab };
}

/**
 * The team whose channels count: the token's unless the host asked for another by name;
 * else that name; `undefined` means the user's first team.
 */
export function teamToLoad(
  token: ChatToken,
  wanted: string | undefined,
): { id: string } | { name: string } | undefined {
  if (token.teamId && (!wanted || wanted === token.teamName)) return { id: token.teamId };
  const name = wanted || token.teamName;
  return name ? { name } : undefined;
}
