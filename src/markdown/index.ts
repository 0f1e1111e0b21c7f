/**
 * Mattermost-flavoured markdown to Lit templates: CommonMark with GFM tables,
 * strikethrough and bare-URL autolinks, single newlines as line breaks, raw HTML as text,
 * safe links only, images as links (never loaded), mentions, channel links and emoji.
 *
 * Messages without markdown render at once (plain.ts); marked and the token renderer
 * (render.ts, 16 KB gzip) load with `import()` when the first message with markdown shows,
 * and the full emoji set (emoji-system.ts with src/shared/emoji-data.ts, 15 KB gzip) when the
 * first shortcode outside the built-in common ones does (emoji.ts).
 */
import { html, type TemplateResult } from 'lit';
import { until } from 'lit/directives/until.js';
import { loadSystemEmoji, waitsForSystemEmoji } from './emoji.js';
import { isPlain, renderLines } from './plain.js';
import { rawTemplate, type RenderContext } from './text.js';

export { markdownStyles } from './markdown.styles.js';
export { safeImageUrl, safeLinkUrl } from './url.js';
export { emojiFor, loadSystemEmoji, systemEmoji, type SystemEmoji, type SystemEmojiEntry } from './emoji.js';

export interface MarkdownOptions {
  /** The reader's username: `@` mentions of it are highlighted more strongly. */
  meUsername?: string;
  /** A URL for `~channel-name`, or undefined to leave it as text. */
  channelLink?: (name: string) => string | undefined;
}

/**
 * Limits past which a message shows as plain text. marked's time grows much faster than
 * linearly with emphasis delimiters, open brackets and nesting depth: one crafted message
 * could freeze every reader's page for seconds. Real messages stay far below these (and
 * Mattermost caps a post at 16,383 characters).
 */
const MAX_MARKDOWN_LENGTH = 20_000;
const MAX_DELIMITERS = 1_000;
const MAX_BRACKETS = 1_000;
/** Characters of quote/list markers and indentation before a line's text (nesting depth). */
const MAX_LINE_PREFIX = 200;
const FENCE = /^ {0,3}(?:```|~~~)/;
const LINE_PREFIX = /^[\s>*+\-.)\d]*/;
const CACHE_SIZE = 2_000;

/** Recently rendered messages, per channel-link function (its output is part of the result). */
const caches = new WeakMap<object, Map<string, TemplateResult>>();
const noChannelLink = {};

function cacheFor(options: MarkdownOptions | undefined): Map<string, TemplateResult> {
  const key = options?.channelLink ?? noChannelLink;
  let cache = caches.get(key);
  if (!cache) {
    cache = new Map();
    caches.set(key, cache);
  }
  return cache;
}

/** Whether parsing could take long (see the limits above); code blocks don't count. */
function tooComplex(source: string): boolean {
  if (source.length > MAX_MARKDOWN_LENGTH) return true;
  let delimiters = 0;
  let brackets = 0;
  let inFence = false;
  for (const line of source.split('\n')) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if ((LINE_PREFIX.exec(line)?.[0].length ?? 0) > MAX_LINE_PREFIX) return true;
    for (const char of line) {
      if (char === '_' || char === '*' || char === '~') delimiters++;
      else if (char === '[') brackets++;
    }
    if (delimiters > MAX_DELIMITERS || brackets > MAX_BRACKETS) return true;
  }
  return false;
}

type Renderer = typeof import('./render.js');

let renderer: Renderer | undefined;
let loading: Promise<Renderer> | undefined;

/** marked and the token renderer, loaded once (and again after a failed load). */
function loadRenderer(): Promise<Renderer> {
  loading ??= import('./render.js').then(
    (module) => (renderer = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Resolves when messages with markdown render at once. Until then they show as their text,
 * and update in place when it has loaded.
 */
export async function loadMarkdown(): Promise<void> {
  await loadRenderer();
}

/**
 * Results shown before what they need has loaded (marked, or the full emoji set): a cache hit
 * after it has loaded renders them again.
 */
const provisional = new WeakSet<TemplateResult>();

/** Whether `source` renders in full only after marked or the full emoji set loads. */
function pending(source: string): boolean {
  return (!renderer && !isPlain(source)) || waitsForSystemEmoji(source);
}

function render(source: string, ctx: RenderContext): TemplateResult {
  if (tooComplex(source)) return rawTemplate(source);
  const plain = isPlain(source);
  const emoji = waitsForSystemEmoji(source);
  if (!emoji) {
    if (plain) return renderLines(source, ctx);
    if (renderer) return renderer.renderMarked(source, ctx);
  }
  // What can show at once rather than an empty row: the list keeps its layout while it loads.
  const now = plain ? renderLines(source, ctx) : renderer ? renderer.renderMarked(source, ctx) : rawTemplate(source);
  const rendered = Promise.all([plain ? undefined : loadRenderer(), emoji ? loadSystemEmoji() : undefined]).then(
    () => render(source, ctx),
    () => now,
  );
  const result = html`${until(rendered, now)}`;
  provisional.add(result);
  return result;
}

/**
 * Renders a message's markdown as a Lit template (no HTML string is ever parsed). Results
 * are cached by source (bounded), so re-rendering a long conversation is cheap.
 */
export function renderMarkdown(source: string, options?: MarkdownOptions): TemplateResult {
  const meUsername = options?.meUsername ? options.meUsername.toLowerCase() : undefined;
  const key = `${meUsername ?? ''}\u0000${source}`;
  const cache = cacheFor(options);
  const hit = cache.get(key);
  if (hit && !(provisional.has(hit) && !pending(source))) {
    // Refresh its place: the map's insertion order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = render(source, { meUsername, channelLink: options?.channelLink });
  cache.set(key, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return result;
}
