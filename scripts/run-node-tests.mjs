// Runs every *.test.ts under the given folders (default: test/node), or the given test
// files, with Node's test runner, TypeScript through tsx. Node 20's --test takes no globs,
// so we list the files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = [];
function walk(dir) {
  if (!statSync(dir).isDirectory()) {
    files.push(dir);
    return;
  }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
}
for (const root of roots.length ? roots : ['test/node']) walk(root);
files.sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ') || 'test/node'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...passthrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
