import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error shape every route answers with. */
export interface ErrorBody {
  error: string;
  message: string;
}

/**
 * An error meant for the client: `code` becomes `error`, the message is shown as is,
 * so it must never contain a secret.
 */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: ContentfulStatusCode, code: string, message: string, retryAfterSeconds?: number) {
    super(status, { message });
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  toResponse(): Response {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.retryAfterSeconds !== undefined)
      headers['retry-after'] = String(Math.max(1, Math.ceil(this.retryAfterSeconds)));
    const body: ErrorBody = { error: this.code, message: this.message };
    return new Response(JSON.stringify(body), { status: this.status, headers });
  }

  override getResponse(): Response {
    return this.toResponse();
  }
}

/** Seconds a client should wait before retrying when Mattermost is down. */
export const UPSTREAM_RETRY_AFTER = 5;

export const unavailable = (message = 'Mattermost is unreachable; try again shortly') =>
  new ApiError(503, 'mattermost_unavailable', message, UPSTREAM_RETRY_AFTER);
