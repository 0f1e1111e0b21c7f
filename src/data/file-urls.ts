/**
 * Files shown in the chat, fetched with the Bearer token and cached per file and kind. The
 * one place the widget makes object URLs, and the rule that keeps them inert: a blob URL
 * belongs to the host page's origin, so one typed `image/svg+xml`, `text/html` or
 * `application/xhtml+xml` and opened in a tab (click, middle-click, "open in new tab") runs
 * its script as the host. Mattermost's `Content-Disposition: attachment` and `nosniff` do
 * not travel with the bytes, so the bytes decide: a PNG, JPEG, GIF or WebP signature gives
 * a URL of that image type, anything else a URL of `application/octet-stream`, which
 * browsers only download. The server's type and the file's name are never asked.
 */
import { mattermostLib } from './client.js';
import type { ClientCall } from './client-call.js';
import type { FileLink, RasterType } from './types.js';

export type FileUrlKind = 'file' | 'preview' | 'thumbnail';

/** A file's object URL, for `<bisman-message-list>`'s `fileUrl`. */
export type FileUrlFunction = (fileId: string, kind: FileUrlKind) => Promise<FileLink>;

/** The type of what every file that is not a checked raster image becomes: download only. */
export const DOWNLOAD_TYPE = 'application/octet-stream';

/** Bytes a signature needs: WebP's is "RIFF", four bytes of size, then "WEBP". */
const SIGNATURE_BYTES = 12;

const SIGNATURES: readonly { type: RasterType; bytes: readonly (number | undefined)[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] }, // GIF87a
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] }, // GIF89a
  {
    type: 'image/webp',
    bytes: [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50],
  },
];

/** The raster type a file's first bytes prove, if any (`undefined` matches any byte). */
export function rasterType(head: Uint8Array): RasterType | undefined {
  for (const { type, bytes } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((byte, i) => byte === undefined || head[i] === byte)) return type;
  }
  return undefined;
}

/** The bytes as an inert object URL: typed by their signature, or as a download. */
async function inertLink(blob: Blob): Promise<FileLink> {
  const image = rasterType(new Uint8Array(await blob.slice(0, SIGNATURE_BYTES).arrayBuffer()));
  // slice() with a type: the same bytes under the type we chose, whatever the server said.
  const href = URL.createObjectURL(blob.slice(0, blob.size, image ?? DOWNLOAD_TYPE));
  return image ? { href, image } : { href };
}

/**
 * The store's file URLs: a plain `<img src>` cannot send the Bearer token, so files are
 * fetched and shown as object URLs. `revoke()` frees them all and replaces `resolve`, so
 * lists that cache by function ask again.
 */
export class FileUrls {
  readonly #call: ClientCall;
  readonly #links = new Map<string, Promise<FileLink>>();
  readonly #objectUrls = new Set<string>();
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
    for (const href of this.#objectUrls) URL.revokeObjectURL(href);
    this.#objectUrls.clear();
    this.#links.clear();
    this.#generation++;
    this.#resolve = this.#newFunction();
  }

  #newFunction(): FileUrlFunction {
    return (fileId, kind) => {
      const key = `${kind}:${fileId}`;
      const generation = this.#generation;
      let link = this.#links.get(key);
      if (!link) {
        link = this.#call(async (client) => {
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
          const made = await inertLink(await response.blob());
          // Arrived after stop(): nobody will revoke it later.
          if (generation !== this.#generation) URL.revokeObjectURL(made.href);
          else this.#objectUrls.add(made.href);
          return made;
        });
        const stored = link;
        this.#links.set(key, stored);
        // A failure is not cached: the next render asks again.
        stored.catch(() => {
          if (this.#links.get(key) === stored) this.#links.delete(key);
        });
      }
      return link;
    };
  }
}
