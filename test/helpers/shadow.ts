/**
 * Find things the way a user (or a screen reader) does: by role and accessible name,
 * through every shadow root. A small subset of the accessible-name algorithm, enough for
 * our elements: aria-labelledby, aria-label, <label>, then content.
 */
import { waitUntil } from '@open-wc/testing';

export type NameMatcher = string | RegExp;

const IMPLICIT_ROLES: Record<string, (el: Element) => string | undefined> = {
  a: (el) => (el.hasAttribute('href') ? 'link' : undefined),
  article: () => 'article',
  button: () => 'button',
  dialog: () => 'dialog',
  h1: () => 'heading',
  h2: () => 'heading',
  h3: () => 'heading',
  h4: () => 'heading',
  h5: () => 'heading',
  h6: () => 'heading',
  input: (el) => {
    const type = (el as HTMLInputElement).type;
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (type === 'button' || type === 'submit') return 'button';
    return 'textbox';
  },
  li: () => 'listitem',
  ol: () => 'list',
  option: () => 'option',
  section: (el) => (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : undefined),
  textarea: () => 'textbox',
  ul: () => 'list',
};

/** Roles whose name comes from their content when nothing names them. */
const NAME_FROM_CONTENT = new Set(['button', 'link', 'tab', 'option', 'heading', 'listitem', 'menuitem', 'cell']);

export function roleOf(el: Element): string | undefined {
  const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
  if (explicit) return explicit;
  return IMPLICIT_ROLES[el.localName]?.(el);
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isRendered(el: Element): boolean {
  // checkVisibility follows the flat tree: hidden tab panels and closed dialogs are out.
  return el.checkVisibility ? el.checkVisibility() : (el as HTMLElement).offsetParent !== null;
}

/** The text a node contributes to a name computed from content (through shadow roots and slots). */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element)) return '';
  if (node.getAttribute('aria-hidden') === 'true') return '';
  if (node instanceof HTMLSlotElement) return node.assignedNodes({ flatten: true }).map(textOf).join('');
  if (node.localName === 'style' || node.localName === 'script') return '';
  const children = node.shadowRoot ? [...node.shadowRoot.childNodes] : [...node.childNodes];
  const text = children.map(textOf).join('');
  // Block boxes separate words; inline ones (spans) run on, as in the browser's own computation.
  return getComputedStyle(node).display.startsWith('inline') ? text : ` ${text} `;
}

export function accessibleName(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const parts = labelledBy
      .split(/\s+/)
      .map((id) => root.getElementById(id))
      .filter((e): e is HTMLElement => e !== null)
      .map(textOf);
    if (parts.length > 0) return normalize(parts.join(' '));
  }
  const label = el.getAttribute('aria-label');
  if (label?.trim()) return normalize(label);
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length > 0) return normalize([...labels].map(textOf).join(' '));
  const role = roleOf(el);
  if (role && NAME_FROM_CONTENT.has(role)) return normalize(textOf(el));
  return normalize(el.getAttribute('title') ?? '');
}

/** Every element under root, through shadow roots, in document order. */
export function* deepElements(root: Element | Document | ShadowRoot): Generator<Element> {
  const children = root instanceof Element && root.shadowRoot ? [root.shadowRoot, root] : [root];
  for (const container of children) {
    for (const child of container.children) {
      yield child;
      yield* deepElements(child);
    }
  }
}

function matches(name: string, matcher: NameMatcher | undefined): boolean {
  if (matcher === undefined) return true;
  return typeof matcher === 'string' ? name === matcher : matcher.test(name);
}

export interface RoleQuery {
  name?: NameMatcher;
  /** Include elements that are not rendered (hidden panels). Default false. */
  hidden?: boolean;
}

export function queryAllByRole<T extends Element = HTMLElement>(
  root: Element | Document | ShadowRoot,
  role: string,
  query: RoleQuery = {},
): T[] {
  const found: T[] = [];
  for (const el of deepElements(root)) {
    if (roleOf(el) !== role) continue;
    if (!query.hidden && !isRendered(el)) continue;
    if (!matches(accessibleName(el), query.name)) continue;
    found.push(el as T);
  }
  return found;
}

function describe(root: Element | Document | ShadowRoot, role: string): string {
  const names = queryAllByRole(root, role).map((el) => JSON.stringify(accessibleName(el)));
  return names.length > 0 ? `present ${role}s: ${names.join(', ')}` : `no ${role} is rendered`;
}

/** Exactly one rendered element with this role (and name); throws otherwise. */
export function getByRole<T extends Element = HTMLElement>(
  root: Element | Document | ShadowRoot,
  role: string,
  query: RoleQuery = {},
): T {
  const found = queryAllByRole<T>(root, role, query);
  if (found.length !== 1) {
    throw new Error(
      `Expected one ${role} named ${String(query.name ?? '(any)')}, found ${found.length}; ${describe(root, role)}`,
    );
  }
  return found[0]!;
}

/** Waits until exactly one such element is rendered, then returns it. */
export async function findByRole<T extends Element = HTMLElement>(
  root: Element | Document | ShadowRoot,
  role: string,
  query: RoleQuery = {},
  timeout = 8000,
): Promise<T> {
  try {
    await waitUntil(() => queryAllByRole(root, role, query).length === 1, undefined, { timeout, interval: 20 });
  } catch {
    throw new Error(
      `Timed out waiting for one ${role} named ${String(query.name ?? '(any)')}; ${describe(root, role)}`,
    );
  }
  return getByRole<T>(root, role, query);
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** A short description of an element for failure messages (chai would print the whole tree). */
export function describeElement(el: Element | null): string {
  if (!el) return 'nothing';
  const role = roleOf(el);
  return `<${el.localName}>${role ? ` (${role} ${JSON.stringify(accessibleName(el))})` : ''}`;
}

/** Whether `el` has focus (through shadow roots), with a readable failure message. */
export async function waitForFocus(el: Element, timeout = 4000): Promise<void> {
  try {
    await waitUntil(() => deepActiveElement() === el, undefined, { timeout, interval: 20 });
  } catch {
    throw new Error(`Expected focus on ${describeElement(el)}, but it is on ${describeElement(deepActiveElement())}`);
  }
}
