import { todayInGermany } from './calendar.js';
import type Database from 'better-sqlite3';
import { EVENT_STORE, type RecordedEvent } from '../../src/event-store/event-store.port.js';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port.js';
import type { TestApp, Caller } from './test-app.js';
import { PARTICIPATION } from './builders.js';

/**
 * Faults of the stores a running service depends on (issue item 10), injected into the live application:
 *
 * - event store read-only: `PRAGMA query_only` on the store's own SQLite connection. SQLite then refuses
 *   every write with SQLITE_READONLY, as it does for a file it may not write. (chmod on the file would not
 *   stop a process running as root, and an open connection keeps its file descriptor anyway.)
 * - disk full: `PRAGMA max_page_count` set to the current size on that connection: the next write that needs
 *   a new page fails with SQLITE_FULL inside the transaction, exactly where a full disk fails it. What this
 *   does not prove: how the OS and SQLite behave when fsync itself fails (that needs a faulting block device).
 * - read store unavailable: every method of the read-store port on the live instance throws, as a lost
 *   connection to MongoDB would. This proves the application's handling of a failing port, not an adapter's.
 */
/** Every operation of the read-store port but close; the type makes a new operation appear here. */
const PORT_OPERATIONS: Record<Exclude<keyof ReadStore, 'close'>, true> = {
  ensureCollection: true,
  get: true,
  getMany: true,
  find: true,
  count: true,
  commit: true,
  getCheckpoint: true,
  reset: true,
  acquireLease: true,
  leaseHolder: true,
  releaseLease: true,
  ping: true,
  compact: true,
};

export type Fault = 'event-store-read-only' | 'event-store-disk-full' | 'read-store-unavailable';

const connectionOf = (app: TestApp): Database.Database => {
  const db = (app.app.get(EVENT_STORE) as unknown as { db?: Database.Database }).db;
  if (!db) throw new Error('fault injection needs the embedded SQLite event store');
  return db;
};

export function inject(app: TestApp, fault: Fault): () => void {
  switch (fault) {
    case 'event-store-read-only': {
      const db = connectionOf(app);
      db.pragma('query_only = 1');
      return () => db.pragma('query_only = 0');
    }
    case 'event-store-disk-full': {
      const db = connectionOf(app);
      const pages = db.pragma('page_count', { simple: true }) as number;
      const before = db.pragma('max_page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      return () => db.pragma(`max_page_count = ${before}`);
    }
    case 'read-store-unavailable': {
      const store = app.app.get(READ_STORE) as unknown as Record<string, unknown>;
      // The port's operations, not the adapter's internals (its queued group commit then ends as a write
      // that had begun before the connection was lost).
      const names = Object.keys(PORT_OPERATIONS);
      for (const name of names) {
        store[name] = () => Promise.reject(new Error('read store unavailable (injected fault)'));
      }
      return () => names.forEach((name) => delete store[name]);
    }
  }
}

export interface Sent {
  label: string;
  correlationId: string;
  status: number;
  body: any;
  retry: () => Promise<{ status: number; body: any }>;
}

const cw: Caller = { role: 'caseworker', sub: 'cw-fault' };
const tl: Caller = { role: 'team_lead', sub: 'tl-fault' };
let counter = 0;

/** One round of commands and a personal-data read, each with its own Idempotency-Key and correlation id. */
export async function round(
  app: TestApp,
  tag: string,
  known?: { personId: string; caseId: string },
): Promise<{ sent: Sent[]; ids?: { personId: string; caseId: string } }> {
  const sent: Sent[] = [];
  const send = async (label: string, caller: Caller, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const n = ++counter;
    const headers = { 'idempotency-key': `fault-${tag}-${n}`, 'x-correlation-id': `fault-${tag}-${n}` };
    const go = () => app.request(caller, method, url, body, headers);
    const answer = await go();
    const entry = {
      label,
      correlationId: headers['x-correlation-id'],
      status: answer.status,
      body: answer.body,
      retry: go,
    };
    sent.push(entry);
    return entry;
  };
  const p = await send('register person', cw, 'POST', '/persons', {
    givenName: `Störung${tag}`,
    familyName: 'Test',
    dateOfBirth: '1979-09-09',
    nationality: 'ER',
    municipality: 'Mettmann',
    languages: ['ti'],
    residenceStatus: '§ 25 Abs. 2 AufenthG',
    participation: PARTICIPATION,
  });
  const personId = p.status === 201 ? (p.body.personId as string) : known?.personId;
  if (!personId) return { sent };
  // A person of an earlier round already has an open case: one more takes a team lead's reason (issue 16).
  const c =
    p.status === 201
      ? await send('open case', cw, 'POST', '/cases', { personId, municipality: 'Mettmann' })
      : await send('open case', tl, 'POST', '/cases', {
          personId,
          municipality: 'Mettmann',
          parallelCaseReason: 'Störungsprobe: weiterer Fall derselben Person',
        });
  const caseId = c.status === 201 ? (c.body.caseId as string) : known?.caseId;
  await send('grant consent', cw, 'POST', `/persons/${personId}/consents`, {
    recipients: ['JOBCENTER_IP'],
    dataCategories: ['identity'],
    purposes: ['labour-market-integration'],
    validUntil: '2027-12-31',
    evidence: { kind: 'signed-form', reference: 'KI-FAULT-1' },
    informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
  });
  // Only a case opened in this round is assigned: assigning a case to its current caseworker is a no-op.
  if (c.status === 201) {
    await send('register staff', tl, 'PUT', '/staff/cw-fault', { provider: 'KI', fte: 1, baustein: 2 });
    await send('assign case', tl, 'POST', `/cases/${caseId}/assign`, { caseworkerId: 'cw-fault' });
  }
  if (caseId) {
    await send('record action', cw, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: todayInGermany(),
      summary: 'Beratung',
      agencies: [],
    });
  }
  await send('read person', cw, 'GET', `/persons/${personId}`);
  return { sent, ...(caseId ? { ids: { personId, caseId } } : {}) };
}

const AUDIT_TYPES = new Set(['AccessDenied', 'PersonalDataAccessed', 'UnauthenticatedRequestsCounted']);

/** Events of each correlation id, without the access log's own events. */
export async function eventsByCorrelation(app: TestApp): Promise<Map<string, RecordedEvent[]>> {
  const map = new Map<string, RecordedEvent[]>();
  for (const e of await app.allEvents()) {
    if (AUDIT_TYPES.has(e.type)) continue;
    map.set(e.metadata.correlationId, [...(map.get(e.metadata.correlationId) ?? []), e]);
  }
  return map;
}

export async function accessLogged(app: TestApp, correlationId: string): Promise<boolean> {
  return (await app.eventStore.readStream(`access-${correlationId}`)).length > 0;
}
