// Builds bench/page with Vite into a temporary folder and serves it on 127.0.0.1, with
// msw's service worker at /mockServiceWorker.js (the installed version, always in step).
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import { build, type Plugin } from 'vite';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Vite 8's Oxc transform leaves standard decorators (`@property() accessor x`) as they
 * are, and Chromium cannot parse them yet: esbuild lowers them.
 */
function lowerDecorators(): Plugin {
  return {
    name: 'bench-lower-decorators',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!file.endsWith('.ts') || file.includes('/node_modules/') || !/^\s*@[A-Za-z]/m.test(code)) return null;
      const result = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        sourcemap: true,
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: true } },
      });
      return { code: result.code, map: result.map };
    },
  };
}

export interface PageServer {
  url: string;
  /** Serves dir's files under /dist/ (the size part's fresh build). */
  mountDist(dir: string): void;
  close(): Promise<void>;
}

export async function servePage(): Promise<PageServer> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'bisman-bench-page-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: path.resolve('bench/page'),
    base: '/',
    plugins: [lowerDecorators()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      chunkSizeWarningLimit: 10_000,
      rolldownOptions: {
        input: {
          main: path.resolve('bench/page/index.html'),
          lib: path.resolve('bench/page/lib.html'),
          size: path.resolve('bench/page/size.html'),
        },
      },
    },
  });
  const worker = path.join(
    path.dirname(createRequire(import.meta.url).resolve('msw/package.json')),
    'lib',
    'mockServiceWorker.js',
  );
  let distDir: string | undefined;
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const root = pathname.startsWith('/dist/') && distDir ? distDir : outDir;
    const relative = root === outDir ? pathname : pathname.slice('/dist'.length);
    const file =
      pathname === '/mockServiceWorker.js' ? worker : path.join(root, relative === '/' ? 'index.html' : relative);
    if (!file.startsWith(root) && file !== worker) return void res.writeHead(403).end();
    if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mountDist(dir) {
      distDir = path.resolve(dir);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(outDir, { recursive: true, force: true });
      }),
  };
}
