/** Where the generated module is written. */
export const OUTPUT: string;
/** The module's text for emoji-datasource's `emoji.json` entries. */
export function emojiModule(entries: readonly object[], version: string): string;
/** The module's text for the installed emoji-datasource. */
export function expectedModule(): string;
