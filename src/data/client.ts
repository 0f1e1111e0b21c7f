/**
 * The `@mattermost/client` classes, loaded the same way in every runtime, and a Client4
 * configured for a widget: bearer token only, never the Mattermost cookie.
 */
import * as client4Module from '@mattermost/client/lib/client4.js';
import * as websocketModule from '@mattermost/client/lib/websocket.js';
import type { Client4, ClientError, WebSocketClient } from '@mattermost/client';
import type { UserAutocomplete } from '@mattermost/types/autocomplete';
import type { ChatToken } from './types.js';

/**
 * The package is CommonJS: a module's `exports` are the namespace itself where the loader
 * hands us named exports (the test server, esbuild for browsers), and its `default` where
 * the loader follows Node (Node, esbuild in a `"type": "module"` package).
 */
function commonJsExports(namespace: object): Record<string, unknown> {
  const nested = (namespace as { default?: unknown }).default;
  return (typeof nested === 'function' ? namespace : nested) as Record<string, unknown>;
}

// Module by module, not through the package's index, which also loads every WebSocket
// event name (the classes' types come from the index: types cost nothing).
const client4 = commonJsExports(client4Module);

export const mattermostLib = {
  Client4: client4['default'] as typeof Client4,
  ClientError: client4['ClientError'] as typeof ClientError,
  WebSocketClient: commonJsExports(websocketModule)['default'] as typeof WebSocketClient,
};

/**
 * Every Client4 member the widget calls. The page bundle keeps only these and what they reach
 * (scripts/client4-trim.mjs reads this list; the rest of Client4's 652 members are left out),
 * and `ChatApi` lets the data layer call nothing else: a new call goes here first.
 */
export const CLIENT4_CALLS = [
  // Set-up and what files.ts and the file URLs build their own requests from.
  'setUrl',
  'setToken',
  'setIncludeCookies',
  'getUrl',
  'getToken',
  'getOptions',
  'getFilesRoute',
  'getFileUrl',
  'getFilePreviewUrl',
  'getFileThumbnailUrl',
  'getClientConfig',
  // Users and teams.
  'getMe',
  'getUserByUsername',
  'getProfilesByIds',
  'getStatusesByIds',
  'getTeam',
  'getTeamByName',
  'getMyTeams',
  // Channels.
  'getChannel',
  'getChannels',
  'getMyChannels',
  'getMyChannelMember',
  'getMyChannelMembers',
  'addToChannel',
  'createDirectChannel',
  'viewMyChannel',
  // Posts.
  'getPosts',
  'getPostsBefore',
  'getPostsSince',
  'getPostThread',
  'createPost',
  'patchPost',
  'deletePost',
  'addReaction',
  'removeReaction',
] as const;

/** Client4 plus the one call it cannot cancel on its own. */
export class ChatClient extends mattermostLib.Client4 {
  /** `GET /users/autocomplete?in_team&name&limit`, abortable (Client4's own has no signal). */
  autocompleteInTeam(term: string, teamId: string, limit: number, signal: AbortSignal): Promise<UserAutocomplete> {
    const query = `in_team=${encodeURIComponent(teamId)}&name=${encodeURIComponent(term)}&limit=${limit}`;
    return this.doFetch<UserAutocomplete>(`${this.getUsersRoute()}/autocomplete?${query}`, { method: 'get', signal });
  }

  /**
   * None: no cookie is sent (see `createClient`), so no CSRF token goes with it. Client4
   * would otherwise read `document.cookie`, a synchronous round trip to the browser
   * process, on every request.
   */
  override getCSRFFromCookie(): string {
    return '';
  }
}

/** What the data layer may call: the listed Client4 members and ChatClient's own. */
export type ChatApi = Pick<ChatClient, (typeof CLIENT4_CALLS)[number] | Exclude<keyof ChatClient, keyof Client4>>;

/** A Client4 for `token`: its server URL and bearer token, and no cookies. */
export function createClient(token: ChatToken): ChatApi {
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
