/**
 * The full system emoji set, parsed from the generated data (src/shared/emoji-data.ts). Loaded with
 * `import()` by emoji.ts when a message or the picker needs it: never in the first open.
 */
import { EMOJI } from './emoji.js';
import { SYSTEM_EMOJI } from '../shared/emoji-data.js';

/** One system emoji: its character and every name for it (the first is the one Mattermost stores). */
export interface SystemEmojiEntry {
  readonly char: string;
  readonly names: readonly string[];
}

export interface SystemEmoji {
  /** Every name (lower case) to its character, the built-in aliases included. */
  readonly byName: ReadonlyMap<string, string>;
  /** The emoji by category, in emoji-datasource's order. */
  readonly categories: readonly { readonly name: string; readonly emoji: readonly SystemEmojiEntry[] }[];
}

function parse(data: string): SystemEmoji {
  const byName = new Map(EMOJI);
  const categories: { name: string; emoji: SystemEmojiEntry[] }[] = [];
  for (const line of data.split('\n')) {
    if (line.startsWith('#')) {
      categories.push({ name: line.slice(1), emoji: [] });
      continue;
    }
    const tab = line.indexOf('\t');
    const char = line.slice(0, tab);
    const names = line.slice(tab + 1).split(' ');
    for (const name of names) byName.set(name, char);
    categories.at(-1)?.emoji.push({ char, names });
  }
  return { byName, categories };
}

export const SYSTEM: SystemEmoji = parse(SYSTEM_EMOJI);
