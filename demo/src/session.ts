// The demo ERP's own sign-in. The host identity is an HttpOnly cookie that only the
// auth server reads; the page keeps just who is signed in (name and title, never a
// token) so every page can greet the user without asking a server.
import { DEMO_USERS, type DemoUser } from '../../src/shared/demo-users.js';

const PROFILE_KEY = 'bisman-demo:profile';

export interface Profile {
  username: string;
  displayName: string;
  title: string;
  role: DemoUser['role'];
}

export function currentProfile(): Profile | null {
  try {
    const raw = localStorage.getItem(PROFILE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Profile>;
    return typeof value.username === 'string' && typeof value.displayName === 'string'
      ? {
          username: value.username,
          displayName: value.displayName,
          title: value.title ?? '',
          role: value.role ?? 'staff',
        }
      : null;
  } catch {
    return null;
  }
}

function remember(profile: Profile | null): void {
  if (profile) localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
  else localStorage.removeItem(PROFILE_KEY);
}

function profileOf(user: Record<string, unknown>): Profile {
  const username = String(user.username ?? '');
  const known = DEMO_USERS.find((u) => u.username === username);
  const first = String(user.firstName ?? user.first_name ?? known?.firstName ?? '');
  const last = String(user.lastName ?? user.last_name ?? known?.lastName ?? '');
  const name =
    typeof user.displayName === 'string'
      ? user.displayName
      : typeof user.name === 'string'
        ? user.name
        : `${first} ${last}`.trim();
  const role =
    user.role === 'support' || user.role === 'admin' || user.role === 'staff' ? user.role : (known?.role ?? 'staff');
  return {
    username,
    displayName: name || username,
    title: String(user.title ?? known?.title ?? ''),
    role,
  };
}

/** The people the demo login knows (`GET /api/demo/users`), falling back to the built-in list. */
export async function loadDemoUsers(): Promise<Profile[]> {
  try {
    const response = await fetch('/api/demo/users', { headers: { accept: 'application/json' } });
    if (response.ok) {
      const body = (await response.json()) as unknown;
      const list = Array.isArray(body) ? body : (body as { users?: unknown }).users;
      if (Array.isArray(list) && list.length > 0) {
        return list.filter((u): u is Record<string, unknown> => typeof u === 'object' && u !== null).map(profileOf);
      }
    }
  } catch {
    // The auth server is down: still show the people, signing in will say what is wrong.
  }
  return DEMO_USERS.map((u) => profileOf({ ...u }));
}

export class SignInError extends Error {}

/** Signs in through the development-only demo login, which sets the host cookie. */
export async function signIn(username: string): Promise<Profile> {
  let response: Response;
  try {
    response = await fetch('/api/demo/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username }),
    });
  } catch {
    throw new SignInError('The sign-in service cannot be reached. Is `npm start` running?');
  }
  const body = (await response.json().catch(() => ({}))) as {
    user?: Record<string, unknown>;
    message?: string;
    error?: unknown;
  };
  if (!response.ok) {
    const reason = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new SignInError(`Sign-in failed: ${reason}`);
  }
  // The response also carries the host JWT; the cookie already holds it, so drop it here.
  const profile = profileOf({ username, ...(body.user ?? {}) });
  remember(profile);
  return profile;
}

/** Anything that can drop its chat session first (the <bisman-chat> element). */
interface LogoutTarget {
  logout(): Promise<void> | void;
}

/** Signs out of the chat (revokes its token), then out of the ERP. */
export async function signOut(chats: Iterable<LogoutTarget> = []): Promise<void> {
  for (const chat of chats) {
    try {
      await chat.logout();
    } catch (error) {
      console.warn('chat logout failed', error);
    }
  }
  // Expires the host cookie where the auth server offers it; the demo forgets the
  // session either way.
  await fetch('/api/demo/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
  remember(null);
}

/** Forgets the session without asking anyone (the host cookie was refused). */
export function forgetSession(): void {
  remember(null);
}
