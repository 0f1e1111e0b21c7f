/**
 * Custom emoji, as Mattermost serves them (server/channels/api4/emoji.go, app/emoji.go,
 * public/model/emoji.go): `GET /emoji`, `GET /emoji/{id}`, `GET /emoji/name/{name}`,
 * `GET /emoji/{id}/image` and `POST /emoji` (multipart: an `image` file and an `emoji` JSON
 * field). Creating one needs `create_emojis` (system admins, and team members that are not
 * guests: the default policy) and `ServiceSettings.EnableCustomEmoji` (see `customEmoji()`).
 */
import type { Context, Hono } from 'hono';
import { SYSTEM_EMOJI } from '../shared/emoji-data.js';
import type { EmulatorCore, Session } from './core.js';
import { isId, newId } from './core.js';
import { EmulatorError, forbidden, invalidBody, invalidUrl } from './errors.js';

/** `model.Emoji` as the API answers it. */
export interface CustomEmoji {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  name: string;
}

type ImageType = 'png' | 'gif' | 'jpeg' | 'webp';

interface Stored {
  emoji: CustomEmoji;
  image: Uint8Array;
  type: ImageType;
}

/** One emulator's custom emoji and its `EnableCustomEmoji` setting. */
export interface CustomEmojiState {
  /** `ServiceSettings.EnableCustomEmoji` (Mattermost's default since 5.x: true). */
  enabled: boolean;
  readonly byId: Map<string, Stored>;
  /** Adds one as `POST /emoji` would, with no checks: for seeds and tests. */
  add(creatorId: string, name: string, image: Uint8Array): CustomEmoji;
}

/** `app.MaxEmojiFileSize`: 512 KiB. */
export const MAX_EMOJI_FILE_SIZE = 1 << 19;
/** `app.MaxEmojiOriginalWidth` / `MaxEmojiOriginalHeight`. */
const MAX_ORIGINAL_SIZE = 1028;
/** `model.EmojiNameMaxLength`. */
const NAME_MAX_LENGTH = 64;
const NAME = /^[a-zA-Z0-9+_-]+$/;

const states = new WeakMap<EmulatorCore, CustomEmojiState>();

/** The custom emoji of an emulator (created empty on first use). */
export function customEmoji(core: EmulatorCore): CustomEmojiState {
  let state = states.get(core);
  if (!state) {
    const byId = new Map<string, Stored>();
    state = {
      // One source of settings: the core's configuration, which `PUT /config` changes too.
      get enabled() {
        return core.config.ServiceSettings.EnableCustomEmoji;
      },
      set enabled(value: boolean) {
        core.patchConfig({ ServiceSettings: { EnableCustomEmoji: value } });
      },
      byId,
      add(creatorId, name, image) {
        const now = Date.now();
        const emoji = { id: newId(), create_at: now, update_at: now, delete_at: 0, creator_id: creatorId, name };
        byId.set(emoji.id, { emoji, image, type: imageType(image)?.type ?? 'png' });
        return emoji;
      },
    };
    states.set(core, state);
  }
  return state;
}

let systemNames: ReadonlySet<string> | undefined;

/** The system emoji names (`model.SystemEmojis`; here emoji-datasource's, see scripts/emoji-data.mjs). */
function isSystemEmojiName(name: string): boolean {
  systemNames ??= new Set(
    SYSTEM_EMOJI.split('\n')
      .filter((line) => !line.startsWith('#'))
      .flatMap((line) => line.slice(line.indexOf('\t') + 1).split(' ')),
  );
  return systemNames.has(name);
}

const startsWith = (data: Uint8Array, magic: number[], at = 0): boolean =>
  data.byteLength >= at + magic.length && magic.every((byte, i) => data[at + i] === byte);

/**
 * What `image.DecodeConfig` accepts with the decoders app/emoji.go registers, by signature;
 * PNG and GIF report their size (the others are taken as within it).
 */
function imageType(data: Uint8Array): { type: ImageType; width: number; height: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && data.byteLength >= 24) {
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (startsWith(data, [0x47, 0x49, 0x46, 0x38]) && data.byteLength >= 10) {
    return { type: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (startsWith(data, [0xff, 0xd8, 0xff])) return { type: 'jpeg', width: 0, height: 0 };
  if (startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { type: 'webp', width: 0, height: 0 };
  }
  return undefined;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** api4's own answer when the feature is off (501); the app layer's is a 403 (GetEmojiByName). */
const disabled = (status = 501) =>
  new EmulatorError('api.emoji.disabled.app_error', 'Custom emoji have been disabled by the system admin.', status);

const notFoundById = () => new EmulatorError('app.emoji.get.no_result', 'We couldn’t find the emoji.', 404);

/** `create_emojis`: a system admin, or any team role but a guest's (Mattermost's default policy). */
function mayCreate(core: EmulatorCore, userId: string): boolean {
  if (core.isAdmin(userId)) return true;
  return core.teamsOf(userId).some((team) => {
    const roles = core.teamMember(team.id, userId)?.roles.split(' ') ?? [];
    return roles.includes('team_user') || roles.includes('team_admin');
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the app's Env, whatever it holds
type AnyHono = Hono<any>;

/** Adds the `/emoji` routes to the API app (mounted at `/api/v4`). */
export function emojiRoutes(core: EmulatorCore, api: AnyHono, auth: (c: Context) => Session): void {
  const state = customEmoji(core);
  const live = () => [...state.byId.values()].filter((s) => s.emoji.delete_at === 0);
  const byId = (c: Context): Stored => {
    const id = c.req.param('emoji_id');
    if (!isId(id)) throw invalidUrl('emoji_id');
    if (!state.enabled) throw disabled();
    const stored = state.byId.get(id);
    if (!stored || stored.emoji.delete_at) throw notFoundById();
    return stored;
  };

  api.post('/emoji', async (c) => {
    const session = auth(c);
    if (!state.enabled) throw disabled();
    const tooLarge = () =>
      new EmulatorError(
        'api.emoji.create.too_large.app_error',
        'Unable to create emoji. Image must be less than 512 KiB in size.',
        413,
      );
    if (Number(c.req.header('content-length') ?? '0') > MAX_EMOJI_FILE_SIZE) throw tooLarge();
    const buf = await c.req.arrayBuffer();
    if (buf.byteLength > MAX_EMOJI_FILE_SIZE) throw tooLarge();
    let form: FormData;
    try {
      form = await new Response(buf, { headers: { 'Content-Type': c.req.header('content-type') ?? '' } }).formData();
    } catch {
      throw new EmulatorError(
        'api.emoji.create.parse.app_error',
        'Unable to create emoji. Could not understand request.',
        400,
      );
    }
    if (!mayCreate(core, session.userId)) throw forbidden('create_emojis');
    const field = form.get('emoji');
    let input: Record<string, unknown>;
    try {
      input = typeof field === 'string' ? (JSON.parse(field) as Record<string, unknown>) : {};
    } catch {
      throw invalidBody('emoji');
    }
    if (typeof field !== 'string' || typeof input !== 'object' || input === null) throw invalidBody('emoji');
    const name = typeof input['name'] === 'string' ? input['name'] : '';
    const creatorId = typeof input['creator_id'] === 'string' ? input['creator_id'] : '';
    // model.Emoji.IsValid, then app.CreateEmoji's own checks, in their order.
    if (creatorId.length > 26) throw new EmulatorError('model.emoji.user_id.app_error', 'Invalid creator id.', 400);
    if (!name || new TextEncoder().encode(name).byteLength > NAME_MAX_LENGTH || !NAME.test(name)) {
      throw new EmulatorError(
        'model.emoji.name.app_error',
        'Name must be between 1 and 64 lowercase alphanumeric characters.',
        400,
      );
    }
    if (isSystemEmojiName(name)) {
      throw new EmulatorError(
        'model.emoji.system_emoji_name.app_error',
        'Name conflicts with existing system emoji name.',
        400,
      );
    }
    if (creatorId !== session.userId) {
      throw new EmulatorError('api.emoji.create.other_user.app_error', 'Invalid user id.', 403);
    }
    if (live().some((s) => s.emoji.name === name)) {
      throw new EmulatorError(
        'api.emoji.create.duplicate.app_error',
        'Unable to create emoji. Another emoji with the same name already exists.',
        400,
      );
    }
    const file = form.get('image');
    if (!file || typeof file === 'string') throw invalidBody('createEmoji');
    const image = new Uint8Array(await file.arrayBuffer());
    const info = imageType(image);
    if (!info)
      throw new EmulatorError(
        'api.emoji.upload.image.app_error',
        'Unable to create emoji. File must be a PNG, JPEG, or GIF.',
        400,
      );
    if (info.width > MAX_ORIGINAL_SIZE || info.height > MAX_ORIGINAL_SIZE) {
      throw new EmulatorError(
        'api.emoji.upload.large_image.too_large.app_error',
        `Unable to create emoji. Image must be at most ${MAX_ORIGINAL_SIZE} by ${MAX_ORIGINAL_SIZE} pixels.`,
        400,
      );
    }
    const emoji = state.add(session.userId, name, image);
    core.emit('emoji_added', { emoji: JSON.stringify(emoji) }, {});
    // createEmoji encodes the emoji without WriteHeader: a 200, not a 201.
    return json(emoji);
  });

  api.get('/emoji', (c) => {
    auth(c);
    if (!state.enabled) throw disabled();
    const sort = c.req.query('sort') ?? '';
    if (sort !== '' && sort !== 'name') throw invalidUrl('sort');
    const list = live().map((s) => s.emoji);
    if (sort === 'name') list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = /^\d+$/.test(c.req.query('page') ?? '') ? Number(c.req.query('page')) : 0;
    const raw = c.req.query('per_page') ?? '';
    const perPage = /^\d+$/.test(raw) ? Math.min(Number(raw), 200) : 60;
    return json(list.slice(page * perPage, page * perPage + perPage));
  });

  api.get('/emoji/name/:emoji_name', (c) => {
    auth(c);
    const name = c.req.param('emoji_name');
    if (!name || name.length > NAME_MAX_LENGTH || !NAME.test(name)) throw invalidUrl('emoji_name');
    if (!state.enabled) throw disabled(403);
    const found = live().find((s) => s.emoji.name === name);
    if (!found) throw new EmulatorError('app.emoji.get_by_name.no_result', 'We couldn’t find the emoji.', 404);
    return json(found.emoji);
  });

  api.get('/emoji/:emoji_id', (c) => {
    auth(c);
    return json(byId(c).emoji);
  });

  api.get('/emoji/:emoji_id/image', (c) => {
    auth(c);
    const stored = byId(c);
    return new Response(stored.image.slice().buffer, {
      headers: {
        'Content-Type': `image/${stored.type}`,
        'Cache-Control': 'max-age=2592000, private',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
