/**
 * Token life: where the widget's Mattermost token comes from, when it is renewed, and
 * how it is revoked. The token lives in this object's memory only.
 */
import type { ChatToken, TokenProvider, TokenRequestOptions } from './types.js';

export type SessionErrorKind =
  /** The host user is not signed in, or the chat refuses them: retrying will not help. */
  | 'unauthorized'
  /** The sign-in service or the chat server cannot be reached right now: retry later. */
  | 'unreachable'
  /** The sign-in service answered something that is not a token. */
  | 'invalid';

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly kind: SessionErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A token provider that may also revoke what it handed out. A plain `TokenProvider`
 * function is a valid `TokenSource`.
 */
export interface TokenSource {
  /** `{renew: true}`: the last token was refused by the chat server; hand out a fresh one, not a cached one. */
  (options?: TokenRequestOptions): Promise<ChatToken>;
  /** Revokes `token` on the server (`POST /api/chat/logout`). Errors are ignored by callers. */
  logout?: (token: ChatToken) => Promise<void>;
}

export interface FetchTokenOptions {
  /** The host app's token, sent as `Authorization: Bearer`; a function is read on every request. */
  hostToken?: string | (() => string | undefined);
  fetch?: typeof fetch;
  /** Where `logout` posts; by default the auth URL with its last `token` segment replaced by `logout`. */
  logoutUrl?: string;
}

/**
 * A `TokenSource` that asks the auth server: `POST authUrl` with the host's cookies (and
 * its bearer token when set), body `{}`, or `{"renew":true}` when the chat server refused
 * the token handed out before (the auth server then skips its token cache). 401/403 → `SessionError('unauthorized')`;
 * network failures and 5xx → `'unreachable'`.
 */
export function fetchTokenFrom(authUrl: string, options: FetchTokenOptions = {}): TokenSource {
  // Resolve `fetch` per call: tests and hosts may patch it after this is created.
  const doFetch = (input: string, init: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);
  const hostToken = () => (typeof options.hostToken === 'function' ? options.hostToken() : options.hostToken);
  const logoutUrl = options.logoutUrl ?? defaultLogoutUrl(authUrl);

  const source: TokenSource = async (request) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const bearer = hostToken();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let response: Response;
    try {
      response = await doFetch(authUrl, {
        method: 'POST',
        credentials: 'include',
        headers,
        body: request?.renew ? '{"renew":true}' : '{}',
      });
    } catch (cause) {
      throw new SessionError('unreachable', 'The chat sign-in service cannot be reached.', { cause });
    }
    const body = await readJson(response);
    if (response.status === 401 || response.status === 403) {
      throw new SessionError('unauthorized', errorText(body) ?? 'You are not signed in to chat.');
    }
    if (response.status >= 500 || response.status === 429) {
      throw new SessionError('unreachable', errorText(body) ?? `The chat sign-in service failed (${response.status}).`);
    }
    if (!response.ok) {
      throw new SessionError(
        'invalid',
        errorText(body) ?? `The chat sign-in service refused the request (${response.status}).`,
      );
    }
    return parseChatToken(body);
  };
  if (logoutUrl) {
    source.logout = async (token) => {
      await doFetch(logoutUrl, {
        method: 'POST',
        credentials: 'include',
        headers: { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
    };
  }
  return source;
}

/**
 * A `TokenSource` whose first plain request takes its token from `first` (a token fetched
 * earlier: while the chat UI loaded, or by the launcher's unread watcher) and whose later
 * requests go to `source`, so the widget never fetches the same token twice.
 */
export function handOffSource(source: TokenSource, first: () => Promise<ChatToken>): TokenSource {
  let pending: (() => Promise<ChatToken>) | undefined = first;
  const handOff: TokenSource = (request) => {
    const take = request?.renew ? undefined : pending;
    pending = undefined;
    return take ? take() : source(request);
  };
  if (source.logout) handOff.logout = source.logout;
  return handOff;
}

/** `websocketUrl` from the token, else derived from `serverUrl`. */
export function websocketUrlFor(token: ChatToken): string {
  if (token.websocketUrl) return token.websocketUrl;
  return `${token.serverUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/api/v4/websocket`;
}

function defaultLogoutUrl(authUrl: string): string | undefined {
  const match = /^(.*\/)token(\/?(?:[?#].*)?)$/.exec(authUrl);
  return match ? `${match[1]}logout` : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function errorText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
      return (value as { message: string }).message;
    }
  }
  return undefined;
}

/** Checks the shape of what a token source returned; the token itself is never echoed. */
export function parseChatToken(body: unknown): ChatToken {
  if (typeof body !== 'object' || body === null) {
    throw new SessionError('invalid', 'The chat sign-in service returned no token.');
  }
  const record = body as Record<string, unknown>;
  for (const key of ['token', 'userId', 'serverUrl'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') {
      throw new SessionError('invalid', `The chat sign-in service returned no "${key}".`);
    }
  }
  const optionalString = (key: string) =>
    typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined;
  const token: ChatToken = {
    token: record.token as string,
    userId: record.userId as string,
    serverUrl: (record.serverUrl as string).replace(/\/+$/, ''),
  };
  const websocketUrl = optionalString('websocketUrl');
  if (websocketUrl) token.websocketUrl = websocketUrl;
  const teamId = optionalString('teamId');
  if (teamId) token.teamId = teamId;
  const teamName = optionalString('teamName');
  if (teamName) token.teamName = teamName;
  const supportChannelId = optionalString('supportChannelId');
  if (supportChannelId) token.supportChannelId = supportChannelId;
  if (typeof record.supportAgent === 'boolean') token.supportAgent = record.supportAgent;
  if (typeof record.expiresAt === 'number' && Number.isFinite(record.expiresAt)) token.expiresAt = record.expiresAt;
  return token;
}

export interface SessionOptions {
  /** Share of the token's remaining life after which it is renewed (default 0.8). */
  refreshAt?: number;
  /** Called with every new token after the first (scheduled renewals and forced ones). */
  onToken?: (token: ChatToken) => void;
  /** Called when a scheduled renewal fails. */
  onError?: (error: SessionError) => void;
}

/** The longest delay `setTimeout` accepts. */
const MAX_TIMER = 2_147_483_647;
const MIN_REFRESH_DELAY = 100;
const EXPIRED_RETRY_DELAY = 5_000;
const REFRESH_RETRY_DELAY = 30_000;

/**
 * Holds the current token, renews it before it expires and on demand (after a 401),
 * one request at a time.
 */
export class Session {
  readonly #source: TokenSource;
  readonly #options: SessionOptions;
  #token: ChatToken | undefined;
  #pending: Promise<ChatToken> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(source: TokenProvider | TokenSource, options: SessionOptions = {}) {
    this.#source = source;
    this.#options = options;
  }

  get token(): ChatToken | undefined {
    return this.#token;
  }

  /** The current token, fetching the first one if there is none. */
  acquire(): Promise<ChatToken> {
    const token = this.#token;
    const fresh = token && (token.expiresAt === undefined || token.expiresAt > Date.now());
    return fresh ? Promise.resolve(token) : this.refresh();
  }

  /**
   * Fetches a new token. Concurrent callers share one request; a caller that saw a 401
   * with `staleToken` gets the newer token without a second request when one arrived
   * meanwhile. A refresh for a `staleToken` (the chat server refused it), or with
   * `renew`, asks the source for a renewed token (`{renew: true}`), not a cached one.
   */
  refresh(staleToken?: string, options: TokenRequestOptions = {}): Promise<ChatToken> {
    if (staleToken !== undefined && this.#token && this.#token.token !== staleToken) {
      return Promise.resolve(this.#token);
    }
    const renew = options.renew === true || staleToken !== undefined;
    this.#pending ??= this.#fetch(renew).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #fetch(renew: boolean): Promise<ChatToken> {
    this.#disposed = false;
    let token: ChatToken;
    try {
      token = parseChatToken(await (renew ? this.#source({ renew: true }) : this.#source()));
    } catch (error) {
      throw toSessionError(error);
    }
    const first = this.#token === undefined;
    this.#token = token;
    this.#schedule(token);
    if (!first) this.#options.onToken?.(token);
    return token;
  }

  #schedule(token: ChatToken): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (token.expiresAt === undefined || this.#disposed) return;
    const share = this.#options.refreshAt ?? 0.8;
    const remaining = token.expiresAt - Date.now();
    // An already expired token is renewed after a pause, so a bad clock cannot spin a loop.
    const delay = remaining > 0 ? Math.max(MIN_REFRESH_DELAY, remaining * share) : EXPIRED_RETRY_DELAY;
    this.#timer = setTimeout(() => void this.#renew(), Math.min(delay, MAX_TIMER));
  }

  async #renew(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      const sessionError = toSessionError(error);
      if (sessionError.kind === 'unreachable' && !this.#disposed) {
        this.#timer = setTimeout(() => void this.#renew(), REFRESH_RETRY_DELAY);
      }
      this.#options.onError?.(sessionError);
    }
  }

  /** Revokes the token through the source's logout hook, and forgets it. */
  async logout(): Promise<void> {
    const token = this.#token;
    this.dispose();
    this.#token = undefined;
    if (token && this.#source.logout) {
      try {
        await this.#source.logout(token);
      } catch {
        // The token is forgotten either way; a failed revoke must not keep the user signed in here.
      }
    }
  }

  /** Stops scheduled renewals. The token is kept, so `acquire` can resume. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

export function toSessionError(error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  if (error instanceof TypeError) {
    return new SessionError('unreachable', 'The chat sign-in service cannot be reached.', { cause: error });
  }
  const message = error instanceof Error && error.message ? error.message : 'Could not get a chat token.';
  return new SessionError('invalid', message, { cause: error });
}
