/**
 * The demo world: team `erp`, the demo users, their channels and a few days of
 * believable ERP chat. Deterministic content; timestamps relative to the core's now.
 */
import { DEMO_TEAM, DEMO_USERS, SUPPORT_CHANNEL_PREFIX } from '../shared/demo-users.js';
import type { Channel, EmulatorCore, Post, Team, User } from './core.js';

/** Every seeded user's password (the demo logs in with host identities, tests by password). */
export const DEMO_PASSWORD = 'bisman-demo';

export interface DemoWorld {
  team: Team;
  users: Record<string, User>;
  channels: Record<string, Channel>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Line {
  /** Time before now. */
  ago: number;
  from: string;
  text: string;
  /** Index (in the same script) of the post this replies to. */
  replyTo?: number;
}

const SCRIPTS: Record<string, Line[]> = {
  'town-square': [
    {
      ago: 3 * DAY + 2 * HOUR,
      from: 'admin',
      text: 'Welcome to Bisman ERP chat! Team news goes here; ask for help in your Support tab.',
    },
    {
      ago: 3 * DAY + HOUR,
      from: 'alice',
      text: 'Thanks Ada! Month-end close starts Thursday, please get your expense reports in by Wednesday.',
    },
    {
      ago: 2 * DAY + 5 * HOUR,
      from: 'bob',
      text: 'Reminder: the loading dock is closed Friday morning for the forklift inspection.',
    },
    {
      ago: 2 * DAY + 4 * HOUR,
      from: 'sam',
      text: 'Noted. I will tell customers that pickups move to the afternoon.',
      replyTo: 2,
    },
    {
      ago: 5 * HOUR,
      from: 'admin',
      text: 'ERP maintenance tonight 22:00–23:00: invoices and stock moves are read-only during the window.',
    },
  ],
  'off-topic': [
    { ago: 2 * DAY + 3 * HOUR, from: 'bob', text: 'Who took the last coffee filters? 😅' },
    { ago: 2 * DAY + 2 * HOUR, from: 'alice', text: 'Guilty. New box is in the cupboard above the sink.', replyTo: 0 },
    { ago: DAY + 6 * HOUR, from: 'sam', text: 'Cake in the kitchen for Bob’s 5 years with us 🎉' },
  ],
  sales: [
    {
      ago: 2 * DAY + 7 * HOUR,
      from: 'alice',
      text: 'Quote Q-2024-118 for Nordlicht GmbH is approved: 40 pallets, net 30.',
    },
    {
      ago: 2 * DAY + 6 * HOUR,
      from: 'bob',
      text: 'Can we ship from stock or do we need the inbound from Rotterdam?',
      replyTo: 0,
    },
    {
      ago: 2 * DAY + 6 * HOUR - 20 * MINUTE,
      from: 'alice',
      text: 'Stock is fine, 52 pallets on hand per the ERP.',
      replyTo: 0,
    },
    { ago: DAY + 3 * HOUR, from: 'sam', text: 'Nordlicht called asking for the delivery date of SO-5531.' },
    { ago: DAY + 2 * HOUR, from: 'bob', text: 'SO-5531 leaves Thursday, tracking number follows.', replyTo: 3 },
    {
      ago: 3 * HOUR,
      from: 'alice',
      text: '@bob the customer wants the invoice split per delivery address, can you check the packing list?',
    },
  ],
  warehouse: [
    { ago: 3 * DAY, from: 'bob', text: 'Cycle count for aisle C done, two discrepancies on SKU 10-442.' },
    {
      ago: 3 * DAY - 30 * MINUTE,
      from: 'alice',
      text: 'I will post the adjustment once you confirm the counts.',
      replyTo: 0,
    },
    { ago: DAY + HOUR, from: 'bob', text: 'Inbound PO-7781 received complete, 18 pallets put away.' },
    { ago: 2 * HOUR, from: 'bob', text: 'Forklift 2 is back from service.' },
  ],
  management: [
    { ago: 2 * DAY, from: 'admin', text: 'Q3 budget review moved to Monday 10:00.' },
    { ago: 2 * DAY - HOUR, from: 'alice', text: 'I will bring the cash-flow forecast and the open receivables list.' },
  ],
  'support-alice': [
    {
      ago: DAY + 4 * HOUR,
      from: 'alice',
      text: 'Hi, the VAT report for September shows the wrong period in the header.',
    },
    {
      ago: DAY + 3 * HOUR,
      from: 'sam',
      text: 'Thanks Alice, I can reproduce it. A fix is planned for tonight’s maintenance window.',
    },
    { ago: 4 * HOUR, from: 'sam', text: 'The fix is live, could you run the report again?' },
  ],
  'support-bob': [
    { ago: 6 * HOUR, from: 'bob', text: 'The label printer in dock 3 prints blank labels since this morning.' },
    { ago: 5 * HOUR, from: 'sam', text: 'Could you send a photo of the printer status screen?' },
  ],
  dm: [
    { ago: DAY + 5 * HOUR, from: 'alice', text: 'Do you have five minutes for the inventory write-off list?' },
    { ago: DAY + 4 * HOUR, from: 'bob', text: 'Sure, after the 14:00 truck.' },
    { ago: 90 * MINUTE, from: 'bob', text: 'Packing list for Nordlicht is on the shared drive.' },
  ],
};

export function seedDemo(core: EmulatorCore): DemoWorld {
  if (core.getTeamByName(DEMO_TEAM.name)) throw new Error(`seedDemo: team "${DEMO_TEAM.name}" already exists`);
  const now = core.now();
  const users: Record<string, User> = {};
  for (const demo of DEMO_USERS) {
    if (demo.role === 'admin') {
      const admin = core.adminUser;
      Object.assign(admin, {
        first_name: demo.firstName,
        last_name: demo.lastName,
        position: demo.title,
        email: demo.email,
      });
      core.setPassword(admin.id, DEMO_PASSWORD);
      users[demo.username] = admin;
      continue;
    }
    users[demo.username] = core.createUser({
      username: demo.username,
      email: demo.email,
      password: DEMO_PASSWORD,
      firstName: demo.firstName,
      lastName: demo.lastName,
      position: demo.title,
    });
  }
  const team = core.createTeam({ name: DEMO_TEAM.name, displayName: DEMO_TEAM.displayName });
  for (const user of Object.values(users)) core.addTeamMember(team.id, user.id);
  const admin = users.admin!;
  const alice = users.alice!;
  const bob = users.bob!;
  const agents = DEMO_USERS.filter((u) => u.role === 'support').map((u) => users[u.username]!);

  const channels: Record<string, Channel> = {
    'town-square': core.getChannelByName(team.id, 'town-square')!,
    'off-topic': core.getChannelByName(team.id, 'off-topic')!,
  };
  const make = (
    name: string,
    displayName: string,
    type: 'O' | 'P',
    creator: User,
    members: User[],
    purpose: string,
  ): void => {
    const channel = core.createChannel({ teamId: team.id, name, displayName, type, creatorId: creator.id, purpose });
    for (const m of members) core.addChannelMember(channel.id, m.id);
    channels[name] = channel;
  };
  make('sales', 'Sales', 'O', alice, [bob, users.sam!], 'Quotes, orders and customers');
  make('warehouse', 'Warehouse', 'O', bob, [alice], 'Stock, inbound and shipping');
  make('management', 'Management', 'P', admin, [alice], 'Budget and planning');
  // Support conversations as the auth server's previous scheme made them (`support-<username>`),
  // and as it migrates them: private, created by the provisioning account (the admin, whose
  // token the demo's auth server uses), members exactly the user and the agents. The auth
  // server renames each to its keyed name at that user's first token.
  for (const demo of DEMO_USERS.filter((u) => u.role === 'staff')) {
    const user = users[demo.username]!;
    const name = `${SUPPORT_CHANNEL_PREFIX}${demo.username}`;
    make(
      name,
      `Support · ${demo.firstName} ${demo.lastName}`,
      'P',
      admin,
      [user, ...agents],
      `Support conversation with ${demo.firstName}`,
    );
    core.removeChannelMember(channels[name]!.id, admin.id, admin.id);
  }
  const dm = core.createDirectChannel(alice.id, bob.id);
  channels[`dm-${alice.username}-${bob.username}`] = dm;

  const posted: Record<string, Post[]> = {};
  for (const [key, lines] of Object.entries(SCRIPTS)) {
    const channel = key === 'dm' ? dm : channels[key]!;
    const list: Post[] = [];
    for (const line of lines) {
      const root = line.replyTo !== undefined ? list[line.replyTo] : undefined;
      list.push(
        core.createPost({
          channelId: channel.id,
          userId: users[line.from]!.id,
          message: line.text,
          createAt: now - line.ago,
          ...(root ? { rootId: root.id } : {}),
        }),
      );
    }
    posted[key] = list;
  }
  core.addReaction(bob.id, posted['town-square']![4]!.id, '+1');
  core.addReaction(alice.id, posted['off-topic']![2]!.id, 'tada');
  core.updatePost(posted.warehouse![3]!.id, bob.id, {
    message: 'Forklift 2 is back from service and ready for Friday.',
  });

  // Everyone has read the history except the last few lines, so the demo opens with unread badges.
  const unreadFor: Record<string, string[]> = {
    alice: ['sales', 'dm-alice-bob', 'support-alice'],
    bob: ['sales', 'town-square'],
  };
  for (const [name, user] of Object.entries(users)) {
    for (const [key, channel] of Object.entries(channels)) {
      if (!core.isChannelMember(channel.id, user.id)) continue;
      if (unreadFor[name]?.includes(key)) continue;
      core.viewChannel(channel.id, user.id);
    }
  }
  return { team, users, channels };
}
