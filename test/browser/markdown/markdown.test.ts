import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import {
  loadMarkdown,
  markdownStyles,
  renderMarkdown,
  safeLinkUrl,
  type MarkdownOptions,
} from '../../../src/markdown/index.js';

/** Renders a message into a fresh container in the document and returns the container. */
async function md(source: string, options?: MarkdownOptions): Promise<HTMLElement> {
  const container = await fixture<HTMLElement>(html`<div class="md"></div>`);
  render(renderMarkdown(source, options), container);
  return container;
}

function links(root: ParentNode): HTMLAnchorElement[] {
  return Array.from(root.querySelectorAll('a'));
}

describe('renderMarkdown', () => {
  // Messages with markdown render at once from here on (before, they show as text: lazy.test.ts).
  before(() => loadMarkdown());

  describe('block constructs', () => {
    it('renders paragraphs, and a single newline as a line break', async () => {
      const el = await md('first line\nsecond line\n\nnext paragraph');
      const paragraphs = el.querySelectorAll('p');
      expect(paragraphs).to.have.length(2);
      expect(paragraphs[0]!.querySelectorAll('br')).to.have.length(1);
      expect(paragraphs[0]!.textContent).to.equal('first linesecond line');
      expect(paragraphs[1]!.textContent).to.equal('next paragraph');
    });

    // Mattermost renders `<h${level} class="markdown__heading">` (webapp/channels/src/utils/markdown/renderer.tsx).
    it('keeps each heading level as a real h1–h6, as Mattermost renders them', async () => {
      const el = await md('# Big title\n## Second\n### Third\n#### Fourth\n##### Fifth\n###### Sixth\nText');
      const headings = Array.from(el.querySelectorAll('[part="heading"]'));
      expect(headings.map((h) => h.localName)).to.deep.equal(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
      expect(headings.map((h) => h.textContent)).to.deep.equal([
        'Big title',
        'Second',
        'Third',
        'Fourth',
        'Fifth',
        'Sixth',
      ]);
      expect(el.querySelector('p')!.textContent).to.equal('Text');
    });

    it('keeps setext headings and inline markdown inside headings', async () => {
      const el = await md('Title **bold** :smile:\n===\n\nSub\n---');
      expect(el.querySelector('h1 > strong')!.textContent).to.equal('bold');
      expect(el.querySelector('h1 [part="emoji"]')).to.not.equal(null);
      expect(el.querySelector('h2')!.textContent).to.equal('Sub');
    });

    it('sizes headings for a chat row, not a document', async () => {
      const sheet = markdownStyles.styleSheet!;
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      try {
        const el = await md('# Big title\n\ntext');
        el.style.fontSize = '14px';
        const h1 = el.querySelector('h1')!;
        expect(parseFloat(getComputedStyle(h1).fontSize)).to.be.at.most(14 * 1.25);
        expect(parseFloat(getComputedStyle(h1).marginBlockStart)).to.be.below(8);
      } finally {
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      }
    });

    it('is axe clean with headings of every level', async () => {
      const el = await md('# One\n## Two\n### Three\ntext');
      await expect(el).to.be.accessible();
    });

    it('renders fenced code with its language class and keeps the text verbatim', async () => {
      const el = await md('```js\nconst a = 1 < 2 && "<b>";\n```');
      const code = el.querySelector('pre > code');
      expect(code).to.not.equal(null);
      expect(code!.className).to.equal('language-js');
      expect(code!.textContent).to.equal('const a = 1 < 2 && "<b>";');
      expect(el.querySelector('b')).to.equal(null);
    });

    it('renders fenced code without a language with no class', async () => {
      const el = await md('```\nplain\n```');
      expect(el.querySelector('pre > code')!.hasAttribute('class')).to.equal(false);
    });

    it('renders blockquotes with their inner markdown', async () => {
      const el = await md('> quoted **bold**');
      expect(el.querySelector('blockquote > p > strong')!.textContent).to.equal('bold');
    });

    it('renders bullet, ordered and task lists', async () => {
      const el = await md('- one\n- two\n\n3. three\n4. four\n\n- [x] done\n- [ ] todo');
      expect(el.querySelectorAll('ul')).to.have.length(2);
      expect(el.querySelectorAll('ul')[0]!.querySelectorAll('li')).to.have.length(2);
      const ol = el.querySelector('ol')!;
      expect(ol.getAttribute('start')).to.equal('3');
      expect(ol.querySelectorAll('li')).to.have.length(2);
      const tasks = el.querySelectorAll('.task');
      expect(Array.from(tasks, (task) => task.getAttribute('aria-label'))).to.deep.equal(['done', 'not done']);
      expect(el.querySelector('input')).to.equal(null);
    });

    it('renders tables with header cells and alignment', async () => {
      const el = await md('| Item | Qty |\n|:-----|----:|\n| Bolts | 12 |\n| Nuts | 7 |');
      const table = el.querySelector('table')!;
      expect(Array.from(table.querySelectorAll('th'), (th) => th.textContent)).to.deep.equal(['Item', 'Qty']);
      expect(table.querySelectorAll('tbody tr')).to.have.length(2);
      expect(table.querySelector('tbody td.align-right')!.textContent).to.equal('12');
    });

    it('renders a horizontal rule', async () => {
      expect((await md('above\n\n---\n\nbelow')).querySelector('hr')).to.not.equal(null);
    });
  });

  describe('inline constructs', () => {
    it('renders emphasis, strong, strikethrough and inline code', async () => {
      const el = await md('*em* **strong** ~~gone~~ `x < y`');
      expect(el.querySelector('em')!.textContent).to.equal('em');
      expect(el.querySelector('strong')!.textContent).to.equal('strong');
      expect(el.querySelector('del')!.textContent).to.equal('gone');
      expect(el.querySelector('code')!.textContent).to.equal('x < y');
    });

    it('resolves character references in text but not in code', async () => {
      const el = await md('Fish &amp; chips &copy; &#169; `&amp;`');
      expect(el.querySelector('p')!.textContent).to.equal('Fish & chips © © &amp;');
      expect(el.querySelector('code')!.textContent).to.equal('&amp;');
    });

    it('shows raw HTML as text', async () => {
      const el = await md('<b>bold?</b> <img src=x onerror=alert(1)>\n\n<div onclick="x()">block</div>');
      expect(el.querySelector('b, img, div')).to.equal(null);
      expect(el.textContent).to.contain('<b>bold?</b>');
      expect(el.textContent).to.contain('<img src=x onerror=alert(1)>');
      expect(el.textContent).to.contain('<div onclick="x()">block</div>');
    });

    it('links bare URLs, www. addresses and e-mail addresses', async () => {
      const el = await md('see https://example.com/a?b=1 or www.example.org or ops@example.com');
      expect(links(el).map((a) => a.getAttribute('href'))).to.deep.equal([
        'https://example.com/a?b=1',
        'http://www.example.org/',
        'mailto:ops@example.com',
      ]);
      expect(links(el).map((a) => a.textContent)).to.deep.equal([
        'https://example.com/a?b=1',
        'www.example.org',
        'ops@example.com',
      ]);
    });

    it('gives every link target=_blank and rel=noopener noreferrer', async () => {
      const el = await md('[docs](https://example.com "The docs") <https://example.net> https://example.org');
      expect(links(el)).to.have.length(3);
      for (const a of links(el)) {
        expect(a.getAttribute('target')).to.equal('_blank');
        expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      }
      expect(links(el)[0]!.getAttribute('title')).to.equal('The docs');
    });

    it('renders links with a forbidden scheme as plain text', async () => {
      const el = await md(
        '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:msgbox(1)) [d](data:text/html,<script>alert(1)</script>) ' +
          '[e](javascript&#58;alert(1)) [f](javascript&colon;alert(1)) [g](java%0ascript:alert(1)) [h](<java\tscript:alert(1)>) ' +
          '<javascript:alert(1)> [i](/relative/path) [j](ftp://example.com/file)',
      );
      expect(links(el)).to.have.length(0);
      for (const label of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) expect(el.textContent).to.contain(label);
    });

    it('resolves references in link destinations before linking', async () => {
      const el = await md('[q](https://example.com/?a=1&amp;b=2)');
      expect(links(el)[0]!.getAttribute('href')).to.equal('https://example.com/?a=1&b=2');
    });

    it('never loads images: an http(s) image becomes a link named by its alt text', async () => {
      const el = await md(
        '![Q3 chart](https://example.com/chart.png) ![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)',
      );
      expect(el.querySelector('img, picture, source, object, embed')).to.equal(null);
      expect(links(el)).to.have.length(1);
      const a = links(el)[0]!;
      expect(a.getAttribute('href')).to.equal('https://example.com/chart.png');
      expect(a.textContent).to.contain('Q3 chart');
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(el.textContent).to.contain('x');
      expect(el.textContent).to.contain('y');
    });
  });

  describe('Mattermost additions', () => {
    it('highlights @mentions, more strongly for the reader and for @channel/@all/@here', async () => {
      const el = await md('@alice and @Bob, also @channel @all @here; mail bob@example.com', { meUsername: 'bob' });
      const mentions = Array.from(el.querySelectorAll('[part~="mention"]'));
      expect(mentions.map((m) => m.textContent)).to.deep.equal(['@alice', '@Bob', '@channel', '@all', '@here']);
      expect(mentions[0]!.getAttribute('part')).to.equal('mention');
      expect(mentions[1]!.getAttribute('part')).to.equal('mention mention-me');
      expect(mentions[2]!.getAttribute('part')).to.equal('mention mention-all');
      expect(links(el)[0]!.getAttribute('href')).to.equal('mailto:bob@example.com');
    });

    it('does not treat a trailing full stop as part of a username', async () => {
      const el = await md('thanks @sam.');
      expect(el.querySelector('[part~="mention"]')!.textContent).to.equal('@sam');
    });

    it('does not highlight mentions inside code', async () => {
      const el = await md('`@alice` and\n```\n@bob\n```');
      expect(el.querySelector('[part~="mention"]')).to.equal(null);
    });

    it('links ~channel-name when channelLink knows it, and leaves it as text otherwise', async () => {
      const channelLink = (name: string) => (name === 'town-square' ? `#/channels/${name}` : undefined);
      const el = await md('see ~town-square and ~nowhere', { channelLink });
      expect(links(el)).to.have.length(1);
      expect(links(el)[0]!.getAttribute('href')).to.equal('#/channels/town-square');
      expect(links(el)[0]!.textContent).to.equal('~town-square');
      expect(el.textContent).to.contain('~nowhere');
    });

    it('refuses a script URL even from channelLink', async () => {
      const el = await md('~evil', { channelLink: () => 'javascript:alert(1)' });
      expect(links(el)).to.have.length(0);
    });

    it('shows known :emoji: shortcodes and leaves unknown ones as text', async () => {
      const el = await md(':smile: :+1: :tada: :rocket: :not_an_emoji: 10:30:00');
      const emoji = Array.from(el.querySelectorAll('.emoji'));
      expect(emoji.map((e) => e.textContent)).to.deep.equal(['😄', '👍', '🎉', '🚀']);
      expect(emoji[0]!.getAttribute('aria-label')).to.equal('smile');
      expect(el.textContent).to.contain(':not_an_emoji:');
      expect(el.textContent).to.contain('10:30:00');
    });

    it('returns the same template for the same source (cached)', () => {
      expect(renderMarkdown('cache me **please**')).to.equal(renderMarkdown('cache me **please**'));
      expect(renderMarkdown('cache me', { meUsername: 'a' })).to.not.equal(
        renderMarkdown('cache me', { meUsername: 'b' }),
      );
    });

    it('survives pathological nesting without throwing', async () => {
      const el = await md(`${'>'.repeat(90)} deep\n${'- '.repeat(90)}list`);
      expect(el.textContent).to.contain('deep');
      expect(el.querySelectorAll('blockquote').length).to.be.above(10);
    });

    it('shows messages that would take long to parse as plain text', async () => {
      for (const source of [
        '__a'.repeat(1000),
        '[a]('.repeat(1500),
        `${'> '.repeat(150)}deep quote`,
        `${'- '.repeat(150)}deep list`,
        `**${'x'.repeat(20_001)}**`,
      ]) {
        const el = await md(source);
        expect(el.children, source.slice(0, 20)).to.have.length(1);
        expect(el.firstElementChild!.className).to.equal('raw');
        expect(el.textContent).to.equal(source);
      }
    });

    it('still parses long code blocks full of underscores', async () => {
      const code = Array.from({ length: 400 }, (_, i) => `my_var_${i} = other_var_${i} * 2`).join('\n');
      const el = await md(`\`\`\`python\n${code}\n\`\`\``);
      expect(el.querySelector('pre > code.language-python')!.textContent).to.equal(code);
    });

    it('is accessible', async () => {
      const el = await md(
        '# Title\nSome **text** with a [link](https://example.com), @alice, :tada: and `code`.\n\n' +
          '| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n\n- [x] task\n\n> quote',
      );
      await expect(el).to.be.accessible();
    });
  });

  describe('safeLinkUrl', () => {
    it('accepts http, https and mailto and normalizes them', () => {
      expect(safeLinkUrl('https://example.com')).to.equal('https://example.com/');
      expect(safeLinkUrl('HTTP://EXAMPLE.com/a b')).to.equal('http://example.com/a%20b');
      expect(safeLinkUrl('mailto:a@example.com')).to.equal('mailto:a@example.com');
    });

    it('refuses disguised script schemes', () => {
      for (const url of [
        'javascript:alert(1)',
        ' javascript:alert(1)',
        'java\nscript:alert(1)',
        'java\u0000script:alert(1)',
        '\u0001javascript:alert(1)',
        'jav&#x09;ascript:alert(1)',
        'jav&#x0A;ascript:alert(1)',
        'javascript&#x3a;alert(1)',
        '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
        'vbscript:msgbox(1)',
        'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
        '//evil.example.com',
        'relative/path',
      ]) {
        expect(safeLinkUrl(url), url).to.equal(undefined);
      }
    });
  });
});
