/**
 * Custom emoji as Mattermost serves them (server/channels/api4/emoji.go, app/emoji.go,
 * public/model/emoji.go `IsValid`/`IsValidEmojiName`), in process (`app.request`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatorCore, createEmulatorApp, seedDemo } from '../../../src/emulator/index.js';
import { customEmoji, MAX_EMOJI_FILE_SIZE, type CustomEmoji } from '../../../src/emulator/emoji.js';

/** A 3×2 PNG header: enough for image.DecodeConfig's size. */
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2,
]);
const GIF = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 4, 0, 4, 0, 0, 0, 0]);

function setup() {
  const core = new EmulatorCore();
  const world = seedDemo(core);
  const app = createEmulatorApp(core);
  const alice = world.users.alice!;
  const headers = (userId = alice.id) => ({ Authorization: `Bearer ${core.issueToken(userId)}` });
  const create = (
    emoji: Record<string, unknown> | string | undefined,
    image: Uint8Array | string | null = PNG,
    userId = alice.id,
  ) => {
    const form = new FormData();
    if (emoji !== undefined) form.append('emoji', typeof emoji === 'string' ? emoji : JSON.stringify(emoji));
    if (image !== null) form.append('image', new Blob([image as BlobPart]), 'emoji.png');
    return app.request('/api/v4/emoji', { method: 'POST', headers: headers(userId), body: form });
  };
  const get = (path: string, userId = alice.id) => app.request(`/api/v4${path}`, { headers: headers(userId) });
  return { core, world, app, alice, create, get };
}

async function failure(res: Response, status: number, id: string): Promise<void> {
  const body = (await res.json()) as { id: string; status_code: number };
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(body.id, id);
  assert.equal(body.status_code, status);
}

describe('emulator custom emoji (api4/emoji.go)', () => {
  it('creates one from multipart (200, as createEmoji writes no status), then lists, finds and serves it', async () => {
    const { create, get, alice } = setup();
    const res = await create({ name: 'party_parrot', creator_id: alice.id });
    assert.equal(res.status, 200);
    const emoji = (await res.json()) as CustomEmoji;
    assert.equal(emoji.name, 'party_parrot');
    assert.equal(emoji.creator_id, alice.id);
    assert.match(emoji.id, /^[a-z0-9]{26}$/);
    assert.equal(emoji.delete_at, 0);

    assert.deepEqual(await (await get('/emoji?page=0&per_page=200')).json(), [emoji]);
    assert.deepEqual(await (await get(`/emoji/${emoji.id}`)).json(), emoji);
    assert.deepEqual(await (await get('/emoji/name/party_parrot')).json(), emoji);

    const image = await get(`/emoji/${emoji.id}/image`);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.equal(image.headers.get('cache-control'), 'max-age=2592000, private');
    assert.deepEqual(new Uint8Array(await image.arrayBuffer()), PNG);
  });

  it('serves a GIF as image/gif, and sorts the list by name on request', async () => {
    const { create, get, alice } = setup();
    await create({ name: 'zebra_dance', creator_id: alice.id }, GIF);
    await create({ name: 'aardvark', creator_id: alice.id });
    const byName = (await (await get('/emoji?sort=name')).json()) as CustomEmoji[];
    assert.deepEqual(
      byName.map((e) => e.name),
      ['aardvark', 'zebra_dance'],
    );
    const gif = await get(`/emoji/${byName[1]!.id}/image`);
    assert.equal(gif.headers.get('content-type'), 'image/gif');
    await failure(await get('/emoji?sort=created'), 400, 'api.context.invalid_url_param.app_error');
    // Paging as web/params.go: per_page at most 200.
    assert.deepEqual(await (await get('/emoji?page=1&per_page=1')).json(), [byName.find((e) => e.name === 'aardvark')]);
  });

  it('refuses names model.IsValidEmojiName refuses, system emoji names with their own id', async () => {
    const { create, alice } = setup();
    for (const name of ['', 'has space', 'semi;colon', 'x'.repeat(65)]) {
      await failure(await create({ name, creator_id: alice.id }), 400, 'model.emoji.name.app_error');
    }
    for (const name of ['smile', '+1', '100', 'thumbsup']) {
      await failure(await create({ name, creator_id: alice.id }), 400, 'model.emoji.system_emoji_name.app_error');
    }
  });

  it('refuses a duplicate name, another creator, a missing field or image, and bytes that are not an image', async () => {
    const { create, alice, world } = setup();
    assert.equal((await create({ name: 'dup', creator_id: alice.id })).status, 200);
    await failure(await create({ name: 'dup', creator_id: alice.id }), 400, 'api.emoji.create.duplicate.app_error');
    await failure(
      await create({ name: 'other', creator_id: world.users.bob!.id }),
      403,
      'api.emoji.create.other_user.app_error',
    );
    await failure(await create(undefined), 400, 'api.context.invalid_body_param.app_error');
    await failure(await create('{not json'), 400, 'api.context.invalid_body_param.app_error');
    await failure(
      await create({ name: 'noimg', creator_id: alice.id }, null),
      400,
      'api.context.invalid_body_param.app_error',
    );
    for (const bytes of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<!doctype html>',
    ]) {
      await failure(
        await create({ name: 'svg_emoji', creator_id: alice.id }, bytes),
        400,
        'api.emoji.upload.image.app_error',
      );
    }
    const huge = PNG.slice();
    new DataView(huge.buffer).setUint32(16, 2000);
    await failure(
      await create({ name: 'huge', creator_id: alice.id }, huge),
      400,
      'api.emoji.upload.large_image.too_large.app_error',
    );
  });

  it('refuses a body over 512 KiB with 413 (app.MaxEmojiFileSize)', async () => {
    const { create, alice } = setup();
    const big = new Uint8Array(MAX_EMOJI_FILE_SIZE + 1);
    big.set(PNG);
    await failure(
      await create({ name: 'big', creator_id: alice.id }, big),
      413,
      'api.emoji.create.too_large.app_error',
    );
  });

  it('lets only users with create_emojis create: not a guest with no team role', async () => {
    const { core, create } = setup();
    const loner = core.createUser({ username: 'loner', email: 'loner@example.com' });
    await failure(
      await create({ name: 'mine', creator_id: loner.id }, PNG, loner.id),
      403,
      'api.context.permissions.app_error',
    );
  });

  it('answers as the server when EnableCustomEmoji is false: 501 from api4, 403 by name (app layer)', async () => {
    const { core, create, get, alice } = setup();
    const emoji = customEmoji(core).add(alice.id, 'kept', PNG);
    customEmoji(core).enabled = false;
    await failure(await create({ name: 'nope', creator_id: alice.id }), 501, 'api.emoji.disabled.app_error');
    await failure(await get('/emoji'), 501, 'api.emoji.disabled.app_error');
    await failure(await get(`/emoji/${emoji.id}`), 501, 'api.emoji.disabled.app_error');
    await failure(await get(`/emoji/${emoji.id}/image`), 501, 'api.emoji.disabled.app_error');
    await failure(await get('/emoji/name/kept'), 403, 'api.emoji.disabled.app_error');
  });

  it('answers unknown ids and names with 404, bad ones with 400, and no session with 401', async () => {
    const { get, app } = setup();
    await failure(await get('/emoji/aaaaaaaaaaaaaaaaaaaaaaaaaa'), 404, 'app.emoji.get.no_result');
    await failure(await get('/emoji/aaaaaaaaaaaaaaaaaaaaaaaaaa/image'), 404, 'app.emoji.get.no_result');
    await failure(await get('/emoji/name/nobody'), 404, 'app.emoji.get_by_name.no_result');
    await failure(await get('/emoji/not-an-id'), 400, 'api.context.invalid_url_param.app_error');
    await failure(await app.request('/api/v4/emoji'), 401, 'api.context.session_expired.app_error');
  });
});
