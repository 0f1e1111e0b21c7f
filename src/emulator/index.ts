/** Browser-safe entry of the emulator: the core, the REST app, the WebSocket protocol and the seed. */
export {
  EmulatorCore,
  MAXIMUM_LOGIN_ATTEMPTS,
  MAX_USERS_HARD_LIMIT,
  newId,
  isId,
  SERVER_VERSION,
  VERSION_ID,
  versionId,
  EDITIONS,
  isEdition,
} from './core.js';
export type {
  User,
  Team,
  Channel,
  Post,
  Reaction,
  FileInfo,
  TeamMembership,
  ChannelMembership,
  Session,
  UserAccessToken,
  UserAccessTokenSanitized,
  UserStatus,
  Broadcast,
  EmulatorEvent,
  EventSink,
  EmulatorOptions,
  Edition,
  Role,
  PreferenceType,
  Bot,
} from './core.js';
export type { EmulatorConfig, ConfigPatch } from './settings.js';
export { EmulatorError } from './errors.js';
export type { AppErrorJson } from './errors.js';
export { createEmulatorApp, normalizeCorsOrigins } from './app.js';
export type { EmulatorAppOptions } from './app.js';
export { acceptSocket, ABNORMAL_CLOSE } from './websocket.js';
export type { SocketLike } from './websocket.js';
export { seedDemo, DEMO_PASSWORD } from './seed.js';
export type { DemoWorld } from './seed.js';
