// What the contract tests share: an emulator on a free port with the demo world, the
// official Client4 pointed at it, raw HTTP for the headers Client4 hides, and a raw
// WebSocket that keeps every frame so a test can see exactly what the server sent.
import mm from '@mattermost/client';
import WebSocket from 'ws';
import { EmulatorCore, startEmulator } from '../../../src/emulator/node.js';

// @mattermost/client is CommonJS: in Node the named exports exist only on the default.
const { Client4 } = mm;
export type MMClient = InstanceType<typeof Client4>;

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface World {
  emulator: Emulator;
  url: string;
  admin: MMClient;
  /** Signs in one of the seeded demo users (alice, bob, sam, admin) by token. */
  user(username: string): Promise<{ id: string; token: string; client: MMClient }>;
  /** The emulator's clock (ms). */
  now(): number;
  /** Moves the emulator's clock forward, for windows such as the 30 s post dedupe. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export function client(url: string, token?: string): MMClient {
  const c = new Client4();
  c.setUrl(url);
  if (token) c.setToken(token);
  return c;
}

export async function startWorld(): Promise<World> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const emulator = await startEmulator({ port: 0, seed: true, core: new EmulatorCore({ now }) });
  const url = emulator.url.replace(/\/$/, '');
  const admin = client(url, emulator.adminToken);
  const users = new Map<string, { id: string; token: string; client: MMClient }>();
  return {
    emulator,
    url,
    admin,
    async user(username) {
      let u = users.get(username);
      if (!u) {
        const { id } = await admin.getUserByUsername(username);
        const token = emulator.core.issueToken(id);
        u = { id, token, client: client(url, token) };
        users.set(username, u);
      }
      return u;
    },
    now,
    advanceClock(ms) {
      offset += ms;
    },
    close: () => emulator.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP request under /api/v4 with exactly the headers given (no Client4 defaults). */
export async function http(url: string, path: string, req: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  let body: BodyInit | undefined;
  if (req.body instanceof FormData || typeof req.body === 'string') body = req.body;
  else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${url}/api/v4${path}`, { method: req.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface RecordedFetch {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  versionId: string | null;
  /** The body as sent, before Client4 parsed it. */
  text: string;
}

/**
 * Wraps the global fetch (which Client4 uses) to note each exchange's status and content
 * type, so a test that calls a Client4 method can also check what went over the wire.
 */
export function recordFetches(): { last(): RecordedFetch; restore(): void } {
  const original = globalThis.fetch;
  let last: RecordedFetch | undefined;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const text = await res.clone().text();
    last = {
      method: init?.method ?? 'GET',
      url,
      status: res.status,
      contentType: res.headers.get('content-type'),
      versionId: res.headers.get('x-version-id'),
      text,
    };
    return res;
  };
  return {
    last() {
      if (!last) throw new Error('no request was made');
      return last;
    },
    restore() {
      globalThis.fetch = original;
    },
  };
}

/** A server frame: an event (`event`, `seq`) or a reply (`seq_reply`). */
export interface Frame {
  event?: string;
  seq?: number;
  seq_reply?: number;
  status?: string;
  data?: Record<string, unknown>;
  broadcast?: Record<string, unknown>;
  error?: Record<string, unknown>;
}

/**
 * A raw WebSocket to /api/v4/websocket that keeps every frame in order. `next` returns
 * (or waits for) the earliest matching frame, so tests wait on events, never on time.
 */
export class FrameSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; framesBeforeClose: number }>;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  private waiters: Array<() => void> = [];
  /** Frames already returned by `next`, so that each is returned once. */
  private readonly taken = new Set<number>();
  private actionSeq = 0;

  constructor(url: string, query = 'connection_id=&sequence_number=0', headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v4/websocket?${query}`, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code) => {
        resolve({ code, framesBeforeClose: this.frames.length });
        this.wake();
      });
    });
    this.ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
  }

  static async open(url: string, query?: string, headers?: Record<string, string>): Promise<FrameSocket> {
    const s = new FrameSocket(url, query, headers);
    await s.opened;
    return s;
  }

  /** Opens a socket and authenticates with the token challenge; resolves on the OK reply. */
  static async authenticated(url: string, token: string): Promise<FrameSocket> {
    const s = await FrameSocket.open(url);
    await s.challenge(token);
    return s;
  }

  async challenge(token: string): Promise<Frame> {
    const seq = this.send('authentication_challenge', { token });
    return this.next((f) => f.seq_reply === seq, `reply to authentication_challenge seq ${seq}`);
  }

  /** Sends an action with the next action seq (1, 2, ...), like WebSocketClient. */
  send(action: string, data: Record<string, unknown> = {}): number {
    this.actionSeq += 1;
    this.ws.send(JSON.stringify({ action, seq: this.actionSeq, data }));
    return this.actionSeq;
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The earliest frame, received or still to come, that matches and was not returned before. */
  async next(match: (f: Frame) => boolean, what: string, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f, idx) => !this.taken.has(idx) && match(f));
      if (i >= 0) {
        this.taken.add(i);
        return this.frames[i] as Frame;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  event(name: string, match: (f: Frame) => boolean = () => true): Promise<Frame> {
    return this.next((f) => f.event === name && match(f), `event ${name}`);
  }

  /** Frames received since index `from` (for "nothing else arrived before X" checks). */
  since(from: number): Frame[] {
    return this.frames.slice(from);
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const JSON_CT = 'application/json';

/** A fresh unique-ish name for things a test creates. */
let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}
