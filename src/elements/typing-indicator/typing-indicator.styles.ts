import { css } from 'lit';

export const typingIndicatorStyles = css`
  :host {
    display: block;
  }
  .base {
    min-block-size: 1.2em;
    padding-inline: 0.75rem;
    font-size: 0.75rem;
    font-style: italic;
    line-height: 1.2;
    color: var(--bisman-chat-muted-color, #57606a);
  }
`;
