// `npm run demo:static`: the demo as static files in demo-dist/, no server behind it.
// msw in the page plays both the auth server and Mattermost (the emulator's core), so
// any static file host serves it. `--serve` previews the result at http://localhost:4173.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, preview } from 'vite';
import { demoViteConfig } from '../vite.config.js';

const require = createRequire(import.meta.url);

/** Builds the static demo into `outDir` (demo-dist/) and returns its absolute path. */
export async function buildStaticDemo(outDir = 'demo-dist'): Promise<string> {
  const out = resolve(outDir);
  await build({ ...demoViteConfig({ mode: 'static', outDir: out }), configFile: false, logLevel: 'warn' });
  // msw's worker must sit beside the pages (its scope is the folder it is served from);
  // copying the installed one keeps it in step with the msw version in the bundle.
  copyFileSync(require.resolve('msw/mockServiceWorker.js'), join(out, 'mockServiceWorker.js'));
  return out;
}

async function main(): Promise<void> {
  const out = await buildStaticDemo();
  console.log(`static demo written to ${out}`);
  if (process.argv.includes('--serve')) {
    const server = await preview({ ...demoViteConfig({ mode: 'static', outDir: out }), configFile: false });
    console.log(`serving it at ${server.resolvedUrls?.local[0] ?? 'http://localhost:4173/'} (Ctrl-C stops)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
