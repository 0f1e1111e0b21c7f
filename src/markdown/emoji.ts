/**
 * A small built-in set of common Mattermost emoji shortcodes (`:name:`). Unknown names stay
 * text: the full set (and custom emoji) would need the server, and this stays tiny.
 */
export const EMOJI: ReadonlyMap<string, string> = new Map([
  ['smile', '😄'], ['smiley', '😃'], ['grinning', '😀'], ['grin', '😁'], ['laughing', '😆'],
  ['sweat_smile', '😅'], ['joy', '😂'], ['rofl', '🤣'], ['slightly_smiling_face', '🙂'],
  ['wink', '😉'], ['blush', '😊'], ['heart_eyes', '😍'], ['thinking', '🤔'], ['neutral_face', '😐'],
  ['confused', '😕'], ['cry', '😢'], ['sob', '😭'], ['angry', '😠'], ['scream', '😱'],
  ['sunglasses', '😎'], ['upside_down_face', '🙃'], ['stuck_out_tongue', '😛'],
  ['thumbsup', '👍'], ['+1', '👍'], ['thumbsdown', '👎'], ['-1', '👎'], ['ok_hand', '👌'],
  ['clap', '👏'], ['wave', '👋'], ['pray', '🙏'], ['raised_hands', '🙌'], ['muscle', '💪'],
  ['point_up', '☝️'], ['eyes', '👀'], ['heart', '❤️'], ['broken_heart', '💔'], ['tada', '🎉'],
  ['fire', '🔥'], ['rocket', '🚀'], ['star', '⭐'], ['sparkles', '✨'], ['100', '💯'],
  ['white_check_mark', '✅'], ['heavy_check_mark', '✔️'], ['x', '❌'], ['warning', '⚠️'],
  ['question', '❓'], ['exclamation', '❗'], ['bulb', '💡'], ['memo', '📝'], ['calendar', '📅'],
  ['coffee', '☕'], ['beers', '🍻'], ['pizza', '🍕'], ['cake', '🍰'], ['bug', '🐛'],
  ['lock', '🔒'], ['key', '🔑'], ['bell', '🔔'], ['email', '📧'], ['phone', '📱'],
  ['computer', '💻'], ['chart_with_upwards_trend', '📈'], ['moneybag', '💰'], ['hourglass', '⌛'],
  ['sunny', '☀️'], ['zap', '⚡'], ['snowflake', '❄️'], ['see_no_evil', '🙈'], ['shrug', '🤷'],
]);

/** The emoji for a shortcode name (without colons), or undefined when we don't know it. */
export function emojiFor(name: string): string | undefined {
  return EMOJI.get(name.toLowerCase());
}
