/**
 * The fast path for messages without markdown (src/markdown/plain.ts) against marked's
 * path (src/markdown/render.ts): wherever the fast path accepts a message, both give the
 * same DOM. Corpora: everyday chat lines, markdown and near-markdown edge cases, every
 * public XSS payload, and seeded random strings over markdown's special characters.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { isPlain, renderLines, renderPlain } from '../../../src/markdown/plain.js';
import { renderMarked } from '../../../src/markdown/render.js';
import type { RenderContext } from '../../../src/markdown/text.js';
import { loadVectors } from './vectors.js';

const contexts: RenderContext[] = [
  { meUsername: 'bob', channelLink: (name) => `#/channel/${name}` },
  { meUsername: undefined, channelLink: undefined },
];

/** The DOM a template gives, serialized without Lit's marker comments. */
function dom(template: TemplateResult): string {
  const container = document.createElement('div');
  render(template, container);
  return container.innerHTML.replace(/<!--[^]*?-->/g, '');
}

/** Messages the fast path accepted whose DOM differs from marked's, as readable lines. */
function mismatches(samples: readonly string[]): string[] {
  const found: string[] = [];
  for (const source of samples) {
    for (const ctx of contexts) {
      const plain = renderPlain(source, ctx);
      if (!plain) continue;
      const fast = dom(plain);
      const marked = dom(renderMarked(source, ctx));
      if (fast !== marked) found.push(`${JSON.stringify(source)}: fast ${fast} vs marked ${marked}`);
    }
  }
  return found;
}

const CHAT_LINES = [
  'Good morning!',
  'Can you check order 4711 before noon?',
  'Thanks, @alice',
  'Ask @bob.smith or @john_doe.',
  '@all please read the new policy',
  '@here standup in 5',
  'See ~town-square for details',
  'Great work :tada: :+1: :not_an_emoji:',
  'Meeting moved to 3pm (room B)',
  'ok',
  'Invoice 2024-113 is paid, issue #7 is not.',
  "It's 50% done; ETA Friday.",
  'Price: $5 / unit, 10:30 at the latest, ratio 3:2',
  'a -> b => c',
  'C++ and C# and F#',
  'Q3 numbers: +12% vs -3%',
  'e.g. this, i.e. that...',
  '"quoted" and \'single\' quotes',
  'émoji ünïcode 日本語 العربية עברית',
  'Unicode emoji 🙂👍🏽 and ♥',
  'The 1990s were fun',
  'What?! Really? Yes!',
  'x = y + z - w / 2',
  'tel. 555-1234, fax 555-9876',
  'Version 2.0.1 released',
  'snake_case and SCREAMING_CASE_NAMES',
  'The ~ is a tilde',
  'First line\nsecond line\nthird line',
  'Shipping today\n@alice can you confirm?\nthanks :smile:',
  'Hello    spaced    words',
  'a{b}c^d$e%f',
  'Q&A at 4, R&D & sales',
  '',
];

const MARKDOWN_AND_NEAR_MISSES = [
  '**bold**',
  '*em*',
  '_em_',
  '__strong__',
  'a * b',
  'snake_',
  '_lead',
  'x_ y',
  '`code`',
  '```\nfence\n```',
  '~~~\nfence\n~~~',
  '~~strike~~',
  '~one~',
  'two ~ tildes ~ here',
  '# heading',
  '###### six',
  '#hashtag',
  '> quote',
  '>quote',
  '- item',
  '-item',
  '+ item',
  '* item',
  '1. item',
  '1) item',
  '2024. A year',
  '---',
  '___',
  '***',
  'Title\n===',
  'Title\n---',
  'a\n-',
  'a\n=',
  'a\n\nb',
  'a  \nb',
  'a\\\nb',
  ' leading',
  'trailing ',
  '    code',
  '\tcode',
  'tab\there',
  'a\r\nb',
  'nbsp\u00a0here',
  'null\u0000char',
  'bell\u0007',
  'line\n',
  '\nline',
  'http://example.com',
  'https://example.com/a?b=c',
  'ftp://x.y',
  'www.example.com',
  'WWW.EXAMPLE.COM',
  'mail a@b.co',
  'mailto:a@b.co',
  'x@y',
  '<https://x.y>',
  '<a@b.co>',
  '&amp;',
  '&copy; 2024',
  '&#65;',
  '&#x41;',
  'R&D;',
  '&1;',
  '<b>bold</b>',
  '<script>alert(1)</script>',
  'a < b',
  'a > b',
  'a | b',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '[link](https://x.y)',
  '[ref]',
  '[ref]: https://x.y',
  '![img](https://x.y/i.png)',
  '\\*escaped\\*',
  '\\',
  '- [ ] task',
  '- [x] done',
];

/** A deterministic PRNG (mulberry32): the same strings every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings mostly of words, with every ASCII punctuation mark, digits, spaces, newlines and a few others mixed in. */
function randomMessages(count: number, seed: number): string[] {
  const next = random(seed);
  const words = [
    'order',
    'ok',
    'Alice',
    'www',
    'http',
    'a',
    'b',
    '12',
    '1',
    'x_y',
    '@bob',
    '~sales',
    ':smile:',
    'amp',
    'x41',
    'é',
    '日本',
  ];
  const marks = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', ' ', ' ', '\n', '\t', '\u00a0', '0', '9'];
  const messages: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    const length = 1 + Math.floor(next() * 12);
    for (let j = 0; j < length; j++) {
      text += next() < 0.5 ? words[Math.floor(next() * words.length)] : marks[Math.floor(next() * marks.length)];
      if (next() < 0.4) text += ' ';
    }
    messages.push(text);
  }
  return messages;
}

describe('plain messages without marked', () => {
  it('accepts everyday chat lines and renders them exactly as marked does', () => {
    expect(CHAT_LINES.filter((line) => !isPlain(line))).to.deep.equal([]);
    expect(mismatches(CHAT_LINES)).to.deep.equal([]);
  });

  it('refuses markdown, and matches marked on whatever near-miss it accepts', () => {
    // The comparison can fail: without the check, most of these render unlike marked.
    const unlike = MARKDOWN_AND_NEAR_MISSES.filter(
      (source) => dom(renderLines(source, contexts[0]!)) !== dom(renderMarked(source, contexts[0]!)),
    );
    expect(unlike.length).to.be.greaterThan(MARKDOWN_AND_NEAR_MISSES.length / 2);
    expect(unlike.filter(isPlain)).to.deep.equal([]);
    expect(mismatches(MARKDOWN_AND_NEAR_MISSES)).to.deep.equal([]);
  });

  it('matches marked on every public XSS payload it accepts', async () => {
    const vectors = await loadVectors();
    expect(vectors.length).to.be.greaterThan(300);
    expect(mismatches(vectors)).to.deep.equal([]);
  });

  it('matches marked on thousands of random strings of markdown characters', () => {
    const messages = randomMessages(4000, 20261125);
    const accepted = messages.filter(isPlain);
    // Not a vacuous pass: a good share goes through the fast path.
    expect(accepted.length).to.be.greaterThan(messages.length / 10);
    expect(mismatches(messages)).to.deep.equal([]);
  });
});
