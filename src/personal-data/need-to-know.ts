import type { CaseFile } from '../case-management/case.decider.js';
import type { PersonFile } from '../person-file/person-file.decider.js';
import { addDays, localDate } from '../shared/calendar.js';

/**
 * Need to know, for as long as the need lasts (product rule 6 v2; Art. 25 DSGVO privacy by default).
 * Decided from the person's stream and the streams of the cases it lists, folded — never from a read
 * model — so a reassignment takes effect for the very next request. Pure: the same facts and instant
 * always give the same answer, and the answer names its ground, which lands in the access log.
 *
 * A caseworker works on a case while it is assigned to them; while it is unassigned, its last assignee
 * (after a reopening) or, if it was never assigned, whoever opened it; and with a deputy grant. They
 * still read a closed case they were assigned to for a grace period after closure. They see a person
 * while they may read one of the person's cases, hold a deputy grant, or registered the person and no
 * case of the person has been assigned yet.
 */
export interface AccessSettings {
  /** Days after closure during which the last assignee still reads the case (KIM_ACCESS_GRACE_DAYS). */
  graceDaysAfterClosure: number;
  /** Longest deputy grant in days (KIM_DEPUTY_GRANT_MAX_DAYS). */
  deputyGrantMaxDays: number;
}

export const DEFAULT_ACCESS_SETTINGS: AccessSettings = { graceDaysAfterClosure: 30, deputyGrantMaxDays: 92 };

export type AccessGround =
  | 'assigned'
  | 'last-assignee-awaiting-reassignment'
  | 'opened-not-yet-assigned'
  | 'deputy'
  | 'grace-after-closure'
  | 'registered-no-case-assigned';

export interface PersonAccessFacts {
  person: PersonFile;
  /** The folded streams of the cases the person file lists (a case still being opened may be missing). */
  cases: ReadonlyMap<string, CaseFile>;
}

const deputyGrantFor = (facts: PersonAccessFacts, sub: string, at: string, caseId?: string) => {
  const today = localDate(at);
  return facts.person.deputyGrants.some(
    (g) => g.caseworkerId === sub && g.until >= today && (g.caseId === undefined || g.caseId === caseId),
  );
};

/** Ground on which caseworker `sub` may change case `caseId`, or undefined. */
export function workGround(
  sub: string,
  facts: PersonAccessFacts,
  caseId: string,
  at: string,
): AccessGround | undefined {
  const file = facts.cases.get(caseId);
  if (!file || file.status !== 'open' || !facts.person.caseIds.includes(caseId)) return undefined;
  if (file.caseworkerId === sub) return 'assigned';
  if (file.caseworkerId === undefined && file.lastCaseworkerId === sub) return 'last-assignee-awaiting-reassignment';
  if (!file.everAssigned && file.openedBy === sub) return 'opened-not-yet-assigned';
  if (deputyGrantFor(facts, sub, at, caseId)) return 'deputy';
  return undefined;
}

/** Ground on which caseworker `sub` may read case `caseId` (its notes and timeline), or undefined. */
export function caseReadGround(
  sub: string,
  facts: PersonAccessFacts,
  caseId: string,
  at: string,
  settings: AccessSettings,
): AccessGround | undefined {
  const work = workGround(sub, facts, caseId, at);
  if (work) return work;
  const file = facts.cases.get(caseId);
  // Who held the case when it closed: its assignee, or whoever opened it if it was never assigned.
  const holder = file?.everAssigned ? file.lastCaseworkerId : file?.openedBy;
  if (file?.status === 'closed' && holder === sub && file.closedAt) {
    const lastDay = addDays(localDate(file.closedAt), settings.graceDaysAfterClosure);
    if (localDate(at) <= lastDay) return 'grace-after-closure';
  }
  return undefined;
}

/** Ground on which caseworker `sub` may see the person (personal data, consents, transfers), or undefined. */
export function personGround(
  sub: string,
  facts: PersonAccessFacts,
  at: string,
  settings: AccessSettings,
): AccessGround | undefined {
  for (const caseId of facts.person.caseIds) {
    const ground = caseReadGround(sub, facts, caseId, at, settings);
    if (ground) return ground;
  }
  if (deputyGrantFor(facts, sub, at)) return 'deputy';
  const anyAssigned = facts.person.caseIds.some((id) => facts.cases.get(id)?.everAssigned);
  if (facts.person.registeredBy === sub && !anyAssigned) return 'registered-no-case-assigned';
  return undefined;
}
