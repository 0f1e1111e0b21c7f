// Shared by the auth server's tests: configs, host JWTs, a log sink to search, editions.
import { Writable } from 'node:stream';
import { describe } from 'node:test';
import { SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { createLogger, loadConfig } from '../../../src/server/index.js';
import type { AuthConfig, Logger } from '../../../src/server/index.js';
import { SupportChannelNames } from '../../../src/server/support-channel.js';
import { EDITIONS } from '../../../src/emulator/node.js';
import type { Edition } from '../../../src/emulator/node.js';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const ISSUER = 'https://erp.test';
export const AUDIENCE = 'bisman-chat';
export const ERP_ORIGIN = 'http://erp.test';
/** SUPPORT_CHANNEL_KEY of `testConfig`. */
export const SUPPORT_KEY = 'test-support-channel-key-0123456789abcdef';

/** The name the auth server gives a user's support conversation under `testConfig`. */
export function supportName(userId: string): Promise<string> {
  return new SupportChannelNames(SUPPORT_KEY).nameFor(userId);
}

/** A config as env would give it; `env` overrides or adds variables. */
export function testConfig(
  mmBaseUrl: string,
  adminToken: string,
  env: Record<string, string | undefined> = {},
): AuthConfig {
  return loadConfig({
    MM_BASE_URL: mmBaseUrl,
    MM_ADMIN_TOKEN: adminToken,
    MM_TEAM_SLUG: 'erp',
    JWT_SECRET: SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    ALLOWED_ORIGINS: ERP_ORIGIN,
    SUPPORT_AGENTS: 'sam',
    SUPPORT_CHANNEL_KEY: SUPPORT_KEY,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

let counter = 0;
/** A fresh host user nobody has seen (unique across a test run). */
export function newPerson(tag = 'user'): { sub: string; email: string; name: string } {
  counter++;
  const id = `${tag}${Date.now().toString(36)}${counter}`;
  return { sub: `host-${id}`, email: `${id}@customer.test`, name: `Test ${tag} ${counter}` };
}

export interface SignOptions {
  secret?: string;
  kid?: string;
  alg?: string;
  issuer?: string | null;
  audience?: string | null;
  expiresIn?: number;
  notBefore?: number;
  now?: number;
}

/** A host JWT signed like the host app would (HS256 with SECRET by default). */
export async function hostJwt(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600));
  if (options.issuer !== null) jwt = jwt.setIssuer(options.issuer ?? ISSUER);
  if (options.audience !== null) jwt = jwt.setAudience(options.audience ?? AUDIENCE);
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** An unsigned JWT (`alg: none`), as an attacker would craft it. */
export function unsignedJwt(claims: JWTPayload): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}

/** A logger whose every line is kept in `lines`. */
export function captureLogger(level = 'debug'): { logger: Logger; text: () => string; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), text: () => lines.join(''), lines };
}

export interface ErrorJson {
  error: string;
  message: string;
}

/** Asserts the one error shape and returns it. */
export async function errorJson(response: Response): Promise<ErrorJson> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new Error(`expected JSON, got ${type}: ${await response.text()}`);
  const body = (await response.json()) as ErrorJson;
  if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message.length === 0) {
    throw new Error(`not the {error, message} shape: ${JSON.stringify(body)}`);
  }
  return body;
}

/**
 * Runs a suite once per Mattermost edition the emulator answers as: `team` (Team Edition,
 * what the deployment runs: no license, so no guest accounts and no portal tokens) and
 * `enterprise` (licensed, guest accounts on). The suite starts its emulator with
 * `startEmulator({edition})` and asserts what differs where it differs.
 */
export function describeEachEdition(name: string, suite: (edition: Edition) => void): void {
  for (const edition of EDITIONS) describe(`${name} [${edition}]`, () => suite(edition));
}
