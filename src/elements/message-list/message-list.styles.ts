import { css } from 'lit';
import { markdownStyles } from '../../markdown/markdown.styles.js';

const listStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    color: var(--bisman-chat-text-color, #1f2328);
  }
  .base {
    position: relative;
    display: flex;
    flex: 1 1 auto;
    flex-direction: column;
    min-block-size: 0;
  }
  /* The virtualizer makes this the scroller (and sizes it with a child of its own). */
  .log {
    flex: 1 1 auto;
    min-block-size: 0;
    overflow-x: hidden;
    /* The layout keeps the view in place itself; the browser's anchoring would fight it. */
    overflow-anchor: none;
    overscroll-behavior: contain;
  }
  .log:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: -2px;
  }
  .row {
    inline-size: 100%;
    box-sizing: border-box;
  }
  .separator {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem 0.25rem;
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .separator::before,
  .separator::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  .separator.unread {
    color: var(--bisman-chat-danger-color, #b3261e);
  }
  .separator.unread::before,
  .separator.unread::after {
    border-color: var(--bisman-chat-danger-color, #b3261e);
  }
  .post {
    display: grid;
    grid-template-columns: 2.25rem minmax(0, 1fr);
    column-gap: 0.5rem;
    padding: 0.35rem 0.75rem 0.15rem;
    overflow-wrap: anywhere;
  }
  .post.grouped {
    padding-block-start: 0;
  }
  .post:hover {
    background: var(--bisman-chat-hover-color, rgb(127 127 127 / 0.08));
  }
  .avatar {
    display: grid;
    place-items: center;
    inline-size: 2.25rem;
    block-size: 2.25rem;
    border-radius: 50%;
    font-size: 0.8rem;
    font-weight: 700;
    color: #fff;
    user-select: none;
  }
  .c0 { background: #0b5cad; }
  .c1 { background: #8250df; }
  .c2 { background: #1a7f37; }
  .c3 { background: #bc4c00; }
  .c4 { background: #a40e26; }
  .c5 { background: #0a6a75; }
  .c6 { background: #6e5494; }
  .c7 { background: #57606a; }
  .gutter-time {
    align-self: start;
    padding-block-start: 0.2em;
    font-size: 0.65rem;
    text-align: end;
    color: var(--bisman-chat-muted-color, #57606a);
    visibility: hidden;
  }
  .post:hover .gutter-time {
    visibility: visible;
  }
  .content {
    min-inline-size: 0;
  }
  .header {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
  }
  .author {
    font-weight: 700;
  }
  .header time {
    font-size: 0.75rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .body {
    line-height: 1.4;
  }
  .deleted,
  .edited {
    font-size: 0.8rem;
    font-style: italic;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  /* Dimmed by colour, not opacity, so the text keeps its contrast. */
  .post.pending .body {
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.75rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .status.failed {
    color: var(--bisman-chat-danger-color, #b3261e);
  }
  .status button {
    padding: 0.1rem 0.6rem;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid currentColor;
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  .post.system {
    display: block;
    padding-inline: 2rem;
    font-size: 0.85rem;
    font-style: italic;
    text-align: center;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .files,
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0.25rem 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.8rem;
  }
  .reactions li {
    padding: 0 0.4rem;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: 999px;
  }
  .reactions li.mine {
    border-color: var(--bisman-chat-accent-color, #0b5cad);
  }
  .files .size {
    color: var(--bisman-chat-muted-color, #57606a);
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
  button:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: 2px;
  }
`;

export const messageListStyles = [markdownStyles, listStyles];
