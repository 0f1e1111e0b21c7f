// The ERP's frame around every page: header with the signed-in user, navigation with
// the chat's unread badge, and sign-out that ends the chat session too.
import { h, icon, type IconName } from './dom.js';
import { createChat, type ChatElement, type ChatMode, type UnreadCounts } from './chat.js';
import { forgetSession, signOut, type Profile } from './session.js';
import type { PageId } from './pages.js';

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

const NAV: ReadonlyArray<{ id: PageId; label: string; href: string; icon: IconName }> = [
  { id: 'dashboard', label: 'Dashboard', href: './index.html', icon: 'dashboard' },
  { id: 'orders', label: 'Orders', href: './orders.html', icon: 'orders' },
  { id: 'customers', label: 'Customers', href: './customers.html', icon: 'customers' },
  { id: 'portal', label: 'Third-party portal', href: './portal.html', icon: 'portal' },
];

export interface ShellOptions {
  page: PageId;
  profile: Profile;
  content: Node[];
  /** inline: the page places the chat itself (the dashboard); launcher: a floating button. */
  chatMode: ChatMode;
  /** Re-renders the page (after sign-out, the sign-in screen). */
  rerender: (notice?: string) => void;
}

export interface Shell {
  nodes: Node[];
  chat: ChatElement;
}

/** The badge that mirrors the chat's unread count in the ERP's own navigation. */
function unreadBadge(): { element: HTMLElement; update: (counts: UnreadCounts) => void } {
  const count = h('span', { class: 'badge', hidden: true, 'data-testid': 'unread-badge' });
  const label = h('span', { class: 'visually-hidden' });
  const element = h('span', { class: 'badge-wrap' }, count, label);
  return {
    element,
    update({ messages, mentions }) {
      count.hidden = messages === 0;
      count.textContent = messages > 99 ? '99+' : String(messages);
      count.classList.toggle('badge-mention', mentions > 0);
      label.textContent = messages === 0 ? '' : `, ${messages} unread${mentions ? `, ${mentions} mentioning you` : ''}`;
    },
  };
}

export function signOutButton(chat: ChatElement, rerender: (notice?: string) => void): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'button button-quiet',
      onclick: async (event: Event) => {
        (event.currentTarget as HTMLButtonElement).disabled = true;
        await signOut([chat]);
        rerender('You have signed out.');
      },
    },
    icon('signout'),
    'Sign out',
  );
}

function userChip(profile: Profile): HTMLElement {
  return h(
    'div',
    { class: 'user-chip' },
    h('span', { class: `avatar avatar-${profile.role}`, 'aria-hidden': 'true' }, initials(profile.displayName)),
    h(
      'span',
      { class: 'user-text' },
      h('span', { class: 'user-name', 'data-testid': 'signed-in-user' }, profile.displayName),
      h('span', { class: 'user-title' }, profile.title),
    ),
  );
}

function onUnauthorized(rerender: (notice?: string) => void): () => void {
  // The auth server no longer accepts the host cookie (e.g. `npm start` was restarted
  // with a new secret): back to the sign-in screen.
  return () => {
    forgetSession();
    rerender('Your session has ended. Please sign in again.');
  };
}

export function erpShell(options: ShellOptions): Shell {
  const { page, profile, content, chatMode, rerender } = options;
  const badge = unreadBadge();
  const chat = createChat({ mode: chatMode, onUnread: badge.update, onUnauthorized: onUnauthorized(rerender) });

  const chatNav = h(
    'button',
    {
      type: 'button',
      class: 'nav-link',
      'data-testid': 'nav-chat',
      onclick: () => {
        if (chatMode === 'launcher') chat.open();
        else {
          // Inline on this page: bring the chat into view and move focus to its heading.
          const heading = document.getElementById('chat-heading');
          heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
          heading?.focus();
        }
      },
    },
    icon('chat'),
    h('span', {}, 'Messages'),
    badge.element,
  );

  const nav = h(
    'nav',
    { class: 'sidebar', 'aria-label': 'Main' },
    h(
      'ul',
      {},
      ...NAV.map((item) =>
        h(
          'li',
          {},
          h(
            'a',
            { class: 'nav-link', href: item.href, 'aria-current': item.id === page ? 'page' : undefined },
            icon(item.icon),
            h('span', {}, item.label),
          ),
        ),
      ),
      h('li', {}, chatNav),
    ),
  );

  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: './index.html' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'B'),
      'Bisman ERP',
    ),
    h('div', { class: 'topbar-end' }, userChip(profile), signOutButton(chat, rerender)),
  );

  const nodes: Node[] = [
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    header,
    h('div', { class: 'layout' }, nav, h('main', { class: 'content', id: 'main', tabindex: '-1' }, ...content)),
  ];
  if (chatMode === 'launcher') nodes.push(h('aside', { class: 'launcher-dock', 'aria-label': 'Chat' }, chat));
  return { nodes, chat };
}

/** The third-party portal: a partner's own site, with only the Support tab of the chat. */
export function portalShell(profile: Profile, content: Node[], rerender: (notice?: string) => void): Shell {
  const chat = createChat({ mode: 'inline', tabs: 'support', onUnauthorized: onUnauthorized(rerender) });
  const header = h(
    'header',
    { class: 'portal-bar' },
    h(
      'p',
      { class: 'portal-brand' },
      h('span', { class: 'portal-mark', 'aria-hidden': 'true' }, 'N'),
      'Northwind Logistics',
      h('span', { class: 'portal-sub' }, 'Partner portal'),
    ),
    h(
      'div',
      { class: 'topbar-end' },
      h('a', { class: 'portal-back', href: './index.html' }, 'Back to Bisman ERP'),
      userChip(profile),
      signOutButton(chat, rerender),
    ),
  );
  return {
    nodes: [
      h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
      header,
      h(
        'main',
        { class: 'portal-main', id: 'main', tabindex: '-1' },
        ...content,
        h(
          'section',
          { class: 'portal-support', 'aria-labelledby': 'support-heading' },
          h('h2', { id: 'support-heading' }, 'Talk to support'),
          h('p', { class: 'muted' }, 'Questions about a shipment or an invoice? Our support team answers here.'),
          chat,
        ),
      ),
    ],
    chat,
  };
}
