import { css } from 'lit';

export const emojiPickerStyles = css`
  :host {
    display: block;
    inline-size: max-content;
    max-inline-size: 100%;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    padding: 0.5rem;
    color: var(--bisman-chat-text-color, #1f2328);
    background: var(--bisman-chat-surface-color, #fff);
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }
  input {
    box-sizing: border-box;
    inline-size: 100%;
    padding: 0.3rem 0.5rem;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
  }
  .grid {
    max-block-size: 12rem;
    overflow-y: auto;
  }
  .row {
    display: grid;
    grid-template-columns: repeat(8, 2rem);
    /* ~240 rows of the full set: only those scrolled into view are laid out and painted. */
    content-visibility: auto;
    contain-intrinsic-block-size: auto 2rem;
  }
  .cell {
    display: grid;
    place-items: center;
    block-size: 2rem;
    font-size: 1.25rem;
    border-radius: 4px;
    cursor: pointer;
    user-select: none;
  }
  .cell:hover {
    background: var(--bisman-chat-hover-color, rgb(127 127 127 / 0.15));
  }
  .cell:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: -2px;
  }
  .none {
    margin: 0;
    padding: 0.5rem;
    font-size: 0.85rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
`;
