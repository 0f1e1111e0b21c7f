// What the auth server takes from a verified host JWT, and in what shape: e-mail addresses
// that cannot impersonate another through Unicode, names that cannot hide or reorder
// text, everything within Mattermost's own field limits.
import { ApiError } from './errors.js';

/**
 * Mattermost's field limits (server/public/model/user.go: UserEmailMaxLength is bytes,
 * `len()`; the names are runes, `utf8.RuneCountInString`; channel.go:
 * ChannelDisplayNameMaxRunes).
 */
export const MM_LIMITS = {
  emailBytes: 128,
  usernameRunes: 64,
  firstNameRunes: 64,
  lastNameRunes: 64,
  channelDisplayNameRunes: 64,
} as const;

/** The `.invalid` top-level domain (RFC 2606) holds the synthetic addresses this server makes. */
export const SYNTHETIC_EMAIL_TLD = '.invalid';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Control, format (bidi overrides and isolates, zero-width characters, BOM), line and
 * paragraph separators, and lone surrogates (half a character, as a cut may leave).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const SPACES = /\s+/g;
const encoder = new TextEncoder();

function refused(code: string, message: string): ApiError {
  return new ApiError(400, code, message);
}

/**
 * The host identity's e-mail, as Mattermost will store and look it up. Refused (400)
 * when it could stand for another address: a form that NFKC changes (the Kelvin sign
 * K, U+212A, reads and lowercases as `k`), or a non-ASCII letter whose case mapping is
 * ASCII (`İ` lowercases to `i̇`, `ſ` uppercases to `S`) or that is not lowercase already.
 * ASCII letters are compared case-insensitively (lowercased); anything else exactly.
 * Returns undefined when the claim is missing or is not an address.
 */
export function hostEmail(claim: unknown): string | undefined {
  if (typeof claim !== 'string') return undefined;
  const email = claim.trim();
  // Bounded before any pattern runs over it.
  if (encoder.encode(email).length > MM_LIMITS.emailBytes)
    throw refused('invalid_email', `The host token's e-mail is longer than ${MM_LIMITS.emailBytes} bytes`);
  if (!EMAIL.test(email)) return undefined;
  if (email.normalize('NFKC') !== email)
    throw refused('invalid_email', "The host token's e-mail is not in NFKC form (it could stand for another address)");
  for (const char of email) {
    if (char.charCodeAt(0) < 0x80) continue;
    const lower = char.toLowerCase();
    if (lower !== char || /[\x00-\x7f]/.test(lower) || /[\x00-\x7f]/.test(char.toUpperCase()))
      throw refused(
        'invalid_email',
        `The host token's e-mail has a character that changes under case mapping (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
      );
  }
  const lowered = email.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  if (lowered.endsWith(SYNTHETIC_EMAIL_TLD))
    throw refused(
      'reserved_email',
      `E-mail addresses under ${SYNTHETIC_EMAIL_TLD} are reserved for this server's own accounts`,
    );
  return lowered;
}

/** `email_verified` is false only when the JWT says so explicitly (a missing claim is the host app's word). */
export function emailVerified(claim: unknown): boolean {
  return claim !== false && claim !== 'false';
}

/**
 * Text for people to read: without control, bidi or zero-width characters (U+202E makes
 * "Admin" read "nimdA"), whitespace collapsed, at most `maxRunes` code points.
 */
export function displayText(value: unknown, maxRunes: number): string {
  if (typeof value !== 'string') return '';
  // Bound the work first: a claim may be kilobytes long.
  const cleaned = value
    .slice(0, maxRunes * 8)
    .replace(HIDDEN, (char) => (/[\t\n\v\f\r\u2028\u2029\x85]/.test(char) ? ' ' : ''))
    .replace(SPACES, ' ')
    .trim();
  return cutRunes(cleaned, maxRunes).trimEnd();
}

/** At most `max` code points: never cuts a surrogate pair in two. */
export function cutRunes(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count++ === max) break;
    out += char;
  }
  return out;
}

/** First and last name for Mattermost, each within its limit. */
export function splitName(name: string): { first_name: string; last_name: string } {
  const [first = '', ...rest] = name.split(' ');
  return {
    first_name: cutRunes(first, MM_LIMITS.firstNameRunes),
    last_name: cutRunes(rest.join(' '), MM_LIMITS.lastNameRunes).trimEnd(),
  };
}
