import { postStrings } from '../message-list/post-renderer.js';

/**
 * Every English string of the thread view (the messages' own are in `postStrings`). Apart
 * from the element, so the conversation has them before the view's module loads.
 */
export const threadViewStrings = {
  ...postStrings,
  title: 'Thread',
  close: 'Close',
  loading: 'Loading thread…',
};

export type ThreadViewStrings = typeof threadViewStrings;
