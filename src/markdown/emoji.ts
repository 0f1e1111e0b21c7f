/**
 * Emoji shortcodes (`:name:`). A small built-in set of common names renders at once; the full
 * system set Mattermost knows (emoji-datasource's ~1,900 emoji and their ~2,000 names, see
 * scripts/emoji-data.mjs) loads with `import()` when a message or the picker needs it, so it
 * stays out of the first open.
 */

/**
 * Common names, with the characters the full set gives them. `rofl` and `thinking` are
 * aliases Mattermost adds to emoji-datasource's names (server/public/model/emoji_data.go).
 */
export const EMOJI: ReadonlyMap<string, string> = new Map([
  ['smile', '😄'],
  ['smiley', '😃'],
  ['grinning', '😀'],
  ['grin', '😁'],
  ['laughing', '😆'],
  ['sweat_smile', '😅'],
  ['joy', '😂'],
  ['rofl', '🤣'],
  ['slightly_smiling_face', '🙂'],
  ['wink', '😉'],
  ['blush', '😊'],
  ['heart_eyes', '😍'],
  ['thinking', '🤔'],
  ['neutral_face', '😐'],
  ['confused', '😕'],
  ['cry', '😢'],
  ['sob', '😭'],
  ['angry', '😠'],
  ['scream', '😱'],
  ['sunglasses', '😎'],
  ['upside_down_face', '🙃'],
  ['stuck_out_tongue', '😛'],
  ['thumbsup', '👍'],
  ['+1', '👍'],
  ['thumbsdown', '👎'],
  ['-1', '👎'],
  ['ok_hand', '👌'],
  ['clap', '👏'],
  ['wave', '👋'],
  ['pray', '🙏'],
  ['raised_hands', '🙌'],
  ['muscle', '💪'],
  ['point_up', '☝️'],
  ['eyes', '👀'],
  ['heart', '❤️'],
  ['broken_heart', '💔'],
  ['tada', '🎉'],
  ['fire', '🔥'],
  ['rocket', '🚀'],
  ['star', '⭐'],
  ['sparkles', '✨'],
  ['100', '💯'],
  ['white_check_mark', '✅'],
  ['heavy_check_mark', '✔️'],
  ['x', '❌'],
  ['warning', '⚠️'],
  ['question', '❓'],
  ['exclamation', '❗'],
  ['bulb', '💡'],
  ['memo', '📝'],
  ['calendar', '📆'],
  ['coffee', '☕'],
  ['beers', '🍻'],
  ['pizza', '🍕'],
  ['cake', '🍰'],
  ['bug', '🐛'],
  ['lock', '🔒'],
  ['key', '🔑'],
  ['bell', '🔔'],
  ['email', '✉️'],
  ['phone', '☎️'],
  ['computer', '💻'],
  ['chart_with_upwards_trend', '📈'],
  ['moneybag', '💰'],
  ['hourglass', '⌛'],
  ['sunny', '☀️'],
  ['zap', '⚡'],
  ['snowflake', '❄️'],
  ['see_no_evil', '🙈'],
  ['shrug', '🤷'],
]);

export type { SystemEmoji, SystemEmojiEntry } from './emoji-system.js';
import type { SystemEmoji } from './emoji-system.js';

let system: SystemEmoji | undefined;
let loading: Promise<SystemEmoji> | undefined;

/** The full system set, loaded once (and again after a failed load). */
export function loadSystemEmoji(): Promise<SystemEmoji> {
  loading ??= import('./emoji-system.js').then(
    (module) => (system = module.SYSTEM),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The full system set when it has loaded. */
export function systemEmoji(): SystemEmoji | undefined {
  return system;
}

/** A `:name:` as text.ts picks it out: not inside a word, nor a time such as `22:00:`. */
const SHORTCODE = /(?<![\p{L}\p{N}_:]):([a-z0-9_+-]+):(?![\p{L}\p{N}_])/giu;

/**
 * Whether `text` has a shortcode only the full set could know, while it has not loaded: the
 * caller shows what it can now and renders again once `loadSystemEmoji()` resolves.
 */
export function waitsForSystemEmoji(text: string): boolean {
  if (system || !text.includes(':')) return false;
  for (const match of text.matchAll(SHORTCODE)) if (!EMOJI.has(match[1]!.toLowerCase())) return true;
  return false;
}

/** The emoji for a shortcode name (without colons), or undefined when we don't know it (yet). */
export function emojiFor(name: string): string | undefined {
  return (system?.byName ?? EMOJI).get(name.toLowerCase());
}
