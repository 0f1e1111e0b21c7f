// The ERP's pages: a dashboard with the chat inline, and list pages with the launcher.
import { h } from './dom.js';
import { CUSTOMERS, ORDERS, formatMoney, kpis, type Order } from './data.js';
import { erpShell, portalShell } from './shell.js';
import type { Profile } from './session.js';

export type PageId = 'dashboard' | 'orders' | 'customers' | 'portal';

const TITLES: Record<PageId, string> = {
  dashboard: 'Dashboard',
  orders: 'Orders',
  customers: 'Customers',
  portal: 'Partner portal',
};

function statusPill(status: Order['status']): HTMLElement {
  return h('span', { class: `pill pill-${status.toLowerCase()}` }, status);
}

type Column = 'Order' | 'Customer' | 'Date' | 'Owner' | 'Status' | 'Total';
const ALL_COLUMNS: readonly Column[] = ['Order', 'Customer', 'Date', 'Owner', 'Status', 'Total'];

function cell(order: Order, column: Column): HTMLElement {
  switch (column) {
    case 'Order':
      return h('th', { scope: 'row' }, order.id);
    case 'Customer':
      return h('td', {}, order.customer);
    case 'Date':
      return h('td', {}, order.date);
    case 'Owner':
      return h('td', {}, order.owner);
    case 'Status':
      return h('td', {}, statusPill(order.status));
    case 'Total':
      return h('td', { class: 'num' }, formatMoney(order.total));
  }
}

function ordersTable(orders: readonly Order[], caption: string, columns: readonly Column[] = ALL_COLUMNS): HTMLElement {
  // A region that scrolls sideways on narrow screens: focusable, so the keyboard can scroll it.
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c === 'Total' ? 'num' : undefined }, c))),
      ),
      h('tbody', {}, ...orders.map((o) => h('tr', {}, ...columns.map((c) => cell(o, c))))),
    ),
  );
}

function greeting(profile: Profile): string {
  const hour = new Date().getHours();
  const part = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
  return `${part}, ${profile.displayName.split(' ')[0]}`;
}

function dashboard(profile: Profile, rerender: (notice?: string) => void): Node[] {
  const cards = kpis().map((k) =>
    h(
      'li',
      { class: 'kpi' },
      h('p', { class: 'kpi-label' }, k.label),
      h('p', { class: 'kpi-value' }, k.value),
      h('p', { class: `kpi-trend trend-${k.tone}` }, k.trend),
    ),
  );
  const recent = h(
    'section',
    { class: 'card', 'aria-labelledby': 'recent-heading' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'recent-heading' }, 'Recent orders'),
      h('a', { href: './orders.html' }, 'All orders'),
    ),
    ordersTable(ORDERS.slice(0, 6), 'The most recent orders', ['Order', 'Customer', 'Status', 'Total']),
  );
  const figures = h(
    'section',
    { 'aria-labelledby': 'kpi-heading' },
    h('h2', { id: 'kpi-heading', class: 'visually-hidden' }, 'Key figures'),
    h('ul', { class: 'kpis' }, ...cards),
  );
  const grid = h('div', { class: 'dashboard-grid' }, h('div', { class: 'dashboard-main' }, figures, recent));
  const content: Node[] = [
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Dashboard'),
      h('p', { class: 'muted' }, `${greeting(profile)}. Here is the week so far.`),
    ),
    grid,
  ];
  const shell = erpShell({ page: 'dashboard', profile, content, chatMode: 'inline', rerender });
  grid.append(
    h(
      'section',
      { class: 'card chat-card', 'aria-labelledby': 'chat-heading' },
      h('h2', { id: 'chat-heading', tabindex: '-1' }, 'Team chat'),
      shell.chat,
    ),
  );
  return shell.nodes;
}

function orders(profile: Profile, rerender: (notice?: string) => void): Node[] {
  const filter = h(
    'select',
    { id: 'status-filter' },
    h('option', { value: '' }, 'All statuses'),
    ...['Open', 'Picking', 'Shipped', 'Invoiced', 'Overdue'].map((s) => h('option', { value: s }, s)),
  );
  const tableHolder = h('div', {}, ordersTable(ORDERS, 'All orders'));
  filter.addEventListener('change', () => {
    const chosen = filter.value;
    tableHolder.replaceChildren(
      ordersTable(
        chosen ? ORDERS.filter((o) => o.status === chosen) : ORDERS,
        chosen ? `${chosen} orders` : 'All orders',
      ),
    );
  });
  const content = [
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Orders'),
      h(
        'p',
        { class: 'muted' },
        'Sales orders of the last 30 days. Questions about one? The chat button is at the bottom right.',
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-label': 'Orders' },
      h('div', { class: 'toolbar' }, h('label', { for: 'status-filter' }, 'Status'), filter),
      tableHolder,
    ),
  ];
  return erpShell({ page: 'orders', profile, content, chatMode: 'launcher', rerender }).nodes;
}

function customers(profile: Profile, rerender: (notice?: string) => void): Node[] {
  const content = [
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Customers'),
      h('p', { class: 'muted' }, `${CUSTOMERS.length} active accounts.`),
    ),
    h(
      'ul',
      { class: 'customer-grid' },
      ...CUSTOMERS.map((c) =>
        h(
          'li',
          { class: 'card customer' },
          h('h2', {}, c.name),
          h('p', { class: 'muted' }, `${c.city} · ${c.contact}`),
          h(
            'dl',
            {},
            h('div', {}, h('dt', {}, 'Open orders'), h('dd', {}, String(c.openOrders))),
            h('div', {}, h('dt', {}, 'Balance'), h('dd', {}, formatMoney(c.balance))),
          ),
        ),
      ),
    ),
  ];
  return erpShell({ page: 'customers', profile, content, chatMode: 'launcher', rerender }).nodes;
}

function portal(profile: Profile, rerender: (notice?: string) => void): Node[] {
  const shipments = [
    { ref: 'NW-58213', order: 'SO-10480', eta: '2026-11-27', state: 'In transit' },
    { ref: 'NW-58190', order: 'SO-10477', eta: '2026-11-25', state: 'Out for delivery' },
    { ref: 'NW-58102', order: 'SO-10476', eta: '2026-11-21', state: 'Delivered' },
  ];
  const content = [
    h(
      'div',
      { class: 'portal-intro' },
      h('h1', {}, 'Your shipments'),
      h(
        'p',
        { class: 'muted' },
        'This page stands for a third-party portal: a partner site that embeds only the Support tab of the chat.',
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'shipments-heading' },
      h('h2', { id: 'shipments-heading' }, 'Shipments'),
      h(
        'div',
        { class: 'table-wrap', role: 'region', 'aria-label': 'Shipments table', tabindex: '0' },
        h(
          'table',
          { class: 'table' },
          h(
            'thead',
            {},
            h('tr', {}, ...['Reference', 'Order', 'Expected', 'State'].map((c) => h('th', { scope: 'col' }, c))),
          ),
          h(
            'tbody',
            {},
            ...shipments.map((s) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, s.ref),
                h('td', {}, s.order),
                h('td', {}, s.eta),
                h('td', {}, s.state),
              ),
            ),
          ),
        ),
      ),
    ),
  ];
  return portalShell(profile, content, rerender).nodes;
}

export function renderPage(page: PageId, profile: Profile, rerender: (notice?: string) => void): Node[] {
  document.title = `${TITLES[page]} · ${page === 'portal' ? 'Northwind Logistics' : 'Bisman ERP'}`;
  document.body.classList.toggle('portal', page === 'portal');
  switch (page) {
    case 'dashboard':
      return dashboard(profile, rerender);
    case 'orders':
      return orders(profile, rerender);
    case 'customers':
      return customers(profile, rerender);
    case 'portal':
      return portal(profile, rerender);
  }
}
