import { css, unsafeCSS } from 'lit';

/** 48 avatar hues, 7.5° apart (classes set from the user id's hash, see avatarColour). */
const avatarHues = unsafeCSS(
  Array.from({ length: 48 }, (_, i) => `.avatar.h${i} { --_avatar-hue: ${i * 7.5}; }`).join('\n'),
);

/** One message: shared by the message list and the thread view. */
export const postStyles = [
  avatarHues,
  css`
  .avatar.deep {
    background: hsl(var(--_avatar-hue, 210) 55% 22%);
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
    position: relative;
    display: grid;
    grid-template-columns: 2.25rem minmax(0, 1fr);
    column-gap: 0.5rem;
    padding: 0.35rem 0.75rem 0.15rem;
    /* Long URLs and words wrap when they would overflow; names never break mid-word. */
    overflow-wrap: break-word;
  }
  /* Messages that mention the reader stand out (by a bar, not colour alone). */
  .post.mentions-me {
    background: var(--bisman-chat-mention-background, rgb(255 212 0 / 0.12));
  }
  .post.mentions-me::before {
    content: '';
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    inline-size: 3px;
    background: var(--bisman-chat-mention-bar-color, #d4a72c);
  }
  .post.grouped {
    padding-block-start: 0;
  }
  .post:hover {
    background: var(--bisman-chat-hover-color, rgb(127 127 127 / 0.08));
  }
  .avatar-box {
    position: relative;
    align-self: start;
    inline-size: 2.25rem;
    block-size: 2.25rem;
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
    /* From the user id's hash (set by the renderer): people with the same initials differ. */
    background: hsl(var(--_avatar-hue, 210) 55% 28%);
    user-select: none;
  }
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
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
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
  .presence {
    position: absolute;
    inset-block-end: -1px;
    inset-inline-end: -1px;
    box-sizing: border-box;
    inline-size: 0.75rem;
    block-size: 0.75rem;
    border: 2px solid var(--bisman-chat-background, #fff);
    border-radius: 50%;
  }
  .presence.online {
    background: #1a7f37;
  }
  .presence.away {
    background: #bf8700;
  }
  .presence.dnd {
    background: #cf222e;
  }
  .presence.offline {
    background: var(--bisman-chat-background, #fff);
    box-shadow: inset 0 0 0 2px #8c959f;
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
  .files .size {
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .file {
    color: var(--bisman-chat-link-color, #0b5cad);
  }
  span.file {
    color: inherit;
  }
  .preview {
    display: block;
    border-radius: 4px;
    overflow: hidden;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
  }
  /* A fixed box: the row keeps its height while the image loads. */
  .preview img,
  .preview .placeholder {
    display: grid;
    place-items: center;
    inline-size: 12rem;
    block-size: 9rem;
    object-fit: contain;
    background: var(--bisman-chat-code-background, rgb(127 127 127 / 0.1));
  }
  .reaction {
    position: relative;
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
    padding: 0 0.45rem;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: 999px;
    cursor: pointer;
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--bisman-chat-accent-color, #0b5cad);
    background: var(--bisman-chat-reaction-mine-background, rgb(11 92 173 / 0.1));
  }
  .thread-link {
    display: block;
    padding: 0;
    margin-block-start: 0.2rem;
    font: inherit;
    font-size: 0.8rem;
    font-weight: 600;
    color: var(--bisman-chat-link-color, #0b5cad);
    background: none;
    border: none;
    cursor: pointer;
  }
  .thread-link.context {
    margin-block: 0 0.1rem;
    font-weight: 400;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .thread-link:hover {
    text-decoration: underline;
  }
  /* Shown on hover and when focus is inside the message, so the keyboard reaches it. */
  .actions {
    position: absolute;
    inset-block-start: -0.6rem;
    inset-inline-end: 0.75rem;
    display: flex;
    gap: 0.1rem;
    padding: 0.1rem;
    background: var(--bisman-chat-surface-color, #fff);
    border: 1px solid var(--bisman-chat-border-color, #d0d7de);
    border-radius: var(--bisman-chat-radius, 6px);
    opacity: 0;
    pointer-events: none;
  }
  .actions[hidden] {
    display: none;
  }
  .post:hover .actions,
  .post:focus-within .actions,
  .actions:has([aria-expanded='true']) {
    opacity: 1;
    pointer-events: auto;
  }
  .actions button,
  .editor button,
  .confirm button {
    padding: 0.1rem 0.5rem;
    font: inherit;
    font-size: 0.8rem;
    color: inherit;
    background: transparent;
    border: 1px solid transparent;
    border-radius: 4px;
    cursor: pointer;
  }
  .actions button:hover {
    background: var(--bisman-chat-hover-color, rgb(127 127 127 / 0.12));
  }
  .editor textarea {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.5rem;
    max-block-size: 12rem;
    padding: 0.35rem 0.5rem;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--bisman-chat-accent-color, #0b5cad);
    border-radius: var(--bisman-chat-radius, 6px);
    resize: vertical;
  }
  .editor-bar,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem;
    margin-block-start: 0.25rem;
    font-size: 0.75rem;
  }
  .editor-bar .hint {
    flex: 1;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .editor button,
  .confirm button {
    border-color: var(--bisman-chat-border-color, #d0d7de);
  }
  .editor button.primary {
    color: var(--bisman-chat-accent-text-color, #fff);
    background: var(--bisman-chat-accent-color, #0b5cad);
    border-color: transparent;
  }
  .confirm {
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--bisman-chat-danger-color, #b3261e);
    border-radius: var(--bisman-chat-radius, 6px);
  }
  .confirm button.danger {
    color: #fff;
    background: var(--bisman-chat-danger-color, #b3261e);
    border-color: transparent;
  }
  /* Text for screen readers only (the names behind a reaction). */
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: 2px;
  }
`,
];

/** A column of messages (the list, a thread): the host, its frame, the focused log and the floating emoji picker. */
export const paneStyles = css`
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
  .log:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: -2px;
  }
  /* The emoji picker floats over the messages, at their end corner. */
  .picker {
    position: absolute;
    inset-block-end: 0.5rem;
    inset-inline-end: 0.5rem;
    z-index: 2;
  }
`;
