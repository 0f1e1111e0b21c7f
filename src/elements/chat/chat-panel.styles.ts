import { css, unsafeCSS } from 'lit';

/**
 * The layout follows the panel's own width (a page column, a launcher panel, a phone), not
 * the viewport's: below 600px one pane at a time, the list or the conversation with Back.
 * A plain string: lit-analyzer's CSS checker does not know container queries yet.
 */
const narrowLayout = unsafeCSS(`
  [part='base'] {
    container: bisman-chat / inline-size;
  }
  @container bisman-chat (max-width: 599.98px) {
    [role='tabpanel'] {
      flex-direction: column;
    }
    [data-pane='conversation'] .back {
      display: inline-flex;
    }
    [data-pane='conversation'] [part='sidebar'],
    [data-pane='list'] [part='conversation'] {
      display: none;
    }
    [data-pane='list'] [part='sidebar'] {
      flex: 1 1 auto;
      border-inline-end: none;
    }
    [part='tabs'] {
      overflow-x: auto;
    }
    [part~='tab'] {
      flex: none;
      white-space: nowrap;
    }
  }
`);

/**
 * The open panel's styles (tabs, channel lists, the conversation's frame, banners): they
 * load with the chat UI and are added to `<bisman-chat>`'s own (`bisman-chat.styles.ts`).
 */
export const panelStyles = css`
  [part='tabs'] {
    display: flex;
    gap: 0.25rem;
    padding-inline: 0.5rem;
    border-block-end: 1px solid var(--bisman-chat-border-color);
  }
  [part~='tab'] {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    font: inherit;
    color: var(--bisman-chat-muted-color);
    background: none;
    border: none;
    border-block-end: 3px solid transparent;
    cursor: pointer;
  }
  [part~='tab'][aria-selected='true'] {
    color: var(--bisman-chat-text-color);
    font-weight: 600;
    border-block-end-color: var(--bisman-chat-accent-color);
  }
  .badge.mention {
    background: var(--bisman-chat-mention-color);
  }

  [role='tabpanel'] {
    display: flex;
    flex: 1;
    min-block-size: 0;
  }
  [role='tabpanel'][hidden] {
    display: none;
  }
  [part='sidebar'] {
    display: flex;
    flex-direction: column;
    flex: 0 0 var(--bisman-chat-sidebar-size);
    min-block-size: 0;
    border-inline-end: 1px solid var(--bisman-chat-border-color);
  }
  [part='channel-list'] {
    flex: 1;
    min-block-size: 0;
  }
  .sidebar-actions {
    padding: 0.5rem;
  }
  /* The panel's outlined buttons (Browse channels, Back, the inline actions). */
  .action,
  .action-inline,
  .back {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--bisman-chat-border-color);
    border-radius: var(--bisman-chat-radius);
    cursor: pointer;
  }
  .action {
    inline-size: 100%;
    padding-block: 0.375rem;
    padding-inline: 0.75rem;
  }

  [part='conversation'] {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-inline-size: 0;
    min-block-size: 0;
  }

  /* Narrow panels show one pane at a time: the list, or the conversation with Back. */
  .back {
    display: none;
    align-items: center;
    gap: 0.375rem;
    align-self: flex-start;
    margin: 0.375rem 0.5rem 0;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
  }
  [dir='rtl'] .back-arrow {
    display: inline-block;
    transform: scaleX(-1);
  }
  ${narrowLayout}
  .banner {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0;
    padding-block: 0.375rem;
    padding-inline: 0.75rem;
    background: var(--bisman-chat-surface-color);
    border-block-end: 1px solid var(--bisman-chat-border-color);
  }
  .primary {
    padding-block: 0.375rem;
    padding-inline: 1rem;
    font: inherit;
    color: var(--bisman-chat-accent-text-color);
    background: var(--bisman-chat-accent-color);
    border: none;
    border-radius: var(--bisman-chat-radius);
    cursor: pointer;
  }
  .action-inline {
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
  }
  .empty {
    margin: auto;
    padding: 1rem;
    color: var(--bisman-chat-muted-color);
    text-align: center;
  }
`;
