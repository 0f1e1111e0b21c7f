/** Uploads with progress, and authenticated file downloads as blob URLs. */
import type { FileUploadResponse } from '@mattermost/types/files';
import { mattermostLib, type ChatApi } from './client.js';

/** Why an upload failed: `tooLarge` (the server's 413) or anything else. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  constructor(
    message: string,
    readonly tooLarge: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface UploadOptions {
  onProgress?(loaded: number, total: number): void;
  signal?: AbortSignal;
}

/**
 * `POST /files` for one channel. The one request not made by Client4's `fetch`: fetch
 * cannot report upload progress, XMLHttpRequest can. Same route and Bearer token as
 * Client4; errors come back as Client4's `ClientError` so callers classify them alike.
 */
export function uploadWithProgress(
  client: ChatApi,
  channelId: string,
  files: readonly File[],
  options: UploadOptions,
): Promise<FileUploadResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was canceled.', 'AbortError'));
      return;
    }
    const form = new FormData();
    form.append('channel_id', channelId);
    files.forEach((file, index) => {
      form.append('files', file, file.name);
      form.append('client_ids', `${Date.now()}-${index}`);
    });
    const url = client.getFilesRoute();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${client.getToken()}`);
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.responseType = 'text';
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      done();
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object' && 'file_infos' in body) {
        resolve(body as FileUploadResponse);
        return;
      }
      const server = (body ?? {}) as { message?: string; id?: string };
      reject(
        new mattermostLib.ClientError(client.getUrl(), {
          message: server.message || `Upload failed (HTTP ${xhr.status}).`,
          server_error_id: server.id ?? '',
          status_code: xhr.status,
          url,
        }),
      );
    });
    xhr.addEventListener('error', () => {
      done();
      reject(new TypeError('The upload could not reach the chat server.'));
    });
    xhr.addEventListener('abort', () => {
      done();
      reject(new DOMException('The upload was canceled.', 'AbortError'));
    });
    xhr.send(form);
  });
}

/** "File too large (max 50 MB)" from the server's `MaxFileSize` (bytes, as a string). */
export function tooLargeMessage(maxFileSize: string | undefined): string {
  const bytes = Number(maxFileSize);
  if (!Number.isFinite(bytes) || bytes <= 0) return 'File too large.';
  const mb = bytes / (1024 * 1024);
  return `File too large (max ${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB).`;
}
