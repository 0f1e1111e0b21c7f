// Shadow-DOM-aware look-ups and frame timing, for the bench page.

/** Every element under root, descending into open shadow roots. */
export function* deepElements(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
  }
}

/** Elements in host's shadow tree, nested shadow roots included. */
export function shadowElementCount(host: Element): number {
  let count = 0;
  if (host.shadowRoot) for (const _ of deepElements(host.shadowRoot)) count++;
  return count;
}

/** The messages log: role=log, else the message list element. */
export function findLog(host: Element): Element | undefined {
  const root = host.shadowRoot ?? host;
  let fallback: Element | undefined;
  for (const el of deepElements(root)) {
    if (el.getAttribute('role') === 'log') return el;
    if (!fallback && el.localName === 'bisman-message-list') fallback = el;
  }
  return fallback;
}

export function articlesIn(log: Element): Element[] {
  const found: Element[] = [];
  const visit = (root: ParentNode): void => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === 'article' || el.getAttribute('role') === 'article') found.push(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(log);
  if (log.shadowRoot) visit(log.shadowRoot);
  return found;
}

export const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/** Resolves on the first frame where check() is true (then one more frame, so it is painted). */
export async function untilPainted(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = performance.now();
  for (;;) {
    await nextFrame();
    if (check()) {
      await nextFrame();
      return performance.now();
    }
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/** The element that scrolls the log: itself, an ancestor or a descendant that overflows. */
export function findScroller(log: Element): HTMLElement | undefined {
  const scrolls = (el: Element): el is HTMLElement => {
    if (!(el instanceof HTMLElement) || el.scrollHeight <= el.clientHeight + 1) return false;
    const overflow = getComputedStyle(el).overflowY;
    return overflow === 'auto' || overflow === 'scroll';
  };
  if (scrolls(log)) return log;
  for (const el of deepElements(log.shadowRoot ?? log)) if (scrolls(el)) return el;
  let node: Node | null = log;
  while (node) {
    if (node instanceof Element && scrolls(node)) return node;
    node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode;
  }
  return undefined;
}

/** Long tasks (≥ 50 ms) seen from now until stop() is called. */
export function watchLongTasks(): { stop(): { longest: number; count: number } } {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      for (const entry of observer.takeRecords()) durations.push(entry.duration);
      observer.disconnect();
      return { longest: durations.length ? Math.max(...durations) : 0, count: durations.length };
    },
  };
}
