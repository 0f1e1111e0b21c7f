/**
 * The real `@mattermost/client` in Node, pointed at a server (the emulator, or a real
 * Mattermost): a Client4 with a token, and a WebSocketClient with helpers to await
 * events. `@mattermost/client` is CommonJS, hence the default import.
 */
import mm from '@mattermost/client';
import type { Client4 as Client4Type, WebSocketClient as WebSocketClientType } from '@mattermost/client';
import WebSocket from 'ws';

const { Client4, WebSocketClient } = mm;

// The client reads `WebSocket.OPEN` from the global scope, which Node 20 lacks.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export type Client = Client4Type;

/** A Client4 for `baseUrl` (no /api/v4), authenticated with `token` when given. */
export function makeClient(baseUrl: string, token?: string): Client4Type {
  const client = new Client4();
  client.setUrl(baseUrl);
  // Bearer tokens only, as the widget does: Node has no cookie jar anyway.
  client.setIncludeCookies(false);
  if (token) client.setToken(token);
  return client;
}

/** Logs in by password and returns a client that carries the session token. */
export async function loginClient(baseUrl: string, loginId: string, password: string): Promise<Client4Type> {
  const client = makeClient(baseUrl);
  await client.login(loginId, password);
  return client;
}

export interface WsMessage {
  event?: string;
  data?: Record<string, unknown>;
  broadcast?: Record<string, unknown>;
  seq?: number;
  seq_reply?: number;
  status?: string;
}

export interface SocketHandle {
  client: WebSocketClientType;
  /** Every event received, in order. */
  events: WsMessage[];
  /** Resolves with the first event (already received or future) matching. */
  waitFor(predicate: (msg: WsMessage) => boolean, timeoutMs?: number): Promise<WsMessage>;
  /** Resolves when the client has reconnected after this call. */
  nextReconnect(timeoutMs?: number): Promise<void>;
  close(): void;
}

export function websocketUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws') + '/api/v4/websocket';
}

/**
 * Opens a WebSocketClient with a token challenge and resolves once `hello` has
 * arrived. `minRetryMs` shortens the client's 3 s reconnect delay for tests.
 */
export async function openSocket(
  baseUrl: string,
  token: string,
  options: { minRetryMs?: number } = {},
): Promise<SocketHandle> {
  const client = new WebSocketClient({
    newWebSocketFn: (url: string) => new WebSocket(url) as unknown as globalThis.WebSocket,
    minWebSocketRetryTime: options.minRetryMs ?? 50,
    reconnectJitterRange: 10,
  });
  const events: WsMessage[] = [];
  const waiters: Array<{ predicate: (msg: WsMessage) => boolean; resolve: (msg: WsMessage) => void }> = [];
  const reconnectWaiters: Array<() => void> = [];
  client.addMessageListener((raw) => {
    const msg = raw as unknown as WsMessage;
    events.push(msg);
    for (const w of [...waiters]) {
      if (w.predicate(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
  });
  client.addReconnectListener(() => {
    for (const r of reconnectWaiters.splice(0)) r();
  });
  // A missed-message listener makes the client track connection ids and resync.
  client.addMissedMessageListener(() => undefined);
  const waitFor = (predicate: (msg: WsMessage) => boolean, timeoutMs = 5000): Promise<WsMessage> => {
    const seen = events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(entry), 1);
        reject(new Error('timed out waiting for a WebSocket event'));
      }, timeoutMs);
      const entry = {
        predicate,
        resolve: (msg: WsMessage) => {
          clearTimeout(timer);
          resolve(msg);
        },
      };
      waiters.push(entry);
    });
  };
  const hello = waitFor((m) => m.event === 'hello');
  client.initialize(websocketUrl(baseUrl), token);
  await hello;
  return {
    client,
    events,
    waitFor,
    nextReconnect: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a reconnect')), timeoutMs);
        reconnectWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    close: () => client.close(),
  };
}
