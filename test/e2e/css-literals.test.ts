// The page bundle's minified css`` literals (scripts/css-literals.mjs) are the same
// stylesheets as the source's, as Chromium parses them: every rule, selector and
// declaration serializes the same.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cssLiterals, type CssLiteral } from '../../scripts/css-literals.mjs';
import { launchBrowser } from './support/browser.js';

function stylesModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesModules(path);
    return entry.name.endsWith('.styles.ts') ? [path] : [];
  });
}

/**
 * The stylesheet as Chromium parses it, rule by rule. Custom properties and
 * values with var() keep the tokens as written, which the minifier spells its own way
 * (`.35`, "double quotes", no space after a comma, `.16s`): both sides get one spelling.
 */
async function parsed(page: Page, css: string): Promise<string[]> {
  const rules = await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return Array.from(sheet.cssRules, (rule) => rule.cssText);
  }, css);
  return rules.map((rule) =>
    rule
      .replace(/(\d*\.?\d+)ms\b/g, (_, ms: string) => `${Number(ms) / 1000}s`)
      .replace(/(?<![\w.])\.(\d)/g, '0.$1')
      .replace(/'([^'"]*)'/g, '"$1"')
      .replace(/\s+/g, ' ')
      .replace(/ ?([(),]) ?/g, '$1'),
  );
}

describe('css`` literals minified for the page bundle', () => {
  let browser: Browser;
  let page: Page;
  const literals: (CssLiteral & { file: string })[] = [];

  before(async () => {
    for (const file of stylesModules('src')) {
      for (const literal of await cssLiterals(readFileSync(file, 'utf8'))) literals.push({ ...literal, file });
    }
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  test('are minified, shorter than written', () => {
    assert.ok(literals.length >= 10, `only ${literals.length} literals found`);
    for (const { file, css, minified } of literals) assert.ok(minified.length < css.length * 0.9, file);
  });

  test('parse into the same rules as the source', async () => {
    for (const { file, css, minified } of literals) {
      const source = await parsed(page, css);
      assert.ok(source.length > 0, `${file}: nothing parsed`);
      assert.deepEqual(await parsed(page, minified), source, file);
    }
  });

  test('the comparison sees a changed rule', async () => {
    const { css } = literals[0]!;
    const changed = css.replace(/:\s*[^;{}]+;/, ': inherit;');
    assert.notDeepEqual(await parsed(page, changed), await parsed(page, css));
  });
});
