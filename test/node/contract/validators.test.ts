// The contract tests are only as good as their validators: these show that the schemas
// reject what the real client would choke on, and accept what the real server sends.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { loadOpenApi, toJsonSchema } from './openapi.js';
import { type ShapeValidator, loadTypeValidator } from './schemas.js';

let types: ShapeValidator;

// A post as the real server sends it (model.Post through PreparePostForClient).
const post = () => ({
  id: 'p'.repeat(26),
  create_at: 1,
  update_at: 1,
  edit_at: 0,
  delete_at: 0,
  is_pinned: false,
  user_id: 'u'.repeat(26),
  channel_id: 'c'.repeat(26),
  root_id: '',
  original_id: '',
  message: 'hi',
  type: '',
  props: {},
  hashtags: '',
  pending_post_id: '',
  reply_count: 0,
  last_reply_at: 0,
  participants: null,
  metadata: {},
});

describe('the @mattermost/types schemas', () => {
  before(async () => {
    types = await loadTypeValidator();
  });

  it('accept a post as the real server sends it, extra properties included', () => {
    assert.deepEqual(types.check('Post', { ...post(), has_reactions: true, something_new: 1 }), []);
  });

  it('reject a post without its id, or with a string create_at', () => {
    const { id: _id, ...noId } = post();
    assert.deepEqual(types.check('Post', noId), [`(root): must have required property 'id' {"missingProperty":"id"}`]);
    assert.deepEqual(types.check('Post', { ...post(), create_at: '1' }), ['/create_at: must be number']);
  });

  it('check every element of an array', () => {
    assert.deepEqual(types.check('Post', [post(), { ...post(), message: 5 }], { array: true }), [
      '/1/message: must be string',
    ]);
  });

  it('reject a post list whose posts are not posts', () => {
    const list = {
      order: ['x'],
      posts: { x: { id: 'x' } },
      next_post_id: '',
      prev_post_id: '',
      first_inaccessible_post_time: 0,
    };
    assert.ok(types.check('PostList', list).some((e) => e.startsWith('/posts/x: must have required property')));
  });

  it('require the AppError fields the client reads, with a 4xx/5xx status_code', () => {
    assert.deepEqual(
      types.check('AppError', { id: 'a', message: 'm', detailed_error: '', request_id: 'r', status_code: 404 }),
      [],
    );
    assert.ok(types.check('AppError', { message: 'm', status_code: 200 }).length >= 3);
  });

  it('accept a nil pointer where the server sends null, and nowhere else', () => {
    assert.deepEqual(types.check('FileInfo', { ...fileInfo(), mini_preview: null }), []);
    assert.deepEqual(types.check('FileInfo', { ...fileInfo(), name: null }), ['/name: must be string']);
  });
});

const fileInfo = () => ({
  id: 'f'.repeat(26),
  user_id: 'u'.repeat(26),
  channel_id: 'c'.repeat(26),
  create_at: 1,
  update_at: 1,
  delete_at: 0,
  name: 'a.txt',
  extension: 'txt',
  size: 1,
  mime_type: 'text/plain',
  archived: false,
});

describe('the OpenAPI conversion', () => {
  it('turns nullable into a union with null and points $refs at the components', () => {
    const converted = toJsonSchema({
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true, example: 'x', format: 'int64' },
        b: { $ref: '#/components/schemas/B' },
      },
    });
    assert.deepEqual(converted, {
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        b: { $ref: 'openapi#/definitions/B' },
      },
    });
    const ajv = new Ajv({ strict: false });
    ajv.addSchema({ $id: 'openapi', definitions: { B: { type: 'integer' } } });
    const validate = ajv.compile(converted as object);
    assert.equal(validate({ a: null, b: 1 }), true);
    assert.equal(validate({ a: 1, b: 1 }), false);
    assert.equal(validate({ a: 'x', b: 'one' }), false);
  });

  it('keeps property names that look like keywords', () => {
    assert.deepEqual(toJsonSchema({ properties: { format: { type: 'string' }, example: { type: 'integer' } } }), {
      properties: { format: { type: 'string' }, example: { type: 'integer' } },
    });
  });

  it('says why it is absent when the folder is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-openapi-'));
    try {
      const loaded = loadOpenApi(join(dir, 'source'));
      assert.ok('absent' in loaded);
      assert.match(loaded.absent, /not registered: .*no-openapi-.* does not exist/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
