// JSON Schemas for the Mattermost shapes, generated from @mattermost/types (MIT) with
// ts-json-schema-generator on every machine, cached under node_modules/.cache keyed by
// the versions and the list of types, then adjusted where the TypeScript types and the
// real server's JSON disagree (see RELAXATIONS), and compiled with ajv.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entryFile = fileURLToPath(new URL('./mattermost-types.ts', import.meta.url));

// ajv-formats is CommonJS with a default export that NodeNext sees as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type JsonSchema = Record<string, unknown>;
interface GeneratedSchemas {
  definitions: Record<string, JsonSchema>;
}

/** The names the tests validate against: definitions in the generated file, plus AppError. */
export type ShapeName =
  | 'UserProfile'
  | 'UserStatus'
  | 'UserAccessToken'
  | 'Team'
  | 'TeamMembership'
  | 'TeamUnread'
  | 'ServerChannel'
  | 'ChannelMembership'
  | 'ChannelUnread'
  | 'ChannelViewResponse'
  | 'Post'
  | 'PostList'
  | 'PaginatedPostList'
  | 'Reaction'
  | 'FileInfo'
  | 'FileUploadResponse'
  | 'UserAutocomplete'
  | 'StatusOK'
  | 'Role'
  | 'PreferenceType'
  | 'Bot'
  | 'AppError'
  | 'PingResponse'
  | 'ClientConfigOld';

/**
 * Where @mattermost/types says "required" (or "string") but the real server's JSON does
 * not: Go fields tagged `omitempty` are absent when empty, nil pointers are `null`, and
 * some TS fields are merged in by the web app's store, not sent by the server. Each entry
 * names the Go model (mattermost/mattermost server/public/model, 11.x) that justifies it.
 */
const RELAXATIONS: Record<string, { optional?: string[]; nullable?: string[]; why: string }> = {
  UserProfile: {
    optional: [
      'password',
      'auth_data',
      'props',
      'notify_props',
      'last_password_update',
      'last_picture_update',
      'mfa_active',
      'last_activity_at',
      'is_bot',
      'bot_description',
      'terms_of_service_id',
      'terms_of_service_create_at',
      'failed_attempts',
    ],
    why: 'model.User: these fields are `omitempty`',
  },
  UserNotifyProps: { optional: ['*'], why: 'model.User.NotifyProps is a StringMap whose keys vary by version' },
  UserTimezone: { optional: ['*'], why: 'model.User.Timezone is a StringMap' },
  TeamMembership: {
    optional: ['mention_count', 'mention_count_root', 'msg_count', 'msg_count_root'],
    why: 'model.TeamMember has no counts: the web app merges TeamUnread into it',
  },
  Team: { nullable: ['scheme_id', 'group_constrained', 'policy_id'], why: 'model.Team: *string / *bool pointers' },
  ServerChannel: {
    nullable: ['scheme_id', 'group_constrained', 'shared', 'policy_id', 'props'],
    why: 'model.Channel: *string / *bool pointers and a nil map',
  },
  Post: { nullable: ['participants'], why: 'model.Post.Participants is a nil slice' },
  PostMetadata: { optional: ['embeds', 'emojis', 'files', 'images'], why: 'model.PostMetadata: all `omitempty`' },
  FileInfo: {
    optional: ['width', 'height', 'has_preview_image', 'clientId'],
    nullable: ['mini_preview'],
    why: 'model.FileInfo: width/height/has_preview_image are `omitempty`, mini_preview a nil *[]byte; clientId is client-side only',
  },
};

/** model.AppError (utils.go): the types package has no server error shape, so by hand. */
const APP_ERROR: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    detailed_error: { type: 'string' },
    request_id: { type: 'string' },
    status_code: { type: 'integer', minimum: 400, maximum: 599 },
  },
  required: ['id', 'message', 'detailed_error', 'status_code'],
};

function packageVersion(name: string): string {
  // Not require.resolve: @mattermost/types does not export its package.json.
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function generate(): Promise<GeneratedSchemas> {
  const { createGenerator } = await import('ts-json-schema-generator');
  const generator = createGenerator({
    path: entryFile,
    tsconfig: join(repoRoot, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    topRef: false,
    skipTypeCheck: true,
    // The real server sends more than the types name; extra properties are fine.
    additionalProperties: true,
  });
  return generator.createSchema('*') as unknown as GeneratedSchemas;
}

/** The generated schemas, from the cache when the versions and the type list match. */
export async function loadGeneratedSchemas(): Promise<GeneratedSchemas> {
  const key = createHash('sha256')
    .update(packageVersion('@mattermost/types'))
    .update(packageVersion('ts-json-schema-generator'))
    .update(readFileSync(entryFile))
    .digest('hex')
    .slice(0, 16);
  const cacheDir = join(repoRoot, 'node_modules', '.cache', 'bisman-chat');
  const cacheFile = join(cacheDir, `mattermost-types-${packageVersion('@mattermost/types')}-${key}.schema.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as GeneratedSchemas;
  } catch {
    const schemas = await generate();
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so that a concurrent run never reads half a file.
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(schemas));
    renameSync(tmp, cacheFile);
    return schemas;
  }
}

function relax(definitions: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const out = structuredClone(definitions);
  for (const [name, rule] of Object.entries(RELAXATIONS)) {
    const def = out[name];
    if (!def) throw new Error(`relaxation for ${name}, which the generated schemas lack`);
    const required = (def.required as string[] | undefined) ?? [];
    if (rule.optional?.includes('*')) delete def.required;
    else if (rule.optional) def.required = required.filter((p) => !rule.optional?.includes(p));
    const properties = def.properties as Record<string, JsonSchema>;
    for (const prop of rule.nullable ?? []) {
      const schema = properties[prop];
      if (!schema) throw new Error(`relaxation for ${name}.${prop}, which the generated schema lacks`);
      properties[prop] = { anyOf: [schema, { type: 'null' }] };
    }
  }
  return out;
}

export interface ShapeValidator {
  /** Returns a list of problems ("/posts/x/id: must be string"), empty when the value fits. */
  check(shape: ShapeName, value: unknown, options?: { array?: boolean }): string[];
}

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '(root)';
    const extra =
      e.keyword === 'additionalProperties' || e.keyword === 'required' ? ` ${JSON.stringify(e.params)}` : '';
    return `${where}: ${e.message ?? e.keyword}${extra}`;
  });
}

/** `GET /system/ping`: Client4 types it loosely; the widget and the auth server read `status`. */
const PING_RESPONSE: JsonSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['OK', 'UNHEALTHY'] } },
  required: ['status'],
};

/** `GET /config/client?format=old`: a flat map whose values are all strings. */
const CLIENT_CONFIG_OLD: JsonSchema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  required: ['Version', 'SiteURL', 'BuildNumber'],
};

export async function loadTypeValidator(): Promise<ShapeValidator> {
  const generated = await loadGeneratedSchemas();
  const definitions = {
    ...relax(generated.definitions),
    AppError: APP_ERROR,
    PingResponse: PING_RESPONSE,
    ClientConfigOld: CLIENT_CONFIG_OLD,
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'mattermost-types', definitions });
  const cache = new Map<string, ValidateFunction>();
  return {
    check(shape, value, options = {}) {
      const id = `${shape}${options.array ? '[]' : ''}`;
      let validate = cache.get(id);
      if (!validate) {
        const ref = { $ref: `mattermost-types#/definitions/${shape}` };
        validate = ajv.compile(options.array ? { type: 'array', items: ref } : ref);
        cache.set(id, validate);
      }
      return validate(value) ? [] : formatAjvErrors(validate.errors);
    },
  };
}
