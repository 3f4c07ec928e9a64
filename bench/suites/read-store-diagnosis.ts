import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { auditTrailProjection, AUDIT_TRAIL } from '../../projections/audit-trail.projection.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import type { Row } from '../lib/results.js';
import { median, nowMs, round } from '../lib/stats.js';

const BATCH = 500;
const BATCHES = 40;

const entry = (position: number) => ({
  entryId: `${randomUUID()}:${randomUUID()}`,
  position: String(position),
  seq: String(position).padStart(20, '0'),
  at: new Date().toISOString(),
  action: 'case-action',
  eventType: 'CaseActionRecorded',
  personId: randomUUID(),
  actorSub: `cw-${position % 40}`,
  actorRole: 'caseworker',
  actorAgency: 'KI',
  purpose: 'case-management',
  legalBasis: null,
  correlationId: randomUUID(),
  details: { caseId: randomUUID(), actionId: randomUUID(), actionType: 'counselling', agencies: ['JOBCENTER_IP'] },
});

/** Median ms of one commit of 500 audit entries (with checkpoint) into a fresh collection. */
async function commitCost(dir: string, indexes: readonly string[], shadow = false): Promise<number> {
  const path = join(dir, `diag-${indexes.length}${shadow ? '-shadow' : ''}.db`);
  const store = openSqliteReadStore({ path });
  if (shadow) await store.ensureShadowCollection({ name: AUDIT_TRAIL, indexes });
  else await store.ensureCollection({ name: AUDIT_TRAIL, indexes });
  const times: number[] = [];
  let position = 0;
  for (let b = 0; b < BATCHES; b++) {
    const changes = Array.from({ length: BATCH }, () => {
      const doc = entry(++position);
      return { op: 'upsert' as const, collection: AUDIT_TRAIL, id: doc.entryId, doc };
    });
    const t0 = nowMs();
    await store.commit(changes, { projection: 'diag', position: BigInt(position) });
    times.push(nowMs() - t0);
  }
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return median(times);
}

/**
 * What B5 and B6 wait on: the cost of committing one batch of audit-trail documents through the SQLite
 * read store, with the projection's declared indexes (a column per field, indexed with the id), without
 * them, and into a shadow collection whose indexes are built only when it is swapped in. Measured in the
 * same process right after the rebuild.
 */
export async function readStoreCommitDiagnosis(dir: string): Promise<Row[]> {
  const indexes = auditTrailProjection.collections[0]!.indexes;
  const withIndexes = await commitCost(dir, indexes);
  const without = await commitCost(dir, []);
  const deferred = await commitCost(dir, indexes, true);
  const workload = `${BATCHES} commits of ${BATCH} audit entries (~600 B JSON, random UUID ids) into a fresh SqliteReadStore collection`;
  return [
    {
      id: 'B5',
      metric: `diag: commit of ${BATCH} audit entries, ${indexes.length} indexes`,
      value: round(withIndexes, 1),
      unit: 'ms',
      workload,
    },
    { id: 'B5', metric: `diag: the same without indexes`, value: round(without, 1), unit: 'ms', workload },
    {
      id: 'B5',
      metric: `diag: the same into a shadow collection (indexes built by the swap)`,
      value: round(deferred, 1),
      unit: 'ms',
      workload,
    },
  ];
}
