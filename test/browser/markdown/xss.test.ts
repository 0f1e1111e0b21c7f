/**
 * Public XSS payloads (DOMPurify, OWASP, markdown-it, micromark, Markdown-XSS-Payloads;
 * see ../shared/security/README.md beside the repo) rendered as chat messages: nothing may
 * run, and nothing active may reach the DOM.
 */
import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { loadMarkdown, renderMarkdown } from '../../../src/markdown/index.js';
import { channel, listFixture, post, scrollLogTo } from '../elements/message-list/fixtures.js';
import { loadVectors } from './vectors.js';

/** Every element and attribute the markdown renderer may produce; anything else is a leak. */
const ALLOWED_ELEMENTS = new Set([
  'A',
  'BLOCKQUOTE',
  'BR',
  'CODE',
  'DEL',
  'DIV',
  'EM',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'SPAN',
  'STRONG',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);
const ALLOWED_ATTRIBUTES = new Set([
  'aria-hidden',
  'aria-label',
  'class',
  'href',
  'part',
  'rel',
  'role',
  'start',
  'tabindex',
  'target',
  'title',
]);
const FORBIDDEN_ELEMENTS =
  'script, iframe, object, embed, form, frame, frameset, svg, math, style, base, meta, link, img, image, video, audio, source, input, button, textarea, select, template, slot';
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc'];
const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data):/;

/** A URL attribute's scheme as the browser sees it: controls and whitespace gone, lower case. */
function scheme(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
}

/** Everything wrong with a rendered tree; empty when it is safe. */
function problems(root: Element): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll(FORBIDDEN_ELEMENTS)) found.push(`<${el.localName}> element`);
  for (const el of root.querySelectorAll('*')) {
    if (!ALLOWED_ELEMENTS.has(el.tagName)) found.push(`unexpected <${el.localName}>`);
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${attr.name} attribute on <${el.localName}>`);
      if (!ALLOWED_ATTRIBUTES.has(attr.name)) found.push(`unexpected ${attr.name} attribute on <${el.localName}>`);
      if (URL_ATTRIBUTES.includes(attr.name.toLowerCase()) && DANGEROUS_SCHEME.test(scheme(attr.value))) {
        found.push(`${attr.name}="${attr.value}" on <${el.localName}>`);
      }
    }
    if (el instanceof HTMLAnchorElement) {
      if (!['http:', 'https:', 'mailto:'].includes(new URL(el.href).protocol)) found.push(`link to ${el.href}`);
      if (el.target !== '_blank' || el.rel !== 'noopener noreferrer')
        found.push(`link without target/rel: ${el.outerHTML}`);
    }
  }
  return found;
}

interface Spies {
  calls: string[];
  restore(): void;
}

/** Replaces the dialogs payloads call with recorders. */
function spyOnDialogs(): Spies {
  const calls: string[] = [];
  const originals = { alert: window.alert, prompt: window.prompt, confirm: window.confirm, print: window.print };
  window.alert = (message?: unknown) => void calls.push(`alert(${String(message)})`);
  window.prompt = (message?: string) => (calls.push(`prompt(${String(message)})`), null);
  window.confirm = (message?: string) => (calls.push(`confirm(${String(message)})`), false);
  window.print = () => void calls.push('print()');
  return { calls, restore: () => Object.assign(window, originals) };
}

/** Gives scripts, handlers and resource loads every chance to run before we look. */
async function letAnythingRun(root: ParentNode): Promise<void> {
  const loads = Array.from(
    root.querySelectorAll('img, iframe, video, audio, object, embed, script, link'),
    (el) =>
      new Promise((resolve) => {
        el.addEventListener('load', resolve, { once: true });
        el.addEventListener('error', resolve, { once: true });
      }),
  );
  await Promise.all(loads);
  await new Promise((resolve) => setTimeout(resolve));
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

describe('XSS: public payloads rendered as messages', () => {
  let vectors: string[] = [];
  let spies: Spies;

  before(async () => {
    vectors = await loadVectors();
    // Rendered by marked, not shown as text while it loads (that path: lazy.test.ts).
    await loadMarkdown();
  });
  beforeEach(() => {
    spies = spyOnDialogs();
  });
  afterEach(() => spies.restore());

  it('loads all 397 payloads', () => {
    expect(vectors).to.have.length(397);
  });

  it('renderMarkdown: nothing runs and nothing active reaches the DOM, for every payload', async () => {
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const containers = vectors.map(() => root.appendChild(document.createElement('div')));
    vectors.forEach((vector, i) => render(renderMarkdown(vector, { meUsername: 'bob' }), containers[i]!));
    await letAnythingRun(root);

    expect(spies.calls, 'dialogs called').to.deep.equal([]);
    const failures = vectors.flatMap((vector, i) =>
      problems(containers[i]!).map((problem) => `#${i} ${JSON.stringify(vector)}: ${problem}`),
    );
    expect(failures, failures.slice(0, 10).join('\n')).to.deep.equal([]);
    // Something was rendered for every payload (only a bare link definition renders nothing):
    // the checks above are not passing on empty output.
    const definition = /^\s*\[[^\]]+\]:\s/;
    const empty = vectors.filter(
      (vector, i) => vector.trim() !== '' && !definition.test(vector) && containers[i]!.textContent!.trim() === '',
    );
    expect(empty).to.deep.equal([]);
  });

  it('<bisman-message-list>: payloads posted as messages stay inert', async () => {
    // One payload in twenty, so every source is represented, in a list tall enough to render them all.
    const picked = vectors.filter((_, i) => i % 20 === 0);
    const t = Date.now() - 60 * 60 * 1000;
    const el = await listFixture(
      channel(
        picked.map((message, i) =>
          post(`x${i}`, { message, createAt: t + i * 1000, userId: i % 2 ? 'u-alice' : 'u-bob' }),
        ),
      ),
      1500,
    );
    const checked = new Set<string>();
    const failures: string[] = [];
    // Page through the whole conversation, top to bottom. Reaching the top can take a few
    // scrolls: the layout corrects its estimates of the rows above as they are measured.
    const log = el.shadowRoot!.querySelector<HTMLElement>('[role="log"]')!;
    for (let attempt = 0; attempt < 5 && (attempt === 0 || log.scrollTop > 0); attempt++) await scrollLogTo(el, 0);
    for (let top = 0; top === 0 || top < log.scrollHeight; top += log.clientHeight / 2) {
      await scrollLogTo(el, top);
      await letAnythingRun(el.shadowRoot!);
      expect(el.shadowRoot!.querySelector(FORBIDDEN_ELEMENTS.replace(', button', ''))).to.equal(null);
      for (const body of el.shadowRoot!.querySelectorAll('[part="body"]')) {
        const key = body.closest<HTMLElement>('.row')!.dataset['key']!;
        checked.add(key);
        failures.push(...problems(body).map((problem) => `${key}: ${problem}`));
      }
    }
    expect(spies.calls, 'dialogs called').to.deep.equal([]);
    expect(failures, failures.slice(0, 10).join('\n')).to.deep.equal([]);
    expect(checked.size).to.equal(picked.length);
  });

  it('the checks catch what they look for', async () => {
    // A planted handler, script URL and frame must be reported: the assertions above can fail.
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const planted = document.createElement('div');
    planted.setAttribute('onclick', 'alert(1)');
    const link = document.createElement('a');
    link.setAttribute('href', ' java\tscript:alert(1)');
    planted.append(link, document.createElement('iframe'));
    root.append(planted);
    const found = problems(root);
    expect(found).to.include('onclick attribute on <div>');
    expect(found.some((p) => p.startsWith('href='))).to.equal(true);
    expect(found).to.include('<iframe> element');
  });

  it('the dialog spies see a payload that does run', async () => {
    // What a leaked payload would do: if rendering ever let one through, the spies would see it.
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const img = document.createElement('img');
    img.setAttribute('onerror', "alert('planted')");
    img.src = 'data:,not-an-image';
    root.append(img);
    await letAnythingRun(root);
    expect(spies.calls).to.deep.equal(['alert(planted)']);
  });
});
