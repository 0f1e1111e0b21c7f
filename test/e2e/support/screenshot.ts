// Takes the README's screenshot (docs/demo.png): Alice's dashboard with the chat inline.
// Run: npx tsx test/e2e/support/screenshot.ts
import { startAll } from '../../../scripts/start.js';
import { launchBrowser, signIn } from './browser.js';

const running = await startAll({ demoPort: 0, authPort: 0, emulatorPort: 0, env: {} });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
  await signIn(page, running.url, 'alice');
  await page.getByRole('log').getByRole('article').first().waitFor({ timeout: 20_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let the avatars and fonts settle: wait for the network to go quiet.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: 'docs/demo.png' });
  console.log('wrote docs/demo.png');
} finally {
  await browser.close();
  await running.close();
}
