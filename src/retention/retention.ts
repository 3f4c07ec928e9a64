import { localDate } from '../shared/calendar.js';
import type { RetentionPolicy } from './retention-policy.js';

/**
 * Retention v2, pure: decided on the person's folded stream and the streams of the cases it lists
 * (product rule 8: never on a lagging read model). Periods end with the calendar year (legal.md
 * "Retention"): a file whose period runs out in 2029 is kept until 31.12.2029 and due from 1.1.2030.
 */
export interface RetentionFacts {
  personId: string;
  /** Instant of PersonRegistered. */
  registeredAt: string;
  erased: boolean;
  /** The reason of a standing litigation hold (Art. 17(3)(e) DSGVO). */
  litigationHold?: string;
  cases: readonly { caseId: string; status: 'none' | 'open' | 'closed'; closedAt?: string }[];
}

export interface Retention {
  recordClass: string;
  basis: 'no-case' | 'cases-closed' | 'case-open';
  /** German calendar date of the last closure. */
  lastClosedOn?: string;
  /** Last day the file is kept (31 December); absent while a case is open. */
  keptUntil?: string;
  /** First day the file is due for the archive offer and destruction. */
  dueOn?: string;
}

const endOfYear = (date: string) => `${date.slice(0, 4)}-12-31`;
const nextYear = (date: string) => `${Number(date.slice(0, 4)) + 1}-01-01`;
const plusYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4, 7)}-01`;

function plusMonths(date: string, months: number): string {
  const index = Number(date.slice(5, 7)) - 1 + months;
  return `${Number(date.slice(0, 4)) + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The KIM file's own retention (product rule 12): never widened by what other agencies must keep. */
export function retentionOf(policy: RetentionPolicy, facts: RetentionFacts): Retention {
  const recordClass = policy.kimFile.code;
  const cases = facts.cases.filter((c) => c.status !== 'none');
  if (cases.length === 0) {
    const keptUntil = endOfYear(plusMonths(localDate(facts.registeredAt), policy.kimFile.monthsWithoutCase));
    return { recordClass, basis: 'no-case', keptUntil, dueOn: nextYear(keptUntil) };
  }
  if (cases.some((c) => c.status === 'open' || !c.closedAt)) return { recordClass, basis: 'case-open' };
  const lastClosedOn = cases
    .map((c) => localDate(c.closedAt!))
    .sort()
    .at(-1)!;
  const keptUntil = endOfYear(plusYears(lastClosedOn, policy.kimFile.yearsAfterLastClosure));
  return { recordClass, basis: 'cases-closed', lastClosedOn, keptUntil, dueOn: nextYear(keptUntil) };
}

const germanDay = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/**
 * Art. 17(3)(b), (e) DSGVO, § 84 SGB X: what stands against erasing the person at `at` — only a litigation
 * hold and the county's own configured duties. One sentence per hold, naming the norm and until when.
 */
export function holdsOf(policy: RetentionPolicy, facts: RetentionFacts, at: string): string[] {
  const litigation = facts.litigationHold !== undefined ? [`litigation hold: ${facts.litigationHold}`] : [];
  return [...litigation, ...ownDutyHolds(policy, facts, at)];
}

function ownDutyHolds(policy: RetentionPolicy, facts: RetentionFacts, at: string): string[] {
  const today = localDate(at);
  const retention = retentionOf(policy, facts);
  if (retention.basis === 'no-case') return [];
  return policy.ownDuties.flatMap((duty) => {
    if (retention.basis === 'case-open') {
      return [`${duty.label} (${duty.norm}): a case is open; kept ${duty.yearsAfterLastClosure} years after closure`];
    }
    const until = endOfYear(plusYears(retention.lastClosedOn!, duty.yearsAfterLastClosure));
    return until >= today ? [`${duty.label} (${duty.norm}): kept until ${germanDay(until)}`] : [];
  });
}

/** Due for the archive offer and destruction at `at`: the KIM file's period and every own duty have run. */
export function isDue(policy: RetentionPolicy, facts: RetentionFacts, at: string): boolean {
  if (facts.erased) return false;
  const retention = retentionOf(policy, facts);
  return retention.dueOn !== undefined && retention.dueOn <= localDate(at) && holdsOf(policy, facts, at).length === 0;
}
