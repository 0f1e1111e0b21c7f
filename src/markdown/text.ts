/**
 * What every message's text gets, with or without markdown: `@` mentions, `~channel` links
 * and `:emoji:` picked out of plain text. The markdown renderer applies it to each text
 * token; a message with no markdown at all gets it line by line (plain.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { emojiFor } from './emoji.js';
import { safeHostUrl } from './url.js';

export interface RenderContext {
  /** Lower-cased username of the reader: their mentions are highlighted more strongly. */
  readonly meUsername: string | undefined;
  readonly channelLink: ((name: string) => string | undefined) | undefined;
}

/** What Lit renders: text, a template, or a list of them. */
export type Piece = string | TemplateResult | Piece[];

const GROUP_MENTIONS: ReadonlySet<string> = new Set(['all', 'channel', 'here']);

/**
 * `@username` (Mattermost usernames: letters, digits, `.`, `_`, `-`; a trailing dot is
 * punctuation), `~channel-name`, and `:emoji:`; none counts in the middle of a word.
 */
const SPECIAL =
  /(?<![\p{L}\p{N}_.@-])@([a-z0-9](?:[a-z0-9._-]*[a-z0-9_-])?)|(?<![\p{L}\p{N}_~-])~([a-z0-9](?:[a-z0-9_-]*[a-z0-9_])?)|(?<![\p{L}\p{N}_:]):([a-z0-9_+-]+):(?![\p{L}\p{N}_])/giu;

export function linkTemplate(href: string, content: unknown, title?: string | null, part = 'link'): TemplateResult {
  return html`<a part=${part} href=${href} title=${title || nothing} target="_blank" rel="noopener noreferrer">${content}</a>`;
}

function mentionTemplate(username: string, ctx: RenderContext): TemplateResult {
  const name = username.toLowerCase();
  if (GROUP_MENTIONS.has(name)) {
    return html`<span class="mention mention-all" part="mention mention-all">@${username}</span>`;
  }
  if (ctx.meUsername !== undefined && name === ctx.meUsername) {
    return html`<span class="mention mention-me" part="mention mention-me">@${username}</span>`;
  }
  return html`<span class="mention" part="mention">@${username}</span>`;
}

/** Text with mentions, channel links and emoji picked out; inside a link, only emoji. */
export function renderText(text: string, ctx: RenderContext, inLink = false): Piece {
  if (!text.includes('@') && !text.includes('~') && !text.includes(':')) return text;
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL)) {
    const [whole, username, channel, emoji] = match;
    let piece: TemplateResult | undefined;
    if (username !== undefined && !inLink) {
      piece = mentionTemplate(username, ctx);
    } else if (channel !== undefined && !inLink) {
      const raw = ctx.channelLink?.(channel.toLowerCase());
      const href = raw === undefined ? undefined : safeHostUrl(raw);
      if (href !== undefined) piece = linkTemplate(href, whole, undefined, 'channel-link');
    } else if (emoji !== undefined) {
      const char = emojiFor(emoji);
      if (char !== undefined) {
        piece = html`<span class="emoji" part="emoji" role="img" aria-label=${emoji.replaceAll('_', ' ')} title=${whole}>${char}</span>`;
      }
    }
    if (piece === undefined) continue;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push(piece);
    last = match.index + whole.length;
  }
  if (last === 0) return text;
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/** A message shown as the text it is (too complex to parse, or while the parser loads). */
export function rawTemplate(source: string): TemplateResult {
  return html`<p class="raw">${source}</p>`;
}
