// The emulator in its own process. With BENCH_FANOUT_USERS=N it also creates N users in
// one channel and prints their ids and tokens, for the fan-out part.
import { startEmulator } from '../../src/emulator/node.js';
import { announce } from '../lib/child.js';

const emulator = await startEmulator({ port: 0, seed: true });
const info: Record<string, unknown> = { url: emulator.url, adminToken: emulator.adminToken };
const count = Number(process.env.BENCH_FANOUT_USERS ?? 0);
if (count > 0) {
  const { core } = emulator;
  const team = core.getTeamByName('erp')!;
  const users = Array.from({ length: count }, (_, i) => {
    const name = `fan${String(i).padStart(4, '0')}`;
    const user = core.createUser({
      username: name,
      email: `${name}@bench.example`,
      firstName: 'Fan',
      lastName: String(i),
    });
    core.addTeamMember(team.id, user.id);
    return user;
  });
  const channel = core.createChannel(
    { teamId: team.id, name: 'fanout', displayName: 'Fan-out', type: 'O', creatorId: users[0]!.id },
    false,
  );
  for (const user of users.slice(1)) core.addChannelMember(channel.id, user.id, { quiet: true });
  info.channelId = channel.id;
  info.users = users.map((u) => ({ id: u.id, token: core.issueToken(u.id) }));
}
announce(info, () => emulator.close());
