// The README documents what the code has: every attribute, event, part and custom
// property that <bisman-chat>'s JSDoc declares, and every environment variable the auth
// server reads. A new name in the code without a line in the README fails here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const readme = readFileSync('README.md', 'utf8');
const element = readFileSync('src/elements/chat/bisman-chat.ts', 'utf8');
const config = readFileSync('src/server/config.ts', 'utf8');

/** Names after a JSDoc tag, e.g. every `@csspart <name>`. */
function tagged(tag: string): string[] {
  return [...element.matchAll(new RegExp(`@${tag}\\s+([\\w:-]+)`, 'g'))].map((m) => m[1] ?? '');
}

function undocumented(names: string[]): string[] {
  return names.filter((name) => !readme.includes(`\`${name}\``));
}

describe('README', () => {
  test('keeps the two-command quick start first', () => {
    const firstSection = readme.split('\n## ')[1] ?? '';
    assert.match(firstSection, /^Quick start/);
    assert.match(firstSection, /npm ci && npm start/);
    assert.match(firstSection, /npm test/);
  });

  for (const tag of ['attr', 'event', 'csspart', 'cssproperty']) {
    test(`documents every @${tag} of <bisman-chat>`, () => {
      const names = tagged(tag);
      assert.ok(names.length > 0, `the element declares some @${tag}`);
      assert.deepEqual(undocumented(names), []);
    });
  }

  test('documents the element’s public methods and object properties', () => {
    const methods = [...element.matchAll(/^ {2}(?:async )?([a-z]\w*)\(([^)]*)\): (?:Promise<\w+>|void) \{$/gm)].map(
      (m) => `${m[1]}(${m[2]?.replace(/: \w+/g, '') ?? ''})`,
    );
    assert.ok(methods.length >= 4, 'open, close, openChannel, logout');
    assert.deepEqual(undocumented(methods), []);
    const objectProperties = [...element.matchAll(/@property\(\{ attribute: false \}\) accessor (\w+)/g)].map(
      (m) => m[1] ?? '',
    );
    assert.deepEqual(undocumented(objectProperties), []);
  });

  test('documents every environment variable the auth server reads', () => {
    const variables = new Set(
      [
        ...config.matchAll(/env\.([A-Z][A-Z0-9_]+)/g),
        ...config.matchAll(/(?:intVar|boolVar)\(env, '([A-Z0-9_]+)'/g),
      ].map((m) => m[1] ?? ''),
    );
    assert.ok(variables.size > 10);
    assert.deepEqual(undocumented([...variables]), []);
  });

  test('points at a screenshot that exists', () => {
    const image = /!\[[^\]]*\]\(([^)]+\.png)\)/.exec(readme)?.[1];
    assert.ok(image && existsSync(image), `README image ${image}`);
  });
});
