import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { ResponseSchemaName } from './schemas.js';

export interface ApiDocOptions {
  /** German summary, as users of the console read it (e.g. 'Person lesen'). */
  de: string;
  /** English summary (e.g. 'Read a person'). */
  en: string;
  description?: string;
  /** Success status; default 200 (201 for a POST without @HttpCode). */
  status?: number;
  /** The answer's schema, by name from src/openapi/schemas.ts. */
  ok: ResponseSchemaName;
  /**
   * Error statuses this operation has beyond the ones every guarded operation has (401, 403, 429, 503;
   * 400 where it takes input; 404 where its path names a resource) — e.g. 409, 412, 422.
   */
  errors?: number[];
}

/**
 * The one OpenAPI decorator a route needs (docs/console.md, "OpenAPI pattern"): summaries in German and
 * English, the success schema and the route's own error codes. enrichDocument adds what is the same
 * everywhere: the standard errors, X-Purpose on reads, Idempotency-Key on commands, catalogue enums.
 */
export function ApiDoc(options: ApiDocOptions) {
  return applyDecorators(
    ApiOperation({
      summary: `${options.de} / ${options.en}`,
      ...(options.description ? { description: options.description } : {}),
      // Kept apart as well, so tools can show one language.
      ...({ 'x-summary-de': options.de, 'x-summary-en': options.en } as object),
    }),
    ApiResponse({
      status: options.status ?? 200,
      description: `${options.de} / ${options.en}`,
      schema: { $ref: `#/components/schemas/${options.ok}` },
    }),
    ...(options.errors ?? []).map((status) =>
      ApiResponse({
        status,
        description: ERROR_TEXT[status] ?? 'error',
        schema: { $ref: '#/components/schemas/ErrorResponse' },
      }),
    ),
  );
}

/** German / English descriptions of the error codes (product section 3: clear errors). */
export const ERROR_TEXT: Record<number, string> = {
  400: 'Eingabe ungültig (Feldmeldungen in message) / Invalid input (field messages in message)',
  401: 'Nicht angemeldet: Token oder Konsolensitzung fehlt oder ist ungültig / Not authenticated',
  403: 'Rolle oder Zuständigkeit fehlt; protokolliert / Role or need to know missing; logged',
  404: 'Nicht gefunden / Not found',
  409: 'Konflikt mit dem Stand der Akte / Conflict with the state of the file',
  412: 'If-Match passt nicht zur Revision / If-Match does not match the revision',
  413: 'Anfrage zu groß / Request too large',
  415: 'Nur JSON / JSON only',
  422: 'Regel verbietet den Vorgang; Gründe in reasons / A rule forbids it; reasons given',
  429: 'Zu viele Anfragen / Too many requests',
  501: 'Auf diesem Speicher nicht verfügbar / Not available on this store',
  503: 'Speicher oder Zugriffsprotokoll nicht verfügbar, nichts geschrieben / Store or access log unavailable, nothing written',
};
