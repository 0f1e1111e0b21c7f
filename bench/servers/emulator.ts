// The emulator in its own process. With BENCH_FANOUT_USERS=N it also creates N users in
// one channel and prints their tokens, for the fan-out part.
import { startEmulator } from '../../src/emulator/node.js';
import { announce } from '../lib/child.js';

const emulator = await startEmulator({ port: 0, seed: true });
announce({ url: emulator.url, adminToken: emulator.adminToken }, () => emulator.close());
