// The demo ERP: one script for every page; <body data-page> says which one.
// `npm run demo:static` builds it in "static" mode, where msw in the page plays the
// auth server and Mattermost (the emulator's core), so no server is needed.
import '../../src/index.js';
import './styles.css';
import { renderSignIn } from './sign-in.js';
import { renderPage, type PageId } from './pages.js';
import { currentProfile } from './session.js';

if (import.meta.env.MODE === 'static') {
  const { startStaticBackend } = await import('./static-backend.js');
  await startStaticBackend();
}

const PAGES: readonly PageId[] = ['dashboard', 'orders', 'customers', 'portal'];
const requested = document.body.dataset.page as PageId | undefined;
const page: PageId = requested && PAGES.includes(requested) ? requested : 'dashboard';

function show(notice?: string): void {
  const app = document.getElementById('app');
  if (!app) return;
  const profile = currentProfile();
  // The portal is another company's site: its sign-in wears its look too.
  document.body.classList.toggle('portal', page === 'portal');
  app.replaceChildren(
    ...(profile
      ? renderPage(page, profile, show)
      : renderSignIn(() => show(), notice, page === 'portal' ? 'portal' : 'erp')),
  );
}

show();
