// `bisman-chat/server`: the auth server for any fetch runtime (no node: imports here;
// Node's server, Redis and WebSocket gateway are in node.ts).
export { createAuthApp, createAuthService } from './app.js';
export type { AuthDeps, AuthService, ChatTokenResponse } from './app.js';
export { ConfigError, loadConfig } from './config.js';
export type { AuthConfig, ChatTab, PortalConfig } from './config.js';
export { ApiError } from './errors.js';
export type { ErrorBody } from './errors.js';
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { MemoryTokenStore } from './store.js';
export type { TokenRecord, TokenRef, TokenStore, Unlock } from './store.js';
