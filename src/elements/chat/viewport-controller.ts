import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps `--_viewport-block-size` on an element equal to the visual viewport's height, so a
 * full-screen panel on a phone shrinks when the on-screen keyboard opens and its composer
 * stays in sight (`100dvh` does not follow the keyboard). Set through the CSSOM, which a
 * strict `style-src` allows.
 */
export class VisualViewportController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly target: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.visualViewport?.addEventListener('resize', this.sync);
  }

  hostDisconnected(): void {
    globalThis.visualViewport?.removeEventListener('resize', this.sync);
  }

  hostUpdated(): void {
    this.sync();
  }

  private readonly sync = () => {
    const viewport = globalThis.visualViewport;
    const target = this.target();
    if (viewport && target) target.style.setProperty('--_viewport-block-size', `${viewport.height}px`);
  };
}
