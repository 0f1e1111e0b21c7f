// The static demo's backend, inside the page: msw answers the auth server's routes and
// Mattermost's REST API and WebSocket from an in-memory emulator core. State lives as
// long as the page: each page load starts from the seeded demo world again.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { setupWorker } from 'msw/browser';
import { EmulatorCore, seedDemo } from '../../src/emulator/index.js';
import { createEmulatorHandlers } from '../../src/emulator/msw.js';
import { DEMO_TEAM, DEMO_USERS, SUPPORT_CHANNEL_PREFIX } from '../../src/shared/demo-users.js';
import { currentProfile } from './session.js';

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
const problem = (status: number, error: string, message: string) => json({ error, message }, status);

function supportAgents(core: EmulatorCore): string[] {
  return DEMO_USERS.filter((u) => u.role === 'support')
    .map((u) => core.getUserByUsername(u.username)?.id)
    .filter((id): id is string => Boolean(id));
}

/** What the auth server's token route does, in miniature: team, support channel, token. */
function chatToken(core: EmulatorCore, username: string, origin: string) {
  const user = core.getUserByUsername(username);
  const team = core.getTeamByName(DEMO_TEAM.name);
  if (!user || !team) return undefined;
  if (!core.isTeamMember(team.id, user.id)) core.addTeamMember(team.id, user.id);
  const agents = supportAgents(core);
  const agent = agents.includes(user.id);
  let supportChannelId: string | undefined;
  if (!agent) {
    const name = `${SUPPORT_CHANNEL_PREFIX}${username}`;
    const channel =
      core.getChannelByName(team.id, name) ??
      core.createChannel(
        { teamId: team.id, name, displayName: `Support · ${core.displayName(user)}`, type: 'P', creatorId: user.id },
        false,
      );
    for (const id of agents) core.addChannelMember(channel.id, id, { quiet: true });
    supportChannelId = channel.id;
  }
  return {
    token: core.issueToken(user.id, 'bisman-widget'),
    userId: user.id,
    serverUrl: origin,
    websocketUrl: `${origin.replace(/^http/, 'ws')}/api/v4/websocket`,
    teamId: team.id,
    teamName: team.name,
    supportChannelId,
    supportAgent: agent,
    expiresAt: Date.now() + 60 * 60 * 1000,
  };
}

function authHandlers(core: EmulatorCore, origin: string): RequestHandler[] {
  return [
    http.get('/api/health', () => json({ status: 'ok', mattermost: 'ok', static: true })),
    http.get('/api/demo/users', () =>
      json({
        users: DEMO_USERS.map((u) => ({
          username: u.username,
          firstName: u.firstName,
          lastName: u.lastName,
          title: u.title,
          role: u.role,
        })),
      }),
    ),
    http.post('/api/demo/login', async ({ request }) => {
      const body = (await request.json().catch(() => null)) as { username?: unknown } | null;
      const user = DEMO_USERS.find((u) => u.username === body?.username);
      if (!user) return problem(400, 'unknown_user', 'username must be one of the demo users');
      // The page keeps only the profile; the static demo has no host token to hand out.
      return json({
        user: {
          username: user.username,
          firstName: user.firstName,
          lastName: user.lastName,
          title: user.title,
          role: user.role,
        },
      });
    }),
    http.post('/api/demo/logout', () => json({ status: 'OK' })),
    http.post('/api/chat/token', () => {
      const profile = currentProfile();
      if (!profile) return problem(401, 'unauthorized', 'not signed in to the demo');
      const token = chatToken(core, profile.username, origin);
      return token ? json(token) : problem(401, 'unauthorized', `no demo user "${profile.username}"`);
    }),
    http.post('/api/chat/logout', ({ request }) => {
      const token = request.headers.get('authorization')?.replace(/^bearer\s+/i, '');
      if (token) core.revokeSession(token);
      return json({ status: 'OK' });
    }),
  ];
}

export async function startStaticBackend(): Promise<void> {
  const origin = location.origin;
  const core = new EmulatorCore({ siteUrl: origin });
  seedDemo(core);
  const worker = setupWorker(...authHandlers(core, origin), ...createEmulatorHandlers(core, { baseUrl: origin }));
  await worker.start({
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
