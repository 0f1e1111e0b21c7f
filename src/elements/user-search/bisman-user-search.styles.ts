import { css } from 'lit';

export const userSearchStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    position: relative;
    padding: 0.5rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  label {
    display: block;
    margin-block-end: 0.25rem;
    font-size: 0.8125rem;
    font-weight: 600;
  }
  input {
    flex: 1;
    min-inline-size: 0;
    padding: 0.375rem 0.5rem;
    font: inherit;
    color: inherit;
    background: var(--bisman-chat-input-background, transparent);
    border: 1px solid var(--bisman-chat-border-color, #8c959f);
    border-radius: var(--bisman-chat-radius, 6px);
  }
  input:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: 1px;
  }
  button {
    padding: 0.375rem 0.75rem;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--bisman-chat-border-color, #8c959f);
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  [role='listbox'] {
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0.25rem;
    max-block-size: 14rem;
    overflow-y: auto;
    background: var(--bisman-chat-background, #fff);
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
  }
  [role='listbox'][hidden] {
    display: none;
  }
  [role='option'] {
    padding: 0.375rem 0.5rem;
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: var(--bisman-chat-selected-color, rgb(11 92 173 / 0.14));
    outline: 1px solid var(--bisman-chat-focus-color, #0b5cad);
  }
  .username {
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .status {
    margin: 0.25rem 0 0;
    font-size: 0.8125rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
`;
