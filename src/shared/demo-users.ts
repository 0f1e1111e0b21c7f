/**
 * The demo's people. The emulator seeds them (with history) and the auth server's
 * development-only demo login issues host identities for them, so both agree on who
 * exists. Pure data: safe to import from the browser, the server and the emulator.
 */
export interface DemoUser {
  /** Mattermost username, also the demo login's key. */
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** What the person does in the demo ERP. */
  readonly title: string;
  readonly role: 'staff' | 'support' | 'admin';
}

export const DEMO_TEAM = { name: 'erp', displayName: 'Bisman ERP' } as const;

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'alice',
    email: 'alice@bisman.example',
    firstName: 'Alice',
    lastName: 'Andersen',
    title: 'Accounts',
    role: 'staff',
  },
  {
    username: 'bob',
    email: 'bob@bisman.example',
    firstName: 'Bob',
    lastName: 'Brandt',
    title: 'Warehouse',
    role: 'staff',
  },
  {
    username: 'sam',
    email: 'sam@bisman.example',
    firstName: 'Sam',
    lastName: 'Sato',
    title: 'Customer support',
    role: 'support',
  },
  {
    username: 'admin',
    email: 'admin@bisman.example',
    firstName: 'Ada',
    lastName: 'Admin',
    title: 'IT administrator',
    role: 'admin',
  },
];

/**
 * The prefix of every support conversation's name: `support-<keyed hash of the user id>`
 * as the auth server makes them (the seed's `support-<username>` are the previous scheme,
 * which it migrates). The agents' inbox lists a user's channels by it.
 */
export const SUPPORT_CHANNEL_PREFIX = 'support-';
