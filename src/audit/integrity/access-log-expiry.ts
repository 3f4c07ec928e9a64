/**
 * Product rule 12: access-log entries (PersonalDataAccessed in `access-*`, AccessDenied in `security-*`)
 * expire after KIM_ACCESS_LOG_MONTHS (default 24; the DSK guidance on logging binds logs to their purpose,
 * and access logs are employee data too, § 18 DSG NRW / § 72 Abs. 3 LPVG NRW). They are removed as a whole
 * segment of the access lane: everything up to the newest witnessed checkpoint signed at least that many
 * months ago. The witness first receives a signed "cut" naming that checkpoint; then the entries, their
 * streams and their rows in the DPO's trail and anomaly facts go. The main lane never depended on them and
 * still verifies; the rest of the access lane verifies from the cut's signed head.
 */
import { ANOMALY_FACTS } from '../../../projections/anomalies.projection.js';
import { AUDIT_TRAIL } from '../../../projections/audit-trail.projection.js';
import type { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import type { Filter, ReadStore } from '../../read-store/read-store.port.js';
import type { LedgerIntegrity } from './ledger-integrity.js';
import { cutOf, monthsBefore } from './witness-evidence.js';

export interface ExpiryResult {
  /** Entries up to this position were removed (undefined: nothing was due). */
  cutAt?: string;
  /** When the checkpoint at the cut was signed: every removed entry was recorded before. */
  recordedBefore?: string;
  removedEvents: number;
  removedTrailRows: number;
  removedAnomalyFacts: number;
}

const PAGE = 500;
const seqOf = (position: bigint) => position.toString().padStart(20, '0');

export async function expireAccessLog(options: {
  integrity: LedgerIntegrity;
  store: SqliteEventStore;
  readStore?: ReadStore;
  now: Date;
  months: number;
  /** Only report what would go. */
  dryRun?: boolean;
}): Promise<ExpiryResult> {
  const { integrity, store, now, months } = options;
  const cutoff = monthsBefore(now, months);
  const evidence = await integrity.evidence.read();
  const current = [store.accessLogCut()?.position ?? 0n, evidence.cut?.position ?? 0n].reduce((a, b) =>
    a > b ? a : b,
  );
  const due = evidence.notes
    .filter(
      (n) => n.kind !== 'cut' && new Date(n.time) <= cutoff && n.position >= store.format2From && n.position > current,
    )
    .sort((a, b) => (a.position < b.position ? -1 : 1))
    .at(-1);
  const nothing: ExpiryResult = { removedEvents: 0, removedTrailRows: 0, removedAnomalyFacts: 0 };
  if (!due) return nothing;
  const expiring = store.countExpiredAccessEntries(due.position);
  if (options.dryRun)
    return { ...nothing, cutAt: String(due.position), recordedBefore: due.time, removedEvents: expiring };
  // Witnessed before anything is removed: removed entries without a witnessed cut would read as tampering.
  await integrity.publish({
    kind: 'cut',
    state: {
      position: due.position,
      heads: due.heads,
      ...(due.leaf ? { leaf: due.leaf } : {}),
      format2From: due.format2From,
    },
    expired: expiring,
    reason: `access-log entries recorded before ${due.time} expired after ${months} months`,
  });
  const removedEvents = store.removeExpiredAccessEntries(cutOf(due));
  const [removedTrailRows, removedAnomalyFacts] = options.readStore
    ? [
        await removeRows(options.readStore, AUDIT_TRAIL, {
          action: { in: ['access', 'access-denied'] },
          seq: { lte: seqOf(due.position) },
        }),
        await removeRows(options.readStore, ANOMALY_FACTS, {
          kind: { in: ['read', 'access-denied'] },
          seq: { lte: seqOf(due.position) },
        }),
      ]
    : [0, 0];
  return {
    cutAt: String(due.position),
    recordedBefore: due.time,
    removedEvents,
    removedTrailRows,
    removedAnomalyFacts,
  };
}

/** Deletes the documents matching `filter`, a page at a time. */
async function removeRows(readStore: ReadStore, collection: string, filter: Filter): Promise<number> {
  let removed = 0;
  for (;;) {
    let page;
    try {
      page = await readStore.find<{ [key: string]: unknown }>(collection, { filter, limit: PAGE });
    } catch (error) {
      // A read store that never held this projection has nothing to remove.
      if (removed === 0 && /unknown collection/.test(String(error))) return 0;
      throw error;
    }
    if (page.items.length === 0) return removed;
    const ids = page.items.map((doc) => String(doc.entryId ?? doc.factId));
    await readStore.commit(ids.map((id) => ({ op: 'delete' as const, collection, id })));
    removed += ids.length;
  }
}
