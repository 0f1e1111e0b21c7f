/// <reference types="mocha" />
/**
 * The one place the widget makes object URLs (file-urls.ts): the bytes decide their type,
 * never what the server or the file's name says.
 */
import { expect } from '@open-wc/testing';
import { DOWNLOAD_TYPE, FileUrls, rasterType } from '../../../src/data/file-urls.js';
import type { ChatApi } from '../../../src/data/client.js';
import type { ClientCall } from '../../../src/data/client-call.js';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR');
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF', 0);
const GIF87 = bytes('GIF87a', 1, 0, 1, 0);
const GIF89 = bytes('GIF89a', 1, 0, 1, 0);
const WEBP = bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ');
const SVG = bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** A server that answers every file with `body`, under the type it claims. */
function serving(body: Uint8Array<ArrayBuffer>, claimedType: string): { call: ClientCall; asked: string[] } {
  const asked: string[] = [];
  const route = (kind: string) => (id: string) => {
    asked.push(`${kind}:${id}`);
    return URL.createObjectURL(new Blob([body], { type: claimedType }));
  };
  const client = {
    getUrl: () => location.origin,
    getOptions: (options: RequestInit) => options,
    getFileUrl: route('file'),
    getFilePreviewUrl: route('preview'),
    getFileThumbnailUrl: route('thumbnail'),
  } as unknown as ChatApi;
  return { call: (request) => request(client), asked };
}

async function typeOf(href: string): Promise<string> {
  return (await (await fetch(href)).blob()).type;
}

describe('file-urls: object URLs typed by the bytes', () => {
  it('knows PNG, JPEG, GIF87a, GIF89a and WebP by their signatures', () => {
    expect(rasterType(PNG)).to.equal('image/png');
    expect(rasterType(JPEG)).to.equal('image/jpeg');
    expect(rasterType(GIF87)).to.equal('image/gif');
    expect(rasterType(GIF89)).to.equal('image/gif');
    expect(rasterType(WEBP)).to.equal('image/webp');
  });

  it('knows nothing else: markup, other RIFF files, BMP, short or empty files, a broken GIF signature', () => {
    for (const head of [
      SVG,
      bytes('<!doctype html><script>'),
      bytes('<?xml version="1.0"?><root/>'),
      bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '),
      bytes('BM', 0, 0, 0, 0),
      bytes('GIF88a'),
      PNG.slice(0, 7),
      bytes('RIFF', 0, 0, 0, 0, 'WEB'),
      new Uint8Array(0),
      // A signature later in the file is not a signature.
      bytes(' ', 0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a),
    ]) {
      expect(rasterType(head), new TextDecoder().decode(head)).to.equal(undefined);
    }
  });

  it('gives an SVG the server calls image/png only as a download', async () => {
    const urls = new FileUrls(serving(SVG, 'image/png').call);
    const link = await urls.resolve('f1', 'file');
    expect(link.image).to.equal(undefined);
    expect(await typeOf(link.href)).to.equal(DOWNLOAD_TYPE);
    expect(new Uint8Array(await (await fetch(link.href)).arrayBuffer())).to.deep.equal(SVG);
    urls.revoke();
  });

  it('gives PNG bytes the server calls image/svg+xml as a PNG, previews included', async () => {
    const urls = new FileUrls(serving(PNG, 'image/svg+xml').call);
    for (const kind of ['file', 'preview', 'thumbnail'] as const) {
      const link = await urls.resolve('f1', kind);
      expect(link.image, kind).to.equal('image/png');
      expect(await typeOf(link.href), kind).to.equal('image/png');
    }
    urls.revoke();
  });

  it('fetches each file and kind once, and revoke() frees every URL and hands out a new function', async () => {
    const { call, asked } = serving(JPEG, 'image/jpeg');
    const urls = new FileUrls(call);
    const resolve = urls.resolve;
    const [a, b] = await Promise.all([resolve('f1', 'file'), resolve('f1', 'file')]);
    expect(a).to.equal(b);
    expect(asked).to.deep.equal(['file:f1']);
    urls.revoke();
    expect(urls.resolve).to.not.equal(resolve);
    let revoked = false;
    await fetch(a.href).catch(() => (revoked = true));
    expect(revoked).to.equal(true);
  });
});
