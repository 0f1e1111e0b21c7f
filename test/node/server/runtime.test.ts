// `bisman-chat/server` (src/server/index.ts) must run in any fetch runtime: bundled for
// a worker/browser target it needs no Node built-in, and it never pulls in the Node
// parts (node.ts, Redis, ws).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build } from 'esbuild';

describe('bisman-chat/server outside Node', () => {
  it('bundles for a worker target without Node built-ins or the Node-only modules', async () => {
    const result = await build({
      entryPoints: ['src/server/index.ts'],
      bundle: true,
      platform: 'browser',
      conditions: ['worker', 'browser'],
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    assert.deepEqual(result.errors, []);
    const inputs = Object.keys(result.metafile.inputs);
    const nodeOnly = inputs.filter((p) =>
      /src\/server\/(node|redis-store|bin)\.ts$|node_modules\/(ioredis|ws|@hono\/node-server)\//.test(p),
    );
    assert.deepEqual(nodeOnly, []);
    const builtins = inputs.filter(
      (p) => p.startsWith('node:') || /^(cluster|crypto|worker_threads|os|util|net|fs)$/.test(p),
    );
    assert.deepEqual(builtins, []);
    const code = result.outputFiles[0]!.text;
    assert.doesNotMatch(code, /require\(["']node:/);
    assert.match(code, /createAuthApp/, 'the bundle has the app factory');
  });
});
