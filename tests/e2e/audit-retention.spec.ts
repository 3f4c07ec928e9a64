import { ErasureService } from '../../src/audit/erasure.service.js';
import type { CommandEnvelope } from '../../src/event-sourcing/event-codec.js';
import { setRequestClock } from '../../src/http/request-context.js';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port.js';
import { DEFAULT_RETENTION_POLICY, retentionPolicyFromEnv } from '../../src/retention/retention-policy.js';
import { runRetention } from '../../src/retention/retention-run.js';
import { legalHoldOf } from '../../src/retention/retention.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { TestApp, type Caller } from '../support/test-app.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-retention' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-retention' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-retention' };
const clock = fixedClock('2012-03-01T09:00:00.000Z');

const person = (familyName: string) => ({
  givenName: 'Frist',
  familyName,
  dateOfBirth: '1980-01-01',
  nationality: 'IQ',
  municipality: 'Velbert',
  languages: ['ar'],
  residenceStatus: '§ 25 AufenthG',
});

describe('retention periods per record class, against a pinned clock', () => {
  let app: TestApp;
  const ids: Record<'kim' | 'asylblg' | 'sgb2' | 'youthOpen' | 'noCase', string> = {} as never;
  const caseOf: Record<string, string> = {};

  /** Registers at the clock's time, opens a case, records an action involving `agencies`, closes at `closeOn`. */
  async function file(name: keyof typeof ids, agencies: string[] | null, closeOn?: string) {
    clock.set('2012-03-01T09:00:00.000Z');
    const personId = (await app.request(caseworker, 'POST', '/persons', person(name))).body.personId as string;
    ids[name] = personId;
    if (agencies === null) return;
    const caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Velbert' })).body
      .caseId as string;
    caseOf[name] = caseId;
    // Issue 14: an action names an agency only after data were delivered to it (here under consent).
    if (agencies.length > 0) {
      const consent = await app.request(caseworker, 'POST', `/persons/${personId}/consents`, {
        recipients: agencies,
        dataCategories: ['identity'],
        purposes: ['counselling'],
        validUntil: '2013-02-28',
        evidence: { kind: 'signed-form', reference: `KI-2012-${name}` },
        informed: { language: 'ar', formVersion: 'KI-EW-2012-01', interpreter: true },
      });
      expect(consent.status).toBe(201);
      for (const toAgency of agencies) {
        const body = { personId, caseId, toAgency, dataCategories: ['identity'], purpose: 'counselling' };
        expect((await app.request(caseworker, 'POST', '/transfers', { ...body, legalBasis: 'consent' })).status).toBe(
          201,
        );
      }
    }
    expect(
      (
        await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
          type: 'counselling',
          occurredAt: '2012-03-01',
          summary: 'Erstberatung',
          agencies,
        })
      ).status,
    ).toBe(201);
    if (closeOn) {
      clock.set(`${closeOn}T10:00:00.000Z`);
      expect(
        (await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' })).status,
      ).toBe(200);
    }
  }

  beforeAll(async () => {
    setRequestClock(clock);
    app = await TestApp.start();
    await file('kim', [], '2014-06-01'); // KIM case file, 10 years: due 2024-06-01
    await file('asylblg', ['SOZIALAMT_VELBERT'], '2019-01-10'); // AsylbLG, 6 years: due 2025-01-10
    await file('sgb2', ['JOBCENTER_IP'], '2019-01-10'); // SGB II, 10 years: due 2029-01-10
    await file('youthOpen', ['JUGENDAMT']); // still open
    await file('noCase', null); // registered 2012, never a case: due 2022-03-01
    clock.set('2026-11-25T10:00:00.000Z');
  });
  afterAll(async () => {
    setRequestClock(systemClock);
    await app.stop();
  });

  const readStore = () => app.app.get<ReadStore>(READ_STORE);
  const due = async (now: string) =>
    (await runRetention({ readStore: readStore(), policy: DEFAULT_RETENTION_POLICY, now: new Date(now) })).due;

  describe('on 25 November 2026', () => {
    it('lists the persons whose period has run out, with class and due date', async () => {
      const list = await due('2026-11-25T10:00:00.000Z');
      expect(list.map((d) => [d.personId, d.reason, d.recordClasses, d.dueSince.slice(0, 10)])).toEqual([
        [ids.noCase, 'no-case', ['kim'], '2022-03-01'],
        [ids.kim, 'cases-closed', ['kim'], '2024-06-01'],
        [ids.asylblg, 'cases-closed', ['asylblg'], '2025-01-10'],
      ]);
    });
  });

  describe('on 1 January 2024', () => {
    it('lists only the person without a case', async () => {
      expect((await due('2024-01-01T00:00:00.000Z')).map((d) => d.personId)).toEqual([ids.noCase]);
    });
  });

  describe('when the DPO asks to erase a file under a retention duty', () => {
    it('refuses a closed SGB II file with 409 and the reason', async () => {
      const response = await app.request(dpo, 'POST', `/audit/persons/${ids.sgb2}/erase`, { reason: 'Antrag' });
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/legal hold: .*Leistungsakte SGB II.* until 10\.1\.2029/);
      expect((await app.request(privacyOfficer, 'GET', `/persons/${ids.sgb2}`)).body.erased).toBe(false);
    });

    it('refuses an open youth welfare file with 409', async () => {
      const response = await app.request(dpo, 'POST', `/audit/persons/${ids.youthOpen}/erase`, { reason: 'Antrag' });
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/is open/);
    });

    it('holds nothing when the legal hold is switched off', async () => {
      const policy = retentionPolicyFromEnv({ KIM_LEGAL_HOLD: 'off' });
      expect(await legalHoldOf(readStore(), policy, ids.sgb2, new Date('2026-11-25T10:00:00.000Z'))).toBeUndefined();
    });
  });

  describe('when the run erases what is due', () => {
    it('erases exactly the due persons through the erasure service, and a second run finds none', async () => {
      const erasure = app.app.get(ErasureService);
      const now = new Date('2026-11-25T10:00:00.000Z');
      const result = await runRetention({
        readStore: readStore(),
        policy: DEFAULT_RETENTION_POLICY,
        now,
        erase: (candidate) => {
          const envelope: CommandEnvelope = {
            commandId: `00000000-0000-4000-8000-${candidate.personId.slice(-12)}`,
            correlationId: `retention-${candidate.personId}`,
            actor: { sub: 'kim-cli:test', role: 'admin', agency: 'KI' },
            purpose: 'retention-period-expired',
            at: now.toISOString(),
          };
          return erasure.erase(envelope, candidate.personId, 'retention period expired');
        },
      });
      expect(result.failed).toEqual([]);
      expect(result.erased.map((e) => e.personId).sort()).toEqual([ids.noCase, ids.kim, ids.asylblg].sort());
      for (const personId of [ids.noCase, ids.kim, ids.asylblg]) {
        expect((await app.request(privacyOfficer, 'GET', `/persons/${personId}`)).body).toMatchObject({ erased: true });
      }
      expect((await app.request(privacyOfficer, 'GET', `/persons/${ids.sgb2}`)).body).toMatchObject({
        erased: false,
        familyName: 'sgb2',
      });
      expect(await due('2026-11-25T10:00:00.000Z')).toEqual([]);
    });
  });
});
