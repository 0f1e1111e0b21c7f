/** Files shown in the chat: blob URLs fetched with the Bearer token, cached per file and kind. */
import { mattermostLib } from './client.js';
import type { ClientCall } from './client-call.js';

export type FileUrlKind = 'file' | 'preview' | 'thumbnail';

/** A file's blob URL, for `<bisman-message-list>`'s `fileUrl`. */
export type FileUrlFunction = (fileId: string, kind: FileUrlKind) => Promise<string>;

/**
 * The store's file URLs: a plain `<img src>` cannot send the Bearer token, so files are
 * fetched and shown as blob URLs. `revoke()` frees them all and replaces `resolve`, so
 * lists that cache by function ask again.
 */
export class FileUrls {
  readonly #call: ClientCall;
  readonly #urls = new Map<string, Promise<string>>();
  readonly #blobUrls = new Set<string>();
  #generation = 0;
  #resolve: FileUrlFunction;

  constructor(call: ClientCall) {
    this.#call = call;
    this.#resolve = this.#newFunction();
  }

  get resolve(): FileUrlFunction {
    return this.#resolve;
  }

  revoke(): void {
    for (const href of this.#blobUrls) URL.revokeObjectURL(href);
    this.#blobUrls.clear();
    this.#urls.clear();
    this.#generation++;
    this.#resolve = this.#newFunction();
  }

  #newFunction(): FileUrlFunction {
    return (fileId, kind) => {
      const key = `${kind}:${fileId}`;
      const generation = this.#generation;
      let url = this.#urls.get(key);
      if (!url) {
        url = this.#call(async (client) => {
          const route =
            kind === 'preview'
              ? client.getFilePreviewUrl(fileId, 0)
              : kind === 'thumbnail'
                ? client.getFileThumbnailUrl(fileId, 0)
                : client.getFileUrl(fileId, 0);
          // Client4's own options: its Bearer token, no cookies.
          const response = await fetch(route, client.getOptions({ method: 'get' }));
          if (!response.ok) {
            throw new mattermostLib.ClientError(client.getUrl(), {
              message: `Cannot load the file (HTTP ${response.status}).`,
              server_error_id: '',
              status_code: response.status,
              url: route,
            });
          }
          const blob = await response.blob();
          const href = URL.createObjectURL(blob);
          // Arrived after stop(): nobody will revoke it later.
          if (generation !== this.#generation) URL.revokeObjectURL(href);
          else this.#blobUrls.add(href);
          return href;
        });
        const stored = url;
        this.#urls.set(key, stored);
        // A failure is not cached: the next render asks again.
        stored.catch(() => {
          if (this.#urls.get(key) === stored) this.#urls.delete(key);
        });
      }
      return url;
    };
  }
}
