/** The store's uploads: files sent to a channel ahead of the post that attaches them. */
import type { FileInfo } from '@mattermost/types/files';
import { errorMessage } from './client.js';
import { toFileView } from './convert.js';
import type { ClientCall } from './client-call.js';
import { tooLargeMessage, UploadError, uploadWithProgress, type UploadOptions } from './files.js';
import type { FileView } from './types.js';

export class Uploads {
  readonly #call: ClientCall;
  /** Uploaded files not attached yet, for the pending post's file names. */
  readonly #uploaded = new Map<string, FileView>();
  #maxFileSize: Promise<string | undefined> | undefined;

  constructor(call: ClientCall) {
    this.#call = call;
  }

  /** See `ChatStore.uploadFiles`. */
  async upload(channelId: string, files: readonly File[], options: UploadOptions): Promise<string[]> {
    if (files.length === 0) return [];
    let response;
    try {
      response = await this.#call((client) => uploadWithProgress(client, channelId, files, options));
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      const status = (error as { status_code?: number }).status_code;
      if (status === 413) {
        throw new UploadError(tooLargeMessage(await this.#maxFileSizeConfig()), true, { cause: error });
      }
      throw new UploadError(errorMessage(error), false, { cause: error });
    }
    return response.file_infos.map((info: FileInfo) => {
      this.#uploaded.set(info.id, toFileView(info));
      return info.id;
    });
  }

  /** An uploaded file as a pending post shows it (only its id, when this store did not upload it). */
  fileView(id: string): FileView {
    return this.#uploaded.get(id) ?? { id, name: '', size: 0, mimeType: '', hasPreview: false };
  }

  /** The files are attached to a sent post: nothing needs them here any more. */
  attached(ids: readonly string[]): void {
    for (const id of ids) this.#uploaded.delete(id);
  }

  clear(): void {
    this.#uploaded.clear();
    this.#maxFileSize = undefined;
  }

  #maxFileSizeConfig(): Promise<string | undefined> {
    this.#maxFileSize ??= this.#call((client) => client.getClientConfig()).then(
      (config) => (config as { MaxFileSize?: string }).MaxFileSize,
      () => {
        this.#maxFileSize = undefined;
        return undefined;
      },
    );
    return this.#maxFileSize;
  }
}
