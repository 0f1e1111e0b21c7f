/**
 * The `@mattermost/client` classes, loaded the same way in every runtime, and a Client4
 * configured for a widget: bearer token only, never the Mattermost cookie.
 */
import * as mattermost from '@mattermost/client';
import type { UserAutocomplete } from '@mattermost/types/autocomplete';
import type { ChatToken } from './types.js';

type MattermostModule = typeof mattermost;

/**
 * The package is CommonJS. Vite and the test server hand us its named exports; Node's
 * ESM loader nests them under `default`.
 */
function resolveModule(): MattermostModule {
  const namespace = mattermost as MattermostModule & { default?: MattermostModule };
  return typeof namespace.Client4 === 'function' ? namespace : (namespace.default as MattermostModule);
}

export const mattermostLib: Pick<MattermostModule, 'Client4' | 'WebSocketClient' | 'ClientError'> = resolveModule();

/** Client4 plus the one call it cannot cancel on its own. */
export class ChatClient extends mattermostLib.Client4 {
  /** `GET /users/autocomplete?in_team&name&limit`, abortable (Client4's own has no signal). */
  autocompleteInTeam(term: string, teamId: string, limit: number, signal: AbortSignal): Promise<UserAutocomplete> {
    const query = `in_team=${encodeURIComponent(teamId)}&name=${encodeURIComponent(term)}&limit=${limit}`;
    return this.doFetch<UserAutocomplete>(`${this.getUsersRoute()}/autocomplete?${query}`, { method: 'get', signal });
  }
}

/** A Client4 for `token`: its server URL and bearer token, and no cookies. */
export function createClient(token: ChatToken): ChatClient {
  const client = new ChatClient();
  client.setUrl(token.serverUrl.replace(/\/+$/, ''));
  client.setToken(token.token);
  // The Mattermost cookie would win over the bearer token and needs CSRF: never send it.
  client.setIncludeCookies(false);
  return client;
}

// In session.ts, which the launcher loads without Client4 (its unread watcher needs it too).
export { websocketUrlFor } from './session.js';

export type ErrorKind = 'unauthorized' | 'unreachable' | 'rejected';

/**
 * What a failed Client4 call means for the widget. Client4 reports the status from the
 * JSON body; a network failure is a bare `TypeError`, and a non-JSON error (a proxy's
 * 502, a 429) has no status at all.
 */
export function classifyError(error: unknown): ErrorKind {
  if (error instanceof TypeError) return 'unreachable';
  if (error instanceof mattermostLib.ClientError || isClientErrorLike(error)) {
    const status = (error as { status_code?: number }).status_code;
    if (status === 401) return 'unauthorized';
    if (status === undefined || status >= 500 || status === 429) return 'unreachable';
    return 'rejected';
  }
  if (error instanceof DOMException && error.name === 'AbortError') return 'rejected';
  return 'rejected';
}

function isClientErrorLike(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'url' in error && 'server_error_id' in error;
}

/** A short text for the user; never includes a token or a URL with one. */
export function errorMessage(error: unknown): string {
  switch (classifyError(error)) {
    case 'unreachable':
      return 'The chat server cannot be reached.';
    case 'unauthorized':
      return 'Your chat session has ended.';
    default:
      return error instanceof Error && error.message ? error.message : 'Something went wrong.';
  }
}
