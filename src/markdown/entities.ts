/**
 * Character references in markdown text and link destinations. marked resolves numeric
 * references but leaves named ones for an HTML renderer's output, and we never produce
 * HTML, so we resolve them here. A small table of the names people actually type; an
 * unknown name stays literal text, which is what a browser shows for it too.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  para: '¶',
  sect: '§',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  hearts: '♥',
  check: '✓',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
  // Names that hide URL schemes in attack payloads (`javascript&colon;`): resolve them so
  // the scheme check sees what a browser would.
  colon: ':',
  Tab: '\t',
  NewLine: '\n',
  excl: '!',
  lpar: '(',
  rpar: ')',
  sol: '/',
  semi: ';',
  comma: ',',
  period: '.',
  num: '#',
  percnt: '%',
  equals: '=',
  quest: '?',
  commat: '@',
  lowbar: '_',
  grave: '`',
  Hat: '^',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(code: number): string {
  // The replacement character for NUL, surrogates and out-of-range values, as HTML does.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

/** Resolves numeric and common named character references. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    REFERENCE,
    (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
      if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
      return (name !== undefined && Object.hasOwn(NAMED, name) ? NAMED[name] : undefined) ?? match;
    },
  );
}
