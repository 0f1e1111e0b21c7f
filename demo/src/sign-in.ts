// The demo's sign-in screen: one click per seeded person, in the look of the site it
// belongs to (the ERP, or the partner portal, which is another company's site).
import { h } from './dom.js';
import { loadDemoUsers, signIn, type Profile } from './session.js';
import { initials } from './shell.js';

const ROLE_LABEL: Record<Profile['role'], string> = {
  staff: 'Staff',
  support: 'Support agent',
  admin: 'Administrator',
};

export type SignInSite = 'erp' | 'portal';

const SITES: Record<SignInSite, { name: string; mark: string; sub?: string; lead: string }> = {
  erp: {
    name: 'Bisman ERP',
    mark: 'B',
    lead: 'This is a demo: pick a person. You sign in to the ERP only; the chat then signs you in to Mattermost by itself.',
  },
  portal: {
    name: 'Northwind Logistics',
    mark: 'N',
    sub: 'Partner portal',
    lead: 'This is a demo of a partner’s own site: pick a person. You sign in to the portal only; its support chat then signs you in by itself.',
  },
};

export function renderSignIn(done: () => void, notice?: string, site: SignInSite = 'erp'): Node[] {
  const look = SITES[site];
  document.title = `Sign in · ${look.name}`;
  const status = h('p', { class: 'signin-status', role: 'status', 'aria-live': 'polite' }, notice ?? '');
  const list = h('ul', { class: 'people', 'aria-busy': 'true' });
  void loadDemoUsers().then((people) => {
    list.removeAttribute('aria-busy');
    list.replaceChildren(
      ...people.map((person) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'person',
              'data-username': person.username,
              onclick: async (event: Event) => {
                const button = event.currentTarget as HTMLButtonElement;
                button.disabled = true;
                status.textContent = `Signing in as ${person.displayName}…`;
                try {
                  await signIn(person.username);
                  done();
                } catch (error) {
                  status.textContent = error instanceof Error ? error.message : String(error);
                  button.disabled = false;
                }
              },
            },
            h('span', { class: `avatar avatar-${person.role}`, 'aria-hidden': 'true' }, initials(person.displayName)),
            h(
              'span',
              { class: 'person-text' },
              h('span', { class: 'person-name' }, person.displayName),
              h('span', { class: 'person-title' }, person.title),
            ),
            h('span', { class: `tag tag-${person.role}` }, ROLE_LABEL[person.role]),
          ),
        ),
      ),
    );
  });
  return [
    h(
      'main',
      { class: 'signin', id: 'main' },
      h(
        'div',
        { class: 'signin-card' },
        site === 'portal'
          ? h(
              'p',
              { class: 'portal-brand brand-large' },
              h('span', { class: 'portal-mark', 'aria-hidden': 'true' }, look.mark),
              look.name,
              h('span', { class: 'portal-sub' }, look.sub ?? ''),
            )
          : h(
              'p',
              { class: 'brand brand-large' },
              h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, look.mark),
              look.name,
            ),
        h('h1', {}, 'Sign in'),
        h('p', { class: 'lead' }, look.lead),
        list,
        status,
      ),
    ),
  ];
}
