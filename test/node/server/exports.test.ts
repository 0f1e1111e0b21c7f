// `bisman-chat/server/node`: the package entry Node users import startAuthServer from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../../', import.meta.url);

describe('bisman-chat/server/node', () => {
  it('is a package export whose module (built from src/server/node.ts) exports startAuthServer', async () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { exports: Record<string, unknown> };
    assert.deepEqual(pkg.exports['./server/node'], {
      types: './dist/server/node.d.ts',
      default: './dist/server/node.js',
    });
    // dist/ mirrors src/ (tsconfig.build.json, rootDir src): check the source it is built from.
    const source = fileURLToPath(new URL('src/server/node.ts', ROOT));
    const entry = (await import(source)) as Record<string, unknown>;
    assert.equal(typeof entry.startAuthServer, 'function');
    assert.equal(typeof entry.loadConfig, 'function', 'and what bisman-chat/server exports');
    assert.equal(typeof entry.createAuthApp, 'function');
  });
});
