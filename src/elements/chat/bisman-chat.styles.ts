import { css } from 'lit';

/**
 * What `<bisman-chat>` shows before its chat UI loads: the theme, the launcher and its
 * badge, the panel's frame with its header and the connecting state. The open panel's
 * own styles (tabs, lists, banners) load with the UI: `chat-panel.styles.ts`.
 */

export const chatStyles = css`
  :host {
    /* Public knobs (documented on the class). Each colour holds its light and dark value:
       light-dark() picks by color-scheme, which the theme attribute sets below. */
    --bisman-chat-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --bisman-chat-font-size: 0.9375rem;
    --bisman-chat-background: light-dark(#ffffff, #1e1f22);
    --bisman-chat-surface-color: light-dark(#f6f8fa, #2b2d31);
    --bisman-chat-text-color: light-dark(#1f2328, #e8e9eb);
    --bisman-chat-muted-color: light-dark(#57606a, #a9aeb6);
    --bisman-chat-border-color: light-dark(#d0d7de, #4a4d55);
    --bisman-chat-accent-color: light-dark(#0b5cad, #7cb8ff);
    --bisman-chat-accent-text-color: light-dark(#ffffff, #0b1020);
    --bisman-chat-focus-color: light-dark(#0b5cad, #7cb8ff);
    --bisman-chat-link-color: light-dark(#0b5cad, #7cb8ff);
    --bisman-chat-badge-color: light-dark(#57606a, #a9aeb6);
    --bisman-chat-badge-text-color: light-dark(#ffffff, #0b1020);
    --bisman-chat-mention-color: light-dark(#b3261e, #ffb4ab);
    --bisman-chat-selected-color: light-dark(rgb(11 92 173 / 0.14), rgb(124 184 255 / 0.2));
    --bisman-chat-hover-color: rgb(127 127 127 / 0.12);
    --bisman-chat-radius: 6px;
    --bisman-chat-block-size: 36rem;
    --bisman-chat-sidebar-size: 14rem;
    --bisman-chat-launcher-offset: 1rem;
    --bisman-chat-panel-inline-size: 40rem;
    --bisman-chat-shadow: 0 8px 28px rgb(0 0 0 / 0.24);
    --bisman-chat-z-index: 2147483000;

    display: block;
    color: var(--bisman-chat-text-color);
    font-family: var(--bisman-chat-font-family);
    font-size: var(--bisman-chat-font-size);
    line-height: 1.4;
    /* Not the page's color-scheme: theme="light" is light on a dark page too. */
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }

  [part='base'] {
    display: flex;
    flex-direction: column;
    block-size: var(--bisman-chat-block-size);
    overflow: hidden;
    background: var(--bisman-chat-background);
    border: 1px solid var(--bisman-chat-border-color);
    border-radius: var(--bisman-chat-radius);
  }
  [part='header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    background: var(--bisman-chat-surface-color);
    border-block-end: 1px solid var(--bisman-chat-border-color);
  }
  [part='close'] {
    margin-inline-start: auto;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--bisman-chat-border-color);
    border-radius: var(--bisman-chat-radius);
    cursor: pointer;
  }
  [part='header'] h2 {
    margin: 0;
    font-size: 1rem;
  }
  .connection {
    font-size: 0.8125rem;
    color: var(--bisman-chat-muted-color);
  }

  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color);
    outline-offset: -2px;
  }

  .badge {
    min-inline-size: 1.25rem;
    padding-inline: 0.375rem;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.25rem;
    text-align: center;
    color: var(--bisman-chat-badge-text-color);
    background: var(--bisman-chat-badge-color);
    border-radius: 999px;
  }

  .state {
    display: flex;
    flex: 1;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.75rem;
    padding: 1.5rem;
    text-align: center;
  }
  .state p {
    margin: 0;
  }
  .skeleton {
    display: grid;
    gap: 0.5rem;
    inline-size: min(20rem, 80%);
  }
  .skeleton span {
    display: block;
    block-size: 0.75rem;
    border-radius: 4px;
    background: var(--bisman-chat-hover-color);
  }

  /* Launcher mode: a floating button in the inline-end bottom corner (clear of notches and
     home indicators), the panel above it. Private variables start with --_. */
  :host([mode='launcher']) {
    --_inset-block-end: calc(var(--bisman-chat-launcher-offset) + env(safe-area-inset-bottom, 0px));
    /* The inline end is the right in LTR and the left in RTL: clear whichever inset is larger. */
    --_inset-inline-end: calc(
      var(--bisman-chat-launcher-offset) + max(env(safe-area-inset-left, 0px), env(safe-area-inset-right, 0px))
    );
  }
  [part='launcher'] {
    position: fixed;
    inset-block-end: var(--_inset-block-end);
    inset-inline-end: var(--_inset-inline-end);
    z-index: var(--bisman-chat-z-index);
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    box-shadow: var(--bisman-chat-shadow);
    padding-block: 0.5rem;
    padding-inline: 1rem;
    font: inherit;
    color: var(--bisman-chat-accent-text-color);
    background: var(--bisman-chat-accent-color);
    border: none;
    border-radius: 999px;
    cursor: pointer;
  }

  [part='launcher-panel'] {
    position: fixed;
    inset-block-end: calc(var(--_inset-block-end) + 3.5rem);
    inset-inline-end: var(--_inset-inline-end);
    z-index: var(--bisman-chat-z-index);
    inline-size: min(var(--bisman-chat-panel-inline-size), calc(100vw - 2 * var(--bisman-chat-launcher-offset)));
    border-radius: var(--bisman-chat-radius);
    box-shadow: var(--bisman-chat-shadow);
    animation: bisman-chat-open 160ms ease-out;
  }
  [part='launcher-panel'] [part='base'] {
    block-size: min(var(--bisman-chat-block-size), calc(100dvh - var(--_inset-block-end) - 5rem));
  }
  [part='launcher-panel'][hidden] {
    display: none;
  }
  @keyframes bisman-chat-open {
    from {
      opacity: 0;
      translate: 0 0.5rem;
    }
  }

  /* Small screens: the open panel is the whole screen; its height follows the visual
     viewport (set by the element from visualViewport) so the composer stays above the keyboard. */
  @media (max-width: 640px) {
    [part='launcher-panel'] {
      inset-block: 0 auto;
      inset-inline: 0;
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
      block-size: var(--_viewport-block-size, 100dvh);
      inline-size: auto;
      border-radius: 0;
      padding-block: env(safe-area-inset-top, 0px) env(safe-area-inset-bottom, 0px);
      padding-inline: env(safe-area-inset-left, 0px) env(safe-area-inset-right, 0px);
      background: var(--bisman-chat-background);
    }
    [part='launcher-panel'] [part='base'] {
      /* The page's ::part(base) rules would win over these: a moved or resized base would
         leave a blank screen (important declarations inside the shadow tree win). */
      position: static !important;
      inline-size: auto !important;
      margin: 0 !important;
      flex: 1;
      block-size: auto;
      min-block-size: 0;
      border: none;
      border-radius: 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    [part='launcher-panel'] {
      animation: none;
      transition: none;
    }
  }

  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
