/**
 * A message with markdown: marked's lexer, and its tokens to Lit templates. Every piece of
 * message text reaches the DOM as a text node or an attribute value set through Lit, so no
 * HTML string is ever parsed: raw HTML in a message shows as the text it is. The module
 * (and marked with it) loads with `import()` when the first message with markdown shows.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { Lexer, type MarkedOptions, type MarkedToken, type Token, type Tokens } from 'marked';
import { decodeEntities } from './entities.js';
import { linkTemplate, rawTemplate, renderText, type Piece, type RenderContext } from './text.js';
import { safeImageUrl, safeLinkUrl } from './url.js';

interface State {
  readonly ctx: RenderContext;
  /** Inside a link: no nested links, no mentions (they would be links of their own). */
  readonly inLink: boolean;
  readonly depth: number;
}

/** Deeper nesting than this renders as plain text: real messages never get near it. */
const MAX_DEPTH = 32;

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
      return renderText(t.escaped ? t.text : decodeEntities(t.text), state.ctx, state.inLink);
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
  return linkTemplate(
    src,
    html`<span aria-hidden="true">🖼 </span>${label}`,
    token.title || `Image: ${label}`,
    'link image-link',
  );
}

function checkbox(checked: boolean): TemplateResult {
  return html`<span class="task" role="img" aria-label=${checked ? 'done' : 'not done'}>${checked ? '☑' : '☐'}</span> `;
}

const ALIGN_CLASS = { left: 'align-left', center: 'align-center', right: 'align-right' } as const;

function cellClass(align: Tokens.TableCell['align']): string | typeof nothing {
  return align ? ALIGN_CLASS[align] : nothing;
}

function codeLanguage(lang: string | undefined): string | undefined {
  const word = (lang ?? '')
    .trim()
    .split(/\s/, 1)[0]
    ?.replace(/[^\w+#.-]/g, '');
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
      return t.tokens ? inline(t.tokens, state) : renderText(decodeEntities(t.text), state.ctx, state.inLink);
    case 'heading':
      return heading(t.depth, inline(t.tokens, state));
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
              (row) =>
                html`<tr>${row.map((cell) => html`<td class=${cellClass(cell.align)}>${inline(cell.tokens, state)}</td>`)}</tr>`,
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

/**
 * A heading keeps its level as a real `<h1>`–`<h6>` (as Mattermost's web app renders them:
 * webapp/channels/src/utils/markdown/renderer.tsx, `heading()`), so screen readers can move
 * by heading through a conversation; markdown.styles.ts sizes them for a chat row. Lit binds
 * no tag names, hence one template per level.
 */
function heading(depth: number, content: Piece[]): TemplateResult {
  switch (depth) {
    case 1:
      return html`<h1 part="heading">${content}</h1>`;
    case 2:
      return html`<h2 part="heading">${content}</h2>`;
    case 3:
      return html`<h3 part="heading">${content}</h3>`;
    case 4:
      return html`<h4 part="heading">${content}</h4>`;
    case 5:
      return html`<h5 part="heading">${content}</h5>`;
    default:
      return html`<h6 part="heading">${content}</h6>`;
  }
}

function list(token: Tokens.List, state: State): TemplateResult {
  const items = token.items.map((item) => html`<li>${blocks(item.tokens, state)}</li>`);
  if (!token.ordered) return html`<ul>${items}</ul>`;
  const start = typeof token.start === 'number' && token.start !== 1 ? token.start : undefined;
  return html`<ol start=${start ?? nothing}>${items}</ol>`;
}

const LEXER_OPTIONS: MarkedOptions = { gfm: true, breaks: true, pedantic: false, silent: false };

/** A message's markdown, parsed by marked and rendered as a Lit template. */
export function renderMarked(source: string, ctx: RenderContext): TemplateResult {
  try {
    return html`${blocks(new Lexer(LEXER_OPTIONS).lex(source), { ctx, inLink: false, depth: 0 })}`;
  } catch {
    // A pathological message (marked gave up) still shows, as the text it is.
    return rawTemplate(source);
  }
}
