// The demo's Vite config: an ERP-like multi-page site in demo/. `npm start`
// (scripts/start.ts) builds on demoViteConfig() with the ports it chose; `vite` alone
// uses the defaults below. The library build lives in scripts/build.mjs.
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { createLogger, defineConfig, type Logger, type Plugin, type ProxyOptions, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('./demo', import.meta.url));

/** The demo's pages, one HTML file each (Vite's multi-page mode). */
export const DEMO_PAGES = ['index', 'orders', 'customers', 'portal'] as const;

export interface DemoViteOptions {
  /** Where the auth server listens, e.g. http://127.0.0.1:3001. */
  authUrl?: string;
  /** Where Mattermost (or the emulator) listens, e.g. http://127.0.0.1:8065. */
  mattermostUrl?: string;
  port?: number;
  host?: string;
  /** `static` builds the server-less demo: msw in the page answers every API call. */
  mode?: 'development' | 'static';
  /** The host identity cookie's name (the auth server's HOST_COOKIE). */
  hostCookie?: string;
  outDir?: string;
}

/**
 * The elements use standard decorators (`@property() accessor x`), which Vite 8's Oxc
 * transform leaves as they are and Chromium cannot parse yet; esbuild lowers them.
 */
export function standardDecorators(): Plugin {
  return {
    name: 'bisman-standard-decorators',
    enforce: 'pre',
    transform: {
      // Filters run inside Rolldown without calling into JS: only decorated TS files pay.
      filter: { id: { include: /\.ts$/, exclude: /node_modules/ }, code: /^\s*@[A-Za-z]/m },
      async handler(code, id) {
        const result = await transform(code, {
          loader: 'ts',
          target: 'es2022',
          sourcemap: true,
          sourcefile: id.split('?')[0] ?? id,
          tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: true } },
        });
        return { code: result.code, map: result.map };
      },
    },
  };
}

/**
 * Vite's logger, minus the "ws proxy error: ECONNRESET" lines that every closed browser
 * tab produces (the WebSocket to Mattermost ends with its page; nothing is wrong).
 */
function quietProxyLogger(): Logger {
  const logger = createLogger('warn');
  const error = logger.error.bind(logger);
  logger.error = (message, options) => {
    if (/proxy (socket )?error/.test(message) && /ECONNRESET|EPIPE/.test(message)) return;
    error(message, options);
  };
  return logger;
}

/**
 * The demo ERP owns its session cookie, so signing out of the ERP expires it here
 * (`POST /api/demo/logout`); the auth server only reads it.
 */
export function demoHostLogout(cookieName = 'bisman_host'): Plugin {
  return {
    name: 'bisman-demo-host-logout',
    configureServer(server) {
      // Added before Vite's own middlewares, so before the /api/demo proxy.
      server.middlewares.use('/api/demo/logout', (req, res) => {
        if (req.method !== 'POST') {
          res
            .writeHead(405, { 'content-type': 'application/json', allow: 'POST' })
            .end(JSON.stringify({ error: 'method_not_allowed', message: 'Use POST' }));
          return;
        }
        res.writeHead(200, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          'set-cookie': `${cookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`,
        });
        res.end(JSON.stringify({ status: 'OK' }));
      });
    },
  };
}

/**
 * Mattermost checks a WebSocket's Origin against AllowCorsFrom. Through the proxy the
 * browser is on the demo's origin, so present Mattermost's own origin instead: a real
 * server then needs no CORS setting for the demo.
 */
function toMattermost(target: string, ws = false): ProxyOptions {
  const origin = new URL(target.replace(/^ws/, 'http')).origin;
  return {
    target,
    changeOrigin: true,
    ws,
    configure(proxy) {
      proxy.on('proxyReq', (proxyReq) => {
        if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', origin);
      });
      proxy.on('proxyReqWs', (proxyReq) => {
        if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', origin);
      });
    },
  };
}

export function demoViteConfig(options: DemoViteOptions = {}): UserConfig {
  const authUrl = options.authUrl ?? 'http://127.0.0.1:3001';
  const mattermostUrl = options.mattermostUrl ?? 'http://127.0.0.1:8065';
  const mmWs = mattermostUrl.replace(/^http/, 'ws');
  const mode = options.mode;
  return {
    root,
    ...(mode ? { mode } : {}),
    // Relative asset URLs, so demo-dist/ works from any folder of a static host.
    base: mode === 'static' ? './' : '/',
    appType: 'mpa',
    plugins: [standardDecorators(), demoHostLogout(options.hostCookie)],
    customLogger: quietProxyLogger(),
    clearScreen: false,
    server: {
      host: options.host ?? 'localhost',
      port: options.port ?? 5173,
      strictPort: true,
      // One origin for the browser: the widget's serverUrl is this page's origin, and
      // REST, WebSocket and the "Open in Mattermost" pages go through to Mattermost.
      // The WebSocket path comes before the broader /api/v4 entry.
      proxy: {
        '/api/chat': { target: authUrl, changeOrigin: true },
        '/api/demo': { target: authUrl, changeOrigin: true },
        '/api/health': { target: authUrl, changeOrigin: true },
        '/api/v4/websocket': toMattermost(mmWs, true),
        '/api/v4': toMattermost(mattermostUrl),
        // Mattermost's own web paths (team channels, DMs, the emulator's pages).
        '^/[a-z0-9_-]+/(channels|messages|pl)/': toMattermost(mattermostUrl),
      },
    },
    preview: { host: options.host ?? 'localhost', port: options.port ?? 4173, strictPort: true },
    build: {
      outDir: options.outDir ?? fileURLToPath(new URL('./demo-dist', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
      // The static demo carries the emulator (and msw) in the page: big on purpose.
      chunkSizeWarningLimit: 2048,
      rolldownOptions: {
        input: Object.fromEntries(DEMO_PAGES.map((page) => [page, `${root}/${page}.html`])),
      },
    },
  };
}

export default defineConfig(
  demoViteConfig({
    authUrl: process.env.AUTH_URL,
    mattermostUrl: process.env.EMULATOR_URL,
    port: process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : undefined,
  }),
);
