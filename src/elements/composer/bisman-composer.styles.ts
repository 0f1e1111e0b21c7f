import { css } from 'lit';

export const composerStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    display: flex;
    gap: 0.5rem;
    align-items: flex-end;
    padding: 0.5rem;
    border-block-start: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  label {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  textarea {
    flex: 1;
    min-block-size: 2.5rem;
    max-block-size: 10rem;
    resize: vertical;
    padding: 0.5rem;
    font: inherit;
    color: inherit;
    background: var(--bisman-chat-input-background, transparent);
    border: 1px solid var(--bisman-chat-border-color, #8c959f);
    border-radius: var(--bisman-chat-radius, 6px);
  }
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: 1px;
  }
  button {
    padding-block: 0.5rem;
    padding-inline: 1rem;
    font: inherit;
    color: var(--bisman-chat-accent-text-color, #fff);
    background: var(--bisman-chat-accent-color, #0b5cad);
    border: none;
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :host([offline]) textarea {
    border-style: dashed;
  }
  .counter {
    margin: 0;
    padding-inline: 0.5rem;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .counter.over {
    color: var(--bisman-chat-mention-color, #b3261e);
  }
  textarea[aria-invalid='true'] {
    border-color: var(--bisman-chat-mention-color, #b3261e);
  }
  .hint {
    margin: 0;
    padding-inline: 0.5rem;
    font-size: 0.8125rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
`;
