import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore, NewEvent } from '../event-store/event-store.port.js';
import { CURRENT_SCHEMA_VERSION } from '../event-sourcing/event-codec.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { DomainEvent } from '../shared/decider.js';
import { ConcurrencyError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import type { Role } from '../shared/roles.js';
import { clientAddress } from './rate-limit-key.js';

export const UNAUTHENTICATED_REFUSALS = Symbol('UnauthenticatedRefusals');

/** Where addresses beyond the per-minute limit are counted together. */
export const OTHER_ADDRESSES = 'other';

/**
 * Stream `security-<id>`, one stream per instance and flush: the requests refused with 401 in one minute
 * from one client address (IPv6 per /64), counted. A refused request has no verified actor, so nothing in
 * it — the subject a token claims, the person named in the URL — is a fact worth a log entry of its own;
 * the count per address and minute is, and a flood adds one entry per address and minute, not per request.
 */
export type UnauthenticatedRequestsCounted = DomainEvent<
  'UnauthenticatedRequestsCounted',
  {
    /** Start of the minute, UTC, e.g. `2026-12-01T10:15Z`. */
    minute: string;
    address: string;
    count: number;
    /** Refusal reason codes (UnauthenticatedReason) and how often each occurred. */
    reasons: Record<string, number>;
    /** Route templates (`GET /api/v1/persons/:id`) and how often each was asked. */
    routes: Record<string, number>;
    instanceId: string;
  }
>;

export interface UnauthenticatedRefusalsOptions {
  instanceId: string;
  clock?: Clock;
  /** Distinct addresses counted per minute; more are counted under OTHER_ADDRESSES. Default 1000. */
  maxAddressesPerMinute?: number;
  /** Minutes kept while the store cannot be written; older ones are dropped (and said so). Default 60. */
  maxPendingMinutes?: number;
  /** How often completed minutes are written; default every 10 s. */
  flushIntervalMs?: number;
  log?: (message: string) => void;
}

interface Tally {
  count: number;
  reasons: Map<string, number>;
  routes: Map<string, number>;
}

const ANONYMOUS = { sub: 'anonymous', role: 'anonymous' as Role, agency: 'unknown' };
const minuteOf = (date: Date) => `${date.toISOString().slice(0, 16)}Z`;
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Counts refusals of unauthenticated requests in memory and writes them once a minute is over: at most
 * `maxAddressesPerMinute + 1` events per minute, in ONE append (one fsync) per minute, however large the
 * flood. What a crash loses is the current minute's counts; the refused requests themselves changed
 * nothing. 403s of verified users stay individual AccessDenied events with their real actor.
 */
export class UnauthenticatedRefusals implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly minutes = new Map<string, Map<string, Tally>>();
  /** Appends written per minute; part of the stream id, so a retried flush lands on the same stream. */
  private readonly flushes = new Map<string, number>();
  private readonly clock: Clock;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: UnauthenticatedRefusalsOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Synchronous and allocation-light: called for every 401, before the answer is sent. */
  record(refusal: { ip: string; reason: string; route: string }): void {
    const minute = minuteOf(this.clock.now());
    let addresses = this.minutes.get(minute);
    if (!addresses) this.minutes.set(minute, (addresses = new Map()));
    let address = clientAddress(refusal.ip);
    if (!addresses.has(address) && addresses.size >= (this.options.maxAddressesPerMinute ?? 1000))
      address = OTHER_ADDRESSES;
    let tally = addresses.get(address);
    if (!tally) addresses.set(address, (tally = { count: 0, reasons: new Map(), routes: new Map() }));
    tally.count++;
    bump(tally.reasons, refusal.reason);
    bump(tally.routes, refusal.route);
    this.dropBeyondLimit();
  }

  /** Counts not yet written (for tests and metrics). */
  pending(): number {
    let count = 0;
    for (const addresses of this.minutes.values()) for (const tally of addresses.values()) count += tally.count;
    return count;
  }

  /**
   * Writes every completed minute (with `all`, the current one too) and returns the events written.
   * Serialised: a flush asked for while one runs waits for it and then runs again.
   */
  async flush(options: { all?: boolean } = {}): Promise<number> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    this.flushing = this.writeMinutes(options.all ?? false);
    try {
      return await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) =>
        this.log(`could not record refused unauthenticated requests (kept, retried): ${String(error)}`),
      );
    }, this.options.flushIntervalMs ?? 10_000);
    this.timer.unref();
  }

  /** Before the stores close (StoresLifecycle runs on onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush({ all: true }).catch((error: unknown) =>
      this.log(`could not record refused unauthenticated requests at shutdown: ${String(error)}`),
    );
  }

  private async writeMinutes(all: boolean): Promise<number> {
    const current = minuteOf(this.clock.now());
    let written = 0;
    for (const [minute, addresses] of [...this.minutes].sort(([a], [b]) => a.localeCompare(b))) {
      if (!all && minute >= current) continue;
      // Taken out before the write: requests refused meanwhile start a new tally (put back on failure).
      this.minutes.delete(minute);
      written += await this.append(minute, addresses);
    }
    return written;
  }

  private async append(minute: string, addresses: Map<string, Tally>): Promise<number> {
    const flush = this.flushes.get(minute) ?? 0;
    const streamId = deterministicId('unauthenticated-requests', this.options.instanceId, minute, String(flush));
    const events: NewEvent[] = [...addresses].map(([address, tally]) => {
      const id = deterministicId(streamId, address);
      const event: UnauthenticatedRequestsCounted = {
        type: 'UnauthenticatedRequestsCounted',
        data: {
          minute,
          address,
          count: tally.count,
          reasons: Object.fromEntries(tally.reasons),
          routes: Object.fromEntries(tally.routes),
          instanceId: this.options.instanceId,
        },
      };
      return {
        id,
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          schemaVersion: CURRENT_SCHEMA_VERSION,
          commandId: streamId,
          correlationId: streamId,
          causationId: streamId,
          actor: ANONYMOUS,
          purpose: 'security',
          occurredAt: `${minute.slice(0, -1)}:00.000Z`,
        },
      };
    });
    try {
      await this.store.appendToStream(`security-${streamId}`, events, 'no_stream');
    } catch (error) {
      // An earlier attempt was written although its answer got lost: the stream exists, nothing to add.
      if (!(error instanceof ConcurrencyError)) {
        this.restore(minute, addresses);
        throw error;
      }
    }
    this.flushes.set(minute, flush + 1);
    this.forgetOldFlushCounters();
    return events.length;
  }

  /** A failed write puts its counts back, merged with what arrived meanwhile. */
  private restore(minute: string, addresses: Map<string, Tally>): void {
    const now = this.minutes.get(minute);
    if (!now) {
      this.minutes.set(minute, addresses);
      return;
    }
    for (const [address, tally] of addresses) {
      const into = now.get(address);
      if (!into) {
        now.set(address, tally);
        continue;
      }
      into.count += tally.count;
      for (const [k, n] of tally.reasons) into.reasons.set(k, (into.reasons.get(k) ?? 0) + n);
      for (const [k, n] of tally.routes) into.routes.set(k, (into.routes.get(k) ?? 0) + n);
    }
  }

  private dropBeyondLimit(): void {
    const limit = this.options.maxPendingMinutes ?? 60;
    while (this.minutes.size > limit) {
      const oldest = [...this.minutes.keys()].sort()[0]!;
      const dropped = [...this.minutes.get(oldest)!.values()].reduce((n, t) => n + t.count, 0);
      this.minutes.delete(oldest);
      this.log(
        `dropped the count of ${dropped} refused unauthenticated requests of ${oldest}: the event store was not writable`,
      );
    }
  }

  private forgetOldFlushCounters(): void {
    const current = minuteOf(this.clock.now());
    for (const minute of this.flushes.keys())
      if (minute < current && !this.minutes.has(minute)) this.flushes.delete(minute);
  }

  private log(message: string): void {
    (this.options.log ?? console.warn)(`kim-ledger: ${message}`);
  }
}
