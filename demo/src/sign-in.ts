// The demo's sign-in screen: one click per seeded person.
import { h } from './dom.js';
import { loadDemoUsers, signIn, type Profile } from './session.js';
import { initials } from './shell.js';

const ROLE_LABEL: Record<Profile['role'], string> = { staff: 'Staff', support: 'Support agent', admin: 'Administrator' };

export function renderSignIn(done: () => void, notice?: string): Node[] {
  document.title = 'Sign in · Bisman ERP';
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
            h('span', { class: 'person-text' }, h('span', { class: 'person-name' }, person.displayName), h('span', { class: 'person-title' }, person.title)),
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
        h('p', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'B'), 'Bisman ERP'),
        h('h1', {}, 'Sign in'),
        h(
          'p',
          { class: 'lead' },
          'This is a demo: pick a person. You sign in to the ERP only; the chat then signs you in to Mattermost by itself.',
        ),
        list,
        status,
      ),
    ),
  ];
}
