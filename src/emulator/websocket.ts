/**
 * Mattermost's WebSocket protocol over any socket-like transport (ws in Node, msw
 * in the browser): authentication at the upgrade or by `authentication_challenge`,
 * `hello`, per-connection sequence numbers, a 128-event dead queue for replay on a
 * cookie/header-authenticated reconnect, and the actions a client sends.
 */
import type { EmulatorCore, EmulatorEvent, EventSink, Session } from './core.js';
import { SERVER_VERSION, isId, newId } from './core.js';

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Code that adapters turn into a close without a close frame (what the client sees as 1006). */
export const ABNORMAL_CLOSE = 1006;
const DEAD_QUEUE_SIZE = 128;
const AUTH_TIMEOUT_MS = 5000;
/** Dormant connections wait this long for a reconnect, and no more than this many are kept. */
const DORMANT_TTL_MS = 5 * 60_000;
const MAX_DORMANT = 256;

/** An event's JSON without `seq`, computed once however many connections receive it. */
const serialized = new WeakMap<EmulatorEvent, string>();

class Connection implements EventSink {
  sequence = 0;
  deadQueue: Array<{ seq: number; frame: string }> = [];
  dormantSince = 0;

  constructor(
    readonly connectionId: string,
    readonly userId: string,
    readonly token: string,
    public socket: SocketLike | null,
    private readonly forget: (conn: Connection) => void,
  ) {}

  get live(): boolean {
    return this.socket !== null;
  }

  deliver(event: EmulatorEvent): void {
    let body = serialized.get(event);
    if (body === undefined) {
      body = JSON.stringify({ event: event.event, data: event.data, broadcast: event.broadcast });
      serialized.set(event, body);
    }
    // The same JSON with this connection's sequence number as the last key.
    const frame = `${body.slice(0, -1)},"seq":${this.sequence}}`;
    this.deadQueue.push({ seq: this.sequence, frame });
    if (this.deadQueue.length > DEAD_QUEUE_SIZE) this.deadQueue.shift();
    this.sequence++;
    this.socket?.send(frame);
  }

  drop(): boolean {
    const socket = this.socket;
    if (!socket) return false;
    this.socket = null;
    this.dormantSince = Date.now();
    socket.close(ABNORMAL_CLOSE, 'dropped');
    return true;
  }

  kill(): void {
    const socket = this.socket;
    this.socket = null;
    this.forget(this);
    socket?.close(ABNORMAL_CLOSE, 'session revoked');
  }
}

interface Registry {
  connections: Map<string, Connection>;
  unsubscribe: Map<string, () => void>;
}

const registries = new WeakMap<EmulatorCore, Registry>();

function registryOf(core: EmulatorCore): Registry {
  let registry = registries.get(core);
  if (!registry) {
    registry = { connections: new Map(), unsubscribe: new Map() };
    registries.set(core, registry);
  }
  return registry;
}

function forgetConnection(core: EmulatorCore, conn: Connection): void {
  const registry = registryOf(core);
  registry.connections.delete(conn.connectionId);
  registry.unsubscribe.get(conn.connectionId)?.();
  registry.unsubscribe.delete(conn.connectionId);
}

/** Keeps dormant connections (awaiting a reconnect) few and recent. */
function sweep(core: EmulatorCore): void {
  const registry = registryOf(core);
  const now = Date.now();
  const dormant = [...registry.connections.values()].filter((c) => !c.live);
  dormant.sort((a, b) => a.dormantSince - b.dormantSince);
  dormant.forEach((conn, index) => {
    if (now - conn.dormantSince > DORMANT_TTL_MS || dormant.length - index > MAX_DORMANT) forgetConnection(core, conn);
  });
}

/** Live connections across all cores' users, for status bookkeeping. */
function hasLiveConnection(core: EmulatorCore, userId: string): boolean {
  for (const conn of registryOf(core).connections.values()) if (conn.userId === userId && conn.live) return true;
  return false;
}

function tokenFromHeaders(headers: Headers | undefined): string | undefined {
  if (!headers) return undefined;
  const cookie = headers.get('cookie');
  if (cookie) {
    for (const part of cookie.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === 'MMAUTHTOKEN' && rest.length) {
        const raw = rest.join('=');
        try {
          return decodeURIComponent(raw);
        } catch {
          return raw; // a malformed escape is just a bad token
        }
      }
    }
  }
  const auth = headers.get('authorization');
  const match = auth?.match(/^(bearer|token)\s+(\S+)$/i);
  return match?.[2];
}

interface ActionFrame {
  action: string;
  seq: number;
  data?: Record<string, unknown>;
}

/**
 * Accepts an upgraded socket. The transport calls `message` for each text frame and
 * `closed` once when the socket goes away.
 */
export function acceptSocket(
  core: EmulatorCore,
  socket: SocketLike,
  request: { url: string; headers?: Headers },
): { message(data: string): void; closed(): void } {
  sweep(core);
  const registry = registryOf(core);
  let url: URL;
  try {
    url = new URL(request.url, 'http://emulator.invalid');
  } catch {
    url = new URL('http://emulator.invalid/api/v4/websocket');
  }
  const requestedId = url.searchParams.get('connection_id') ?? '';
  const requestedSeq = url.searchParams.get('sequence_number');
  let conn: Connection | undefined;
  let closed = false;
  let authTimer: ReturnType<typeof setTimeout> | undefined;

  const reply = (seq: number, data?: Record<string, unknown>): void => {
    if (!closed) socket.send(JSON.stringify({ status: 'OK', seq_reply: seq, ...(data ? { data } : {}) }));
  };
  const fail = (seq: number, id: string, message: string, status: number): void => {
    if (closed) return;
    socket.send(
      JSON.stringify({
        status: 'FAIL',
        seq_reply: seq,
        error: { id, message, detailed_error: '', status_code: status },
      }),
    );
  };
  const closeNow = (): void => {
    if (closed) return;
    closed = true;
    if (authTimer) clearTimeout(authTimer);
    socket.close(ABNORMAL_CLOSE, 'closed by server');
  };

  const fresh = (session: Session): Connection => {
    const created = new Connection(newId(), session.userId, session.token, socket, (c) => forgetConnection(core, c));
    registry.connections.set(created.connectionId, created);
    registry.unsubscribe.set(created.connectionId, core.subscribe(created));
    created.deliver({
      event: 'hello',
      data: { server_version: core.versionId, connection_id: created.connectionId, server_hostname: 'bisman-emulator' },
      broadcast: {
        omit_users: null,
        user_id: session.userId,
        channel_id: '',
        team_id: '',
        connection_id: '',
        omit_connection_id: '',
      },
    });
    return created;
  };

  /** Reuses a known connection when the upgrade itself was authenticated, as the server does. */
  const resume = (session: Session): Connection => {
    const old = requestedId ? registry.connections.get(requestedId) : undefined;
    const wanted = requestedSeq === null ? NaN : Number(requestedSeq);
    if (!old || old.userId !== session.userId || !Number.isInteger(wanted) || wanted < 0) return fresh(session);
    if (old.socket && old.socket !== socket) old.socket.close(ABNORMAL_CLOSE, 'replaced');
    const first = old.deadQueue[0]?.seq ?? old.sequence;
    if (wanted === old.sequence) {
      old.socket = socket;
      return old;
    }
    if (wanted >= first && wanted < old.sequence) {
      old.socket = socket;
      for (const item of old.deadQueue) if (item.seq >= wanted) socket.send(item.frame);
      return old;
    }
    // Lost events: a new connection id tells the client to resync over REST.
    forgetConnection(core, old);
    return fresh(session);
  };

  const authenticated = (next: Connection): void => {
    conn = next;
    if (authTimer) clearTimeout(authTimer);
    authTimer = undefined;
    core.setStatus(next.userId, 'online', false);
  };

  const upgradeToken = tokenFromHeaders(request.headers) ?? url.searchParams.get('access_token') ?? undefined;
  if (upgradeToken) {
    const session = core.sessionFor(upgradeToken);
    if (!session) {
      closeNow();
    } else {
      authenticated(resume(session));
    }
  } else {
    authTimer = setTimeout(() => {
      if (!conn) closeNow();
    }, AUTH_TIMEOUT_MS);
  }

  const handle = (frame: ActionFrame): void => {
    const seq = frame.seq;
    const data = frame.data ?? {};
    if (frame.action === 'authentication_challenge') {
      if (conn) return; // already authenticated: silently ignored
      const token = data.token;
      const session = typeof token === 'string' ? core.sessionFor(token) : undefined;
      if (!session) {
        closeNow();
        return;
      }
      // A token-challenge client always gets a fresh connection and hello, then the reply.
      const next = fresh(session);
      reply(seq);
      authenticated(next);
      return;
    }
    if (frame.action === 'presence') {
      reply(seq);
      return;
    }
    if (!conn) {
      fail(seq, 'api.web_socket_router.not_authenticated.app_error', 'No websocket session found.', 401);
      return;
    }
    const userId = conn.userId;
    switch (frame.action) {
      case 'ping':
        reply(seq, { text: 'pong', version: SERVER_VERSION, server_time: Date.now(), node_id: '' });
        return;
      case 'user_typing': {
        const channelId = data.channel_id;
        const parentId = typeof data.parent_id === 'string' ? data.parent_id : '';
        if (!isId(channelId) || !core.isChannelMember(channelId, userId)) {
          fail(seq, 'api.websocket_handler.invalid_param.app_error', 'Invalid channel_id parameter.', 400);
          return;
        }
        core.emit(
          'typing',
          { parent_id: parentId, user_id: userId },
          { channel_id: channelId, omit_users: { [userId]: true } },
        );
        reply(seq);
        return;
      }
      case 'get_statuses': {
        const out: Record<string, string> = {};
        for (const id of core.users.keys()) out[id] = core.getStatus(id).status;
        reply(seq, out);
        return;
      }
      case 'get_statuses_by_ids': {
        const ids = data.user_ids;
        if (!Array.isArray(ids) || ids.some((id) => !isId(id))) {
          fail(seq, 'api.websocket_handler.invalid_param.app_error', 'Invalid user_ids parameter.', 400);
          return;
        }
        const out: Record<string, string> = {};
        for (const id of ids as string[]) out[id] = core.getStatus(id).status;
        reply(seq, out);
        return;
      }
      case 'user_update_active_status':
        core.setStatus(userId, data.user_is_active === false ? 'away' : 'online', data.manual === true);
        reply(seq);
        return;
      case 'posted_notify_ack':
        reply(seq);
        return;
      default:
        if (frame.action.startsWith('custom_')) return; // plugin actions: no reply
        fail(seq, 'api.web_socket_router.bad_action.app_error', 'Unknown action.', 500);
    }
  };

  return {
    message(raw: string): void {
      if (closed) return;
      let frame: unknown;
      try {
        frame = JSON.parse(raw);
      } catch {
        closeNow(); // the server closes a connection whose frame does not decode
        return;
      }
      if (typeof frame !== 'object' || frame === null) {
        closeNow();
        return;
      }
      const { action, seq, data } = frame as Record<string, unknown>;
      if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= 0) {
        fail(0, 'api.web_socket_router.bad_seq.app_error', 'Invalid sequence for WebSocket message.', 400);
        return;
      }
      if (typeof action !== 'string' || !action) {
        fail(seq, 'api.web_socket_router.no_action.app_error', 'No websocket action.', 400);
        return;
      }
      const payload =
        typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
      handle({ action, seq, data: payload });
    },
    closed(): void {
      if (authTimer) clearTimeout(authTimer);
      closed = true;
      if (!conn) return;
      if (conn.socket === socket) {
        conn.socket = null;
        conn.dormantSince = Date.now();
      }
      if (!hasLiveConnection(core, conn.userId)) core.setStatus(conn.userId, 'offline', false);
    },
  };
}
