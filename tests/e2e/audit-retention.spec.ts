import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErasureService } from '../../src/audit/erasure.service.js';
import { ArchiveHandover } from '../../src/retention/archive-handover.js';
import { ReadModelsCurrent } from '../../src/audit/read-models-current.js';
import type { CommandEnvelope } from '../../src/event-sourcing/event-codec.js';
import { setRequestClock } from '../../src/http/request-context.js';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port.js';
import { RetentionFactsLoader } from '../../src/retention/retention-facts.js';
import { DEFAULT_RETENTION_POLICY } from '../../src/retention/retention-policy.js';
import { archiveOfferCsv, readArchiveDecisions, runRetention } from '../../src/retention/retention-run.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-retention' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-retention' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-retention' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-retention' };
const secondOfficer: Caller = { role: 'privacy_officer', sub: 'po-retention-2' };
const jobcenter: Caller = { role: 'agency_officer', sub: 'ao-retention', agency: 'JOBCENTER_IP' };
const clock = fixedClock('2026-03-10T09:00:00.000Z');

const person = (familyName: string) => ({
  givenName: 'Frist',
  familyName,
  dateOfBirth: '1980-01-01',
  nationality: 'IQ',
  municipality: 'Velbert',
  languages: ['ar'],
  residenceStatus: '§ 25 AufenthG',
  participation: PARTICIPATION,
});

/**
 * Product rule 8 and 12 (retention v2) on a clock the test sets: the KIM file is its own record class,
 * its periods end with the calendar year, a transfer to the Jobcenter holds nothing, and an erasure takes
 * a privacy officer and a second person.
 */
describe('retention v2 and four-eyes erasure, on a settable clock', () => {
  let app: TestApp;
  const ids = {} as Record<'noCase' | 'closed' | 'open' | 'jobcenter', string>;

  /** Registered on 10.03.2026; with `close`, a case closed on 15.06.2026 (with an action naming the Jobcenter). */
  async function file(name: keyof typeof ids, withCase: 'none' | 'open' | 'closed') {
    clock.set('2026-03-10T09:00:00.000Z');
    const personId = (await app.request(caseworker, 'POST', '/persons', person(name))).body.personId as string;
    ids[name] = personId;
    if (withCase === 'none') return;
    const caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Velbert' })).body
      .caseId as string;
    const action = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: '2026-03-10',
      summary: 'Erstberatung',
      agencies: [],
    });
    expect(action.status).toBe(201);
    if (withCase === 'closed') {
      clock.set('2026-06-15T10:00:00.000Z');
      const closed = await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' });
      expect(closed.status).toBe(200);
    }
  }

  beforeAll(async () => {
    setRequestClock(clock);
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub]);
    await file('noCase', 'none');
    await file('closed', 'closed');
    await file('open', 'open');
    await file('jobcenter', 'closed');
    // The Jobcenter received this person's data on consent: v1 would have held the file for ten years.
    clock.set('2026-03-11T09:00:00.000Z');
    const consent = await app.request(caseworker, 'POST', `/persons/${ids.jobcenter}/consents`, {
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity', 'employment'],
      purposes: ['labour-market-integration'],
      validUntil: '2027-03-10',
      evidence: { kind: 'signed-form', reference: 'KI-2026-0001' },
      informed: { language: 'ar', formVersion: 'KI-EW-2026-01', interpreter: true },
    });
    expect(consent.status).toBe(201);
    const transfer = await app.request(caseworker, 'POST', '/transfers', {
      personId: ids.jobcenter,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity', 'employment'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    expect(transfer.body.status).toBe('transferred');
    clock.set('2026-11-25T10:00:00.000Z');
  });
  afterAll(async () => {
    setRequestClock(systemClock);
    await app.stop();
  });

  const readStore = () => app.app.get<ReadStore>(READ_STORE);
  const facts = async (personId: string) => (await app.app.get(RetentionFactsLoader).load(personId)).facts;
  const due = async (now: string) => {
    await app.app.get(ReadModelsCurrent).await();
    return (await runRetention({ readStore: readStore(), policy: DEFAULT_RETENTION_POLICY, facts, now: new Date(now) }))
      .due;
  };

  describe('the periods of the KIM file (defaults: 6 months without a case, 3 years after the last closure)', () => {
    it('keeps everyone on 31.12.2026: periods end with the calendar year', async () => {
      expect(await due('2026-12-31T12:00:00.000Z')).toEqual([]);
    });

    it('lists the person without a case from 01.01.2027', async () => {
      const list = await due('2027-01-01T12:00:00.000Z');
      expect(list.map((d) => [d.personId, d.basis, d.keptUntil, d.dueOn])).toEqual([
        [ids.noCase, 'no-case', '2026-12-31', '2027-01-01'],
      ]);
    });

    it('lists closed files from 01.01.2030 (closed 2026, three years after the end of 2026), never an open one', async () => {
      expect((await due('2029-12-31T12:00:00.000Z')).map((d) => d.personId)).toEqual([ids.noCase]);
      const list = await due('2030-01-01T12:00:00.000Z');
      expect(list.map((d) => d.personId).sort()).toEqual([ids.noCase, ids.closed, ids.jobcenter].sort());
      expect(list.find((d) => d.personId === ids.closed)).toMatchObject({
        recordClass: 'kim-file',
        lastClosedOn: '2026-06-15',
        keptUntil: '2029-12-31',
      });
    });
  });

  describe('four-eyes erasure', () => {
    let erasureId: string;

    it('has raised an erasure review for each closed participation', async () => {
      const reviews = await app.request(privacyOfficer, 'GET', '/privacy/erasure-reviews');
      expect(reviews.status).toBe(200);
      expect(reviews.body.items.map((r: { personId: string }) => r.personId).sort()).toEqual(
        [ids.closed, ids.jobcenter].sort(),
      );
      expect(reviews.body.items[0]).toMatchObject({ trigger: 'participation-ended', status: 'open' });
    });

    it('lets neither the DPO nor a caseworker ask for it (403): the privacy officer executes', async () => {
      for (const caller of [dpo, caseworker, teamLead]) {
        const response = await app.request(caller, 'POST', `/privacy/persons/${ids.jobcenter}/erasure`, {
          reason: 'Antrag',
        });
        expect({ role: caller.role, status: response.status }).toEqual({ role: caller.role, status: 403 });
      }
    });

    it('refuses the request with 409 and the holds while a litigation hold stands (Art. 17(3)(e))', async () => {
      const placed = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.closed}/litigation-hold`, {
        reason: 'Klageverfahren VG Düsseldorf 12 K 345/26',
      });
      expect(placed.status).toBe(200);
      const refused = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.closed}/erasure`, {
        reason: 'Antrag',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.holds).toEqual(['litigation hold: Klageverfahren VG Düsseldorf 12 K 345/26']);
      const lifted = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.closed}/lift-litigation-hold`, {
        reason: 'Verfahren rechtskräftig abgeschlossen',
      });
      expect(lifted.status).toBe(200);
      expect(await app.app.get(ErasureService).holds(ids.closed, clock.now().toISOString())).toEqual([]);
    });

    it('refuses a request without a reason with a German field message (400)', async () => {
      const response = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.jobcenter}/erasure`, {});
      expect(response.status).toBe(400);
      expect(response.body.fields[0]).toMatchObject({ field: 'reason', messageDe: expect.any(String) });
    });

    it('accepts the request although the Jobcenter received the data (no borrowed retention duty)', async () => {
      const response = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.jobcenter}/erasure`, {
        reason: 'Antrag der betroffenen Person vom 20.11.2026',
      });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        erasureId: expect.any(String),
        personId: ids.jobcenter,
        status: 'awaiting-approval',
      });
      erasureId = response.body.erasureId;
      const queue = await app.request(dpo, 'GET', '/privacy/erasures?status=awaiting-approval');
      expect(queue.body.items.map((e: { erasureId: string }) => e.erasureId)).toContain(erasureId);
    });

    it('refuses a second request while one awaits approval (409)', async () => {
      const response = await app.request(secondOfficer, 'POST', `/privacy/persons/${ids.jobcenter}/erasure`, {
        reason: 'nochmals',
      });
      expect(response.status).toBe(409);
    });

    it('refuses the approval by the requester (422) and by the DPO (403)', async () => {
      const own = await app.request(privacyOfficer, 'POST', `/privacy/erasures/${erasureId}/approve`, {});
      expect(own.status).toBe(422);
      expect(own.body.reasons).toEqual(['four-eyes-same-person']);
      expect((await app.request(dpo, 'POST', `/privacy/erasures/${erasureId}/approve`, {})).status).toBe(403);
      expect((await app.request(privacyOfficer, 'GET', `/persons/${ids.jobcenter}`)).body.erased).toBe(false);
    });

    it('can be rejected by a second privacy officer, with a reason; the rejected request cannot be approved', async () => {
      const rejected = await app.request(secondOfficer, 'POST', `/privacy/erasures/${erasureId}/reject`, {
        reason: 'Identität der antragstellenden Person nicht nachgewiesen',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toEqual({ erasureId, personId: ids.jobcenter, status: 'rejected' });
      expect((await app.request(teamLead, 'POST', `/privacy/erasures/${erasureId}/approve`, {})).status).toBe(409);
    });

    it('erases on a new request approved by a team lead, naming the recipients to notify (Art. 19)', async () => {
      const requested = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.jobcenter}/erasure`, {
        reason: 'Antrag der betroffenen Person vom 24.11.2026, Identität geprüft',
      });
      expect(requested.status).toBe(202);
      const approved = await app.request(teamLead, 'POST', `/privacy/erasures/${requested.body.erasureId}/approve`, {});
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'erased',
        personId: ids.jobcenter,
        recipientsToNotify: ['JOBCENTER_IP'],
      });
      expect((await app.request(privacyOfficer, 'GET', `/persons/${ids.jobcenter}`)).body).toMatchObject({
        erased: true,
      });
      const stream = await app.eventStore.readStream(`person-${ids.jobcenter}`);
      expect(stream.find((e) => e.type === 'PersonErased')?.data).toMatchObject({
        erasureId: requested.body.erasureId,
        requestedBy: privacyOfficer.sub,
        approvedBy: teamLead.sub,
      });
    });

    it('keeps only the nationality group in the erased person’s residue (issue 15 item 9)', async () => {
      await app.app.get(ReadModelsCurrent).await();
      const doc = await readStore().get<PersonDoc>(PERSONS, ids.jobcenter);
      expect(doc?.residue).toEqual({
        municipality: 'Velbert',
        birthYearBand: '1980-1984',
        nationalityGroup: 'middle-east',
      });
    });

    it('tracks the notice to the Jobcenter until it acknowledges (Art. 19 DSGVO)', async () => {
      const open = await app.request(dpo, 'GET', '/privacy/erasure-notices?status=open');
      expect(open.body.items).toEqual([
        expect.objectContaining({ personId: ids.jobcenter, agency: 'JOBCENTER_IP', status: 'open' }),
      ]);
      const ack = await app.request(jobcenter, 'POST', `/privacy/persons/${ids.jobcenter}/erasure-notice/acknowledge`);
      expect(ack.status).toBe(200);
      expect(ack.body).toEqual({ personId: ids.jobcenter, agency: 'JOBCENTER_IP', status: 'acknowledged' });
      expect(
        (await app.request(jobcenter, 'POST', `/privacy/persons/${ids.jobcenter}/erasure-notice/acknowledge`)).status,
      ).toBe(409);
      const after = await app.request(privacyOfficer, 'GET', '/privacy/erasure-notices');
      expect(after.body.items[0]).toMatchObject({ agency: 'JOBCENTER_IP', status: 'acknowledged' });
    });

    it('refuses any command on the erased person (4xx)', async () => {
      const response = await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.jobcenter}/erasure`, {
        reason: 'nochmals',
      });
      expect(response.status).toBe(422);
    });
  });

  describe('the retention run with the archive offer (§ 10 ArchivG NRW)', () => {
    const now = new Date('2030-01-02T09:00:00.000Z');
    const envelope = (personId: string): CommandEnvelope => ({
      commandId: `00000000-0000-4000-8000-${personId.slice(-12)}`,
      correlationId: `retention-${personId}`,
      actor: { sub: 'kim-cli:test', role: 'admin', agency: 'KI' },
      purpose: 'retention-period-expired',
      at: now.toISOString(),
    });

    it('offers the due files as CSV the archive reads, hands over and erases only what the archive decided on', async () => {
      const erasure = app.app.get(ErasureService);
      const handover = app.app.get(ArchiveHandover);
      const handedOver: string[] = [];
      await app.app.get(ReadModelsCurrent).await();
      const offered = await runRetention({ readStore: readStore(), policy: DEFAULT_RETENTION_POLICY, facts, now });
      const csv = archiveOfferCsv(offered.due);
      expect(csv.split('\n')[1]).toBe(
        'personId;recordClass;basis;registeredOn;lastClosedOn;keptUntil;dueOn;municipality;caseCount;decision',
      );
      expect(offered.due.map((d) => d.personId).sort()).toEqual([ids.noCase, ids.closed].sort());
      // The archive takes the closed file over and declines nothing else yet.
      const answer = csv.replace(new RegExp(`^(${ids.closed};.*);$`, 'm'), '$1;archive');
      const decisions = readArchiveDecisions(answer);
      expect([...decisions]).toEqual([[ids.closed, 'archive']]);
      const result = await runRetention({
        readStore: readStore(),
        policy: DEFAULT_RETENTION_POLICY,
        facts,
        now,
        decisions,
        erase: async (candidate) => {
          const e = envelope(candidate.personId);
          handedOver.push(
            await handover.handOver(candidate.personId, join(app.dataDir, 'archiv'), e.actor, e.at, 'handover-1'),
          );
          return erasure.eraseExpired(e, candidate.personId, 'übernommen');
        },
      });
      // Handed over first, decrypted and readable without kim-ledger, and the read logged.
      const file = JSON.parse(readFileSync(handedOver[0]!, 'utf8'));
      expect(file.personalData).toMatchObject({ familyName: 'closed', givenName: 'Frist' });
      const [logged] = await app.eventStore.readStream('access-handover-1');
      expect(logged?.data).toMatchObject({ purpose: 'archive-handover', personIds: [ids.closed] });
      expect(result.erased.map((e) => e.personId)).toEqual([ids.closed]);
      expect(result.awaitingArchive).toEqual([ids.noCase]);
      expect(result.failed).toEqual([]);
      expect((await app.request(privacyOfficer, 'GET', `/persons/${ids.closed}`)).body).toMatchObject({ erased: true });
      expect((await app.request(privacyOfficer, 'GET', `/persons/${ids.open}`)).body).toMatchObject({ erased: false });
    });
  });
});
