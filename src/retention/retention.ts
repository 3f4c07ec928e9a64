import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import { caseTimeline } from '../case-management/case-timeline.query.js';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { TRANSFERS, type TransferDoc } from '../../projections/transfers.projection.js';
import type { Document, FindQuery, ReadStore } from '../read-store/read-store.port.js';
import { addYears, classesFor, type RecordClass, type RetentionPolicy } from './retention-policy.js';

/** One case of a person as retention sees it: its record classes and, once closed, how long it is kept. */
export interface CaseRetention {
  caseId: string;
  status: 'open' | 'closed';
  closedAt?: string;
  classes: RecordClass[];
  /** closedAt plus the longest period of its classes; absent while the case is open. */
  keepUntil?: string;
}

export interface RetentionCandidate {
  personId: string;
  reason: 'cases-closed' | 'no-case';
  recordClasses: string[];
  lastClosedAt: string | null;
  /** Since when the person may be erased. */
  dueSince: string;
}

async function findAll<D extends Document>(store: ReadStore, collection: string, query: FindQuery): Promise<D[]> {
  const all: D[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find<D>(collection, { ...query, limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * A case's record class follows the agencies it involved: those named on its actions and every agency
 * the person's data were lawfully transferred to (a transfer belongs to the person's file as a whole).
 */
export async function caseRetentions(
  store: ReadStore,
  policy: RetentionPolicy,
  personId: string,
): Promise<CaseRetention[]> {
  const [cases, transfers] = await Promise.all([
    findAll<CaseDoc>(store, CASES, { filter: { personId } }),
    findAll<TransferDoc>(store, TRANSFERS, { filter: { personId, allowed: true } }),
  ]);
  const recipients = transfers.map((t) => t.toAgency);
  return Promise.all(
    cases.map(async (c) => {
      const timeline = await caseTimeline(store, c.caseId);
      const agencies = [...recipients, ...timeline.flatMap((entry) => entry.agencies ?? [])];
      const classes = classesFor(policy, agencies);
      const longest = Math.max(...classes.map((k) => k.years));
      return {
        caseId: c.caseId,
        status: c.status,
        ...(c.closedAt ? { closedAt: c.closedAt, keepUntil: addYears(c.closedAt, longest) } : {}),
        classes,
      };
    }),
  );
}

/**
 * Persons whose retention period has run out at `now`: every case closed and kept for its classes'
 * period, or — never having had a case — registered longer ago than the default class's period.
 * Erased persons are not listed again.
 */
export async function findDueForErasure(
  store: ReadStore,
  policy: RetentionPolicy,
  now: Date,
): Promise<RetentionCandidate[]> {
  const due: RetentionCandidate[] = [];
  const nowIso = now.toISOString();
  for (const person of await findAll<PersonDoc>(store, PERSONS, {})) {
    if (person.erased) continue;
    const cases = await caseRetentions(store, policy, person.personId);
    if (cases.length === 0) {
      const dueSince = addYears(person.registeredAt, policy.defaultClass.years);
      if (dueSince <= nowIso) {
        due.push({
          personId: person.personId,
          reason: 'no-case',
          recordClasses: [policy.defaultClass.code],
          lastClosedAt: null,
          dueSince,
        });
      }
      continue;
    }
    if (cases.some((c) => c.status === 'open' || !c.keepUntil)) continue;
    const dueSince = cases
      .map((c) => c.keepUntil!)
      .sort()
      .at(-1)!;
    if (dueSince > nowIso) continue;
    due.push({
      personId: person.personId,
      reason: 'cases-closed',
      recordClasses: [...new Set(cases.flatMap((c) => c.classes.map((k) => k.code)))].sort(),
      lastClosedAt: cases
        .map((c) => c.closedAt!)
        .sort()
        .at(-1)!,
      dueSince,
    });
  }
  return due.sort((a, b) => a.dueSince.localeCompare(b.dueSince) || a.personId.localeCompare(b.personId));
}

const germanDay = (iso: string) => new Date(iso).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin' });

/**
 * § 84 SGB X / Art. 17(3) DSGVO: a retention duty stands against erasure. Returns why the person's
 * file must be kept (one sentence per case), or undefined when nothing holds it.
 */
export async function legalHoldOf(
  store: ReadStore,
  policy: RetentionPolicy,
  personId: string,
  now: Date,
): Promise<string | undefined> {
  if (!policy.legalHold) return undefined;
  const reasons: string[] = [];
  for (const c of await caseRetentions(store, policy, personId)) {
    for (const k of c.classes.filter((k) => k.retentionDuty)) {
      if (c.status === 'open' || !c.closedAt) {
        reasons.push(
          `case ${c.caseId} is open and kept as "${k.label}" (retention duty of ${k.years} years after closure)`,
        );
      } else if (addYears(c.closedAt, k.years) > now.toISOString()) {
        reasons.push(
          `case ${c.caseId} closed on ${germanDay(c.closedAt)} is kept as "${k.label}" until ${germanDay(addYears(c.closedAt, k.years))} (retention duty)`,
        );
      }
    }
  }
  return reasons.length > 0
    ? `legal hold: ${reasons.join('; ')}; restrict processing instead (Art. 18 DSGVO)`
    : undefined;
}
