import { css } from 'lit';

export const channelBrowserStyles = css`
  :host {
    display: contents;
  }
  dialog {
    inline-size: min(28rem, 90vw);
    max-block-size: 80vh;
    padding: 0;
    color: var(--bisman-chat-text-color, #1f2328);
    background: var(--bisman-chat-background, #fff);
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
  }
  dialog::backdrop {
    background: var(--bisman-chat-backdrop-color, rgb(0 0 0 / 0.35));
  }
  .dialog-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0.75rem 1rem;
    border-block-end: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0.5rem;
    overflow-y: auto;
  }
  li {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.5rem;
  }
  .text {
    flex: 1;
    min-inline-size: 0;
  }
  .purpose {
    display: block;
    font-size: 0.8125rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  button {
    padding: 0.25rem 0.75rem;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--bisman-chat-border-color, #8c959f);
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  button.join {
    color: var(--bisman-chat-accent-text-color, #fff);
    background: var(--bisman-chat-accent-color, #0b5cad);
    border-color: transparent;
  }
  button:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: 1px;
  }
  p {
    margin: 0;
    padding: 1rem;
  }
`;
