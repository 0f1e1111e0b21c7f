import { pino } from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths pino blanks out. The code never hands a secret to the logger on purpose; this
 * is the net under it (a header object or an upstream body logged by mistake).
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'jwt',
  '*.jwt',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'adminToken',
  'mmAdminToken',
  'jwtSecret',
  '*.mmAdminToken',
  '*.jwtSecret',
];

/** The server's logger: JSON lines, secrets redacted. `destination` is for tests and custom sinks. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const opts = {
    level: options.level ?? 'info',
    base: { service: 'bisman-chat-auth' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}
