// The bench page: the emulator's core runs in the page behind msw (no network), and
// window.bench drives <bisman-chat> (and the naive reference list) for bench/parts/browser.ts.
// The widget is the page bundle (dist/bisman-chat.js, as hosts load it), which setup()
// imports with its chat UI; lib.html has the library build bundled into the page instead.
import { setupWorker } from 'msw/browser';
import { EmulatorCore, seedDemo } from '../../src/emulator/index.js';
import { createEmulatorHandlers } from '../../src/emulator/msw.js';
import type { ChatToken } from '../../src/data/types.js';
import {
  articlesIn,
  findLog,
  findScroller,
  nextFrame,
  shadowElementCount,
  untilPainted,
  watchLongTasks,
} from './dom.js';
import { BenchNaiveList, type NaivePost } from './naive-list.js';

// Registered here: package.json's sideEffects would let the bundler drop a bare import.
if (!customElements.get('bench-naive-list')) customElements.define('bench-naive-list', BenchNaiveList);

interface World {
  core: EmulatorCore;
  channelId: string;
  aliceId: string;
  bobId: string;
  teamId: string;
  posts: number;
}

let world: World | undefined;
let chat: HTMLElement | undefined;
let naive: BenchNaiveList | undefined;

const stage = document.getElementById('stage')!;
const message = (i: number, n: number): string => `Bench message ${i} of ${n}`;

/** Text of an element and of the shadow roots below it. */
function deepText(el: Element): string {
  let text = el.textContent ?? '';
  const visit = (root: ParentNode): void => {
    for (const child of root.querySelectorAll('*')) {
      if (child.shadowRoot) {
        text += ` ${child.shadowRoot.textContent ?? ''}`;
        visit(child.shadowRoot);
      }
    }
  };
  visit(el);
  return text;
}

function requireWorld(): World {
  if (!world) throw new Error('bench.setup() first');
  return world;
}

function chatLog(): Element | undefined {
  return chat ? findLog(chat) : undefined;
}

/** The newest posts are at the end of the log: search from there, so polling stays cheap. */
function articleWith(log: Element | undefined, text: string, fromEnd = true): Element | undefined {
  if (!log) return undefined;
  const articles = articlesIn(log);
  if (fromEnd) articles.reverse();
  return articles.find((a) => deepText(a).includes(text));
}

function hasArticle(log: Element | undefined, text: string, fromEnd = true): boolean {
  return articleWith(log, text, fromEnd) !== undefined;
}

/** Whether the article is inside its scroller's visible area (not just in the DOM). */
function inView(log: Element | undefined, text: string): boolean {
  const article = articleWith(log, text);
  if (!log || !article) return false;
  const box = article.getBoundingClientRect();
  const view = (findScroller(log) ?? log).getBoundingClientRect();
  return box.bottom > view.top && box.top < view.bottom;
}

/** The newest post is painted and the log's view is full (or holds 50 articles). */
function newestPainted(log: Element | undefined, newest: string): boolean {
  if (!log || !hasArticle(log, newest)) return false;
  const articles = articlesIn(log);
  if (articles.length >= 50) return true;
  const scroller = findScroller(log);
  return scroller !== undefined && scroller.scrollHeight > scroller.clientHeight;
}

/** The scroller of the chat's log, or of the naive list. */
function scrollerOf(which: 'chat' | 'naive'): HTMLElement | undefined {
  if (which === 'naive') return (naive?.shadowRoot?.querySelector('.log') as HTMLElement | null) ?? undefined;
  const log = chatLog();
  return log ? findScroller(log) : undefined;
}

/** The number of the oldest bench message rendered in the log (how far scrolling got). */
function firstShown(log: Element | undefined): number {
  let lowest = Infinity;
  for (const article of log ? articlesIn(log).slice(0, 5) : []) {
    const match = /Bench message (\d+) of/.exec(deepText(article));
    if (match) lowest = Math.min(lowest, Number(match[1]));
  }
  return lowest;
}

let longTasks: ReturnType<typeof watchLongTasks> | undefined;

/** The page bundle's entry, imported with its chat UI unless the page bundled the library. */
async function loadWidget(entry: string | undefined): Promise<void> {
  if (!customElements.get('bisman-chat')) {
    if (!entry) throw new Error('no <bisman-chat> on the page and no bundle to load');
    await import(/* @vite-ignore */ entry);
  }
  const element = customElements.get('bisman-chat') as
    (CustomElementConstructor & { preload?: () => Promise<void> }) | undefined;
  await element?.preload?.();
}

const bench = {
  async setup(options: { posts: number; bundle?: string }) {
    await loadWidget(options.bundle);
    const core = new EmulatorCore();
    seedDemo(core);
    const team = core.getTeamByName('erp')!;
    const alice = core.getUserByUsername('alice')!;
    const bob = core.getUserByUsername('bob')!;
    const channel = core.createChannel(
      { teamId: team.id, name: 'bench', displayName: 'Bench', type: 'O', creatorId: alice.id },
      false,
    );
    core.addChannelMember(channel.id, bob.id, { quiet: true });
    const base = Date.now() - options.posts * 1000;
    for (let i = 1; i <= options.posts; i++) {
      core.createPost({
        channelId: channel.id,
        userId: i % 2 ? bob.id : alice.id,
        message: message(i, options.posts),
        createAt: base + i * 1000,
      });
    }
    world = { core, channelId: channel.id, aliceId: alice.id, bobId: bob.id, teamId: team.id, posts: options.posts };
    const worker = setupWorker(...createEmulatorHandlers(core, { baseUrl: location.origin }));
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
    return { channelId: channel.id };
  },

  /** Inserts <bisman-chat> on the bench channel; ms until its newest posts are painted. */
  async openChat(timeoutMs = 20_000) {
    const w = requireWorld();
    const el = document.createElement('bisman-chat') as HTMLElement & { tokenProvider?: () => Promise<ChatToken> };
    el.tokenProvider = async () => ({
      token: w.core.issueToken(w.aliceId),
      userId: w.aliceId,
      serverUrl: location.origin,
      teamId: w.teamId,
      teamName: 'erp',
    });
    el.setAttribute('channel', w.channelId);
    el.setAttribute('mode', 'inline');
    const t0 = performance.now();
    stage.append(el);
    chat = el;
    const newest = message(w.posts, w.posts);
    const painted = await untilPainted(() => newestPainted(chatLog(), newest), timeoutMs, `"${newest}" in the log`);
    return { ms: painted - t0, articles: articlesIn(chatLog()!).length, newestInView: inView(chatLog(), newest) };
  },

  chatElementCount(): number {
    return chat ? shadowElementCount(chat) : 0;
  },

  /** Renders the reference list with the same posts; ms until painted. */
  async openNaive(timeoutMs = 60_000) {
    const w = requireWorld();
    const names = new Map<string, string>();
    const posts: NaivePost[] = w.core.channelPosts(w.channelId).map((p) => {
      let author = names.get(p.user_id);
      if (author === undefined) {
        author = w.core.displayName(w.core.requireUser(p.user_id));
        names.set(p.user_id, author);
      }
      return { id: p.id, author, message: p.message, createAt: p.create_at };
    });
    posts.sort((a, b) => a.createAt - b.createAt);
    const el = document.createElement('bench-naive-list') as BenchNaiveList;
    el.posts = posts;
    const t0 = performance.now();
    stage.append(el);
    naive = el;
    await el.updateComplete;
    const log = el.shadowRoot!.querySelector('.log') as HTMLElement;
    log.scrollTop = log.scrollHeight;
    const newest = message(w.posts, w.posts);
    const painted = await untilPainted(() => hasArticle(log, newest), timeoutMs, 'the naive list');
    return { ms: painted - t0, articles: articlesIn(log).length };
  },

  naiveElementCount(): number {
    return naive ? shadowElementCount(naive) : 0;
  },

  /** Where to put the mouse to wheel the list. */
  scrollerRect(which: 'chat' | 'naive') {
    const rect = scrollerOf(which)?.getBoundingClientRect();
    return rect ? { x: rect.x, y: rect.y, width: rect.width, height: rect.height } : undefined;
  },

  /** After the next frame: where the list is, whether its oldest post is rendered, and (when asked) the element count. */
  async afterFrame(which: 'chat' | 'naive', countElements: boolean) {
    await nextFrame();
    const w = requireWorld();
    const scroller = scrollerOf(which);
    const log = which === 'chat' ? chatLog() : scroller;
    return {
      top: scroller?.scrollTop ?? NaN,
      height: scroller?.scrollHeight ?? NaN,
      oldest: hasArticle(log, message(1, w.posts), false),
      firstShown: firstShown(log),
      elements: countElements ? (which === 'chat' ? bench.chatElementCount() : bench.naiveElementCount()) : undefined,
    };
  },

  longTasksStart() {
    longTasks = watchLongTasks();
  },

  longTasksStop() {
    const result = longTasks?.stop() ?? { longest: 0, count: 0 };
    longTasks = undefined;
    return result;
  },

  /** count posts by bob into the open channel, spread over windowMs; ms from the first until all painted. */
  async burst(count: number, windowMs: number, timeoutMs = 20_000) {
    const w = requireWorld();
    const watch = watchLongTasks();
    const t0 = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const due = Math.min(count, Math.floor(((performance.now() - t0) / windowMs) * count) + 1);
        while (sent < due) {
          sent++;
          w.core.createPost({ channelId: w.channelId, userId: w.bobId, message: `Burst message ${sent} of ${count}` });
        }
        if (sent < count) setTimeout(tick, 0);
        else resolve();
      };
      tick();
    });
    const sentMs = performance.now() - t0;
    const last = `Burst message ${count} of ${count}`;
    let painted: number;
    let tasks: { longest: number; count: number };
    try {
      painted = await untilPainted(() => hasArticle(chatLog(), last), timeoutMs, `"${last}" in the log`);
    } finally {
      tasks = watch.stop();
    }
    return {
      ms: painted - t0,
      sentMs,
      longest: tasks.longest,
      longTasks: tasks.count,
      lastInView: inView(chatLog(), last),
    };
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.body.dataset.ready = 'true';
