/**
 * marked's tokens to Lit templates. Every piece of message text reaches the DOM as a text
 * node or an attribute value set through Lit, so no HTML string is ever parsed: raw HTML
 * in a message shows as the text it is.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { MarkedToken, Token, Tokens } from 'marked';
import { decodeEntities } from './entities.js';
import { emojiFor } from './emoji.js';
import { safeHostUrl, safeImageUrl, safeLinkUrl } from './url.js';

export interface RenderContext {
  /** Lower-cased username of the reader: their mentions are highlighted more strongly. */
  readonly meUsername: string | undefined;
  readonly channelLink: ((name: string) => string | undefined) | undefined;
}

interface State {
  readonly ctx: RenderContext;
  /** Inside a link: no nested links, no mentions (they would be links of their own). */
  readonly inLink: boolean;
  readonly depth: number;
}

/** Deeper nesting than this renders as plain text: real messages never get near it. */
const MAX_DEPTH = 32;

const GROUP_MENTIONS: ReadonlySet<string> = new Set(['all', 'channel', 'here']);

/**
 * `@username` (Mattermost usernames: letters, digits, `.`, `_`, `-`; a trailing dot is
 * punctuation), `~channel-name`, and `:emoji:`; none counts in the middle of a word.
 */
const SPECIAL =
  /(?<![\p{L}\p{N}_.@-])@([a-z0-9](?:[a-z0-9._-]*[a-z0-9_-])?)|(?<![\p{L}\p{N}_~-])~([a-z0-9](?:[a-z0-9_-]*[a-z0-9_])?)|(?<![\p{L}\p{N}_:]):([a-z0-9_+-]+):(?![\p{L}\p{N}_])/giu;

/** What Lit renders: text, a template, or a list of them. */
type Piece = string | TemplateResult | Piece[];

function linkTemplate(href: string, content: unknown, title?: string | null, part = 'link'): TemplateResult {
  return html`<a part=${part} href=${href} title=${title || nothing} target="_blank" rel="noopener noreferrer">${content}</a>`;
}

/** Text with mentions, channel links and emoji picked out. */
function renderText(text: string, state: State): Piece | Piece[] {
  if (!text.includes('@') && !text.includes('~') && !text.includes(':')) return text;
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL)) {
    const [whole, username, channel, emoji] = match;
    let piece: TemplateResult | undefined;
    if (username !== undefined && !state.inLink) {
      piece = mentionTemplate(username, state.ctx);
    } else if (channel !== undefined && !state.inLink) {
      const raw = state.ctx.channelLink?.(channel.toLowerCase());
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

function inline(tokens: readonly Token[] | undefined, state: State): Piece[] {
  if (!tokens) return [];
  if (state.depth > MAX_DEPTH) return tokens.map((token) => token.raw);
  const inner: State = { ...state, depth: state.depth + 1 };
  return tokens.map((token) => inlineToken(token, inner));
}

function inlineToken(token: Token, state: State): Piece | Piece[] {
  const t = token as MarkedToken;
  switch (t.type) {
    case 'text':
      if (t.tokens) return inline(t.tokens, state);
      // `escaped` text is literal (inside raw HTML); the rest may hold character references.
      return renderText(t.escaped ? t.text : decodeEntities(t.text), state);
    case 'escape':
      return t.text;
    case 'html':
      return t.text;
    case 'strong':
      return html`<strong>${inline(t.tokens, state)}</strong>`;
    case 'em':
      return html`<em>${inline(t.tokens, state)}</em>`;
    case 'del':
      return html`<del>${inline(t.tokens, state)}</del>`;
    case 'codespan':
      return html`<code>${t.text}</code>`;
    case 'br':
      return html`<br />`;
    case 'link':
      return linkToken(t, state);
    case 'image':
      return imageToken(t, state);
    case 'checkbox':
      return checkbox(t.checked);
    default:
      return token.raw;
  }
}

function linkToken(token: Tokens.Link, state: State): Piece | Piece[] {
  // Autolinks (bare URLs, <...>) show their text exactly as typed.
  const content = token.autolink ? token.text : inline(token.tokens, { ...state, inLink: true });
  if (state.inLink) return content;
  const href = safeLinkUrl(token.href);
  if (href !== undefined) return linkTemplate(href, content, token.title);
  // A refused link with no text of its own shows what was typed, rather than nothing.
  return token.text.trim() === '' ? token.raw : content;
}

/** Images are never loaded (they are trackers and active content): a link to them instead. */
function imageToken(token: Tokens.Image, state: State): Piece {
  const alt = decodeEntities(token.text);
  const src = safeImageUrl(token.href);
  if (src === undefined || state.inLink) return alt || token.raw;
  const label = alt || new URL(src).pathname.split('/').pop() || src;
  return linkTemplate(src, html`<span aria-hidden="true">🖼 </span>${label}`, token.title || `Image: ${label}`, 'link image-link');
}

function checkbox(checked: boolean): TemplateResult {
  return html`<span class="task" role="img" aria-label=${checked ? 'done' : 'not done'}>${checked ? '☑' : '☐'}</span> `;
}

const ALIGN_CLASS = { left: 'align-left', center: 'align-center', right: 'align-right' } as const;

function cellClass(align: Tokens.TableCell['align']): string | typeof nothing {
  return align ? ALIGN_CLASS[align] : nothing;
}

function codeLanguage(lang: string | undefined): string | undefined {
  const word = (lang ?? '').trim().split(/\s/, 1)[0]?.replace(/[^\w+#.-]/g, '');
  return word ? `language-${word}` : undefined;
}

function blocks(tokens: readonly Token[], state: State): Piece[] {
  if (state.depth > MAX_DEPTH) return tokens.map((token) => token.raw);
  const inner: State = { ...state, depth: state.depth + 1 };
  return tokens.map((token) => blockToken(token, inner));
}

function blockToken(token: Token, state: State): Piece | Piece[] {
  const t = token as MarkedToken;
  switch (t.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
      return html`<p>${inline(t.tokens, state)}</p>`;
    case 'text':
      return t.tokens ? inline(t.tokens, state) : renderText(decodeEntities(t.text), state);
    case 'heading':
      // Shown as a small bold line, not an <h1>–<h6>: a message must not reshape the page's outline.
      return html`<p class="heading h${t.depth}" part="heading">${inline(t.tokens, state)}</p>`;
    case 'code':
      return html`<pre tabindex="0"><code class=${codeLanguage(t.lang) ?? nothing}>${t.text}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${blocks(t.tokens, state)}</blockquote>`;
    case 'list':
      return list(t, state);
    case 'table':
      return html`<div class="table" tabindex="0">
        <table>
          <thead>
            <tr>
              ${t.header.map((cell) => html`<th class=${cellClass(cell.align)}>${inline(cell.tokens, state)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${t.rows.map(
              (row) => html`<tr>${row.map((cell) => html`<td class=${cellClass(cell.align)}>${inline(cell.tokens, state)}</td>`)}</tr>`,
            )}
          </tbody>
        </table>
      </div>`;
    case 'hr':
      return html`<hr />`;
    case 'html':
      return html`<p class="raw">${t.text.replace(/\n+$/, '')}</p>`;
    case 'checkbox':
      return checkbox(t.checked);
    default:
      return inlineToken(token, state);
  }
}

function list(token: Tokens.List, state: State): TemplateResult {
  const items = token.items.map((item) => html`<li>${blocks(item.tokens, state)}</li>`);
  if (!token.ordered) return html`<ul>${items}</ul>`;
  const start = typeof token.start === 'number' && token.start !== 1 ? token.start : undefined;
  return html`<ol start=${start ?? nothing}>${items}</ol>`;
}

/** Renders a token list from marked's block lexer. */
export function renderTokens(tokens: readonly Token[], ctx: RenderContext): unknown[] {
  return blocks(tokens, { ctx, inLink: false, depth: 0 });
}
