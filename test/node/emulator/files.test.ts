/**
 * Files as Mattermost stores and serves them, in process (`app.request`): typed by name
 * (server/public/model/file_info.go `NewInfo`), a preview only for an image whose bytes
 * decode (server/channels/app/file.go `preprocessImage`), and the headers of
 * `web.WriteFileResponse` (server/platform/shared/web/files.go `setHeaders`) on
 * `GET /files/{id}`, `/preview` and `/thumbnail` (server/channels/api4/file.go).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInfo } from '@mattermost/types/files';
import { EmulatorCore, createEmulatorApp, seedDemo } from '../../../src/emulator/index.js';
import { pathEscape } from '../../../src/emulator/files.js';

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2,
]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>parent.pwned = 1</script></svg>';
const HTML = '<!doctype html><script>opener.pwned = 1</script>';

function setup() {
  const core = new EmulatorCore();
  const world = seedDemo(core);
  const app = createEmulatorApp(core);
  const token = core.issueToken(world.users.alice!.id);
  const channelId = world.channels['town-square']!.id;
  const auth = { Authorization: `Bearer ${token}` };
  const upload = async (name: string, body: BlobPart, type = ''): Promise<FileInfo> => {
    const form = new FormData();
    form.append('channel_id', channelId);
    form.append('files', new Blob([body], { type }), name);
    const res = await app.request('/api/v4/files', { method: 'POST', headers: auth, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { file_infos: FileInfo[] }).file_infos[0]!;
  };
  const get = (path: string) => app.request(`/api/v4/files/${path}`, { headers: auth });
  return { upload, get };
}

describe('emulator files (api4/file.go, web/files.go)', () => {
  it('types a file by its name, not by the Content-Type its uploader sent (model.NewInfo)', async () => {
    const { upload } = setup();
    const svg = await upload('drawing.svg', SVG, 'image/png');
    assert.equal(svg.mime_type, 'image/svg+xml');
    const page = await upload('page.html', HTML, 'image/png');
    assert.equal(page.mime_type, 'text/html; charset=utf-8');
    const unknown = await upload('notes.zzz', 'x', 'text/plain');
    assert.equal(unknown.mime_type, '');
  });

  it('gives a preview only to an image whose bytes decode: never to SVG or a "png" of HTML (preprocessImage)', async () => {
    const { upload, get } = setup();
    const png = await upload('chart.png', PNG);
    assert.equal(png.has_preview_image, true);
    assert.deepEqual([png.width, png.height], [3, 2]);
    for (const fake of [await upload('drawing.svg', SVG), await upload('photo.png', HTML)]) {
      assert.equal(fake.has_preview_image, false, fake.name);
      const preview = await get(`${fake.id}/preview`);
      assert.equal(preview.status, 400);
      assert.equal(((await preview.json()) as { id: string }).id, 'api.file.get_file_preview.no_preview.app_error');
      const thumbnail = await get(`${fake.id}/thumbnail`);
      assert.equal(thumbnail.status, 400);
      assert.equal(
        ((await thumbnail.json()) as { id: string }).id,
        'api.file.get_file_thumbnail.no_thumbnail.app_error',
      );
    }
  });

  it('serves media inline and everything else as a nosniff attachment that no page may frame (setHeaders)', async () => {
    const { upload, get } = setup();
    const png = await get((await upload('chart.png', PNG)).id);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal(png.headers.get('content-disposition'), `inline;filename="chart.png"; filename*=UTF-8''chart.png`);
    assert.deepEqual(new Uint8Array(await png.arrayBuffer()), PNG);

    const svg = await get((await upload('drawing.svg', SVG)).id);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(svg.headers.get('content-disposition')!, /^attachment;/);

    for (const res of [png, svg]) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('content-security-policy'), "Frame-ancestors 'none'");
      assert.equal(res.headers.get('cache-control'), 'private, max-age=86400');
    }
  });

  it('serves script and HTML types as text/plain, and no type as application/octet-stream (UnsafeContentTypes)', async () => {
    const { upload, get } = setup();
    const page = await get((await upload('page.html', HTML)).id);
    assert.equal(page.headers.get('content-type'), 'text/plain');
    assert.match(page.headers.get('content-disposition')!, /^attachment;/);
    const script = await get((await upload('app.js', 'opener.pwned = 1')).id);
    assert.equal(script.headers.get('content-type'), 'text/plain');
    const unknown = await get((await upload('notes.zzz', 'x')).id);
    assert.equal(unknown.headers.get('content-type'), 'application/octet-stream');
    assert.match(unknown.headers.get('content-disposition')!, /^attachment;/);
  });

  it('makes media an attachment with ?download=true, and labels previews image/jpeg (getFile, getFilePreview)', async () => {
    const { upload, get } = setup();
    const { id } = await upload('chart.png', PNG);
    for (const yes of ['true', '1', 't']) {
      assert.match((await get(`${id}?download=${yes}`)).headers.get('content-disposition')!, /^attachment;/, yes);
    }
    assert.match((await get(`${id}?download=yes`)).headers.get('content-disposition')!, /^inline;/);
    for (const kind of ['preview', 'thumbnail']) {
      const res = await get(`${id}/${kind}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      assert.match(res.headers.get('content-disposition')!, /^inline;/);
    }
  });

  it('escapes the file name as url.PathEscape does, so no quote or line break reaches the header', async () => {
    assert.equal(pathEscape(`a "b"\r\n(c)!*'.txt`), 'a%20%22b%22%0D%0A%28c%29%21%2A%27.txt');
    assert.equal(pathEscape('x$&+:=@,;/?.png'), 'x$&+:=@%2C%3B%2F%3F.png');
    assert.equal(pathEscape('résumé.pdf'), 'r%C3%A9sum%C3%A9.pdf');
    const { upload, get } = setup();
    const res = await get((await upload('a "b".txt', 'x')).id);
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment;filename="a%20%22b%22.txt"; filename*=UTF-8''a%20%22b%22.txt`,
    );
  });
});
