/**
 * How Mattermost answers for a stored file (`GET /files/{id}`, `/preview`, `/thumbnail`):
 * the headers of `web.WriteFileResponse` (server/platform/shared/web/files.go) and the
 * errors of api4/file.go for a file with no preview or thumbnail.
 */
import { EmulatorError } from './errors.js';

/** files.go `UnsafeContentTypes`: served as `text/plain` whatever the file's type. */
const UNSAFE_CONTENT_TYPES = [
  'application/javascript',
  'application/ecmascript',
  'text/javascript',
  'text/ecmascript',
  'application/x-javascript',
  'text/html',
] as const;

/** files.go `MediaContentTypes`: the only types served `inline`; all else is an attachment. */
const MEDIA_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/bmp',
  'image/gif',
  'image/tiff',
  'image/webp',
  'video/avi',
  'video/mpeg',
  'video/mp4',
  'audio/mpeg',
  'audio/wav',
] as const;

/** The `?download=` values Go's `strconv.ParseBool` reads as true. */
export const PARSE_BOOL_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** api4/file.go `getFilePreview` / `getFileThumbnail` for a file without one (not an image, an SVG, or bytes that did not decode). */
export const NO_DERIVED_IMAGE = {
  preview: new EmulatorError(
    'api.file.get_file_preview.no_preview.app_error',
    "File doesn't have a preview image.",
    400,
  ),
  thumbnail: new EmulatorError(
    'api.file.get_file_thumbnail.no_thumbnail.app_error',
    "File doesn't have a thumbnail image.",
    400,
  ),
} as const;

/** Go's `url.PathEscape`: a path segment, so `$&+:=@` stay and `!'()*` are escaped too. */
export function pathEscape(name: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(name);
  } catch {
    // A lone surrogate: Go would escape its bytes; any stable name will do.
    encoded = encodeURIComponent(name.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
  return encoded
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%(24|26|2B|3A|3D|40)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface FileResponseInput {
  name: string;
  /** The stored type (`FileInfo.mime_type`), or `image/jpeg` for previews and thumbnails. */
  contentType: string;
  data: Uint8Array;
  /** ms epoch (`update_at`): `Last-Modified`. */
  modified: number;
  /** `?download=true`: an attachment even for media. */
  forceDownload: boolean;
}

/** `web.WriteFileResponse`: nosniff, script types as text, only media inline, no framing. */
export function fileResponse({ name, contentType, data, modified, forceDownload }: FileResponseInput): Response {
  let type = contentType || 'application/octet-stream';
  if (UNSAFE_CONTENT_TYPES.some((unsafe) => type.startsWith(unsafe))) type = 'text/plain';
  const inline = !forceDownload && MEDIA_CONTENT_TYPES.some((media) => type.startsWith(media));
  const escaped = pathEscape(name);
  const headers = new Headers({
    'Cache-Control': 'private, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': type,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'};filename="${escaped}"; filename*=UTF-8''${escaped}`,
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "Frame-ancestors 'none'",
  });
  if (modified > 0) headers.set('Last-Modified', new Date(modified).toUTCString());
  return new Response(data.slice().buffer, { status: 200, headers });
}
