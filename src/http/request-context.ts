import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import type { Role } from '../shared/roles.js';
import { ValidationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { idempotencyOf } from './idempotency.interceptor.js';

/** The verified caller, as the auth guard attaches it to the request. */
export interface RequestUser {
  sub: string;
  name?: string;
  roles: Role[];
  role: Role;
  agency: string;
  municipality?: string;
}

/** Default purposes of reads per role, used when no X-Purpose header is sent (rule 4). */
export const DEFAULT_PURPOSE: Record<Role, string> = {
  caseworker: 'case-management',
  team_lead: 'case-assignment',
  agency_officer: 'receipt-of-transfer',
  privacy_officer: 'data-subject-rights',
  dpo: 'data-protection-supervision',
  committee: 'committee-reporting',
  admin: 'operations',
};

const PURPOSE = /^[a-z0-9][a-z0-9-]{1,79}$/;

let clock: Clock = systemClock;
/** Tests and the demo loader pin the time commands are accepted at. */
export const setRequestClock = (next: Clock) => void (clock = next);
export const requestClock = (): Clock => clock;

export const requestUser = (request: FastifyRequest): RequestUser => {
  const user = (request as FastifyRequest & { user?: RequestUser }).user;
  if (!user) throw new Error('route reached without an authenticated user');
  return user;
};

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function purposeOf(request: FastifyRequest, user: RequestUser): string {
  const purpose = header(request, 'x-purpose');
  if (purpose === undefined) return DEFAULT_PURPOSE[user.role];
  if (!PURPOSE.test(purpose))
    throw new ValidationError('X-Purpose must be a lower-case code like "benefit-application"', ['X-Purpose']);
  return purpose;
}

export const correlationIdOf = (request: FastifyRequest): string => {
  const given = header(request, 'x-correlation-id');
  return given && /^[\w-]{8,100}$/.test(given) ? given : String(request.id);
};

/**
 * The envelope of a command sent over HTTP. With an Idempotency-Key the command id derives from the
 * caller, the key and the request's fingerprint (idempotency.interceptor.ts), so ids derived from it can
 * never collide between different requests; without one it is random.
 */
export function commandEnvelopeOf(request: FastifyRequest): CommandEnvelope {
  const user = requestUser(request);
  const idempotent = idempotencyOf(request);
  const commandId = idempotent
    ? deterministicId('idempotency-key', user.sub, idempotent.key, idempotent.fingerprint)
    : randomUUID();
  return {
    commandId,
    correlationId: correlationIdOf(request),
    actor: {
      sub: user.sub,
      role: user.role,
      agency: user.agency,
      ...(user.municipality ? { municipality: user.municipality } : {}),
    },
    purpose: purposeOf(request, user),
    at: clock.now().toISOString(),
  };
}

/** If-Match: "<revision>" offers optimistic concurrency on case commands (412 on mismatch). */
export function ifMatchRevision(request: FastifyRequest): number | undefined {
  const raw = header(request, 'if-match');
  if (raw === undefined) return undefined;
  const match = /^(?:W\/)?"?(-?\d{1,9})"?$/.exec(raw.trim());
  if (!match) throw new ValidationError('If-Match must be a revision number like "3"', ['If-Match']);
  return Number(match[1]);
}

export const Envelope = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  commandEnvelopeOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
export const User = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestUser(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  ifMatchRevision(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/** Everything an access-log entry needs about the read being served (rule 4). */
export interface ReadContext {
  user: RequestUser;
  actor: { sub: string; role: Role; agency: string };
  purpose: string;
  correlationId: string;
  endpoint: string;
  method: string;
  at: string;
  /** The console page the read was made for (X-Console-Page, believed on a console session only). */
  page?: string;
}

export function readContextOf(request: FastifyRequest): ReadContext {
  const user = requestUser(request);
  const page = (request as FastifyRequest & { consolePage?: string }).consolePage;
  return {
    user,
    actor: { sub: user.sub, role: user.role, agency: user.agency },
    purpose: purposeOf(request, user),
    correlationId: correlationIdOf(request),
    endpoint: `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`,
    method: request.method,
    at: clock.now().toISOString(),
    ...(page ? { page } : {}),
  };
}

export const ReadCtx = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  readContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
