import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_LOG, type AccessLog } from '../personal-data/access-log.js';
import type { Role } from '../shared/roles.js';
import { correlationIdOf, type RequestUser } from './request-context.js';
import { ConcurrencyError, KimError, StoreUnavailableError, ValidationError } from '../shared/errors.js';
import { germanMessage } from './field-messages.js';
import { germanReasons, transferReasonDe } from './reasons-de.js';
import { UNAUTHENTICATED_REFUSALS, type UnauthenticatedRefusals } from './unauthenticated-refusals.js';

const STATUS_BY_KIND: Record<KimError['kind'], number> = {
  validation: 400,
  forbidden: 403,
  'not-found': 404,
  gone: 410,
  conflict: 409,
  precondition: 412,
  rule: 422,
  unavailable: 503,
};

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** German text of the message or its reasons (product rule 11: people read German). */
  messageDe?: string;
  fields?: { field: string; message: string; messageDe: string }[];
  reasons?: string[];
  /** 409 of an erasure request: what stands against it (product section 3). */
  holds?: string[];
}

/**
 * One error shape for every failure (product section 3): `{ statusCode, error, message }`, field messages
 * for 400, reason codes for 422. Anything unexpected is a 500 with no internals in the body.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
    @Inject(UNAUTHENTICATED_REFUSALS) private readonly refusals: UnauthenticatedRefusals,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception);
    if (body.statusCode === 503) this.logger.warn(exception instanceof Error ? exception.message : String(exception));
    else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (body.statusCode === 401) this.countUnauthenticated(request, exception, body);
    else if (body.statusCode === 403) await this.recordDenied(request, body);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  /**
   * A 401 has no verified actor: what its token claims and the person its URL names are the caller's
   * assertions, so it is counted per client address and minute, never logged one by one (issue 13).
   */
  private countUnauthenticated(request: FastifyRequest, exception: unknown, body: ErrorBody) {
    const reason = (exception as { reason?: unknown })?.reason;
    this.refusals.record({
      ip: request.ip,
      reason: typeof reason === 'string' ? reason : String(body.message),
      route: `${request.method} ${request.routeOptions?.url ?? 'unmatched'}`,
    });
  }

  /** Refusals of verified users (403) are security events for the DPO, with the real actor. */
  private async recordDenied(request: FastifyRequest, body: ErrorBody) {
    const user = (request as FastifyRequest & { user?: RequestUser }).user;
    const params = (request.params ?? {}) as Record<string, string>;
    const personIds = [
      params.personId,
      request.routeOptions?.url?.includes('/persons/:id') ? params.id : undefined,
    ].filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
    try {
      await this.accessLog.recordDenied({
        actor: {
          sub: user?.sub ?? 'anonymous',
          role: (user?.role ?? 'anonymous') as Role,
          agency: user?.agency ?? 'unknown',
        },
        correlationId: correlationIdOf(request),
        personIds,
        endpoint: `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`,
        method: request.method,
        at: new Date().toISOString(),
        status: body.statusCode as 401 | 403,
        reason: Array.isArray(body.message) ? body.message.join('; ') : body.message,
      });
    } catch (error) {
      this.logger.error(
        `could not record a refused request: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ValidationError) {
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: exception.message,
        messageDe: 'Die Anfrage ist unvollständig oder fehlerhaft.',
        fields: exception.problems.map((p) => ({ field: p.field, message: p.message, messageDe: germanMessage(p) })),
      };
    }
    if (exception instanceof StoreUnavailableError) {
      // Which store failed, never its internal message (paths, SQL, hosts).
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `the ${exception.store} is unavailable; please retry later`,
        messageDe: 'Der Dienst ist vorübergehend nicht verfügbar; bitte später erneut versuchen.',
      };
    }
    if (exception instanceof KimError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      const reasons = 'reasons' in exception ? (exception as { reasons: string[] }).reasons : [];
      const de = germanReasons(reasons, transferReasonDe);
      const holds = 'holds' in exception ? { holds: (exception as { holds: string[] }).holds } : {};
      return {
        statusCode,
        error: errorName(statusCode),
        message: exception.message,
        ...(reasons.length > 0 ? { reasons, messageDe: de.join(' ') } : {}),
        ...holds,
      };
    }
    if (isKind(exception, 'unauthenticated')) {
      return { statusCode: 401, error: 'Unauthorized', message: (exception as Error).message };
    }
    if (exception instanceof ConcurrencyError) {
      return { statusCode: 409, error: 'Conflict', message: 'the record was changed concurrently; retry the request' };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : exception.message;
      return { statusCode: exception.getStatus(), error: errorName(exception.getStatus()), message };
    }
    // Fastify's own errors (body too large, malformed JSON, wrong content type) carry their status.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { statusCode, error: errorName(statusCode), message: (exception as Error).message };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'internal error' };
  }
}

const isKind = (e: unknown, kind: string) =>
  typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === kind;

const errorName = (status: number) =>
  (HttpStatus[status] ?? 'Error')
    .toString()
    .toLowerCase()
    .replace(/(^|_)(\w)/g, (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());
