import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../shared/clock.js';
import { signLocalToken, type LocalSigningKey } from '../auth/local-signing-key.js';
import type { Role } from '../shared/roles.js';

export interface Caller {
  role: Role;
  sub: string;
  agency: string;
}

export interface ApiCall {
  caller: Caller;
  method: 'GET' | 'POST' | 'PUT';
  /** Below /api/v1, e.g. '/persons'. */
  url: string;
  body?: unknown;
  /** The statuses this call may answer in the simulation; anything else is reported as unexpected. */
  expect: readonly number[];
}

export interface ApiAnswer {
  status: number;
  body: any;
}

/** When a call is made in simulated time, and the name it goes by (Idempotency-Key, correlation id). */
export interface CallStamp {
  atMs: number;
  name: string;
}

/** What the simulation needs of the API; the HTTP one is the real thing. */
export interface DemoApi {
  send(call: ApiCall, stamp: CallStamp): Promise<ApiAnswer>;
}

export interface CallTally {
  calls: number;
  byStatus: Record<string, number>;
  /** Per route and status, e.g. 'POST /transfers 422'. */
  byRoute: Record<string, number>;
  unexpected: number;
  serverErrors: number;
  firstUnexpected: string[];
}

export const emptyTally = (): CallTally => ({
  calls: 0,
  byStatus: {},
  byRoute: {},
  unexpected: 0,
  serverErrors: 0,
  firstUnexpected: [],
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function countAnswer(tally: CallTally, call: ApiCall, answer: ApiAnswer): void {
  const route = `${call.method} ${call.url.replace(UUID, ':id')}`;
  tally.calls++;
  tally.byStatus[answer.status] = (tally.byStatus[answer.status] ?? 0) + 1;
  tally.byRoute[`${route} ${answer.status}`] = (tally.byRoute[`${route} ${answer.status}`] ?? 0) + 1;
  if (answer.status >= 500) tally.serverErrors++;
  if (!call.expect.includes(answer.status)) {
    tally.unexpected++;
    if (tally.firstUnexpected.length < 10) {
      tally.firstUnexpected.push(
        `${route} → ${answer.status} ${JSON.stringify(answer.body?.message ?? answer.body?.reasons ?? '')}`,
      );
    }
  }
}

/**
 * The demo's way into the application: Fastify's inject runs the whole HTTP pipeline (validation, token
 * verification, deciders, encryption, access log) without a socket. Each command carries an
 * Idempotency-Key and correlation id named in planning order, so the ids of persons, cases, consents and
 * access-log streams follow from the seed however the calls interleave.
 */
export class HttpDemoApi implements DemoApi {
  readonly tally = emptyTally();
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly simulatedTime = new AsyncLocalStorage<number>();
  /** The request clock: each request sees the simulated instant of its own call, even when calls overlap. */
  readonly clock: Clock = { now: () => new Date(this.simulatedTime.getStore() ?? Date.now()) };

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly signingKey: LocalSigningKey,
    private readonly keyPrefix: string,
  ) {}

  async send(call: ApiCall, stamp: CallStamp): Promise<ApiAnswer> {
    const name = `${this.keyPrefix}-${stamp.name}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token(call.caller)}`,
      'x-correlation-id': name,
    };
    if (call.method !== 'GET') {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = name;
    }
    // inject returns a lazy chain that starts the request when `then` is called: call it inside run(),
    // or the request would start outside the async context that carries its simulated time.
    const response = await this.simulatedTime.run(stamp.atMs, () =>
      this.app
        .inject({
          method: call.method,
          url: `/api/v1${call.url}`,
          headers,
          ...(call.method !== 'GET' ? { payload: JSON.stringify(call.body ?? {}) } : {}),
        })
        .then((r) => r),
    );
    let body: unknown;
    try {
      body = response.json();
    } catch {
      body = response.body;
    }
    const answer = { status: response.statusCode, body };
    countAnswer(this.tally, call, answer);
    return answer;
  }

  private token(caller: Caller): Promise<string> {
    const key = `${caller.role}|${caller.sub}|${caller.agency}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = signLocalToken(this.signingKey, { sub: caller.sub, roles: [caller.role], agency: caller.agency }, '24h');
      this.tokens.set(key, token);
    }
    return token;
  }
}
