// The ERP's own (made-up) business data: what the chat sits beside.
export type OrderStatus = 'Open' | 'Picking' | 'Shipped' | 'Invoiced' | 'Overdue';

export interface Order {
  id: string;
  customer: string;
  date: string;
  total: number;
  status: OrderStatus;
  owner: string;
}

export interface Customer {
  name: string;
  city: string;
  contact: string;
  openOrders: number;
  balance: number;
}

export const ORDERS: readonly Order[] = [
  {
    id: 'SO-10482',
    customer: 'Nordhavn Marine',
    date: '2026-11-24',
    total: 18_420,
    status: 'Open',
    owner: 'Alice Andersen',
  },
  {
    id: 'SO-10481',
    customer: 'Kestrel Foods',
    date: '2026-11-24',
    total: 3_975.5,
    status: 'Picking',
    owner: 'Bob Brandt',
  },
  {
    id: 'SO-10480',
    customer: 'Altamira Textiles',
    date: '2026-11-23',
    total: 9_310,
    status: 'Shipped',
    owner: 'Alice Andersen',
  },
  {
    id: 'SO-10479',
    customer: 'Helios Solar',
    date: '2026-11-22',
    total: 42_800,
    status: 'Invoiced',
    owner: 'Alice Andersen',
  },
  {
    id: 'SO-10478',
    customer: 'Kestrel Foods',
    date: '2026-11-21',
    total: 1_240,
    status: 'Overdue',
    owner: 'Bob Brandt',
  },
  {
    id: 'SO-10477',
    customer: 'Brightwater Labs',
    date: '2026-11-20',
    total: 7_655.25,
    status: 'Shipped',
    owner: 'Bob Brandt',
  },
  {
    id: 'SO-10476',
    customer: 'Nordhavn Marine',
    date: '2026-11-19',
    total: 12_000,
    status: 'Invoiced',
    owner: 'Alice Andersen',
  },
  {
    id: 'SO-10475',
    customer: 'Orchid Retail',
    date: '2026-11-18',
    total: 2_310.9,
    status: 'Overdue',
    owner: 'Alice Andersen',
  },
  {
    id: 'SO-10474',
    customer: 'Helios Solar',
    date: '2026-11-17',
    total: 5_480,
    status: 'Invoiced',
    owner: 'Bob Brandt',
  },
  {
    id: 'SO-10473',
    customer: 'Altamira Textiles',
    date: '2026-11-15',
    total: 16_125,
    status: 'Invoiced',
    owner: 'Alice Andersen',
  },
];

export const CUSTOMERS: readonly Customer[] = [
  { name: 'Nordhavn Marine', city: 'Aarhus', contact: 'Freja Holm', openOrders: 1, balance: 18_420 },
  { name: 'Kestrel Foods', city: 'Leeds', contact: 'Owen Price', openOrders: 2, balance: 5_215.5 },
  { name: 'Altamira Textiles', city: 'Porto', contact: 'Inês Costa', openOrders: 0, balance: 0 },
  { name: 'Helios Solar', city: 'Valencia', contact: 'Marta Ruiz', openOrders: 0, balance: 48_280 },
  { name: 'Brightwater Labs', city: 'Cork', contact: 'Niamh Byrne', openOrders: 0, balance: 7_655.25 },
  { name: 'Orchid Retail', city: 'Utrecht', contact: 'Daan de Vries', openOrders: 1, balance: 2_310.9 },
];

export interface Kpi {
  label: string;
  value: string;
  trend: string;
  tone: 'up' | 'down' | 'flat';
}

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
export const formatMoney = (value: number): string => money.format(value);

export function kpis(): Kpi[] {
  const revenue = ORDERS.filter((o) => o.status === 'Invoiced' || o.status === 'Shipped').reduce(
    (sum, o) => sum + o.total,
    0,
  );
  const open = ORDERS.filter((o) => o.status === 'Open' || o.status === 'Picking').length;
  const overdue = ORDERS.filter((o) => o.status === 'Overdue');
  return [
    { label: 'Revenue this month', value: formatMoney(revenue), trend: '+12% on October', tone: 'up' },
    { label: 'Open orders', value: String(open), trend: '3 ship today', tone: 'flat' },
    {
      label: 'Overdue invoices',
      value: formatMoney(overdue.reduce((s, o) => s + o.total, 0)),
      trend: `${overdue.length} customers`,
      tone: 'down',
    },
    { label: 'Stock alerts', value: '4', trend: 'below reorder point', tone: 'down' },
  ];
}
