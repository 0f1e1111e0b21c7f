/**
 * The chat's parts that its first open never shows, loaded and registered on first use
 * (each is a chunk of its own in the page bundle): the thread view, the user search behind
 * New message and the channel browser. The emoji picker loads the same way (post-renderer.ts).
 */
import { defineElements } from './define-elements.js';

const parts = {
  'bisman-thread-view': async () => (await import('../thread-view/thread-view.js')).BismanThreadView,
  'bisman-user-search': async () => (await import('../user-search/bisman-user-search.js')).BismanUserSearch,
  'bisman-channel-browser': async () =>
    (await import('../channel-browser/bisman-channel-browser.js')).BismanChannelBrowser,
} satisfies Record<string, () => Promise<CustomElementConstructor>>;

export type LazyPart = keyof typeof parts;

const loads = new Map<LazyPart, Promise<void>>();

/**
 * Loads and registers a part, once; resolves when its tag is defined (elements already in
 * the page upgrade then). A failed load is tried again on the next call.
 */
export function loadPart(tag: LazyPart): Promise<void> {
  let load = loads.get(tag);
  if (!load) {
    load = parts[tag]().then((element) => defineElements({ [tag]: element }));
    load.catch(() => loads.delete(tag));
    loads.set(tag, load);
  }
  return load;
}
