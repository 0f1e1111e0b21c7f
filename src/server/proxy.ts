import type { MiddlewareHandler } from 'hono';
import { unavailable } from './errors.js';

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

/** Copies headers minus hop-by-hop ones (and those the Connection header names). */
export function forwardableHeaders(source: Headers, drop: readonly string[] = []): Headers {
  const named = (source.get('connection') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out = new Headers();
  source.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || named.includes(name) || drop.includes(name)) return;
    out.append(name, value);
  });
  return out;
}

/** The Cookie header without the host app's identity cookie, which Mattermost must never see. */
export function withoutCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  const kept = cookieHeader
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && c.split('=')[0]!.trim() !== name);
  return kept.length ? kept.join('; ') : null;
}

/**
 * `/api/v4/*` passed through to Mattermost, so a portal's widget talks to its own origin.
 * The body streams through; Origin is dropped (Mattermost would check it against its
 * own CORS list, which is the point of not going there directly).
 */
export function mattermostProxy(options: {
  baseUrl: string;
  fetch: typeof fetch;
  hostCookie: string;
  clientIp: (c: Parameters<MiddlewareHandler>[0]) => string;
}): MiddlewareHandler {
  const { baseUrl, hostCookie } = options;
  return async function proxyToMattermost(c) {
    const incoming = new URL(c.req.url);
    const target = `${baseUrl}${incoming.pathname}${incoming.search}`;
    // Also dropped: host (the target's own), content-length (the body is re-streamed),
    // origin/referer (see above), accept-encoding (fetch decodes, so ask for what it can).
    const headers = forwardableHeaders(c.req.raw.headers, [
      'host',
      'content-length',
      'origin',
      'referer',
      'cookie',
      'accept-encoding',
    ]);
    const cookie = withoutCookie(c.req.header('cookie') ?? null, hostCookie);
    if (cookie) headers.set('cookie', cookie);
    const forwardedFor = c.req.header('x-forwarded-for');
    const ip = options.clientIp(c);
    headers.set('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${ip}` : ip);
    headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));
    headers.set('x-forwarded-host', incoming.host);
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
    // fetch has already decoded the body, so its encoding and length no longer apply.
    const responseHeaders = forwardableHeaders(upstream.headers, ['content-encoding', 'content-length']);
    return new Response(upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: responseHeaders,
    });
  };
}
