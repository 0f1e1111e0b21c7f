import { css } from 'lit';

export const channelListStyles = css`
  :host {
    display: block;
    overflow-y: auto;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0.25rem;
  }
  button {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    inline-size: 100%;
    padding-block: 0.375rem;
    padding-inline: 0.5rem;
    font: inherit;
    color: inherit;
    text-align: start;
    background: none;
    border: none;
    border-radius: var(--bisman-chat-radius, 6px);
    cursor: pointer;
  }
  button:hover {
    background: var(--bisman-chat-hover-color, rgb(127 127 127 / 0.12));
  }
  button[aria-current='true'] {
    background: var(--bisman-chat-selected-color, rgb(11 92 173 / 0.14));
    font-weight: 600;
  }
  button:focus-visible {
    outline: 2px solid var(--bisman-chat-focus-color, #0b5cad);
    outline-offset: -2px;
  }
  .name {
    flex: 1;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .unread .name {
    font-weight: 700;
  }
  .badge {
    min-inline-size: 1.25rem;
    padding-inline: 0.375rem;
    font-size: 0.75rem;
    line-height: 1.25rem;
    text-align: center;
    color: var(--bisman-chat-badge-text-color, #fff);
    background: var(--bisman-chat-badge-color, #57606a);
    border-radius: 999px;
  }
  .badge.mention {
    background: var(--bisman-chat-mention-color, #b3261e);
  }
  .presence {
    inline-size: 0.5rem;
    block-size: 0.5rem;
    border-radius: 50%;
    border: 1px solid var(--bisman-chat-muted-color, #57606a);
  }
  .presence.online {
    background: var(--bisman-chat-presence-online-color, #1a7f37);
    border-color: var(--bisman-chat-presence-online-color, #1a7f37);
  }
  .presence.away {
    background: var(--bisman-chat-presence-away-color, #bf8700);
    border-color: var(--bisman-chat-presence-away-color, #bf8700);
  }
  .presence.dnd {
    background: var(--bisman-chat-presence-dnd-color, #b3261e);
    border-color: var(--bisman-chat-presence-dnd-color, #b3261e);
  }
  .empty {
    margin: 0;
    padding: 0.75rem;
    color: var(--bisman-chat-muted-color, #57606a);
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
