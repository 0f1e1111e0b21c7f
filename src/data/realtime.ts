/**
 * The live connection: one `WebSocketClient` per store, its reconnects, and the moments
 * when the store must catch up over REST because events may have been missed.
 */
import { mattermostLib } from './client.js';

type WebSocketClient = InstanceType<typeof mattermostLib.WebSocketClient>;

/** The few fields of a WebSocket event that the store reads; payloads are checked where used. */
export interface RealtimeEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: { user_id?: string; channel_id?: string; team_id?: string };
}

export interface RealtimeHandlers {
  event(event: RealtimeEvent): void;
  /** A `hello`: the server registered this socket; anything before it may have been missed. */
  hello(): void;
  /** The socket reopened after a drop, or the client saw a new connection id. */
  resync(): void;
  /** The socket closed; `failures` counts consecutive failed attempts. */
  closed(failures: number): void;
}

export interface RealtimeOptions {
  /** First reconnect delay in ms (Mattermost's client default: 3000). */
  reconnectDelay?: number;
  /** Random extra delay in ms (default 2000). */
  reconnectJitter?: number;
  /**
   * Makes a socket; default `new WebSocket(url)`. Node 20 has no global WebSocket, and
   * `WebSocketClient` reads `WebSocket.OPEN` from the global: there, set
   * `globalThis.WebSocket` to `ws`'s class (this option alone is not enough).
   */
  createWebSocket?: (url: string) => WebSocket;
}

export class Realtime {
  readonly #handlers: RealtimeHandlers;
  readonly #options: RealtimeOptions;
  #client: WebSocketClient | undefined;
  /** Every socket the current client opened, so `close` can silence one still connecting. */
  readonly #sockets = new Set<WebSocket>();

  constructor(handlers: RealtimeHandlers, options: RealtimeOptions = {}) {
    this.#handlers = handlers;
    this.#options = options;
  }

  get connected(): boolean {
    for (const socket of this.#sockets) if (socket.readyState === 1) return true;
    return false;
  }

  /** Opens a socket that authenticates with `token`; replaces any previous one. */
  connect(url: string, token: string): void {
    this.close();
    const sockets = this.#sockets;
    const client = new mattermostLib.WebSocketClient({
      // Read the global at call time: msw (and polyfills) replace it after import.
      newWebSocketFn: (socketUrl: string) => {
        const socket = this.#options.createWebSocket
          ? this.#options.createWebSocket(socketUrl)
          : new WebSocket(socketUrl);
        sockets.add(socket);
        socket.addEventListener('close', () => sockets.delete(socket));
        return socket;
      },
      ...(this.#options.reconnectDelay !== undefined ? { minWebSocketRetryTime: this.#options.reconnectDelay } : {}),
      ...(this.#options.reconnectJitter !== undefined ? { reconnectJitterRange: this.#options.reconnectJitter } : {}),
    });
    client.addMessageListener((message: unknown) => {
      if (this.#client !== client) return;
      const event = asEvent(message);
      if (!event) return;
      try {
        if (event.event === 'hello') this.#handlers.hello();
        else this.#handlers.event(event);
      } catch (error) {
        // One bad event must not take the socket down with it.
        console.error('bisman-chat: failed to apply a live event', event.event, error);
      }
    });
    const resync = () => {
      if (this.#client === client) this.#handlers.resync();
    };
    client.addReconnectListener(resync);
    client.addMissedMessageListener(resync);
    client.addCloseListener((failures: number) => {
      if (this.#client === client) this.#handlers.closed(failures);
    });
    this.#client = client;
    client.initialize(url, token);
  }

  /** Sends the `user_typing` action; dropped silently while disconnected. */
  typing(channelId: string, parentId: string): void {
    this.#client?.userTyping(channelId, parentId);
  }

  close(): void {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    // `close()` leaves a socket that is still connecting alone, and its close handler would
    // schedule a reconnect: detach and close every socket ourselves.
    client.close();
    for (const socket of this.#sockets) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.onclose = null;
      if (socket.readyState === 0 || socket.readyState === 1) socket.close();
    }
    this.#sockets.clear();
    client.clearReconnectTimeout();
    client.stopPingInterval();
  }
}

function asEvent(message: unknown): RealtimeEvent | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const record = message as Record<string, unknown>;
  if (typeof record.event !== 'string') return undefined;
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as Record<string, unknown>) : {};
  const broadcast =
    typeof record.broadcast === 'object' && record.broadcast !== null
      ? (record.broadcast as RealtimeEvent['broadcast'])
      : {};
  return { event: record.event, data, broadcast };
}
