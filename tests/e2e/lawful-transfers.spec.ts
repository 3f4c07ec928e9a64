import { setRequestClock } from '../../src/http/request-context.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

/**
 * Issue 14 over HTTP on the embedded stores: every default row of the legal-basis matrix carries a lawful
 * transfer and names itself in the answer; the review's cases are refused with their reasons; four eyes
 * where the row asks for them. Kreis Mettmann's defaults (no KIM_LEGAL_BASES_FILE).
 */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-lawful' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-lawful' };
const immigrationOfficer: Caller = { role: 'agency_officer', sub: 'abh-lawful', agency: 'AUSLAENDERBEHOERDE' };
const dpo: Caller = { role: 'dpo', sub: 'dsb-lawful' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'dsk-lawful' };

const TODAY = '2026-11-20';
const person = (nationality: string) => ({
  givenName: 'Rania',
  familyName: 'Haddad',
  dateOfBirth: '1990-06-01',
  nationality,
  municipality: 'Ratingen',
  languages: ['ar'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
});
const informed = { language: 'ar', formVersion: 'KI-EW-2026-01', interpreter: true };
const ersuchen = (authority: string) => ({ authority, reference: `${authority}-4711`, receivedOn: '2026-11-18' });
const WITHIN_TASKS = ['request-within-authority-tasks'];
const justification = 'Ersuchen der Behörde im Einzelfall, Angaben für das laufende Verfahren erforderlich';

describe('lawful transfers over HTTP (legal-basis matrix, issue 14)', () => {
  let app: TestApp;
  let syrian: string;
  let german: string;
  const transfer = (body: Record<string, unknown>) =>
    app.request(caseworker, 'POST', '/transfers', { personId: syrian, ...body });

  beforeAll(async () => {
    setRequestClock({ now: () => new Date(`${TODAY}T10:00:00.000Z`) });
    app = await TestApp.start();
    syrian = (await app.request(caseworker, 'POST', '/persons', person('SY'))).body.personId;
    german = (await app.request(caseworker, 'POST', '/persons', person('DE'))).body.personId;
  });
  afterAll(async () => {
    await app.stop();
    setRequestClock({ now: () => new Date() });
  });

  describe('GET /legal-bases and GET /catalogue', () => {
    it('show the six default rows with their norms', async () => {
      const { status, body } = await app.request(caseworker, 'GET', '/legal-bases');
      expect(status).toBe(200);
      expect(body.regime).toBe('sgb');
      expect(body.rows.map((r: { code: string; norm: string }) => [r.code, r.norm])).toEqual([
        ['consent', expect.stringContaining('Art. 6 Abs. 1 lit. a DSGVO')],
        ['sgb10-69', '§ 69 Abs. 1 Nr. 1 SGB X'],
        ['sgb10-71-2', '§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG'],
        ['kkg-4', '§ 4 Abs. 3 KKG i. V. m. § 8a SGB VIII'],
        ['stag-32', '§ 32 Abs. 1 StAG'],
        ['vital-interests', expect.stringContaining('Art. 6 Abs. 1 lit. d DSGVO')],
      ]);
    });

    it('lists agencies, municipalities, categories, purposes, bases and reasons with German labels', async () => {
      const { status, body } = await app.request(immigrationOfficer, 'GET', '/catalogue');
      expect(status).toBe(200);
      expect(body.agencies).toContainEqual(
        expect.objectContaining({ code: 'SOZIALAMT_RATINGEN', label: 'Sozialamt der Stadt Ratingen' }),
      );
      expect(body.agencies).toContainEqual(expect.objectContaining({ code: 'SOZIALAMT', legacy: true }));
      expect(body.municipalities).toContainEqual({ code: 'Ratingen', label: 'Ratingen' });
      expect(body.purposes).toContainEqual(
        expect.objectContaining({ code: 'child-protection', label: 'Kinderschutz' }),
      );
      expect(body.bases.map((b: { code: string }) => b.code)).toContain('kkg-4');
      expect(body.reasons).toContainEqual(expect.objectContaining({ code: 'request-missing' }));
    });
  });

  describe('row consent: an informed consent naming the specific recipient', () => {
    it('refuses a consent without the informed block (400)', async () => {
      const { status, text } = await app.request(caseworker, 'POST', `/persons/${syrian}/consents`, {
        recipients: ['JOBCENTER_IP'],
        dataCategories: ['identity'],
        purposes: ['labour-market-integration'],
        validUntil: '2027-11-19',
        evidence: { kind: 'signed-form', reference: 'KI-LAW-0' },
      });
      expect([status, text]).toEqual([400, expect.stringContaining('informed')]);
    });

    it('carries the transfer and names the row and the consent', async () => {
      const consent = await app.request(caseworker, 'POST', `/persons/${syrian}/consents`, {
        recipients: ['JOBCENTER_IP'],
        dataCategories: ['identity', 'employment'],
        purposes: ['labour-market-integration'],
        validUntil: '2027-11-19',
        evidence: { kind: 'signed-form', reference: 'KI-LAW-1' },
        informed,
      });
      expect(consent.status).toBe(201);
      const sent = await transfer({
        toAgency: 'JOBCENTER_IP',
        dataCategories: ['identity', 'employment'],
        purpose: 'labour-market-integration',
        legalBasis: 'consent',
      });
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({
        status: 'transferred',
        verdict: { outcome: 'allowed', basis: { code: 'consent' }, consentIds: [consent.body.consentId] },
      });
    });
  });

  describe('row sgb10-69: a body of § 35 SGB I for a social task', () => {
    it('carries identity and residence data to the social office of Ratingen', async () => {
      const sent = await transfer({
        toAgency: 'SOZIALAMT_RATINGEN',
        dataCategories: ['identity', 'residence-status'],
        purpose: 'social-benefits',
        legalBasis: 'sgb10-69',
        justification: 'Antrag auf Leistungen nach dem AsylbLG, Identität und Aufenthalt erforderlich',
      });
      expect(sent.status).toBe(201);
      expect(sent.body.verdict).toMatchObject({ basis: { norm: '§ 69 Abs. 1 Nr. 1 SGB X' }, flaggedForDpo: true });
    });

    it('refuses case notes to the Jobcenter (the review: AufenthG § 87 case notes to the Jobcenter)', async () => {
      const refused = await transfer({
        toAgency: 'JOBCENTER_IP',
        dataCategories: ['case-notes'],
        purpose: 'labour-market-integration',
        legalBasis: 'sgb10-69',
        justification,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.reasons).toEqual(
        expect.arrayContaining([
          'category-not-allowed-by-basis:case-notes',
          'special-category-not-allowed:case-notes',
          'provenance-blocks-basis:from-203-professional',
        ]),
      );
      expect(refused.body.messageDe).toContain('Datenkategorie von der Rechtsgrundlage nicht erfasst (case-notes)');
    });

    it('no longer knows the old flat codes (400)', async () => {
      const old = await transfer({
        toAgency: 'JOBCENTER_IP',
        dataCategories: ['case-notes'],
        purpose: 'labour-market-integration',
        legalBasis: 'AufenthG §87',
        justification,
      });
      expect(old.status).toBe(400);
    });
  });

  describe('row sgb10-71-2: the Ausländerbehörde on its request, with four eyes', () => {
    let pending: string;

    it('records a complete request as awaiting approval', async () => {
      const asked = await transfer({
        toAgency: 'AUSLAENDERBEHOERDE',
        dataCategories: ['identity', 'residence-status'],
        purpose: 'residence-law-procedure',
        legalBasis: 'sgb10-71-2',
        justification,
        request: ersuchen('AUSLAENDERBEHOERDE'),
        attestations: WITHIN_TASKS,
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        status: 'awaiting-approval',
        request: ersuchen('AUSLAENDERBEHOERDE'),
        verdict: { outcome: 'awaiting-approval', approval: { required: true, approvedBy: null } },
      });
      pending = asked.body.transferId;
    });

    it('is invisible to the recipient until approved', async () => {
      const listed = await app.request(immigrationOfficer, 'GET', '/transfers?agency=AUSLAENDERBEHOERDE');
      expect(listed.body.items.map((t: { transferId: string }) => t.transferId)).not.toContain(pending);
      expect((await app.request(immigrationOfficer, 'POST', `/transfers/${pending}/acknowledge`)).status).toBe(404);
    });

    it('waits in the team lead’s queue, which shows nothing but transfers awaiting approval', async () => {
      const queue = await app.request(teamLead, 'GET', '/transfers?status=awaiting-approval');
      expect(queue.status).toBe(200);
      expect(queue.body.items.map((t: { transferId: string }) => t.transferId)).toContain(pending);
      const all = await app.request(teamLead, 'GET', '/transfers');
      expect(new Set(all.body.items.map((t: { status: string }) => t.status))).toEqual(new Set(['awaiting-approval']));
      expect((await app.request(teamLead, 'GET', '/transfers?status=delivered')).status).toBe(403);
    });

    it('cannot be approved by the caseworker who asked', async () =>
      expect((await app.request(caseworker, 'POST', `/transfers/${pending}/approve`)).status).toBe(403));

    it('a team lead approves: delivered, with the approver in the verdict', async () => {
      const approved = await app.request(teamLead, 'POST', `/transfers/${pending}/approve`);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'transferred',
        verdict: { outcome: 'allowed', approval: { approvedBy: teamLead.sub } },
      });
      const listed = await app.request(immigrationOfficer, 'GET', '/transfers?agency=AUSLAENDERBEHOERDE');
      expect(listed.body.items.map((t: { transferId: string }) => t.transferId)).toContain(pending);
      expect((await app.request(teamLead, 'POST', `/transfers/${pending}/approve`)).status).toBe(409);
    });

    it('a team lead rejects another one: never delivered', async () => {
      const asked = await transfer({
        toAgency: 'AUSLAENDERBEHOERDE',
        dataCategories: ['identity'],
        purpose: 'residence-law-procedure',
        legalBasis: 'sgb10-71-2',
        justification,
        request: ersuchen('AUSLAENDERBEHOERDE'),
        attestations: WITHIN_TASKS,
      });
      const rejected = await app.request(teamLead, 'POST', `/transfers/${asked.body.transferId}/reject`, {
        reason: 'Ersuchen betrifft eine andere Person',
      });
      expect([asked.status, rejected.status, rejected.body.status]).toEqual([201, 200, 'rejected']);
      expect(
        (await app.request(immigrationOfficer, 'POST', `/transfers/${asked.body.transferId}/acknowledge`)).status,
      ).toBe(404);
    });

    it('refuses case notes without a request and with "." as justification (the review)', async () => {
      const refused = await transfer({
        toAgency: 'AUSLAENDERBEHOERDE',
        dataCategories: ['case-notes', 'education', 'language-skills'],
        purpose: 'residence-law-procedure',
        legalBasis: 'sgb10-71-2',
        justification: '.',
      });
      expect(refused.status).toBe(422);
      expect(refused.body.reasons).toEqual(
        expect.arrayContaining([
          'request-missing',
          'justification-too-short:0/20',
          'attestation-missing:request-within-authority-tasks',
        ]),
      );
    });

    it('refuses it for a German national', async () => {
      const refused = await app.request(caseworker, 'POST', '/transfers', {
        personId: german,
        toAgency: 'AUSLAENDERBEHOERDE',
        dataCategories: ['identity'],
        purpose: 'residence-law-procedure',
        legalBasis: 'sgb10-71-2',
        justification,
        request: ersuchen('AUSLAENDERBEHOERDE'),
        attestations: WITHIN_TASKS,
      });
      expect([refused.status, refused.body.reasons]).toEqual([422, ['person-is-german']]);
    });

    it('refuses education data to the Schulamt (the review: § 71 SGB X to the Schulamt)', async () => {
      const refused = await transfer({
        toAgency: 'SCHULAMT',
        dataCategories: ['education', 'family-youth-welfare'],
        purpose: 'schooling',
        legalBasis: 'sgb10-71-2',
        justification,
        request: ersuchen('SCHULAMT'),
        attestations: WITHIN_TASKS,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.reasons).toEqual(expect.arrayContaining(['recipient-not-allowed-by-basis:SCHULAMT']));
    });

    it('decides again on approval: a restriction recorded in between refuses it', async () => {
      const other = (await app.request(caseworker, 'POST', '/persons', person('AF'))).body.personId;
      const asked = await app.request(caseworker, 'POST', '/transfers', {
        personId: other,
        toAgency: 'AUSLAENDERBEHOERDE',
        dataCategories: ['identity'],
        purpose: 'residence-law-procedure',
        legalBasis: 'sgb10-71-2',
        justification,
        request: ersuchen('AUSLAENDERBEHOERDE'),
        attestations: WITHIN_TASKS,
      });
      await app.request(privacyOfficer, 'POST', `/privacy/persons/${other}/restrict`, {
        reason: 'Richtigkeit bestritten',
      });
      const approved = await app.request(teamLead, 'POST', `/transfers/${asked.body.transferId}/approve`);
      expect([asked.status, approved.status, approved.body.reasons]).toEqual([201, 422, ['person-restricted']]);
    });
  });

  describe('row kkg-4: the child-protection notice to the Jugendamt', () => {
    it('carries identity, family, health and case notes that mention injuries', async () => {
      const sent = await transfer({
        toAgency: 'JUGENDAMT',
        dataCategories: ['identity', 'family-youth-welfare', 'health', 'case-notes'],
        purpose: 'child-protection',
        legalBasis: 'kkg-4',
        justification: 'Blaue Flecken und Verbrennungen am Arm des Kindes, Gespräch mit der Mutter ohne Erfolg',
        attestations: [
          'weighty-signs-of-endangerment',
          'averting-failed-or-excluded',
          'persons-informed-unless-endangering',
        ],
      });
      expect(sent.status).toBe(201);
      expect(sent.body.verdict).toMatchObject({ outcome: 'allowed', basis: { code: 'kkg-4' } });
    });
  });

  describe('row stag-32: the Einbürgerungsbehörde on its request', () => {
    it('awaits the team lead, then is delivered', async () => {
      const asked = await transfer({
        toAgency: 'EINBUERGERUNGSBEHOERDE',
        dataCategories: ['identity', 'language-skills'],
        purpose: 'naturalisation',
        legalBasis: 'stag-32',
        justification,
        request: ersuchen('EINBUERGERUNGSBEHOERDE'),
        attestations: WITHIN_TASKS,
      });
      expect([asked.status, asked.body.status]).toEqual([201, 'awaiting-approval']);
      const approved = await app.request(teamLead, 'POST', `/transfers/${asked.body.transferId}/approve`);
      expect([approved.status, approved.body.status]).toEqual([200, 'transferred']);
    });
  });

  describe('row vital-interests: an emergency', () => {
    it('carries health data to the social office when life is in danger and consent cannot be obtained', async () => {
      const sent = await transfer({
        toAgency: 'SOZIALAMT_RATINGEN',
        dataCategories: ['identity', 'health'],
        purpose: 'health-care',
        legalBasis: 'vital-interests',
        justification: 'Akute Unterversorgung mit Insulin, Person nicht ansprechbar, Unterkunft informiert',
        attestations: ['vital-interest-at-stake', 'consent-not-obtainable'],
      });
      expect(sent.status).toBe(201);
      expect(sent.body.verdict).toMatchObject({ outcome: 'allowed', basis: { code: 'vital-interests' } });
    });
  });

  describe('referrals are transfers (POST /cases/{id}/referrals)', () => {
    const jobcenter: Caller = { role: 'agency_officer', sub: 'jc-lawful', agency: 'JOBCENTER_IP' };
    let caseId: string;
    let referralId: string;

    beforeAll(async () => {
      caseId = (await app.request(caseworker, 'POST', '/cases', { personId: syrian, municipality: 'Ratingen' })).body
        .caseId;
    });

    it('refuses a referral that cites no delivered transfer to the agency', async () => {
      const listed = await app.request(caseworker, 'GET', `/transfers?personId=${syrian}`);
      const toAbhRejected = listed.body.items.find((t: { status: string }) => t.status === 'rejected');
      const refused = await app.request(caseworker, 'POST', `/cases/${caseId}/referrals`, {
        agency: 'AUSLAENDERBEHOERDE',
        transferId: toAbhRejected.transferId,
      });
      expect([refused.status, refused.body.reasons]).toEqual([422, ['referral-without-delivered-transfer']]);
    });

    it('refuses a case action naming an agency nothing was delivered to', async () => {
      const action = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
        type: 'counselling',
        occurredAt: TODAY,
        summary: 'Beratung',
        agencies: ['SCHULAMT'],
      });
      expect([action.status, action.body.reasons]).toEqual([422, ['agency-without-transfer:SCHULAMT']]);
    });

    it('records a referral citing the delivered transfer, and the agency gives feedback', async () => {
      const sent = await transfer({
        caseId,
        toAgency: 'JOBCENTER_IP',
        dataCategories: ['identity'],
        purpose: 'labour-market-integration',
        legalBasis: 'consent',
      });
      const referred = await app.request(caseworker, 'POST', `/cases/${caseId}/referrals`, {
        agency: 'JOBCENTER_IP',
        transferId: sent.body.transferId,
        summary: 'Vermittlung an das Integration Point zur Arbeitsaufnahme',
      });
      expect([sent.status, referred.status]).toEqual([201, 201]);
      referralId = referred.body.referralId;
      const other: Caller = { role: 'agency_officer', sub: 'sa-lawful', agency: 'SCHULAMT' };
      const body = { outcome: 'started', note: 'Maßnahme am 01.12. begonnen' };
      expect((await app.request(other, 'POST', `/referrals/${referralId}/feedback`, body)).status).toBe(403);
      const given = await app.request(jobcenter, 'POST', `/referrals/${referralId}/feedback`, body);
      expect([given.status, given.body]).toEqual([200, { referralId, outcome: 'started' }]);
    });

    it('shows the feedback note to the caseworker through the guarded read, encrypted in the log', async () => {
      const { status, body } = await app.request(caseworker, 'GET', `/cases/${caseId}/referrals`);
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          referralId,
          agency: 'JOBCENTER_IP',
          summary: { summary: 'Vermittlung an das Integration Point zur Arbeitsaufnahme' },
          feedback: [expect.objectContaining({ outcome: 'started', note: { note: 'Maßnahme am 01.12. begonnen' } })],
        }),
      ]);
      const stored = (await app.allEvents()).find((e) => e.type === 'ReferralFeedbackGiven')!;
      expect(JSON.stringify(stored.data)).not.toContain('Maßnahme');
    });
  });

  describe('the DPO reads every decision in German', () => {
    it('names row, norm and failed conditions in the audit trail', async () => {
      const { body } = await app.request(dpo, 'GET', '/audit/trail?action=transfer-refused');
      const details = body.items.map((e: { details: Record<string, unknown> }) => e.details);
      expect(details).toContainEqual(
        expect.objectContaining({
          rechtsgrundlage: 'sgb10-71-2 (§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG)',
          nichtErfuellt: expect.arrayContaining([expect.stringMatching(/^Ersuchen/)]),
        }),
      );
    });
  });
});
