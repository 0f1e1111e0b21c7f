// The usernames of the Mattermost accounts created for host users.
import { sha256Hex } from './hash.js';

/** What the web app allows (the server takes 64, but lists cut longer names). */
export const USERNAME_MAX = 22;
const USERNAME_MIN = 3;
/** The usernames of portal accounts (`portal-<hash>`): never generated for a host user. */
export const PORTAL_USERNAME_PREFIX = 'portal-';
// Mattermost refuses these as usernames (server/public/model/user.go).
const RESTRICTED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system', 'suggestions', 'notifications']);
/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const FOLDED: Readonly<Record<string, string>> = {
  æ: 'ae',
  ð: 'd',
  đ: 'd',
  ı: 'i',
  ł: 'l',
  ø: 'o',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
};

/**
 * The username for a new host user, as an admin expects to see it: the host app's
 * preferred username, else the email's local part (without a `+tag`), else the name,
 * whichever first makes a valid one (3-22 of `a-z 0-9 . - _`, starting with a letter, not
 * reserved, not in the portal accounts' `portal-` namespace). When none does (too short,
 * or no Latin letters), `user-` and what is left of the local part (`user-12345`), or of a
 * hash of the email. Never the subject: that is the host app's internal id.
 */
export async function usernameFor(identity: {
  readonly email: string;
  readonly name: string;
  readonly preferredUsername?: string;
}): Promise<string> {
  const local = identity.email.slice(0, identity.email.lastIndexOf('@')).replace(/\+.*$/, '');
  const chosen = [identity.preferredUsername ?? '', local, identity.name].map(reduce).find(isGoodUsername);
  if (chosen) return chosen;
  const rest = reduce(local) || (await sha256Hex(identity.email)).slice(0, 8);
  return trimEnd(`user-${rest}`.slice(0, USERNAME_MAX));
}

/**
 * The `n`th try (n ≥ 2) when `base` is taken: cut to fit, then the number (`jane.doe2`),
 * after a dash when `base` ends in a digit (`user-12-2`, not `user-122`).
 */
export function withSuffix(base: string, n: number): string {
  const suffix = /\d$/.test(base) ? `-${n}` : String(n);
  return `${trimEnd(base.slice(0, USERNAME_MAX - suffix.length))}${suffix}`;
}

/** Lowercase `a-z 0-9 . - _`: accents dropped, spaces as dots, anything else left out. */
function reduce(text: string): string {
  const name = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[æðđıłøœßþ]/g, (letter) => FOLDED[letter]!)
    .replace(/\s+/g, '.')
    .replace(/[^a-z0-9._-]+/g, '')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+/, '');
  return trimEnd(name.slice(0, USERNAME_MAX));
}

function trimEnd(name: string): string {
  return name.replace(/[._-]+$/, '');
}

function isGoodUsername(name: string): boolean {
  return (
    name.length >= USERNAME_MIN &&
    /^[a-z]/.test(name) &&
    !RESTRICTED_USERNAMES.has(name) &&
    !name.startsWith(PORTAL_USERNAME_PREFIX)
  );
}
