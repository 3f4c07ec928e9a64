import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { ConcurrencyError } from '../../src/shared/errors.js';
import { eventStoreContract } from './event-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'kim-es-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SQLite', () => openSqliteEventStore({ path: join(dir, 'nested', 'events.db') }));

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 'sqlite-spec', role: 'caseworker', agency: 'KI' },
    occurredAt: '2026-01-15T09:00:00.000Z',
  },
});

describe('SQLite event store specifics', () => {
  let store: SqliteEventStore;
  const path = join(dir, 'specifics', 'events.db');
  beforeAll(() => {
    store = openSqliteEventStore({ path, pollIntervalMs: 50 });
  });
  afterAll(() => store.close());

  describe('when many appends arrive in the same event-loop turn', () => {
    it('writes them with gapless positions, failing only the append whose revision is stale', async () => {
      const before = (await store.headPosition()) ?? 0n;
      const streams = Array.from({ length: 20 }, () => `spec-${randomUUID()}`);
      const results = await Promise.allSettled([
        ...streams.map((s) => store.appendToStream(s, [event('SpecA'), event('SpecB')], 'no_stream')),
        store.appendToStream(`spec-${randomUUID()}`, [event('SpecStale')], 3),
      ]);
      expect(results.slice(0, 20).every((r) => r.status === 'fulfilled')).toBe(true);
      expect(results[20]).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
      const written = await store.readAll({ after: before });
      expect(written.map((e) => e.position)).toEqual(Array.from({ length: 40 }, (_, i) => before + BigInt(i + 1)));
      expect(written.some((e) => e.type === 'SpecStale')).toBe(false);
    });
  });

  describe('after a commit', () => {
    it('writes the chain head beside the database, matching the newest event', async () => {
      const result = await store.appendToStream(`spec-${randomUUID()}`, [event('SpecA')], 'no_stream');
      await store.chainHeadWritten();
      const headFile = join(dir, 'specifics', 'chain-head.json');
      expect(existsSync(headFile)).toBe(true);
      const head = JSON.parse(readFileSync(headFile, 'utf8')) as { position: number; hash: string };
      expect(BigInt(head.position)).toBe(result.position);
      expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
      await expect(store.verifyChain()).resolves.toMatchObject({ ok: true });
    });
  });

  describe('when another connection (as another process would) appends to the same file', () => {
    it('delivers those events to a live subscription through polling', async () => {
      const other = openSqliteEventStore({ path });
      const category = `spec${randomUUID().replace(/-/g, '')}`;
      const subscription = store.subscribeToAll({
        after: await store.headPosition(),
        filter: { streamPrefixes: [`${category}-`] },
      });
      try {
        const iterator = subscription[Symbol.asyncIterator]();
        const first = iterator.next();
        const appended = event('SpecElsewhere');
        await other.appendToStream(`${category}-1`, [appended], 'no_stream');
        const received = (await first).value as RecordedEvent;
        expect(received.id).toBe(appended.id);
      } finally {
        await subscription.unsubscribe();
        await other.close();
      }
    });
  });

  describe('verifying the chain', () => {
    it('reports progress up to the total and counts every event', async () => {
      const progress: [number, number][] = [];
      const result = await store.verifyChain((checked, total) => progress.push([checked, total]));
      const total = Number(await store.headPosition());
      expect(result).toEqual({ ok: true, events: total });
      expect(progress.at(-1)).toEqual([total, total]);
    });
  });
});
