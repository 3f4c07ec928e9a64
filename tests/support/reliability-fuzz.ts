/**
 * An OpenAPI-driven request generator for fuzzing the command endpoints (issue item 5). From each
 * operation's request schema it builds a valid body (examples, enums, fixture ids for id fields), then
 * breaks it in one of many ways: wrong types, missing and extra fields, huge strings and arrays, deep
 * nesting, __proto__/constructor keys, invalid UTF-8, wrong content types, oversized and malformed bodies.
 * Seeded: the same seed yields the same requests.
 */
export interface SchemaObject {
  type?: string;
  $ref?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: unknown[];
  example?: unknown;
}
export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
        parameters?: { name: string; in: string }[];
      }
    >
  >;
  components: { schemas: Record<string, SchemaObject> };
}

export interface Operation {
  method: 'POST';
  /** As in the document, e.g. /api/v1/cases/{id}/assign */
  template: string;
  schema?: SchemaObject;
}

export interface FuzzRequest {
  operation: Operation;
  mutation: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Every POST operation of the API (the commands), with its resolved request schema. */
export function commandOperations(doc: OpenApiDocument): Operation[] {
  const resolve = (s?: SchemaObject): SchemaObject | undefined =>
    s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s;
  return Object.entries(doc.paths)
    .flatMap(([template, ops]) =>
      ops.post
        ? [
            {
              method: 'POST' as const,
              template,
              schema: resolve(ops.post.requestBody?.content?.['application/json']?.schema),
            },
          ]
        : [],
    )
    .map((op) => ({ ...op, ...(op.schema ? { schema: inline(op.schema, resolve) } : {}) }));
}

function inline(schema: SchemaObject, resolve: (s?: SchemaObject) => SchemaObject | undefined): SchemaObject {
  const s = resolve(schema)!;
  return {
    ...s,
    ...(s.properties
      ? { properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, inline(v, resolve)])) }
      : {}),
    ...(s.items ? { items: inline(s.items, resolve) } : {}),
  };
}

export interface FuzzContext {
  random: () => number;
  /** Real ids to put in path parameters and id fields, so requests reach deep into the handlers. */
  ids: Record<string, string>;
  bodyLimitBytes: number;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A body the schema accepts (as far as the document describes it). */
export function validValue(schema: SchemaObject | undefined, name: string, ctx: FuzzContext): unknown {
  if (!schema) return 'x';
  if (ctx.ids[name]) return ctx.ids[name];
  if (schema.enum?.length) return pick(ctx.random, schema.enum);
  if (schema.example !== undefined) return schema.example;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => schema.required?.includes(key) || ctx.random() < 0.3)
          .map(([key, s]) => [key, validValue(s, key, ctx)]),
      );
    case 'array':
      return [validValue(schema.items, name, ctx)];
    case 'boolean':
      return ctx.random() < 0.5;
    case 'number':
    case 'integer':
      return Math.floor(ctx.random() * 100);
    default:
      return name.toLowerCase().includes('date') || name === 'validUntil'
        ? '2027-06-30'
        : `Text ${Math.floor(ctx.random() * 1000)}`;
  }
}

const nest = (depth: number): unknown => {
  let value: unknown = 'tief';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

const strangeValues = (random: () => number): unknown[] => [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  '\u0000',
  '\ud800',
  '‮evil',
  '🙂'.repeat(50),
  [],
  {},
  [null],
  { $gt: '' },
  '1; DROP TABLE events',
  '../../etc/passwd',
  `${random()}`,
];

/** The mutations; each returns a request or undefined when it does not apply to this operation. */
const MUTATIONS: Record<
  string,
  (body: Record<string, unknown>, op: Operation, ctx: FuzzContext) => Partial<FuzzRequest> | undefined
> = {
  valid: (body) => ({ payload: JSON.stringify(body) }),
  'wrong type': (body, _op, ctx) => withField(body, ctx, () => pick(ctx.random, strangeValues(ctx.random))),
  'missing field': (body, _op, ctx) => {
    const keys = Object.keys(body);
    if (keys.length === 0) return undefined;
    const copy = { ...body };
    delete copy[pick(ctx.random, keys)];
    return { payload: JSON.stringify(copy) };
  },
  'extra field': (body, _op, ctx) => ({
    payload: JSON.stringify({
      ...body,
      [pick(ctx.random, ['isAdmin', 'role', 'personal', 'id', 'revision', 'x'.repeat(300)])]: pick(
        ctx.random,
        strangeValues(ctx.random),
      ),
    }),
  }),
  'huge string': (body, _op, ctx) => withField(body, ctx, () => 'ä'.repeat(Math.floor(ctx.bodyLimitBytes / 2.5) - 200)),
  'huge array': (body, _op, ctx) =>
    withField(body, ctx, () => Array.from({ length: Math.floor(ctx.bodyLimitBytes / 8) }, (_, i) => `v${i % 10}`)),
  'deep nesting': (body, _op, ctx) => withField(body, ctx, () => nest(Math.floor(ctx.bodyLimitBytes / 12))),
  'prototype keys': (body, _op, ctx) => {
    const key = pick(ctx.random, ['"__proto__"', '"constructor"', '"prototype"']);
    const inner = pick(ctx.random, ['{"polluted":true}', '{"prototype":{"polluted":true}}', '"x"', 'null']);
    const json = JSON.stringify(body);
    return {
      payload:
        ctx.random() < 0.5
          ? `{${key}:${inner}${json.length > 2 ? ',' : ''}${json.slice(1)}`
          : json.replace(/\{/, `{${key}:${inner},`).replace(/,}/, '}'),
    };
  },
  'invalid utf-8': (body, _op, ctx) => {
    const json = Buffer.from(JSON.stringify(body), 'utf8');
    const at = Math.max(1, json.indexOf('"', 2) + 1);
    const bad = Buffer.from(
      pick(ctx.random, [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]),
    );
    return { payload: Buffer.concat([json.subarray(0, at), bad, json.subarray(at)]) };
  },
  'wrong content type': (body, _op, ctx) => ({
    payload: JSON.stringify(body),
    headers: {
      'content-type': pick(ctx.random, [
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        'application/jsonx',
        '',
      ]),
    },
  }),
  oversized: (body, _op, ctx) => ({
    payload: JSON.stringify({ ...body, padding: 'x'.repeat(ctx.bodyLimitBytes + 10) }),
  }),
  'malformed json': (body, _op, ctx) => {
    const json = JSON.stringify(body);
    return {
      payload: pick(ctx.random, [
        json.slice(0, Math.max(1, Math.floor(json.length * ctx.random()))),
        `${json}}`,
        json.replace(/:/, ''),
        `{"a":1,"a":2,${json.slice(1)}`,
        "{'single':'quotes'}",
        'NaN',
        '',
      ]),
    };
  },
  'not an object': (_body, _op, ctx) => ({ payload: pick(ctx.random, ['[]', '[{}]', '"text"', '42', 'null', 'true']) }),
  'weird path id': () => ({}),
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

function withField(body: Record<string, unknown>, ctx: FuzzContext, value: () => unknown) {
  const keys = Object.keys(body);
  const key = keys.length && ctx.random() < 0.85 ? pick(ctx.random, keys) : 'extra';
  return { payload: JSON.stringify({ ...body, [key]: value() }) };
}

const weirdIds = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '%2e%2e%2fetc',
  'a'.repeat(2000),
  '12345',
  '%00',
  'ÄÖÜ',
  '{id}',
];

export function generateRequest(op: Operation, ctx: FuzzContext, idempotencyKey: string): FuzzRequest {
  const mutation = pick(ctx.random, MUTATION_NAMES);
  const weird = mutation === 'weird path id' || ctx.random() < 0.05;
  const url = op.template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(
      weird
        ? pick(ctx.random, weirdIds)
        : (ctx.ids[name === 'id' ? idKindOf(op.template) : name] ?? crypto.randomUUID()),
    ),
  );
  const body = (op.schema ? validValue(op.schema, '', ctx) : {}) as Record<string, unknown>;
  const made = MUTATIONS[mutation]!(body, op, ctx) ?? MUTATIONS.valid!(body, op, ctx)!;
  return {
    operation: op,
    mutation,
    url: url.replace(/^\/api\/v1/, ''),
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...(made.headers ?? {}) },
    ...(made.payload !== undefined ? { payload: made.payload } : op.schema ? {} : { payload: '{}' }),
  };
}

/**
 * `{id}` means a case under /cases, a transfer under /transfers, a person under /persons; under /privacy
 * (restriction, erasure) a second person, so the fuzz does not erase the one the other routes work on.
 */
const idKindOf = (template: string) =>
  template.includes('/cases/')
    ? 'caseId'
    : template.includes('/transfers/')
      ? 'transferId'
      : template.includes('/privacy/')
        ? 'auditPersonId'
        : 'personId';
