import type { OpenAPIObject } from '@nestjs/swagger';
import type { Catalogue } from '../config/catalogue.js';
import { ERROR_TEXT } from './api-doc.decorator.js';
import { RESPONSE_SCHEMAS } from './schemas.js';

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: object }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema?: object }> }>;
  security?: unknown[];
  summary?: string;
};
type Schema = {
  type?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
  [k: string]: unknown;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponse' };

/**
 * What is the same for every operation, added once to the generated OpenAPI document instead of on every
 * route: the response schemas by name, the standard error answers, the X-Purpose header on reads, the
 * Idempotency-Key header on commands, and the catalogue's codes as enums (they are configuration, so the
 * document shows the county's lists in force). Routes carry only @ApiDoc (src/openapi/api-doc.decorator.ts).
 */
export function enrichDocument(document: OpenAPIObject, catalogue: Catalogue): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...(RESPONSE_SCHEMAS as object) };
  document.components.parameters = { ...(document.components.parameters ?? {}), ...HEADERS };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      addStandardErrors(path, operation);
      if (operation.security) {
        operation.parameters ??= [];
        if (method === 'get') operation.parameters.push({ $ref: '#/components/parameters/XPurpose' } as never);
        else operation.parameters.push({ $ref: '#/components/parameters/IdempotencyKey' } as never);
      }
    }
  }
  const used = new Set(
    Object.values(document.paths).flatMap((item) =>
      METHODS.flatMap((m) => (item as Record<string, { tags?: string[] } | undefined>)[m]?.tags ?? []),
    ),
  );
  document.tags = [...used].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  const enums = catalogueEnums(catalogue);
  for (const schema of Object.values(document.components.schemas) as Schema[]) applyEnums(schema, enums);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      for (const parameter of (item as Record<string, Operation | undefined>)[method]?.parameters ?? []) {
        const values = enums[parameter.name];
        if (parameter.in === 'query' && values && parameter.schema) Object.assign(parameter.schema, { enum: values });
      }
    }
  }
  return document;
}

function addStandardErrors(path: string, operation: Operation) {
  const add = (status: number) => {
    operation.responses[String(status)] ??= {
      description: ERROR_TEXT[status]!,
      content: { 'application/json': { schema: ERROR_REF } },
    };
  };
  if (!operation.security) return;
  const takesInput = Boolean(operation.requestBody) || (operation.parameters ?? []).length > 0;
  if (takesInput) add(400);
  if (path.includes('{')) add(404);
  if (operation.requestBody) add(415);
  for (const status of [401, 403, 429, 503]) add(status);
}

/** German / English descriptions of the operation groups (@ApiTags). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  persons: 'Personen / Persons',
  consents: 'Einwilligungen / Consents',
  cases: 'Fälle und Betreuungsschlüssel / Cases and caseloads',
  transfers: 'Datenübermittlungen / Data transfers',
  audit:
    'Datenschutz: Protokoll, Auskunft, Löschung, Prüfung / Data protection: audit trail, access, erasure, verification',
  findings: 'Strukturelle Befunde / Structural findings',
  reports: 'Berichte / Reports',
  operations: 'Betrieb / Operations',
};

const HEADERS = {
  XPurpose: {
    name: 'X-Purpose',
    in: 'header' as const,
    required: false,
    description:
      'Zweck des Lesezugriffs, landet im Zugriffsprotokoll (Standard je Rolle) / Purpose of the read, recorded in the access log (default per role)',
    schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,79}$', example: 'benefit-application' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header' as const,
    required: false,
    description:
      'Schlüssel je Aufrufer: dieselbe Anfrage erneut gesendet ergibt die erste Antwort / Per-caller key: the same request sent again answers the first answer',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{8,200}$', example: 'b7e7c1f0-2c1e-4a8e-9d7a-0e2f3c4d5e6f' },
  },
};

/** Catalogue codes by the field names that carry them in requests, answers and queries. */
function catalogueEnums(catalogue: Catalogue): Record<string, string[]> {
  const agencies = catalogue.agencies.map((a) => a.code);
  const categories = catalogue.dataCategories.map((c) => c.code);
  const purposes = (catalogue as Catalogue & { purposes?: { code: string }[] }).purposes?.map((p) => p.code);
  return {
    toAgency: agencies,
    recipients: agencies,
    agency: agencies,
    dataCategories: categories,
    municipality: catalogue.municipalities,
    legalBasis: ['consent', ...catalogue.statutoryBases],
    ...(purposes ? { purpose: purposes, purposes } : {}),
  };
}

function applyEnums(schema: Schema, enums: Record<string, string[]>) {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const values = enums[name];
    if (!values || property.$ref) continue;
    // Lists of codes only: the catalogue itself lists objects (code and label) under the same names.
    const items = property.items;
    if (property.type === 'array' && items?.type === 'string' && !items.enum) items.enum = values;
    else if (property.type === 'string' && !property.enum) property.enum = values;
  }
}
