import { css } from 'lit';
import { markdownStyles } from '../../markdown/markdown.styles.js';
import { postStyles } from '../message-list/post.styles.js';

const viewStyles = css`
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
  .header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.4rem 0.75rem;
    border-block-end: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  .title {
    flex: 1;
    font-weight: 700;
  }
  .close {
    padding: 0.15rem 0.6rem;
    font: inherit;
    font-size: 0.8rem;
    color: inherit;
    background: transparent;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  .log {
    flex: 1 1 auto;
    min-block-size: 0;
    overflow-y: auto;
    overflow-x: hidden;
    padding-block: 0.5rem;
    overscroll-behavior: contain;
  }
  .log:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: -2px;
  }
  .loading {
    margin: 0;
    padding: 1rem;
    text-align: center;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .picker {
    position: absolute;
    inset-block-end: 0.5rem;
    inset-inline-end: 0.5rem;
    z-index: 2;
  }
`;

export const threadViewStyles = [markdownStyles, postStyles, viewStyles];
