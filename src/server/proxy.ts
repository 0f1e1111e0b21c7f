import type { Context, MiddlewareHandler } from 'hono';
import { unavailable } from './errors.js';
import { HSTS, readHeader, SECURITY_HEADERS } from './guard.js';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1). */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Request headers the gateway never passes on, beside the hop-by-hop ones. Cookie: the
 * widget sends a Bearer token, and the host origin's cookies (its session, the host JWT)
 * are not Mattermost's to read. The forwarding headers: the client writes them as it
 * likes; the gateway sets its own. Expect: Node has already answered `100-continue`, and
 * fetch refuses the header. Also host (the target's own), content-length (the body is
 * re-streamed), origin/referer (Mattermost would check them against its own CORS list,
 * which is the point of not going there directly), accept-encoding (fetch decodes, so ask
 * for what it can).
 */
const REQUEST_DROPPED = [
  'cookie',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-real-ip',
  'forwarded',
  'expect',
  'host',
  'content-length',
  'origin',
  'referer',
  'accept-encoding',
];

/**
 * Response headers dropped: Mattermost's cookies would be set on the host's origin, and
 * its CORS answer is about its own origin list (the gateway answers CORS itself). Also
 * the encoding and length, which fetch's decoded body no longer has.
 */
const RESPONSE_DROPPED = ['set-cookie', 'content-encoding', 'content-length'];

/** What a cross-origin widget sends (Client4's getOptions) and reads (X-Version-Id). */
const CORS_PREFLIGHT: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
  'access-control-allow-headers': 'Authorization, Content-Type, X-Requested-With, X-CSRF-Token, Accept-Language',
  'access-control-max-age': '600',
};
const CORS_EXPOSED = 'X-Version-Id, X-Request-Id, X-Cluster-Id';

/** Copies headers minus hop-by-hop ones (and those the Connection header names). */
export function forwardableHeaders(source: Headers, drop: readonly string[] = []): Headers {
  const named = (source.get('connection') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out = new Headers();
  source.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || named.includes(name) || drop.includes(name)) return;
    if (name.startsWith('access-control-')) return;
    out.append(name, value);
  });
  return out;
}

export interface ProxyOptions {
  baseUrl: string;
  fetch: typeof fetch;
  /** Origins whose pages may call `/api/v4/*` (CORS without credentials). */
  origins: ReadonlySet<string>;
  /** The client's address, as the rate limits see it. */
  clientIp: (c: Context) => string;
  /** This server's public origin (configuration only), for X-Forwarded-Proto/Host. */
  publicOrigin: () => string | undefined;
  /** Send Strict-Transport-Security, as every other answer of this server does in production. */
  hsts?: boolean;
}

/**
 * `/api/v4/*` passed through to Mattermost, so a portal's widget talks to its own origin
 * (or to this server from an allowed origin, with CORS). The body streams through; the
 * request carries the token the widget sends and the forwarding headers this server sets,
 * nothing the browser holds for the host origin; the answer carries no cookie.
 */
export function mattermostProxy(options: ProxyOptions): MiddlewareHandler {
  const { baseUrl, origins } = options;
  // The gateway's answers are the host origin's too: the same security headers as ours.
  const ownHeaders: Readonly<Record<string, string>> = options.hsts
    ? { ...SECURITY_HEADERS, 'strict-transport-security': HSTS }
    : SECURITY_HEADERS;
  return async function proxyToMattermost(c) {
    const origin = readHeader(c, 'origin');
    const allowedOrigin = origin !== undefined && origins.has(origin) ? origin : undefined;
    // A preflight is answered here: Mattermost's answer would be about its own origins.
    if (c.req.method === 'OPTIONS' && readHeader(c, 'access-control-request-method') !== undefined) {
      const headers: Record<string, string> = { vary: 'Origin', ...ownHeaders };
      if (allowedOrigin !== undefined)
        Object.assign(headers, { 'access-control-allow-origin': allowedOrigin }, CORS_PREFLIGHT);
      return new Response(null, { status: 204, headers });
    }
    const incoming = new URL(c.req.url);
    const target = `${baseUrl}${incoming.pathname}${incoming.search}`;
    const headers = forwardableHeaders(c.req.raw.headers, REQUEST_DROPPED);
    // Mattermost reads the first X-Forwarded-For entry (when it trusts the header): one entry.
    const ip = options.clientIp(c);
    headers.set('x-forwarded-for', ip);
    headers.set('x-real-ip', ip);
    const publicOrigin = options.publicOrigin();
    if (publicOrigin !== undefined) {
      const url = new URL(publicOrigin);
      headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
      headers.set('x-forwarded-host', url.host);
    }
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    let upstream: Response;
    try {
      upstream = await options.fetch(target, {
        method: c.req.method,
        headers,
        body: hasBody ? c.req.raw.body : undefined,
        redirect: 'manual',
        // Node's fetch needs this to send a stream body; other runtimes ignore it.
        duplex: 'half',
      } as RequestInit);
    } catch {
      throw unavailable();
    }
    const responseHeaders = forwardableHeaders(upstream.headers, RESPONSE_DROPPED);
    for (const [name, value] of Object.entries(ownHeaders)) responseHeaders.set(name, value);
    responseHeaders.append('vary', 'Origin');
    if (allowedOrigin !== undefined) {
      responseHeaders.set('access-control-allow-origin', allowedOrigin);
      responseHeaders.set('access-control-expose-headers', CORS_EXPOSED);
    }
    return new Response(upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: responseHeaders,
    });
  };
}
