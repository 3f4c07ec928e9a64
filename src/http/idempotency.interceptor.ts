import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { RuleViolationError, ValidationError } from '../shared/errors.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.store.js';
import { requestClock, requestUser } from './request-context.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/** What the interceptor learned about the request's key; the command envelope derives its id from it. */
export interface IdempotentRequest {
  key: string;
  fingerprint: string;
}

export const idempotencyOf = (request: FastifyRequest): IdempotentRequest | undefined =>
  (request as FastifyRequest & { idempotency?: IdempotentRequest }).idempotency;

/** JSON with sorted keys: the same body in another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The status Nest gives the route's answer: @HttpCode, else 201 for POST and 200 otherwise. */
const successStatus = (context: ExecutionContext, request: FastifyRequest): number =>
  (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
  (request.method === 'POST' ? 201 : 200);

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Product rule 10, after the IETF Idempotency-Key draft: a key is bound to its caller and to a fingerprint
 * of method, route, path parameters and body. A replay of the same request answers the stored first
 * answer; the same key with another request answers 422 `idempotency-key-reused` and changes nothing.
 * A request refused before anything was written frees its key, so a corrected retry can use it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const raw = request.headers['idempotency-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!UNSAFE.has(request.method) || key === undefined) return next.handle();
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new ValidationError('Idempotency-Key must be 8–200 printable ASCII characters', ['Idempotency-Key']);
    }
    const user = requestUser(request);
    const scope = sha256(`${user.sub}\u0000${key}`);
    const fingerprint = sha256(
      canonical({
        method: request.method,
        route: request.routeOptions?.url,
        params: request.params,
        body: request.body ?? null,
      }),
    );
    (request as FastifyRequest & { idempotency?: IdempotentRequest }).idempotency = { key, fingerprint };
    const claim = await this.store.claim(scope, fingerprint, requestClock().now());
    if (claim.kind === 'mismatch') {
      throw new RuleViolationError(
        'this Idempotency-Key was used for another request; use a new key for a new request',
        ['idempotency-key-reused'],
      );
    }
    if (claim.kind === 'replay') {
      void context.switchToHttp().getResponse<FastifyReply>().header('idempotent-replayed', 'true');
      return from([claim.answer.body]);
    }
    return from(
      (async () => {
        try {
          const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.store.answer(
            scope,
            fingerprint,
            { status: successStatus(context, request), body },
            requestClock().now(),
          );
          return body;
        } catch (error) {
          await this.store.release(scope, fingerprint);
          throw error;
        }
      })(),
    );
  }
}
