import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

export interface GuardOptions {
  /** Origins that get CORS (with credentials). */
  readonly origins: ReadonlySet<string>;
  /** Largest request body, in bytes. */
  readonly maxBodyBytes: number;
}

// What hono's secureHeaders sets by default, minus what means nothing for JSON, plus a
// CSP that forbids everything (nothing here is a document).
const SECURITY_HEADERS: readonly [string, string][] = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['cross-origin-opener-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'DENY'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
];

/**
 * CORS, security headers and the body size limit for the API routes, in one middleware.
 * hono's cors and secureHeaders do the same, but they touch `c.res` around the handler,
 * which makes @hono/node-server build a full Response and halved the token route's
 * throughput; here every header is set with `c.header()` before the handler, so it lands
 * on whatever response comes out (errors from `app.onError` included).
 */
export function apiGuard(options: GuardOptions): MiddlewareHandler {
  const { origins, maxBodyBytes } = options;
  const tooLarge = () => {
    throw new ApiError(413, 'payload_too_large', `The body may be at most ${maxBodyBytes} bytes`);
  };
  // Only for bodies without Content-Length: counts while it reads.
  const streamingLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

  return async function guardApi(c, next) {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && origins.has(origin);
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      const headers: Record<string, string> = { vary: 'Origin, Access-Control-Request-Headers' };
      if (allowed) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-credentials'] = 'true';
        headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
        headers['access-control-allow-headers'] = 'Authorization, Content-Type';
        headers['access-control-max-age'] = '600';
      }
      return new Response(null, { status: 204, headers });
    }
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    c.header('vary', 'Origin');
    if (allowed) {
      c.header('access-control-allow-origin', origin);
      c.header('access-control-allow-credentials', 'true');
    }
    const length = c.req.header('content-length');
    if (length !== undefined) {
      if (!/^\d+$/.test(length.trim())) throw new ApiError(400, 'bad_request', 'Content-Length is not a number');
      if (Number(length) > maxBodyBytes) tooLarge();
      return next();
    }
    // No length (chunked, or a Request built in process): count while reading.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return streamingLimit(c, next);
  };
}
