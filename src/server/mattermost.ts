import { ApiError, UPSTREAM_RETRY_AFTER, unavailable } from './errors.js';

/** The parts of Mattermost's objects the auth server reads. */
export interface MmUser {
  id: string;
  username: string;
  email: string;
  roles?: string;
  /** ms epoch; non-zero for a deactivated account. */
  delete_at?: number;
  is_bot?: boolean;
}
export interface MmTeam {
  id: string;
  name: string;
  display_name: string;
}
export interface MmChannel {
  id: string;
  name: string;
  type: string;
  /** Who created it: the provisioning account for every support conversation. */
  creator_id: string;
}
export interface MmUserAccessToken {
  id: string;
  token: string;
  user_id: string;
}

/** A 4xx answer from Mattermost that the caller may handle (404, duplicate username...). */
export class MattermostError extends Error {
  readonly status: number;
  readonly id: string;
  constructor(status: number, id: string, message: string) {
    super(message);
    this.name = 'MattermostError';
    this.status = status;
    this.id = id;
  }
}

const TIMEOUT_MS = 10_000;

/**
 * The admin calls the auth server makes, over plain fetch (Client4 is CommonJS and
 * browser-minded; this stays runtime-neutral and lets tests inject `fetch`). Network
 * failures and 5xx become 503/502 `ApiError`s with Retry-After; other 4xx become
 * `MattermostError` for the caller to decide.
 */
export class MattermostAdmin {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, adminToken: string, fetchFn: typeof fetch) {
    this.#base = `${baseUrl}/api/v4`;
    this.#token = adminToken;
    this.#fetch = fetchFn;
  }

  async #call<T>(
    method: string,
    path: string,
    body?: unknown,
    token = this.#token,
    timeoutMs = TIMEOUT_MS,
  ): Promise<T> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-requested-with': 'XMLHttpRequest',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw unavailable();
    }
    const text = await response.text().catch(() => '');
    if (response.status === 429) {
      const retry = Number(response.headers.get('retry-after'));
      throw new ApiError(
        503,
        'mattermost_busy',
        'Mattermost is rate limiting the auth server; try again shortly',
        Number.isFinite(retry) && retry > 0 ? retry : UPSTREAM_RETRY_AFTER,
      );
    }
    // 501 is a switched-off feature (tokens, guest accounts), for the caller to explain.
    if (response.status >= 500 && response.status !== 501) {
      throw new ApiError(
        502,
        'mattermost_error',
        `Mattermost answered ${response.status} to ${method} ${routeName(path)}`,
        UPSTREAM_RETRY_AFTER,
      );
    }
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(
        502,
        'mattermost_error',
        `Mattermost sent a response that is not JSON for ${method} ${routeName(path)}`,
        UPSTREAM_RETRY_AFTER,
      );
    }
    if (!response.ok) {
      const err = (data ?? {}) as { id?: unknown; message?: unknown };
      throw new MattermostError(
        response.status,
        typeof err.id === 'string' ? err.id : '',
        typeof err.message === 'string' ? err.message : `HTTP ${response.status}`,
      );
    }
    return data as T;
  }

  /** Resolves null on 404. */
  async #find<T>(path: string): Promise<T | null> {
    try {
      return await this.#call<T>('GET', path);
    } catch (err) {
      if (err instanceof MattermostError && err.status === 404) return null;
      throw err;
    }
  }

  getMe(): Promise<MmUser> {
    return this.#call('GET', '/users/me');
  }
  getUserByEmail(email: string): Promise<MmUser | null> {
    return this.#find(`/users/email/${encodeURIComponent(email)}`);
  }
  /** Resolves null on 404. */
  getUser(userId: string): Promise<MmUser | null> {
    return this.#find(`/users/${encodeURIComponent(userId)}`);
  }
  getUserByUsername(username: string): Promise<MmUser | null> {
    return this.#find(`/users/username/${encodeURIComponent(username)}`);
  }
  createUser(user: {
    email: string;
    username: string;
    password: string;
    first_name?: string;
    last_name?: string;
  }): Promise<MmUser> {
    return this.#call('POST', '/users', user);
  }
  /** `POST /users/{id}/demote`: the user becomes a guest (needs guest accounts enabled and licensed). */
  async demoteToGuest(userId: string): Promise<void> {
    await this.#call('POST', `/users/${encodeURIComponent(userId)}/demote`);
  }
  getTeamByName(name: string): Promise<MmTeam | null> {
    return this.#find(`/teams/name/${encodeURIComponent(name)}`);
  }
  addToTeam(teamId: string, userId: string): Promise<unknown> {
    return this.#call('POST', `/teams/${teamId}/members`, { team_id: teamId, user_id: userId });
  }
  getChannelByName(teamId: string, name: string): Promise<MmChannel | null> {
    return this.#find(`/teams/${teamId}/channels/name/${encodeURIComponent(name)}?include_deleted=false`);
  }
  createChannel(channel: {
    team_id: string;
    name: string;
    display_name: string;
    type: 'O' | 'P';
    purpose?: string;
  }): Promise<MmChannel> {
    return this.#call('POST', '/channels', channel);
  }
  addToChannel(channelId: string, userId: string): Promise<unknown> {
    return this.#call('POST', `/channels/${channelId}/members`, {
      user_id: userId,
      channel_id: channelId,
      post_root_id: '',
    });
  }
  /** Every member's user id (pages of 200). */
  async listChannelMemberIds(channelId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 0; ; page++) {
      const members = await this.#call<{ user_id: string }[]>(
        'GET',
        `/channels/${channelId}/members?page=${page}&per_page=200`,
      );
      for (const member of members) ids.push(member.user_id);
      if (members.length < 200) return ids;
    }
  }
  /** `PUT /channels/{id}/patch` with a new name. */
  renameChannel(channelId: string, name: string): Promise<MmChannel> {
    return this.#call('PUT', `/channels/${channelId}/patch`, { name });
  }
  async removeFromChannel(channelId: string, userId: string): Promise<void> {
    await this.#call('DELETE', `/channels/${channelId}/members/${userId}`);
  }
  /** A user's access tokens (no secrets), first 200. */
  listUserAccessTokens(userId: string): Promise<{ id: string; description: string; is_active: boolean }[]> {
    return this.#call('GET', `/users/${userId}/tokens?page=0&per_page=200`);
  }
  createUserAccessToken(userId: string, description: string): Promise<MmUserAccessToken> {
    return this.#call('POST', `/users/${userId}/tokens`, { description });
  }
  async revokeUserAccessToken(tokenId: string): Promise<void> {
    await this.#call('POST', '/users/tokens/revoke', { token_id: tokenId });
  }
  /** Who a token belongs to (used to check a token a browser hands us). */
  getMeWithToken(token: string): Promise<MmUser> {
    return this.#call('GET', '/users/me', undefined, token);
  }
  /** Mattermost's own health: resolves with its status string; throws when unreachable. */
  async ping(timeoutMs = 3000): Promise<string> {
    const data = await this.#call<{ status?: string }>(
      'GET',
      '/system/ping?use_rest_semantics=true',
      undefined,
      this.#token,
      timeoutMs,
    );
    return data?.status ?? 'UNKNOWN';
  }
}

/** The route without ids, for messages and logs. */
function routeName(path: string): string {
  return path.split('?')[0]!.replace(/\/[a-z0-9]{26}(?=\/|$)/g, '/{id}');
}
