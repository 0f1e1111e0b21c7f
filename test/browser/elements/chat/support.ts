/// <reference types="mocha" />
/**
 * Shared steps for the <bisman-chat> tests: mount one signed in, read what the user sees.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/define.js';
import type { BismanChat } from '../../../../src/elements/chat/bisman-chat.js';
import type { BrowserEmulator } from '../../../helpers/emulator-browser.js';
import { findByRole, getByRole, queryAllByRole } from '../../../helpers/shadow.js';

export interface ChatOptions {
  tabs?: string;
  channel?: string;
}

/** A <bisman-chat> signed in as `username`, once its tabs show and a conversation is open. */
export async function chatFor(
  emulator: BrowserEmulator,
  username: string,
  options: ChatOptions = {},
): Promise<BismanChat> {
  const el = await fixture<BismanChat>(html`<bisman-chat
    tabs=${options.tabs ?? 'team dm support'}
    channel=${options.channel ?? ''}
    .tokenProvider=${emulator.providerFor(username)}
  ></bisman-chat>`);
  await findByRole(el, 'tablist');
  await findByRole(el, 'textbox', { name: /^Message / });
  return el;
}

/**
 * Resolves once the header says Online: the live socket is up. It connects after the first
 * conversation has shown, so what only the socket carries (typing, live message events)
 * needs this first.
 */
export async function liveSocket(el: HTMLElement): Promise<void> {
  await waitUntil(
    () => el.shadowRoot?.querySelector('[part="header"] [role="status"]')?.textContent?.trim() === 'Online',
    'the chat is not online',
    { timeout: 8000 },
  );
}

/** The number in a tab's unread badge (0 when it has none). */
export function tabUnread(el: HTMLElement, tab: RegExp): number {
  const name = getByRole(el, 'tab', { name: tab }).textContent ?? '';
  const match = /(\d+)\s*unread/.exec(name.replace(/\s+/g, ' '));
  return match ? Number(match[1]) : 0;
}

/** The texts of the rendered message articles in the open conversation. */
export function messageTexts(el: HTMLElement): string[] {
  return queryAllByRole(el, 'article').map((a) => (a.textContent ?? '').replace(/\s+/g, ' ').trim());
}

export async function waitForMessage(el: HTMLElement, text: string): Promise<HTMLElement> {
  await waitUntil(() => messageTexts(el).some((t) => t.includes(text)), `no message "${text}"`, { timeout: 8000 });
  return queryAllByRole(el, 'article').find((a) => a.textContent?.includes(text))!;
}

export function composerOf(el: HTMLElement): HTMLTextAreaElement {
  return getByRole<HTMLTextAreaElement>(el, 'textbox', { name: /^Message / });
}

/**
 * Fails the test on any Lit dev-mode warning (an update scheduled during an update, a
 * wrong binding…), except the one that says dev mode is on.
 */
export function failOnLitWarnings(): void {
  let warnings: string[] = [];
  const original = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (/lit\.dev\/msg\//.test(text) && !/lit\.dev\/msg\/dev-mode/.test(text)) warnings.push(text);
      original.apply(console, args);
    };
  });
  afterEach(() => {
    console.warn = original;
    if (warnings.length > 0) throw new Error(`Lit warned:\n${warnings.join('\n')}`);
  });
}
