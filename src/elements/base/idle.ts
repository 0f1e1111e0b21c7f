/** Resolves when the browser is idle (`requestIdleCallback`; a short timeout where it is missing, as in Safari). */
export function whenIdle(timeout = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 200);
  });
}
