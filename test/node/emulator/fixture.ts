/** Shared setup for the emulator's Node tests: a seeded emulator on a free port. */
import { EmulatorCore, startEmulator, seedDemo, DEMO_PASSWORD } from '../../../src/emulator/node.js';
import type { RunningEmulator, DemoWorld, Edition } from '../../../src/emulator/node.js';
import WebSocket from 'ws';
import { websocketUrl } from '../../helpers/mattermost-node.js';

export { DEMO_PASSWORD };

export interface SeededEmulator extends RunningEmulator {
  world: DemoWorld;
}

/** A clock that never repeats a millisecond, so post order is exactly create order. */
export function monotonicClock(): () => number {
  let last = 0;
  return () => (last = Math.max(Date.now(), last + 1));
}

/** A seeded emulator; Team Edition unless `edition` says otherwise. */
export async function startSeeded(options: { edition?: Edition } = {}): Promise<SeededEmulator> {
  const core = new EmulatorCore({ now: monotonicClock(), ...options });
  const world = seedDemo(core);
  const running = await startEmulator({ core });
  return { ...running, world };
}

export function userId(emu: SeededEmulator, username: string): string {
  const user = emu.world.users[username];
  if (!user) throw new Error(`no seeded user ${username}`);
  return user.id;
}

export function channelId(emu: SeededEmulator, name: string): string {
  const channel = emu.world.channels[name];
  if (!channel) throw new Error(`no seeded channel ${name}`);
  return channel.id;
}

export interface Frame {
  event?: string;
  data?: Record<string, unknown>;
  broadcast?: Record<string, unknown>;
  seq?: number;
  seq_reply?: number;
  status?: string;
  error?: { id: string; status_code: number };
}

/** A raw `ws` socket that records frames, for protocol-level tests. */
export interface RawSocket {
  ws: WebSocket;
  frames: Frame[];
  next(predicate: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  closed: Promise<{ code: number }>;
  send(frame: unknown): void;
}

export function rawSocket(
  baseUrl: string,
  options: { query?: string; headers?: Record<string, string> } = {},
): Promise<RawSocket> {
  const ws = new WebSocket(websocketUrl(baseUrl) + (options.query ?? '?connection_id=&sequence_number=0'), {
    headers: options.headers ?? {},
  });
  const frames: Frame[] = [];
  const waiters: Array<{ predicate: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  let consumed = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.predicate(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  const next = (predicate: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> => {
    const index = frames.findIndex((f, i) => i >= consumed && predicate(f));
    if (index >= 0) {
      consumed = index + 1;
      return Promise.resolve(frames[index]!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
      waiters.push({
        predicate,
        resolve: (f) => {
          clearTimeout(timer);
          consumed = frames.length;
          resolve(f);
        },
      });
    });
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, next, closed, send: (f) => ws.send(JSON.stringify(f)) }));
    ws.once('error', reject);
  });
}
