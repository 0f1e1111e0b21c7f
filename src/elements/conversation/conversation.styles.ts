import { css } from 'lit';

export const conversationStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    min-block-size: 0;
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    position: relative;
    display: flex;
    flex-direction: column;
    flex: 1;
    min-block-size: 0;
  }
  [part='conversation-header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    border-block-end: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  [part='conversation-header'] h3 {
    margin: 0;
    font-size: 1rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part='permalink'] {
    flex: none;
    font-size: 0.8125rem;
    color: var(--bisman-chat-link-color, #0b5cad);
  }
  .body {
    position: relative;
    display: flex;
    flex: 1;
    min-block-size: 0;
  }
  .main {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-inline-size: 0;
    min-block-size: 0;
  }
  [part='messages'] {
    flex: 1;
    min-block-size: 0;
  }
  /* Narrow panels: the thread covers the list; wide ones put it beside. */
  [part='thread'] {
    position: absolute;
    inset: 0;
    z-index: 1;
    display: flex;
    flex-direction: column;
    background: var(--bisman-chat-background, #ffffff);
  }
  :host([wide]) [part='thread'] {
    position: static;
    flex: 0 0 min(24rem, 45%);
    border-inline-start: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  [part='thread'] bisman-thread-view {
    flex: 1;
    min-inline-size: 0;
    min-block-size: 0;
  }
  [part='typing'] {
    min-block-size: 1.25rem;
    padding-inline: 0.75rem;
    font-size: 0.8125rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  [part='uploads'] {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    list-style: none;
    border-block-start: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  [part='upload'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.8125rem;
  }
  .file-name {
    flex: 1 1 8rem;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .progress {
    inline-size: 6rem;
    block-size: 0.375rem;
    overflow: hidden;
    border-radius: 999px;
    background: var(--bisman-chat-hover-color, rgb(127 127 127 / 0.12));
  }
  .progress span {
    display: block;
    block-size: 100%;
    background: var(--bisman-chat-accent-color, #0b5cad);
  }
  [part='upload-error'] {
    flex-basis: 100%;
    color: var(--bisman-chat-danger-color, #b3261e);
  }
  .composer-row {
    display: flex;
    align-items: flex-end;
  }
  .composer-row bisman-composer {
    flex: 1;
    min-inline-size: 0;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
    padding-block: 0.25rem;
    padding-inline: 0.625rem;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: 2px;
  }
  [part='attach'] {
    margin-block: 0.5rem;
    margin-inline-start: 0.5rem;
    padding-block: 0.5rem;
  }
  input[type='file'] {
    display: none;
  }
  [part='drop-zone'] {
    position: absolute;
    inset: 0.5rem;
    z-index: 2;
    display: flex;
    align-items: center;
    justify-content: center;
    border: 2px dashed var(--bisman-chat-accent-color, #0b5cad);
    border-radius: var(--bisman-chat-radius, 6px);
    background: color-mix(in srgb, var(--bisman-chat-background, #ffffff) 85%, transparent);
    color: var(--bisman-chat-text-color, #1f2328);
    font-weight: 600;
    pointer-events: none;
  }
  [part='notice'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0;
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    font-size: 0.8125rem;
    color: var(--bisman-chat-danger-color, #b3261e);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
