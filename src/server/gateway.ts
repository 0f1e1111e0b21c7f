// MM_PROXY's WebSocket gateway: `/api/v4/websocket` bridged to Mattermost with `ws`.
// What one client may hold is bounded: frames (WS_MAX_FRAME_BYTES, both ways), sockets per
// client address (WS_MAX_SOCKETS_PER_IP), and time to authenticate (WS_AUTH_TIMEOUT_SECONDS);
// no upstream socket is opened for a client that has not presented a token.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from './logger.js';

export const WS_PATH = /^\/api\/v4\/websocket\/?$/;

/** Close codes (RFC 6455 §7.4.1). */
const POLICY_VIOLATION = 1008;
const MESSAGE_TOO_BIG = 1009;
const TRY_AGAIN_LATER = 1013;
/**
 * What a client may send before Mattermost has confirmed its session: the widget sends a
 * challenge and a ping of a hundred bytes or so. Held while Mattermost's socket opens, so
 * bounded well below WS_MAX_FRAME_BYTES × frames.
 */
const MAX_FRAMES_BEFORE_AUTH = 32;
const MAX_BYTES_BEFORE_AUTH = 64 * 1024;

export interface GatewayOptions {
  /** Mattermost as this server reaches it (http[s]://, no trailing slash). */
  readonly mmBaseUrl: string;
  /** Origins whose pages may open the socket. */
  readonly origins: ReadonlySet<string>;
  /** This server's public origin (configuration only): same-origin pages, X-Forwarded-Proto/Host. */
  readonly ownOrigin: () => string | undefined;
  /** The client's address (the same function the rate limits use). */
  readonly clientAddress: (req: IncomingMessage) => string;
  readonly maxFrameBytes: number;
  readonly maxSocketsPerIp: number;
  readonly authTimeoutMs: number;
  readonly logger: Logger;
}

export interface WebSocketGateway {
  /** Handles an upgrade whose path is WS_PATH. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every bridge at once. */
  close(): void;
}

interface ClientAction {
  action?: unknown;
  seq?: unknown;
  data?: { token?: unknown } | null;
}

interface UpstreamFrame {
  event?: unknown;
  status?: unknown;
  seq_reply?: unknown;
}

/** One client socket and its Mattermost socket. */
interface Bridge {
  readonly address: string;
  client?: WebSocket;
  upstream?: WebSocket;
  /** Mattermost has shown that this socket has a session (an event, or OK to an action). */
  authenticated: boolean;
  /** Sequence numbers of the client's actions before then (other than `presence`, answered OK to anyone). */
  readonly awaiting: Set<number>;
  /** Client frames and bytes counted before authentication. */
  framesBeforeAuth: number;
  bytesBeforeAuth: number;
  /** Client frames held until the upstream socket opens. */
  readonly held: { data: WebSocket.RawData; binary: boolean }[];
  timer?: ReturnType<typeof setTimeout>;
  ended: boolean;
}

export function createWebSocketGateway(options: GatewayOptions): WebSocketGateway {
  const { maxFrameBytes, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const bridges = new Set<Bridge>();
  const perAddress = new Map<string, number>();
  const upstreamBase = options.mmBaseUrl.replace(/^http/, 'ws');

  const end = (bridge: Bridge): void => {
    if (bridge.ended) return;
    bridge.ended = true;
    clearTimeout(bridge.timer);
    bridges.delete(bridge);
    const left = (perAddress.get(bridge.address) ?? 1) - 1;
    if (left > 0) perAddress.set(bridge.address, left);
    else perAddress.delete(bridge.address);
  };

  /** Closes the client with `code` (or refuses its upgrade) and drops the upstream socket. */
  const fail = (bridge: Bridge, code: number, reason: string, socket?: Duplex, status?: number): void => {
    end(bridge);
    bridge.upstream?.terminate();
    if (bridge.client) closeWith(bridge.client, code, Buffer.from(reason));
    else if (socket && status) rejectUpgrade(socket, status);
  };

  const confirm = (bridge: Bridge): void => {
    bridge.authenticated = true;
    bridge.awaiting.clear();
    clearTimeout(bridge.timer);
  };

  /** Before authentication: does this Mattermost frame prove the socket has a session? */
  const watchUpstream = (bridge: Bridge, data: WebSocket.RawData, binary: boolean): void => {
    if (bridge.authenticated || binary) return;
    const frame = parseJson<UpstreamFrame>(data);
    // Mattermost sends events only to authenticated sockets (web_conn.go ShouldSendEvent),
    // and answers actions other than `presence` with a 401 until then (websocket_router.go).
    if (
      typeof frame?.event === 'string' ||
      (frame?.status === 'OK' && typeof frame.seq_reply === 'number' && bridge.awaiting.has(frame.seq_reply))
    )
      confirm(bridge);
  };

  /** Before authentication: counts the client's frames and notes the actions Mattermost must answer. */
  const watchClient = (bridge: Bridge, data: WebSocket.RawData, binary: boolean): boolean => {
    if (bridge.authenticated) return true;
    bridge.bytesBeforeAuth += byteLength(data);
    if (++bridge.framesBeforeAuth > MAX_FRAMES_BEFORE_AUTH || bridge.bytesBeforeAuth > MAX_BYTES_BEFORE_AUTH) {
      fail(bridge, POLICY_VIOLATION, 'authenticate first');
      return false;
    }
    const frame = binary ? undefined : parseJson<ClientAction>(data);
    if (typeof frame?.seq === 'number' && frame.action !== 'presence') bridge.awaiting.add(frame.seq);
    return true;
  };

  const connectUpstream = (bridge: Bridge, req: IncomingMessage, url: URL): WebSocket => {
    const headers: Record<string, string> = {};
    // The token, if the client sent it at the upgrade; never the host origin's cookies.
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    if (req.headers['user-agent']) headers['user-agent'] = req.headers['user-agent'];
    headers['x-forwarded-for'] = bridge.address;
    headers['x-real-ip'] = bridge.address;
    const own = options.ownOrigin();
    if (own !== undefined) {
      const { protocol, host } = new URL(own);
      headers['x-forwarded-proto'] = protocol === 'https:' ? 'https' : 'http';
      headers['x-forwarded-host'] = host;
    }
    const upstream = new WebSocket(`${upstreamBase}${url.pathname}${url.search}`, {
      headers,
      handshakeTimeout: options.authTimeoutMs,
      maxPayload: maxFrameBytes,
    });
    bridge.upstream = upstream;
    return upstream;
  };

  /** Both sockets open: frames flow both ways, each side paused while the other is backed up. */
  const join = (bridge: Bridge, client: WebSocket, upstream: WebSocket): void => {
    relay(upstream, client, maxFrameBytes, (data, binary) => watchUpstream(bridge, data, binary));
    upstream.on('close', (code, reason) => {
      end(bridge);
      closeWith(client, code, reason);
    });
    upstream.on('error', (err: Error & { code?: string }) => {
      if (bridge.ended) return;
      // An oversize frame from Mattermost: the client is told the same way it would be.
      fail(bridge, err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? MESSAGE_TOO_BIG : 1011, 'upstream error');
    });
    for (const { data, binary } of bridge.held.splice(0)) upstream.send(data, { binary });
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A reset before the upgrade completes must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway');
    } catch {
      return rejectUpgrade(socket, 400);
    }
    if (!WS_PATH.test(url.pathname)) return rejectUpgrade(socket, 404);
    const origin = req.headers.origin;
    if (origin !== undefined && !options.origins.has(origin) && origin !== options.ownOrigin())
      return rejectUpgrade(socket, 403);
    const address = options.clientAddress(req);
    const open = perAddress.get(address) ?? 0;
    if (open >= options.maxSocketsPerIp) return rejectUpgrade(socket, 429);
    perAddress.set(address, open + 1);

    const bridge: Bridge = {
      address,
      authenticated: false,
      awaiting: new Set(),
      framesBeforeAuth: 0,
      bytesBeforeAuth: 0,
      held: [],
      ended: false,
    };
    bridges.add(bridge);
    bridge.timer = setTimeout(
      () => fail(bridge, POLICY_VIOLATION, 'not authenticated in time', socket, 408),
      options.authTimeoutMs,
    );
    socket.once('close', () => {
      if (!bridge.client) fail(bridge, POLICY_VIOLATION, 'gone');
    });

    const accept = (onClient: (client: WebSocket) => void): void =>
      wss.handleUpgrade(req, socket, head, (client) => {
        if (bridge.ended) return client.terminate();
        bridge.client = client;
        client.on('close', (code, reason) => {
          end(bridge);
          if (bridge.upstream) closeWith(bridge.upstream, code, reason);
        });
        client.on('error', () => {
          // ws has already closed the socket (1009 for an oversize frame); end the bridge.
          end(bridge);
          bridge.upstream?.terminate();
        });
        onClient(client);
      });

    // A token at the upgrade (a header or ?access_token, as Mattermost reads them):
    // Mattermost is asked first, so a client sees it being down as a failed upgrade.
    if (req.headers.authorization !== undefined || url.searchParams.has('access_token')) {
      const upstream = connectUpstream(bridge, req, url);
      const early: { data: WebSocket.RawData; binary: boolean }[] = [];
      const onEarly = (data: WebSocket.RawData, binary: boolean) => {
        watchUpstream(bridge, data, binary);
        early.push({ data, binary });
      };
      upstream.on('message', onEarly);
      upstream.once('unexpected-response', (_req, res) => {
        const status = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 502;
        fail(bridge, TRY_AGAIN_LATER, 'Mattermost refused', socket, status);
      });
      upstream.on('error', (err) => {
        if (bridge.ended || bridge.client) return;
        logger.warn({ err: err.message }, 'websocket gateway: Mattermost unreachable');
        fail(bridge, TRY_AGAIN_LATER, 'Mattermost unreachable', socket, 502);
      });
      upstream.once('open', () =>
        accept((client) => {
          upstream.off('message', onEarly);
          for (const m of early) client.send(m.data, { binary: m.binary });
          client.on('message', (data, binary) => {
            if (watchClient(bridge, data, binary)) forward(client, upstream, data, binary, maxFrameBytes);
          });
          join(bridge, client, upstream);
        }),
      );
      return;
    }

    // Otherwise the first frame must be Mattermost's `authentication_challenge` with a token
    // (what @mattermost/client sends on open); only then is Mattermost's socket opened.
    accept((client) => {
      client.on('message', (data, binary) => {
        if (!watchClient(bridge, data, binary)) return;
        if (bridge.upstream === undefined) {
          const frame = binary ? undefined : parseJson<ClientAction>(data);
          if (frame?.action !== 'authentication_challenge' || typeof frame.data?.token !== 'string')
            return fail(bridge, POLICY_VIOLATION, 'authenticate first');
          bridge.held.push({ data, binary });
          const upstream = connectUpstream(bridge, req, url);
          upstream.once('unexpected-response', (_req, res) =>
            fail(bridge, TRY_AGAIN_LATER, `Mattermost answered ${res.statusCode}`),
          );
          const unreachable = (err: Error) => {
            if (bridge.ended) return;
            logger.warn({ err: err.message }, 'websocket gateway: Mattermost unreachable');
            fail(bridge, TRY_AGAIN_LATER, 'Mattermost unreachable');
          };
          upstream.on('error', unreachable);
          upstream.once('open', () => {
            upstream.off('error', unreachable);
            join(bridge, client, upstream);
          });
          return;
        }
        if (bridge.upstream.readyState === WebSocket.OPEN)
          forward(client, bridge.upstream, data, binary, maxFrameBytes);
        else bridge.held.push({ data, binary });
      });
    });
  };

  return {
    upgrade,
    close() {
      for (const bridge of [...bridges]) {
        end(bridge);
        bridge.client?.terminate();
        bridge.upstream?.terminate();
      }
      wss.close();
    },
  };
}

/** Sends one frame on, pausing `from` while `to` holds more than a frame's worth unsent. */
function forward(from: WebSocket, to: WebSocket, data: WebSocket.RawData, binary: boolean, highWater: number): void {
  if (to.readyState !== WebSocket.OPEN) return;
  to.send(data, { binary }, () => {
    if (from.isPaused && to.bufferedAmount < highWater) from.resume();
  });
  if (to.bufferedAmount >= highWater) from.pause();
}

/** Every frame of `from` to `to`, with backpressure; `watch` sees each first. */
function relay(
  from: WebSocket,
  to: WebSocket,
  highWater: number,
  watch: (data: WebSocket.RawData, binary: boolean) => void,
): void {
  from.on('message', (data, binary) => {
    watch(data, binary);
    forward(from, to, data, binary, highWater);
  });
}

function byteLength(data: WebSocket.RawData): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
}

function parseJson<T>(data: WebSocket.RawData): T | undefined {
  try {
    const value: unknown = JSON.parse(data.toString());
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  502: 'Bad Gateway',
};

export function rejectUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Passes a close on; codes that may not be sent (1005, 1006, 1015) become 1000/1011. */
function closeWith(socket: WebSocket, code: number, reason: Buffer): void {
  if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) return;
  if (socket.readyState === WebSocket.CONNECTING) return socket.terminate();
  const sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  socket.close(sendable ? code : code === 1005 ? 1000 : 1011, sendable ? reason : undefined);
}
