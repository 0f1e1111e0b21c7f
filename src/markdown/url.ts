import { decodeEntities } from './entities.js';

const LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);
const BLOCKED_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'vbscript:', 'data:', 'file:', 'blob:']);

/** ASCII tab and newlines: a browser's URL parser drops them anywhere in a URL. */
const URL_IGNORED = /[\t\n\r]/g;
/** C0 controls and space: a browser's URL parser trims them from both ends. */
const URL_TRIMMED = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The destination as a browser would read it: references resolved, ignored characters gone. */
function normalize(raw: string): string | undefined {
  const cleaned = decodeEntities(raw).replace(URL_IGNORED, '').replace(URL_TRIMMED, '');
  // Any other control character left inside is a disguise, not a real link.
  if (!cleaned || CONTROL.test(cleaned)) return undefined;
  return cleaned;
}

function absolute(raw: string, schemes: ReadonlySet<string>): string | undefined {
  const cleaned = normalize(raw);
  if (cleaned === undefined) return undefined;
  let url: URL;
  try {
    // No base: relative destinations fail to parse and are shown as text, never guessed at.
    url = new URL(cleaned);
  } catch {
    return undefined;
  }
  return schemes.has(url.protocol) ? url.href : undefined;
}

/**
 * A link destination from message text, or undefined when it must not become a link: only
 * absolute `http:`, `https:` and `mailto:` URLs pass. Returns the parsed, normalized URL.
 */
export function safeLinkUrl(raw: string): string | undefined {
  return absolute(raw, LINK_SCHEMES);
}

/** An image source from message text (`http:`/`https:` only); we link to it, never load it. */
export function safeImageUrl(raw: string): string | undefined {
  return absolute(raw, IMAGE_SCHEMES);
}

/**
 * A URL the host gave us (e.g. from `channelLink`): trusted to be meant, so relative URLs
 * pass, but never a script or data scheme.
 */
export function safeHostUrl(raw: string): string | undefined {
  const cleaned = normalize(raw);
  if (cleaned === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(cleaned, 'https://relative.invalid/');
  } catch {
    return undefined;
  }
  return BLOCKED_SCHEMES.has(url.protocol) ? undefined : cleaned;
}
