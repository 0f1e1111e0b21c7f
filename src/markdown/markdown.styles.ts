import { css } from 'lit';

/** Styles for rendered messages; include them in the shadow root that shows markdown. */
export const markdownStyles = css`
  .md p,
  .md ul,
  .md ol,
  .md blockquote,
  .md pre,
  .md .table {
    margin-block: 0 0.35em;
    margin-inline: 0;
  }
  .md > :last-child {
    margin-block-end: 0;
  }
  .md ul,
  .md ol {
    padding-inline-start: 1.4em;
  }
  /* Headings are real h1–h6 (their level is for assistive technology), sized for a chat row. */
  .md h1,
  .md h2,
  .md h3,
  .md h4,
  .md h5,
  .md h6 {
    margin-block: 0.2em 0.35em;
    margin-inline: 0;
    font-size: 1em;
    font-weight: 700;
    line-height: 1.3;
  }
  .md h1 {
    font-size: 1.2em;
  }
  .md h2 {
    font-size: 1.12em;
  }
  .md h3 {
    font-size: 1.05em;
  }
  .md h6 {
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .md blockquote {
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--bisman-chat-border-color, #d0d7de);
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .md code {
    font-family: var(--bisman-chat-code-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    font-size: 0.9em;
    padding: 0.1em 0.3em;
    border-radius: 3px;
    background: var(--bisman-chat-code-background, rgb(127 127 127 / 14%));
  }
  .md pre {
    overflow-x: auto;
    padding: 0.5em 0.75em;
    border-radius: 4px;
    background: var(--bisman-chat-code-background, rgb(127 127 127 / 14%));
  }
  .md pre code {
    padding: 0;
    background: none;
    white-space: pre;
  }
  .md .table {
    overflow-x: auto;
  }
  .md table {
    border-collapse: collapse;
  }
  .md th,
  .md td {
    padding: 0.2em 0.6em;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    text-align: start;
  }
  .md .align-center {
    text-align: center;
  }
  .md .align-right {
    text-align: end;
  }
  .md .raw {
    white-space: pre-wrap;
  }
  .md a {
    color: var(--bisman-chat-link-color, #0b5cad);
    overflow-wrap: anywhere;
  }
  .md hr {
    border: 0;
    border-block-start: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  .md .mention {
    color: var(--bisman-chat-link-color, #0b5cad);
    font-weight: 600;
  }
  .md .mention-me,
  .md .mention-all {
    padding: 0 0.15em;
    border-radius: 3px;
    background: var(--bisman-chat-mention-me-background, #ffe8a3);
    color: var(--bisman-chat-mention-me-color, #3d2e00);
  }
  .md .emoji {
    font-size: 1.15em;
    line-height: 1;
  }
`;
