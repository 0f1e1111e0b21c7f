// The reference for the long channel: a plain, non-virtualized Lit list that renders every
// post as an article in a scrolling log, the way a first version of a chat would.
import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

export interface NaivePost {
  id: string;
  author: string;
  message: string;
  createAt: number;
}

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });

export class BenchNaiveList extends LitElement {
  static override properties = { posts: { attribute: false } };
  static override styles = css`
    :host { display: block; height: 100%; }
    .log { height: 100%; overflow-y: auto; font: 14px/1.4 system-ui, sans-serif; }
    article { padding: 4px 12px; }
    header { font-weight: 600; }
    time { font-weight: 400; color: #666; margin-left: 8px; }
    p { margin: 2px 0 0; white-space: pre-wrap; }
  `;

  declare posts: NaivePost[];

  constructor() {
    super();
    this.posts = [];
  }

  override render() {
    return html`<div class="log" role="log" aria-label="Messages">
      ${repeat(
        this.posts,
        (post) => post.id,
        (post) => html`<article aria-label=${post.author}>
          <header>${post.author}<time datetime=${new Date(post.createAt).toISOString()}>${time.format(post.createAt)}</time></header>
          <p>${post.message}</p>
        </article>`,
      )}
    </div>`;
  }
}
