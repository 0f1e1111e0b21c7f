import { css } from 'lit';
import { markdownStyles } from '../../markdown/markdown.styles.js';
import { paneStyles, postStyles } from '../message-list/post.styles.js';

const viewStyles = css`
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
  .loading {
    margin: 0;
    padding: 1rem;
    text-align: center;
    color: var(--bisman-chat-muted-color, #57606a);
  }
`;

export const threadViewStyles = [markdownStyles, postStyles, paneStyles, viewStyles];
