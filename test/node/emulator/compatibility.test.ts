/**
 * The emulator README's compatibility table is the route list: every route the app serves
 * has a row, every row names a served route and a test file that exists.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { EmulatorCore, createEmulatorApp } from '../../../src/emulator/index.js';

const readme = readFileSync('src/emulator/README.md', 'utf8');

function tableRows(): Array<{ endpoint: string; usedBy: string; test: string }> {
  const start = readme.indexOf('<!-- compatibility:start -->');
  const end = readme.indexOf('<!-- compatibility:end -->');
  assert.ok(start >= 0 && end > start, 'the README has the compatibility markers');
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [endpoint = '', usedBy = '', test = ''] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^`|`$/g, ''));
      return { endpoint, usedBy, test };
    });
}

/** `GET /users/{user_id}`: the app's routes without the `/api/v4` prefix, params in braces. */
function servedRoutes(): Set<string> {
  const app = createEmulatorApp(new EmulatorCore());
  return new Set(
    app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/^\/api\/v4/, '').replace(/:(\w+)/g, '{$1}')}`),
  );
}

describe('the emulator README compatibility table', () => {
  it('has a row for every route the emulator serves', () => {
    const rows = new Set(tableRows().map((row) => row.endpoint));
    assert.deepEqual(
      [...servedRoutes()].filter((route) => !rows.has(route)),
      [],
    );
  });

  it('names only routes the emulator serves, each once', () => {
    const served = servedRoutes();
    const endpoints = tableRows().map((row) => row.endpoint);
    assert.deepEqual(
      endpoints.filter((endpoint) => !served.has(endpoint)),
      [],
    );
    assert.equal(new Set(endpoints).size, endpoints.length);
  });

  it('says who uses each route and names a test file that exists', () => {
    const users = new Set(['widget', 'web app', 'auth server', 'tests', 'admin tools']);
    for (const row of tableRows()) {
      const named = row.usedBy.replace(/\s*\([^)]*\)/g, '').split(', ');
      assert.ok(named.length > 0 && named.every((user) => users.has(user)), `${row.endpoint}: ${row.usedBy}`);
      assert.ok(existsSync(`test/node/${row.test}`), `${row.endpoint}: test/node/${row.test} exists`);
    }
  });
});
