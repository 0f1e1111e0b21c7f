/**
 * How the store's collaborators run a Client4 request: through the store's `#call`, which
 * renews the token after a 401 and retries once, and refuses once the store stopped.
 */
import type { ChatApi } from './client.js';

export type ClientCall = <T>(request: (client: ChatApi) => Promise<T>) => Promise<T>;
