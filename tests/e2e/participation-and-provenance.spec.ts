import type { EventCodec } from '../../src/event-sourcing/event-codec.js';
import { setRequestClock } from '../../src/http/request-context.js';
import { EVENT_CODEC } from '../../src/kim-core.module.js';
import { personStream } from '../../src/person-file/person-file.repository.js';
import type { PersonRegistered } from '../../src/person-file/person-file.events.js';
import { PARTICIPATION, PUBLIC_TASK_PARTICIPATION } from '../support/builders.js';
import { TestApp, type Caller } from '../support/test-app.js';

/**
 * Issue 14 item 5 over HTTP on the embedded stores: POST /persons records the basis of the KI's own
 * processing — a participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X) or a documented public task
 * (Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW) — shown in GET /persons/{id} and the Art. 15
 * report; registrations of before read "vor Erfassung der Verarbeitungsgrundlage". Provenance tags on notes
 * and consents; a tagged note blocks the § 4 KKG row, which lists the tag (§ 65 SGB VIII).
 */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-participation' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-participation' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'dsk-participation' };
const TODAY = '2026-11-20';

const person = (familyName: string, participation?: unknown) => ({
  givenName: 'Leyla',
  familyName,
  dateOfBirth: '1988-03-12',
  nationality: 'IQ',
  municipality: 'Mettmann',
  languages: ['ckb', 'de'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  ...(participation === undefined ? {} : { participation }),
});

describe('participation basis and provenance tags over HTTP (issue 14 item 5)', () => {
  let app: TestApp;
  const registrations = async () => (await app.allEvents()).filter((e) => e.type === 'PersonRegistered').length;
  const report = async (personId: string) =>
    (await app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report`)).body;

  beforeAll(async () => {
    setRequestClock({ now: () => new Date(`${TODAY}T10:00:00.000Z`) });
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub]);
  });
  afterAll(async () => {
    await app.stop();
    setRequestClock({ now: () => new Date() });
  });

  describe('POST /persons without a basis of the KI’s own processing', () => {
    it('is refused with 400 naming the field, in German and English, and records nothing', async () => {
      const before = await registrations();
      const response = await app.request(caseworker, 'POST', '/persons', person('Ohne'));
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual([
        expect.objectContaining({
          field: 'participation',
          message: expect.stringContaining('Art. 6(1)(e)'),
          messageDe: expect.stringContaining('„participation“'),
        }),
      ]);
      expect(await registrations()).toBe(before);
    });

    it.each([
      ['an unknown basis', { basis: 'legitimate-interest' }, 'participation.basis', 'unbekannte Grundlage'],
      [
        'a consent without the § 67b Abs. 2 SGB X information',
        { ...PARTICIPATION, informed: undefined },
        'participation.informed',
        'Aufklärung',
      ],
      [
        'a task without its documented reason',
        { basis: 'public-task-kim' },
        'participation.justification',
        'Begründung mit mindestens 20',
      ],
      ['a basis that is not an object', 'consent', 'participation', '„participation“'],
    ])('refuses %s with 400 and a German message, recording nothing', async (_what, participation, field, de) => {
      const before = await registrations();
      const response = await app.request(caseworker, 'POST', '/persons', person('Falsch', participation));
      expect(response.status).toBe(400);
      expect(response.body.fields).toContainEqual(
        expect.objectContaining({ field, messageDe: expect.stringContaining(de) }),
      );
      expect(await registrations()).toBe(before);
    });
  });

  describe('POST /persons with a participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X)', () => {
    let personId: string;
    beforeAll(async () => {
      const response = await app.request(caseworker, 'POST', '/persons', person('Einwilligung', PARTICIPATION));
      expect(response.status).toBe(201);
      personId = response.body.personId;
    });

    it('shows the basis with its norm, information and evidence in GET /persons/{id}', async () => {
      const { status, body } = await app.request(caseworker, 'GET', `/persons/${personId}`);
      expect(status).toBe(200);
      expect(body.participation).toMatchObject({
        kind: 'consent',
        code: 'participation-consent',
        norm: 'Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO i. V. m. § 67b SGB X',
        informed: { language: 'tr', formVersion: 'KI-EW-2026-01', interpreter: false },
        evidenceKind: 'signed-form',
        evidenceReference: 'KI-TN-2026-0001',
        label: { de: expect.stringContaining('Einwilligung in die Teilnahme'), en: expect.any(String) },
      });
    });

    it('shows it in the Art. 15 report', async () =>
      expect((await report(personId)).participation).toMatchObject({
        kind: 'consent',
        norm: expect.stringContaining('§ 67b SGB X'),
        label: { de: expect.stringContaining('Art. 6 Abs. 1 lit. a DSGVO') },
      }));

    it('can be withdrawn (Art. 7(3) DSGVO), once', async () => {
      const reason = { reason: 'Die Person möchte nicht mehr am Casemanagement teilnehmen' };
      const url = `/persons/${personId}/participation/withdraw`;
      const withdrawn = await app.request(caseworker, 'POST', url, reason);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toEqual({ personId, withdrawnAt: expect.any(String) });
      expect((await app.request(caseworker, 'POST', url, reason)).status).toBe(409);
      expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).body.participation).toMatchObject({
        kind: 'consent',
        withdrawnAt: withdrawn.body.withdrawnAt,
      });
      expect((await report(personId)).participation.withdrawnAt).toBe(withdrawn.body.withdrawnAt);
      // The KI's own processing lost its basis: the privacy officer reviews erasure (Art. 17(1)(b) DSGVO).
      const reviews = await app.request(privacyOfficer, 'GET', '/privacy/erasure-reviews');
      expect(reviews.body.items).toContainEqual(
        expect.objectContaining({ personId, trigger: 'consent-withdrawn', status: 'open' }),
      );
    });

    it('then opens no new case (422) until a new basis is recorded, and opens it afterwards', async () => {
      const open = () => app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Mettmann' });
      const refused = await open();
      expect([refused.status, refused.body.reasons]).toEqual([422, ['participation-consent-withdrawn']]);
      const recorded = await app.request(
        caseworker,
        'POST',
        `/persons/${personId}/participation`,
        PUBLIC_TASK_PARTICIPATION,
      );
      expect(recorded.status).toBe(201);
      expect((await open()).status).toBe(201);
      const { body } = await app.request(caseworker, 'GET', `/persons/${personId}`);
      expect(body.participation).toMatchObject({
        kind: 'public-task',
        recordedAt: recorded.body.recordedAt,
        justification: PUBLIC_TASK_PARTICIPATION.justification,
      });
      expect(body.participation).not.toHaveProperty('withdrawnAt');
      // A basis in force is not replaced by another one.
      expect((await app.request(caseworker, 'POST', `/persons/${personId}/participation`, PARTICIPATION)).status).toBe(
        409,
      );
    });
  });

  describe('POST /persons with a documented public task (Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW)', () => {
    let personId: string;
    beforeAll(async () => {
      const response = await app.request(caseworker, 'POST', '/persons', person('Aufgabe', PUBLIC_TASK_PARTICIPATION));
      expect(response.status).toBe(201);
      personId = response.body.personId;
    });

    it('records the norm, who documented it and why', async () => {
      const { body } = await app.request(caseworker, 'GET', `/persons/${personId}`);
      expect(body.participation).toMatchObject({
        kind: 'public-task',
        code: 'public-task-kim',
        norm: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW, § 9 TIntG NRW',
        documentedBy: caseworker.sub,
        justification: PUBLIC_TASK_PARTICIPATION.justification,
      });
    });

    it('shows the basis in the Art. 15 report without naming the staff member (CJEU C-579/21)', async () => {
      const { participation } = await report(personId);
      expect(participation).toMatchObject({
        kind: 'public-task',
        norm: expect.stringContaining('Art. 6 Abs. 1 lit. e'),
      });
      expect(participation).not.toHaveProperty('documentedBy');
    });

    it('cannot be withdrawn like a consent: that is an objection (Art. 21 DSGVO)', async () => {
      const response = await app.request(caseworker, 'POST', `/persons/${personId}/participation/withdraw`, {
        reason: 'Widerspruch',
      });
      expect(response.status).toBe(422);
    });
  });

  describe('a PersonRegistered of schema 3 (before the basis was required)', () => {
    it('reads "vor Erfassung der Verarbeitungsgrundlage" — no basis is invented', async () => {
      const personId = '00000000-0000-4000-8000-0000000000a3';
      const codec = app.app.get<EventCodec>(EVENT_CODEC);
      const registered: PersonRegistered = {
        type: 'PersonRegistered',
        data: {
          personId,
          registeredBy: caseworker.sub,
          residue: { municipality: 'Mettmann', birthYearBand: '1985-1989', nationality: 'IQ' },
          participation: { kind: 'not-recorded' },
          personal: {
            givenName: 'Alt',
            familyName: 'Bestand',
            dateOfBirth: '1988-03-12',
            nationality: 'IQ',
            languages: ['ar'],
            residenceStatus: 'Duldung',
          },
        },
      };
      const [encoded] = await codec.encode([registered], personStream(personId), {
        commandId: 'schema-3-registration',
        correlationId: 'schema-3-registration',
        actor: { sub: caseworker.sub, role: 'caseworker', agency: 'KI' },
        at: `${TODAY}T09:00:00.000Z`,
      });
      const { participation: _dropped, ...schema3 } = encoded!.data as Record<string, unknown>;
      await app.eventStore.appendToStream(
        personStream(personId),
        [{ ...encoded!, data: schema3, metadata: { ...encoded!.metadata, schemaVersion: 3 } }],
        'no_stream',
      );
      const { status, body } = await app.request(caseworker, 'GET', `/persons/${personId}`);
      expect(status).toBe(200);
      expect(body.participation).toEqual({
        kind: 'not-recorded',
        label: {
          de: 'vor Erfassung der Verarbeitungsgrundlage registriert',
          en: 'registered before the participation basis was recorded',
        },
      });
      expect((await report(personId)).participation).toEqual({
        kind: 'not-recorded',
        label: expect.objectContaining({ de: 'vor Erfassung der Verarbeitungsgrundlage registriert' }),
      });
      // The basis can be documented later; it is then shown with the day it was recorded.
      const later = await app.request(caseworker, 'POST', `/persons/${personId}/participation`, PARTICIPATION);
      expect(later.status).toBe(201);
      expect((await report(personId)).participation).toMatchObject({
        kind: 'consent',
        recordedAt: later.body.recordedAt,
        evidence: { participation: { evidenceReference: 'KI-TN-2026-0001' } },
      });
    });
  });

  describe('provenance tags on notes and consents', () => {
    let personId: string;
    let caseId: string;
    const ENTRUSTED = { tag: 'entrusted-youth-office', entrustedBy: 'third-party:asd-mettmann' };
    const kkg4 = () =>
      app.request(caseworker, 'POST', '/transfers', {
        personId,
        caseId,
        toAgency: 'JUGENDAMT',
        dataCategories: ['identity', 'case-notes'],
        purpose: 'child-protection',
        legalBasis: 'kkg-4',
        justification: 'Blaue Flecken am Arm des Kindes, Gespräch mit der Mutter ohne Erfolg',
        attestations: [
          'weighty-signs-of-endangerment',
          'averting-failed-or-excluded',
          'persons-informed-unless-endangering',
        ],
      });

    beforeAll(async () => {
      personId = (await app.request(caseworker, 'POST', '/persons', person('Herkunft', PARTICIPATION))).body.personId;
      caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Mettmann' })).body.caseId;
      expect(
        (await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub })).status,
      ).toBe(200);
    });

    it('§ 4 KKG carries case notes to the Jugendamt while no note is tagged', async () => {
      const sent = await kkg4();
      expect(sent.status).toBe(201);
      expect(sent.body.verdict).toMatchObject({ outcome: 'allowed', basis: { code: 'kkg-4' } });
    });

    it('refuses a tag outside the catalogue and an entrusted note without its entruster (400), recording nothing', async () => {
      const notes = async () => (await app.allEvents()).filter((e) => e.type === 'CaseActionRecorded').length;
      const before = await notes();
      for (const provenance of [[{ tag: 'from-the-neighbour' }], [{ tag: 'entrusted-youth-office' }]]) {
        const response = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
          type: 'counselling',
          occurredAt: TODAY,
          summary: 'Gespräch',
          provenance,
        });
        expect(response.status).toBe(400);
      }
      expect(await notes()).toBe(before);
    });

    it('records a note entrusted to the youth office by a third party and shows the tag in the case timeline', async () => {
      const note = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
        type: 'counselling',
        occurredAt: TODAY,
        summary: 'Das Jugendamt (ASD) hat uns die Lage der Familie anvertraut',
        provenance: [ENTRUSTED],
      });
      expect(note.status).toBe(201);
      const { body } = await app.request(caseworker, 'GET', `/cases/${caseId}`);
      expect(body.timeline).toContainEqual(
        expect.objectContaining({ actionId: note.body.actionId, provenance: [ENTRUSTED] }),
      );
    });

    it('then refuses the § 4 KKG transfer of the case notes: the row lists entrusted-youth-office (§ 65 SGB VIII)', async () => {
      const refused = await kkg4();
      expect(refused.status).toBe(422);
      expect(refused.body.reasons).toEqual(['provenance-blocks-basis:entrusted-youth-office']);
      const recorded = (await app.allEvents()).filter((e) => e.type === 'TransferRefused').at(-1)!;
      expect(recorded.data).toMatchObject({ provenance: [{ ...ENTRUSTED, categories: ['case-notes'] }] });
    });

    it('records tags on a consent and shows them, labelled, in the Art. 15 report', async () => {
      const consent = await app.request(caseworker, 'POST', `/persons/${personId}/consents`, {
        recipients: ['JOBCENTER_IP'],
        dataCategories: ['identity', 'employment'],
        purposes: ['labour-market-integration'],
        validUntil: '2027-11-19',
        evidence: { kind: 'signed-form', reference: 'KI-PROV-1' },
        informed: { language: 'ckb', formVersion: 'KI-EW-2026-01', interpreter: true },
        provenance: [{ tag: 'from-203-professional' }],
      });
      expect(consent.status).toBe(201);
      const listed = await app.request(caseworker, 'GET', `/persons/${personId}/consents`);
      expect(listed.body.consents).toContainEqual(
        expect.objectContaining({ consentId: consent.body.consentId, provenance: [{ tag: 'from-203-professional' }] }),
      );
      const { consents, cases } = await report(personId);
      expect(consents).toContainEqual(
        expect.objectContaining({
          consentId: consent.body.consentId,
          provenance: [
            {
              tag: 'from-203-professional',
              label: expect.objectContaining({ de: expect.stringContaining('§ 203 StGB') }),
            },
          ],
        }),
      );
      expect(cases[0].actions).toContainEqual(
        expect.objectContaining({
          provenance: [
            { ...ENTRUSTED, label: expect.objectContaining({ de: expect.stringContaining('§ 65 SGB VIII') }) },
          ],
        }),
      );
    });

    it('records no new note after the participation consent is withdrawn (Art. 7(3) DSGVO), until a new basis', async () => {
      const withdrawn = await app.request(caseworker, 'POST', `/persons/${personId}/participation/withdraw`, {
        reason: 'Die Person beendet die Teilnahme',
      });
      expect(withdrawn.status).toBe(200);
      const note = () =>
        app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
          type: 'counselling',
          occurredAt: TODAY,
          summary: 'Abschlussgespräch',
        });
      const refused = await note();
      expect([refused.status, refused.body.reasons]).toEqual([422, ['participation-consent-withdrawn']]);
      const again = await app.request(caseworker, 'POST', `/persons/${personId}/participation`, PARTICIPATION);
      expect(again.status).toBe(201);
      expect((await note()).status).toBe(201);
    });
  });
});
