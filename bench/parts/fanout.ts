// Emulator fan-out: N raw WebSocket clients (authentication_challenge, like
// WebSocketClient) for N users in one channel; one post's delivery to all of them.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startChild } from '../lib/child.js';
import { toCalibration } from '../lib/calibration.js';
import { notMeasured, percentile, type Row } from '../lib/report.js';

const PART = 'Emulator fan-out';
const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 500);
const POSTS = Number(process.env.BENCH_FANOUT_POSTS ?? 20);

interface FanoutInfo {
  url: string;
  channelId: string;
  users: { id: string; token: string }[];
}

interface Client {
  socket: WebSocket;
  /** Called with the raw frame; cheap string checks only, so the clock stays honest. */
  onFrame?: (frame: string, at: number) => void;
}

function connect(wsUrl: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const client: Client = { socket };
    const timer = setTimeout(() => reject(new Error('WebSocket authentication timed out')), 20_000);
    let authed = false;
    socket.on('open', () =>
      socket.send(JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token } })),
    );
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = data.toString();
      if (!authed) {
        if (frame.includes('"hello"')) {
          authed = true;
          clearTimeout(timer);
          resolve(client);
        } else if (frame.includes('"FAIL"')) {
          clearTimeout(timer);
          reject(new Error(`authentication_challenge refused: ${frame.slice(0, 200)}`));
        }
        return;
      }
      client.onFrame?.(frame, at);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function fanoutPart(): Promise<Row[]> {
  let emulator;
  try {
    emulator = await startChild<FanoutInfo>(
      'bench/servers/emulator.ts',
      { BENCH_FANOUT_USERS: String(CLIENTS) },
      120_000,
    );
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    return [
      notMeasured(PART, `one post to ${CLIENTS} clients: p50`, why),
      notMeasured(PART, `one post to ${CLIENTS} clients: p99`, why),
    ];
  }
  const clients: Client[] = [];
  try {
    const { url, channelId, users } = emulator.info;
    const wsUrl = `${url.replace(/^http/, 'ws')}/api/v4/websocket`;
    // Connect in batches, as a crowd arriving rather than a single SYN flood.
    for (let i = 0; i < users.length; i += 50) {
      clients.push(...(await Promise.all(users.slice(i, i + 50).map((u) => connect(wsUrl, u.token)))));
    }
    const p50s: number[] = [];
    const p99s: number[] = [];
    const lasts: number[] = [];
    let missing = 0;
    // One warm-up post, then the measured ones.
    for (let n = 0; n <= POSTS; n++) {
      const marker = `fanout-${n}-${Date.now()}`;
      const received: number[] = [];
      const all = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        for (const client of clients) {
          client.onFrame = (frame, at) => {
            if (!frame.includes('"posted"') || !frame.includes(marker)) return;
            received.push(at);
            client.onFrame = undefined;
            if (received.length === clients.length) {
              clearTimeout(timer);
              resolve();
            }
          };
        }
      });
      const t0 = performance.now();
      const response = await fetch(`${url}/api/v4/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${users[0]!.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel_id: channelId, message: marker }),
      });
      if (!response.ok) throw new Error(`POST /api/v4/posts answered ${response.status}`);
      await all;
      if (n === 0) continue;
      missing += clients.length - received.length;
      const latencies = received.map((at) => at - t0);
      p50s.push(percentile(latencies, 50));
      p99s.push(percentile(latencies, 99));
      lasts.push(Math.max(...latencies));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const setup = `${CLIENTS} ws clients, ${POSTS} posts, from POST /api/v4/posts to the posted frame`;
    const missed = missing ? { pass: false as const, note: `${missing} deliveries missing` } : {};
    return [
      {
        part: PART,
        figure: `one post to ${CLIENTS} clients: p50 delivery (${setup})`,
        unit: 'ms',
        samples: p50s,
        ratio: toCalibration(p50s),
        ...missed,
      },
      {
        part: PART,
        figure: `one post to ${CLIENTS} clients: p99 delivery`,
        unit: 'ms',
        samples: p99s,
        ratio: toCalibration(p99s),
        ...missed,
      },
      {
        part: PART,
        figure: `one post to ${CLIENTS} clients: last delivery`,
        unit: 'ms',
        samples: lasts,
        ratio: toCalibration(lasts),
      },
    ];
  } finally {
    for (const client of clients) client.socket.terminate();
    await emulator.close();
  }
}
