// The size part's page: the emulator behind msw, and dist/bisman-chat.js loaded as a host
// page would load it, so the bench can see which of the build's files load when.
import { setupWorker } from 'msw/browser';
import { EmulatorCore, seedDemo } from '../../src/emulator/index.js';
import { createEmulatorHandlers } from '../../src/emulator/msw.js';
import { articlesIn, findLog, nextFrame, untilPainted } from './dom.js';

let chat: (HTMLElement & { open?: () => void }) | undefined;
let newest = '';

const benchSize = {
  /** `markdown`: every post has some (bold), so the first open needs marked too. */
  async setup(posts: number, markdown = false) {
    const core = new EmulatorCore();
    seedDemo(core);
    const team = core.getTeamByName('erp')!;
    const alice = core.getUserByUsername('alice')!;
    const channel = core.createChannel(
      { teamId: team.id, name: 'bench', displayName: 'Bench', type: 'O', creatorId: alice.id },
      false,
    );
    const message = (i: number): string =>
      markdown ? `Bench message **${i}** of ${posts}` : `Bench message ${i} of ${posts}`;
    for (let i = 1; i <= posts; i++) core.createPost({ channelId: channel.id, userId: alice.id, message: message(i) });
    newest = `Bench message ${posts} of ${posts}`;
    const worker = setupWorker(...createEmulatorHandlers(core, { baseUrl: location.origin }));
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
    return { channelId: channel.id, token: core.issueToken(alice.id), userId: alice.id, teamId: team.id };
  },

  /** Loads the page bundle and inserts a launcher, the way a host page does. */
  async insertLauncher(src: string, world: { channelId: string; token: string; userId: string; teamId: string }) {
    await import(/* @vite-ignore */ src);
    const el = document.createElement('bisman-chat') as HTMLElement & { tokenProvider?: () => Promise<unknown> };
    el.tokenProvider = async () => ({
      token: world.token,
      userId: world.userId,
      serverUrl: location.origin,
      teamId: world.teamId,
      teamName: 'erp',
    });
    el.setAttribute('mode', 'launcher');
    el.setAttribute('channel', world.channelId);
    document.getElementById('stage')!.append(el);
    chat = el;
    await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    await nextFrame();
    await nextFrame();
  },

  /** Opens the panel; resolves when the newest post is in the log. */
  async openAndWait(timeoutMs: number) {
    chat!.open!();
    const text = (el: Element): string => {
      let t = el.textContent ?? '';
      for (const child of el.querySelectorAll('*')) if (child.shadowRoot) t += child.shadowRoot.textContent ?? '';
      return t;
    };
    await untilPainted(
      () => {
        const log = findLog(chat!);
        return !!log && articlesIn(log).some((a) => text(a).includes(newest));
      },
      timeoutMs,
      'the newest post after open()',
    );
  },
};

declare global {
  interface Window {
    benchSize: typeof benchSize;
  }
}
window.benchSize = benchSize;
document.body.dataset.ready = 'true';
