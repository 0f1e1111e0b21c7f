// The browser entry imports in plain Node (server rendering, test runners, bundlers that
// evaluate modules): no `window`, no `document`. Lit's Node build supplies a minimal
// HTMLElement and customElements (@lit-labs/ssr-dom-shim); our modules touch the DOM only
// when an element is connected.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('there is no window in this runtime', () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
});

test('src/index.ts imports without a DOM and registers the elements', async () => {
  const module = await import('../../../src/index.js');
  assert.equal(typeof module.BismanChat, 'function');
  assert.equal(customElements.get('bisman-chat'), module.BismanChat);
  assert.deepEqual(module.parseTabs('support'), ['support']);
});

test('the page bundle entry and the string tables import without a DOM', async () => {
  const bundle = await import('../../../src/bundle.js');
  assert.equal(typeof bundle.BismanChat, 'function');
  const i18n = await import('../../../src/i18n/index.js');
  assert.equal(i18n.resolveLocale(undefined), 'en');
  assert.equal((await i18n.loadStrings('de')).send, 'Senden');
  assert.equal(i18n.isRtl('ar-EG'), true);
});

test('German and Arabic translate every string of the chat and of the message list', async () => {
  const { en } = await import('../../../src/i18n/en.js');
  const { messageListStrings } = await import('../../../src/elements/message-list/message-list.js');
  for (const lang of ['de', 'ar'] as const) {
    const { strings } = (await import(`../../../src/i18n/${lang}.js`)) as typeof import('../../../src/i18n/de.js');
    assert.deepEqual(Object.keys(strings).sort(), Object.keys(en).sort(), `${lang}: the chat's strings`);
    assert.deepEqual(
      Object.keys(strings.messageList).sort(),
      Object.keys(messageListStrings).sort(),
      `${lang}: the message list's strings`,
    );
  }
});
