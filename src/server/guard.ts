import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

export interface GuardOptions {
  /** Origins that get CORS (with credentials). */
  readonly origins: ReadonlySet<string>;
  /** Largest request body, in bytes. */
  readonly maxBodyBytes: number;
}

type NodeHeaders = Record<string, string | string[] | undefined>;

/**
 * A request header. On @hono/node-server this reads Node's already parsed header object
 * (duck-typed: no Node import), because the first `c.req.header()` makes it build a
 * validated Headers object from every raw header, which the token route can do without.
 */
export function readHeader(c: Context, name: string): string | undefined {
  const headers = (c.env as { incoming?: { headers?: NodeHeaders } } | undefined)?.incoming?.headers;
  if (headers === undefined) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

interface NodeIncoming {
  readonly headers: NodeHeaders;
  readonly readableDidRead?: boolean;
  readonly readableLength?: number;
  readonly readableEncoding?: string | null;
  read?(): { length: number; toString(encoding: 'utf8'): string } | null;
  resume?(): void;
}

/**
 * The request body as text when @hono/node-server's Node request has already received all
 * of it (a small JSON body arrives with the headers): read straight from Node's buffer,
 * without the listeners and ticks of a streamed read. Only when Content-Length is given
 * (the guard has checked it against the limit) and exactly that many bytes are buffered;
 * undefined otherwise, and the caller reads the body the usual way.
 */
export function readBufferedBody(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  if (incoming?.headers === undefined || typeof incoming.read !== 'function') return undefined;
  if (incoming.readableDidRead !== false || incoming.readableEncoding) return undefined;
  const length = incoming.headers['content-length'];
  if (typeof length !== 'string' || !/^\d+$/.test(length)) return undefined;
  const expected = Number(length);
  // Node's parser buffers at most Content-Length bytes of body: all of it is here.
  if (incoming.readableLength !== expected) return undefined;
  if (expected === 0) return '';
  // A non-object-mode stream hands its whole buffer to a bare read().
  const chunk = incoming.read();
  if (chunk === null || chunk.length !== expected)
    throw new ApiError(400, 'bad_request', 'The body does not match Content-Length');
  // The parser ends the stream just after this runs, and a paused stream only says 'end'
  // at a next read: flowing, it ends by itself, so @hono/node-server sees a consumed body
  // instead of scheduling two timers and a drain per request (5% of the route's work).
  incoming.resume?.();
  return chunk.toString('utf8');
}

// For JSON that only fetch() reads: no sniffing, no framing, no referrer, nothing a
// document could load. (hono's secureHeaders sends a dozen more that mean nothing here.)
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * HSTS for production: a year, this host only. Not `includeSubDomains` (the auth server
 * often shares a domain with the host app, whose other subdomains are not ours to pin) and
 * not `preload`. Browsers ignore it over plain http, so it is sent whatever the scheme.
 */
export const HSTS = 'max-age=31536000';

/**
 * Response headers for an API answer: JSON, security headers (HSTS when `hsts`), and CORS
 * with credentials when the request's Origin is one of `origins`. A plain object on purpose:
 * @hono/node-server writes it straight out, where a Headers object (what `c.header()`
 * and hono's cors/secureHeaders build) costs a validation per header; measured, that
 * was a third of the token route's throughput.
 */
export function apiHeaders(
  origins: ReadonlySet<string>,
  options: { readonly hsts?: boolean } = {},
): (c: Context, extra?: Record<string, string>) => Record<string, string> {
  const hsts = options.hsts === true;
  return function headersFor(c, extra) {
    // Spelled out rather than spread from SECURITY_HEADERS: a literal is one allocation.
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      vary: 'Origin',
      'content-security-policy': SECURITY_HEADERS['content-security-policy']!,
      'referrer-policy': SECURITY_HEADERS['referrer-policy']!,
      'x-content-type-options': SECURITY_HEADERS['x-content-type-options']!,
    };
    if (hsts) headers['strict-transport-security'] = HSTS;
    const origin = readHeader(c, 'origin');
    if (origin !== undefined && origins.has(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
    }
    return extra ? Object.assign(headers, extra) : headers;
  };
}

export interface ApiGuard {
  /** The guard as middleware. */
  readonly middleware: MiddlewareHandler;
  /**
   * The guard around one handler, for a route that has no middleware: Hono calls a route's
   * lone handler directly, without composing a chain of async dispatch steps.
   */
  around(c: Context, handler: () => Response | Promise<Response>): Response | Promise<Response>;
}

/** CORS preflight and the body size limit for the API routes. */
export function apiGuard(options: GuardOptions): ApiGuard {
  const { origins, maxBodyBytes } = options;
  const tooLarge = () => {
    throw new ApiError(413, 'payload_too_large', `The body may be at most ${maxBodyBytes} bytes`);
  };
  // Only for bodies without Content-Length: counts while it reads.
  const streamingLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

  /** A preflight's answer; 'count' when the body must be counted while read; else undefined (go on). */
  const check = (c: Context): Response | 'count' | undefined => {
    if (c.req.method === 'OPTIONS' && readHeader(c, 'access-control-request-method')) {
      const origin = readHeader(c, 'origin');
      const headers: Record<string, string> = { vary: 'Origin, Access-Control-Request-Headers' };
      if (origin !== undefined && origins.has(origin)) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-credentials'] = 'true';
        headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
        headers['access-control-allow-headers'] = 'Authorization, Content-Type';
        headers['access-control-max-age'] = '600';
      }
      return new Response(null, { status: 204, headers });
    }
    const length = readHeader(c, 'content-length');
    if (length !== undefined) {
      if (!/^\d+$/.test(length.trim())) throw new ApiError(400, 'bad_request', 'Content-Length is not a number');
      if (Number(length) > maxBodyBytes) tooLarge();
      return undefined;
    }
    // No length (chunked, or a Request built in process): count while reading.
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : 'count';
  };

  return {
    middleware: async function guardApi(c, next) {
      const checked = check(c);
      if (checked === undefined) return next();
      return checked === 'count' ? streamingLimit(c, next) : checked;
    },
    around(c, handler) {
      const checked = check(c);
      if (checked === undefined) return handler();
      if (checked !== 'count') return checked;
      let answer: Response | undefined;
      return streamingLimit(c, async () => {
        answer = await handler();
      }).then(() => answer!);
    },
  };
}
