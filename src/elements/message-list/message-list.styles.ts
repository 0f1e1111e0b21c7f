import { css } from 'lit';
import { markdownStyles } from '../../markdown/markdown.styles.js';
import { paneStyles, postStyles } from './post.styles.js';

const listStyles = css`
  /* The virtualizer makes this the scroller (and sizes it with a child of its own). */
  .log {
    flex: 1 1 auto;
    /* !important: the virtualizer sets an inline min-height of 150px on its scroller unless one
       is set; an inline style attribute would break under a strict CSP (style-src 'self'). */
    min-block-size: 0 !important;
    overflow-x: hidden;
    /* The layout keeps the view in place itself; the browser's anchoring would fight it. */
    overflow-anchor: none;
    overscroll-behavior: contain;
  }
  .row {
    inline-size: 100%;
    box-sizing: border-box;
  }
  .empty {
    position: absolute;
    inset-block-end: 0;
    inset-inline: 0;
    margin: 0;
    padding: 1rem;
    text-align: center;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .loading {
    position: absolute;
    inset-block-start: 0.5rem;
    inset-inline: 0;
    margin-inline: auto;
    inline-size: max-content;
    padding: 0.2rem 0.75rem;
    font-size: 0.75rem;
    border-radius: 999px;
    background: var(--bisman-chat-surface-color, #f6f8fa);
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  .jump {
    position: absolute;
    inset-block-end: 0.75rem;
    inset-inline: 0;
    margin-inline: auto;
    inline-size: max-content;
    padding: 0.35rem 0.9rem;
    font: inherit;
    font-size: 0.8rem;
    color: var(--bisman-chat-accent-text-color, #fff);
    background: var(--bisman-chat-accent-color, #0b5cad);
    border: none;
    border-radius: 999px;
    box-shadow: 0 1px 4px rgb(0 0 0 / 0.25);
    cursor: pointer;
  }
`;

export const messageListStyles = [markdownStyles, postStyles, paneStyles, listStyles];
