import { todayInGermany } from './calendar.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Figure } from './reliability-report.js';
import { PARTICIPATION } from './builders.js';

/**
 * Races of issue item 3, over real concurrent requests: a consent withdrawal racing a transfer under that
 * consent, two edits of one case (with and without If-Match), a close racing an action, and assignments
 * racing for the last caseload slot. Runs against any driver: the in-process TestApp or spawned services.
 */
export interface RaceCaller {
  role: 'caseworker' | 'team_lead';
  sub: string;
}
export interface RaceDriver {
  request(
    caller: RaceCaller,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  stream(name: string): Promise<RecordedEvent[]>;
}

export interface RaceResult {
  figures: Figure[];
  violations: number;
  serverErrors: number;
  problems: string[];
}

const caseworker: RaceCaller = { role: 'caseworker', sub: 'cw-race' };
const teamLead: RaceCaller = { role: 'team_lead', sub: 'tl-race' };
const personBody = (i: number) => ({
  givenName: `Wettlauf${i}`,
  familyName: 'Test',
  dateOfBirth: '1985-03-03',
  nationality: 'UA',
  municipality: 'Ratingen',
  languages: ['uk'],
  residenceStatus: '§ 24 AufenthG',
  participation: PARTICIPATION,
});
const consentBody = {
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity', 'employment'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  evidence: { kind: 'signed-form', reference: 'KI-RACE-1' },
  informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
};
const action = (summary: string) => ({ type: 'counselling', occurredAt: todayInGermany(), summary, agencies: [] });

async function personWithCase(driver: RaceDriver, i: number, opener: RaceCaller = caseworker) {
  const p = await driver.request(caseworker, 'POST', '/persons', personBody(i));
  if (p.status !== 201) throw new Error(`set-up: register answered ${p.status} ${JSON.stringify(p.body)}`);
  const c = await driver.request(opener, 'POST', '/cases', { personId: p.body.personId, municipality: 'Ratingen' });
  if (c.status !== 201) throw new Error(`set-up: open case answered ${c.status} ${JSON.stringify(c.body)}`);
  return { personId: p.body.personId as string, caseId: c.body.caseId as string, revision: c.body.revision as number };
}

function tally() {
  const problems: string[] = [];
  let violations = 0;
  let serverErrors = 0;
  return {
    problems,
    violation: (what: string) => (violations++, problems.length < 10 && problems.push(what)),
    answered: (...statuses: number[]) =>
      statuses.forEach((s) => s >= 500 && (serverErrors++, problems.push(`a ${s} answer`))),
    result: (figures: Figure[]): RaceResult => ({ figures, violations, serverErrors, problems }),
  };
}

/** Rule 3: withdrawal takes effect for every later transfer; a transfer is allowed only before it. */
export async function withdrawalVersusTransfer(driver: RaceDriver, rounds: number): Promise<RaceResult> {
  const t = tally();
  let allowed = 0;
  let refused = 0;
  for (let i = 0; i < rounds; i++) {
    const { personId, caseId } = await personWithCase(driver, i);
    const consent = await driver.request(caseworker, 'POST', `/persons/${personId}/consents`, consentBody);
    const consentId = consent.body.consentId as string;
    const transferBody = {
      personId,
      caseId,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity', 'employment'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    };
    const [withdrawal, transfer] = await Promise.all([
      driver.request(caseworker, 'POST', `/persons/${personId}/consents/${consentId}/withdraw`, {
        reason: 'Widerruf im Wettlauf',
      }),
      driver.request(caseworker, 'POST', '/transfers', transferBody),
    ]);
    t.answered(withdrawal.status, transfer.status);
    if (withdrawal.status !== 200) t.violation(`withdrawal answered ${withdrawal.status}`);
    const events = await driver.stream(`person-${personId}`);
    const withdrawnAt = events.find((e) => e.type === 'ConsentWithdrawn')?.revision ?? Infinity;
    const transferred = events.filter((e) => e.type === 'DataTransferred');
    for (const e of transferred) {
      const usedConsent = ((e.data.verdict as { consentIds: string[] }).consentIds ?? []).includes(consentId);
      if (usedConsent && e.revision > withdrawnAt)
        t.violation(`transfer under a withdrawn consent at revision ${e.revision}`);
    }
    if (transfer.status === 201) allowed += 1;
    else if (transfer.status === 422) refused += 1;
    else t.violation(`transfer answered ${transfer.status} ${JSON.stringify(transfer.body)}`);
    // The answer must say what was recorded: 201 ⇔ one DataTransferred, 422 ⇔ one TransferRefused.
    const refusedEvents = events.filter((e) => e.type === 'TransferRefused').length;
    if (
      (transfer.status === 201) !== (transferred.length === 1) ||
      (transfer.status === 422) !== (refusedEvents === 1)
    ) {
      t.violation(`answer ${transfer.status} but ${transferred.length} transferred / ${refusedEvents} refused events`);
    }
  }
  return t.result([
    { label: 'withdrawal-versus-transfer rounds', value: rounds },
    { label: 'transfers that won the race (recorded before the withdrawal)', value: allowed, of: rounds },
    { label: 'transfers refused after the withdrawal', value: refused, of: rounds },
  ]);
}

/** Two edits of one case: with If-Match exactly one wins (the other 412); without, both are recorded once. */
export async function twoEditsOfOneCase(driver: RaceDriver, rounds: number): Promise<RaceResult> {
  const t = tally();
  let preconditionFailed = 0;
  let conflicted = 0;
  let closeWon = 0;
  for (let i = 0; i < rounds; i++) {
    const { caseId, revision } = await personWithCase(driver, 1000 + i);
    const ifMatch = { 'if-match': `"${revision}"` };
    const pinned = await Promise.all([
      driver.request(caseworker, 'POST', `/cases/${caseId}/actions`, action('A mit If-Match'), ifMatch),
      driver.request(caseworker, 'POST', `/cases/${caseId}/actions`, action('B mit If-Match'), ifMatch),
    ]);
    t.answered(...pinned.map((r) => r.status));
    const won = pinned.filter((r) => r.status === 201).length;
    preconditionFailed += pinned.filter((r) => r.status === 412).length;
    // Across processes the loser can meet the store's own conflict check instead of the If-Match check (409).
    conflicted += pinned.filter((r) => r.status === 409).length;
    if (won !== 1 || pinned.some((r) => ![201, 409, 412].includes(r.status)))
      t.violation(`If-Match pair answered ${pinned.map((r) => r.status)}`);
    const free = await Promise.all([
      driver.request(caseworker, 'POST', `/cases/${caseId}/actions`, action('C ohne If-Match')),
      driver.request(caseworker, 'POST', `/cases/${caseId}/actions`, action('D ohne If-Match')),
    ]);
    t.answered(...free.map((r) => r.status));
    if (free.some((r) => r.status !== 201)) t.violation(`edits without If-Match answered ${free.map((r) => r.status)}`);
    const [closed, late] = await Promise.all([
      driver.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' }),
      driver.request(caseworker, 'POST', `/cases/${caseId}/actions`, action('E gegen Abschluss')),
    ]);
    t.answered(closed.status, late.status);
    const events = await driver.stream(`case-${caseId}`);
    const actions = events.filter((e) => e.type === 'CaseActionRecorded');
    const closedAt = events.find((e) => e.type === 'CaseClosed')?.revision ?? Infinity;
    if (closed.status !== 200) t.violation(`close answered ${closed.status}`);
    if (late.status === 422) closeWon += 1;
    else if (late.status !== 201) t.violation(`action racing the close answered ${late.status}`);
    const expectedActions = won + free.filter((r) => r.status === 201).length + (late.status === 201 ? 1 : 0);
    if (actions.length !== expectedActions)
      t.violation(`${actions.length} actions recorded, ${expectedActions} acknowledged`);
    if (actions.some((e) => e.revision > closedAt)) t.violation('an action recorded after the case was closed');
    if (new Set(actions.map((e) => e.data.actionId)).size !== actions.length) t.violation('an action recorded twice');
  }
  return t.result([
    { label: 'two-edits rounds (If-Match pair, free pair, close against action)', value: rounds },
    { label: 'If-Match losers answered 412', value: preconditionFailed, of: rounds },
    { label: 'If-Match losers answered 409 (the store refused the stale revision)', value: conflicted, of: rounds },
    { label: 'actions refused because the close won', value: closeWon, of: rounds },
  ]);
}

/** Rule 5: `racers` assignments race for the last slot of a caseload holding limit − 1 cases. */
export async function lastCaseloadSlot(driver: RaceDriver, limit: number, racers: number): Promise<RaceResult> {
  const t = tally();
  const target = `cw-slot-${Math.random().toString(36).slice(2, 8)}`;
  const staffed = await driver.request(teamLead, 'PUT', `/staff/${target}`, { provider: 'KI', fte: 1, baustein: 2 });
  if (staffed.status !== 200) throw new Error(`set-up: staff register answered ${staffed.status}`);
  for (let i = 0; i < limit - 1; i++) {
    const { caseId } = await personWithCase(driver, 2000 + i, teamLead);
    const a = await driver.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: target });
    if (a.status !== 200) throw new Error(`set-up: assignment ${i} answered ${a.status}`);
  }
  const contenders = [];
  for (let i = 0; i < racers; i++) contenders.push((await personWithCase(driver, 3000 + i, teamLead)).caseId);
  const answers = await Promise.all(
    contenders.map((caseId) => driver.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: target })),
  );
  t.answered(...answers.map((r) => r.status));
  const accepted = answers.filter((r) => r.status === 200).length;
  if (accepted !== 1) t.violation(`${accepted} assignments won the last slot`);
  if (answers.some((r) => r.status !== 200 && r.status !== 409))
    t.violation(`assignments answered ${answers.map((r) => r.status)}`);
  const active = new Set<string>();
  for (const e of await driver.stream(`caseload-${target}`)) {
    const caseId = (e.data as { caseId: string }).caseId;
    if (e.type === 'CaseloadSlotTaken') active.add(caseId);
    else active.delete(caseId);
  }
  if (active.size > limit) t.violation(`caseload ledger holds ${active.size} > ${limit}`);
  return t.result([
    { label: `assignments racing for slot ${limit} of ${limit}`, value: racers },
    { label: 'assignments that won the last slot', value: accepted, of: racers },
    { label: 'cases on the caseload ledger afterwards', value: active.size, of: limit },
  ]);
}
