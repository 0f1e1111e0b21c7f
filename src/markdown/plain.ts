/**
 * The fast path: most chat messages have no markdown at all, and render without marked,
 * with exactly the DOM that marked's path gives them: one paragraph, its lines joined by
 * line breaks (`breaks: true`), mentions, channel links and emoji picked out.
 *
 * "No markdown" is defined conservatively from marked's grammar (GFM with `breaks`):
 * whatever could start or delimit a construct anywhere sends the message to marked.
 * test/browser/markdown/plain.test.ts renders a corpus both ways and compares the DOM.
 */
import { html, type TemplateResult } from 'lit';
import { renderText, type Piece, type RenderContext } from './text.js';

/**
 * Anywhere: escapes and backslash breaks (`\`), code spans and fences (`` ` ``), emphasis,
 * strong, bullets and rules (`*`), links, images, references and task items (`[ ]`), raw
 * HTML and `<autolinks>` (`<`), tables (`|`), and character references (`&#…`, `&name;`:
 * a bare `&` as in Q&A is text).
 */
const INLINE_SYNTAX = /[\\`*[\]<|]|&(?:#|[A-Za-z0-9]+;)/;
/** `_` opens or closes emphasis unless it sits between ASCII letters or digits (snake_case, @user_name). */
const FREE_UNDERSCORE = /(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/;
/** Two tildes could pair into strikethrough (GFM takes `~one~` too) or open a `~~~` fence. */
const TILDE_PAIR = /~[^]*~/;
/** GFM's bare autolinks: a scheme, a `www.` host, an e-mail address. */
const AUTOLINK = /:\/\/|www\.|[A-Za-z0-9._+-]@/i;
/** At a line's start: headings (`#`), quotes (`>`), bullets, rules and setext underlines (`- + =`), ordered items (`1.`, `1)`). */
const LINE_START = /^(?:[#>=+-]|\d+[.)])/m;
/**
 * Whitespace beyond single words' spacing: at a line's start (indented code) or end (hard
 * breaks), blank lines (paragraphs), tabs and other spaces, and the controls marked rewrites.
 */
const LAYOUT = /^\s|\s$|[^\S \n]|[\u0000-\u0008\u000e-\u001f\u007f]/m;

const lineBreak = html`<br />`;

/** Whether a message has no markdown syntax at all (see above). */
export function isPlain(source: string): boolean {
  return !(
    INLINE_SYNTAX.test(source) ||
    FREE_UNDERSCORE.test(source) ||
    TILDE_PAIR.test(source) ||
    AUTOLINK.test(source) ||
    LINE_START.test(source) ||
    LAYOUT.test(source)
  );
}

/** Text as one paragraph of lines with mentions, channel links and emoji: marked's DOM for a plain message. */
export function renderLines(source: string, ctx: RenderContext): TemplateResult {
  // An empty message (a post with files only): nothing, as marked gives no tokens.
  if (source === '') return html``;
  const pieces: Piece[] = [];
  for (const line of source.split('\n')) {
    if (pieces.length > 0) pieces.push(lineBreak);
    pieces.push(renderText(line, ctx));
  }
  return html`<p>${pieces}</p>`;
}

/** A message with no markdown, rendered as marked's path would; undefined when it has some. */
export function renderPlain(source: string, ctx: RenderContext): TemplateResult | undefined {
  return isPlain(source) ? renderLines(source, ctx) : undefined;
}
