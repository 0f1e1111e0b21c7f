// The official OpenAPI 3.0 description of REST v4, read at test time from
// ../shared/mattermost-api/openapi/source beside the repo. Those files are CC BY-NC-SA:
// they are never copied into the repo, and what is derived from them stays in memory.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { formatAjvErrors, repoRoot } from './schemas.js';

export const openApiDir = join(repoRoot, '..', 'shared', 'mattermost-api', 'openapi', 'source');

// The tag files that hold the routes the widget and the auth server call.
const PATH_FILES = [
  'users',
  'status',
  'teams',
  'channels',
  'posts',
  'reactions',
  'files',
  'system',
  'roles',
  'preferences',
  'bots',
];

type Node = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface OpenApiSchemaMatch {
  /** Where the schema came from, for failure messages ("POST /api/v4/posts 201"). */
  source: string;
  validate(value: unknown): string[];
}

export interface OpenApi {
  /** The response schema of an operation, or undefined when the spec gives none. */
  responseSchema(method: Method, path: string, status: number): OpenApiSchemaMatch | undefined;
  /** A components schema by name (AppError, Post...). */
  component(name: string): OpenApiSchemaMatch;
}

/**
 * Where the spec contradicts itself: its description says null but its type does not
 * allow it. Applied to the in-memory copy only.
 */
const ERRATA: Array<{ schema: string; property: string; why: string }> = [
  {
    schema: 'Team',
    property: 'policy_id',
    why: 'described as "this field will be null" when there is no policy, typed string',
  },
];

const DROPPED_KEYWORDS = new Set([
  'example',
  'examples',
  'xml',
  'externalDocs',
  'discriminator',
  'deprecated',
  'format',
]);

/**
 * OpenAPI 3.0 schema object → JSON Schema (draft-07) for ajv: `nullable` becomes a union
 * with null, `$ref`s to components point into one added document, and the keywords
 * that are only documentation (or, for `format`, too loosely used by the spec: int64,
 * "string" on timestamps) are dropped.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Node;
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED_KEYWORDS.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', 'openapi#/definitions/');
    } else if (key === 'properties' || key === 'definitions') {
      // Property names are data here, not keywords: convert only their schemas.
      out[key] = Object.fromEntries(Object.entries(value as Node).map(([k, v]) => [k, toJsonSchema(v)]));
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (source.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

function readYaml(dir: string, file: string): Node {
  // The spec repeats a few path keys across fragments (uniqueKeys off keeps the last).
  return parse(readFileSync(join(dir, file), 'utf8'), { uniqueKeys: false }) as Node;
}

/** Loads the spec, or returns why it cannot (the folder is absent on this machine). */
export function loadOpenApi(dir = openApiDir): OpenApi | { absent: string } {
  if (!existsSync(join(dir, 'definitions.yaml'))) {
    return { absent: `OpenAPI contract tests not registered: ${dir} does not exist on this machine` };
  }
  const components = (readYaml(dir, 'definitions.yaml').components ?? {}) as Node;
  const schemas = (components.schemas ?? {}) as Node;
  for (const e of ERRATA) {
    const property = ((schemas[e.schema] as Node | undefined)?.properties as Node | undefined)?.[e.property] as
      Node | undefined;
    if (!property) throw new Error(`erratum for ${e.schema}.${e.property}, which the spec lacks`);
    property.nullable = true;
  }
  const responses = (components.responses ?? {}) as Node;
  const paths: Record<string, Node> = {};
  for (const file of PATH_FILES) Object.assign(paths, readYaml(dir, `${file}.yaml`));

  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ $id: 'openapi', definitions: toJsonSchema(schemas) as Node });
  const compiled = new Map<string, ValidateFunction>();
  const matcher = (source: string, schema: unknown): OpenApiSchemaMatch => {
    let validate = compiled.get(source);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema) as Node);
      compiled.set(source, validate);
    }
    const fn = validate;
    return { source, validate: (value) => (fn(value) ? [] : formatAjvErrors(fn.errors)) };
  };

  const jsonSchemaOf = (response: Node | undefined): unknown => {
    let r = response;
    if (typeof r?.$ref === 'string') r = responses[r.$ref.replace('#/components/responses/', '')] as Node | undefined;
    const content = (r?.content ?? {}) as Node;
    return (content['application/json'] as Node | undefined)?.schema;
  };

  return {
    responseSchema(method, path, status) {
      const operation = paths[path]?.[method] as Node | undefined;
      if (!operation) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
      const all = (operation.responses ?? {}) as Record<string, Node>;
      // The spec's success codes are not always the server's (it says 201 for login and
      // reactions, which answer 200): for a success, fall back to the spec's 2xx schema.
      let code = String(status);
      if (!all[code] && status < 300)
        code = Object.keys(all).find((c) => c.startsWith('2') && jsonSchemaOf(all[c])) ?? code;
      const schema = jsonSchemaOf(all[code]);
      return schema === undefined ? undefined : matcher(`${method.toUpperCase()} ${path} ${code}`, schema);
    },
    component(name) {
      if (!schemas[name]) throw new Error(`the spec has no components.schemas.${name}`);
      return matcher(`#/components/schemas/${name}`, { $ref: `#/components/schemas/${name}` });
    },
  };
}
