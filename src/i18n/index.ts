/**
 * Per-element string tables. Not @lit/localize's runtime mode: its locale is one global,
 * and two `<bisman-chat>` on one page may speak different languages. Each element resolves
 * its own locale and holds its own table; tables other than English load on demand.
 */
import { en, type ChatStrings } from './en.js';

export { en, type ChatStrings };

const loaders: Record<string, () => Promise<{ strings: ChatStrings }>> = {
  de: () => import('./de.js'),
  ar: () => import('./ar.js'),
};

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** The language part of a BCP 47 tag, lower case: `de-AT` → `de`. */
function language(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}

/** The element's locale: its own, else the page's `<html lang>`, else English. */
export function resolveLocale(own: string | undefined): string {
  return own || (typeof document !== 'undefined' ? document.documentElement.lang : '') || 'en';
}

/** Whether the locale's script runs right to left. */
export function isRtl(locale: string): boolean {
  return RTL.has(language(locale));
}

/** The loaded table for a locale, if no load is needed (English, or loaded before). */
const cache = new Map<string, ChatStrings>([['en', en]]);

export function cachedStrings(locale: string): ChatStrings | undefined {
  const lang = language(locale);
  return cache.get(lang) ?? (loaders[lang] ? undefined : en);
}

/** The table for a locale; English for a language without one (or when its table fails to load). */
export async function loadStrings(locale: string): Promise<ChatStrings> {
  const lang = language(locale);
  const cached = cachedStrings(lang);
  if (cached) return cached;
  try {
    const { strings } = await loaders[lang]!();
    cache.set(lang, strings);
    return strings;
  } catch {
    return en;
  }
}
