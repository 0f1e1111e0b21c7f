/**
 * The English strings (the source). Other locales implement the same shape and load on
 * demand; functions take what a sentence needs, so each language orders words its own way.
 */
import type { Presence } from '../data/types.js';
import type { ConversationStrings } from '../elements/conversation/conversation.js';
import type { MessageListStrings } from '../elements/message-list/message-list.js';
import type { ThreadViewStrings } from '../elements/thread-view/thread-view.js';

export const en = {
  chat: 'Chat',
  launcher: (unread: number) => (unread > 0 ? `Chat, ${unread} unread` : 'Chat'),
  tabTeam: 'Team',
  tabDm: 'Direct messages',
  tabSupport: 'Support',
  unread: (mentions: number) =>
    mentions === 0 ? 'unread' : `unread, ${mentions} ${mentions === 1 ? 'mention' : 'mentions'}`,
  typingOne: (name: string) => `${name} is typing…`,
  typingTwo: (a: string, b: string) => `${a} and ${b} are typing…`,
  typingMany: 'Several people are typing…',
  someone: 'Someone',
  couldNotOpen: (name: string) => `Could not open ${name}.`,
  couldNotOpenConversation: 'Could not open the conversation.',
  couldNotStartWith: (name: string) => `Could not start a conversation with ${name}.`,
  couldNotJoin: 'Could not join the channel.',
  couldNotLoadOlder: 'Could not load older messages.',
  channels: 'Channels',
  conversations: 'Conversations',
  supportInbox: 'Support inbox',
  browseChannels: 'Browse channels',
  newMessage: 'New message',
  findPerson: 'Find a person',
  noDirectMessages: 'No direct messages yet.',
  noConversations: 'No conversations yet.',
  chooseConversation: 'Choose a conversation, or start one with New message.',
  noSupportConversation: 'No support conversation is open.',
  chooseChannel: 'Choose a channel.',
  messageTo: (name: string) => `Message ${name}`,
  openInMattermost: 'Open in Mattermost',
  messagesIn: (title: string) => `Messages in ${title}`,
  signedOut: 'You are signed out of chat.',
  signIn: 'Sign in to use chat.',
  offline: 'Chat is offline.',
  loadFailed: 'Chat could not load.',
  retriesItself: 'It will retry by itself.',
  retry: 'Retry',
  connecting: 'Connecting to chat…',
  notConfigured: 'Chat is not configured.',
  dismiss: 'Dismiss',
  offlineKept: 'Chat is offline. Your messages are kept until it is back.',
  reconnecting: 'Reconnecting…',
  online: 'Online',
  close: 'Close chat',
  send: 'Send',
  mentions: (count: number): string => (count === 1 ? 'mention' : 'mentions'),
  unreadShort: 'unread',
  presence: (presence: Presence): string => presence,
  cancel: 'Cancel',
  people: 'People',
  noOneFound: 'No one found.',
  peopleFound: (count: number) => `${count} ${count === 1 ? 'person' : 'people'} found.`,
  channelsLoadFailed: 'The channels could not be loaded.',
  loadingChannels: 'Loading channels…',
  noPublicChannels: 'There are no public channels.',
  publicChannels: 'Public channels',
  open: 'Open',
  join: 'Join',
  openChannel: (name: string) => `Open ${name}`,
  joinChannel: (name: string) => `Join ${name}`,
  closeDialog: 'Close',
  /** The message list's strings that differ from its English ones (merged over them once the list loads). */
  messageList: {} as Partial<MessageListStrings>,
  /** The thread view's own strings over the message list's (title, Close, loading). */
  threadView: {} as Partial<ThreadViewStrings>,
  /** The conversation's own strings (attach, uploads, notices). */
  conversation: {} as Partial<ConversationStrings>,
  offlineHint: 'Offline: your message will be kept until chat is back.',
  /** The composer's counter near the limit: "16,500 / 16,383". */
  characterCount: (count: string, max: string) => `${count} / ${max}`,
  tooLong: (over: string) =>
    `Too long to send: remove ${over} ${over === '1' ? 'character' : 'characters'}, or send it in parts.`,
  backToChannels: 'Back to channels',
};

export type ChatStrings = typeof en;
