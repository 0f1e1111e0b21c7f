// Shared by the end-to-end tests: Debian's Chromium through playwright-core, axe-core
// checks, and the demo's one-click sign-in.
import assert from 'node:assert/strict';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/**
 * Runs axe-core on the page once its animations have finished (open shadow roots included):
 * mid fade-in, text is blended with what is behind it, and its contrast is not its own.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Document.getAnimations() includes the animations in shadow trees; infinite ones never finish.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    // axe-core puts itself on window; the page has no types for it.
    const runner = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await runner.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`),
    [],
    `axe-core found problems on ${what}`,
  );
}

/** Opens `path` of the demo and signs in as `username` with the sign-in screen's button. */
export async function signIn(page: Page, baseUrl: string, username: string, path = '/'): Promise<void> {
  await page.goto(new URL(path, baseUrl).href);
  await page.locator(`button.person[data-username="${username}"]`).click();
  // Attached, not visible: narrow layouts show only the initials.
  await page.getByTestId('signed-in-user').waitFor({ state: 'attached' });
}

/** The chat's messages as text, one entry per article of the open conversation's log. */
export function messages(page: Page): Promise<string[]> {
  return page.getByRole('log').getByRole('article').allInnerTexts();
}
