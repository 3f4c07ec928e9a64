import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-restrict' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-restrict' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-restrict' };
const admin: Caller = { role: 'admin', sub: 'ops-restrict' };

const transfer = (personId: string) => ({
  personId,
  toAgency: 'JOBCENTER_IP',
  dataCategories: ['identity'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
});

describe('restriction of processing (Art. 18 DSGVO, § 84 SGB X)', () => {
  let app: TestApp;
  let personId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Jana',
        familyName: 'Dvořák',
        dateOfBirth: '1995-07-07',
        nationality: 'CZ',
        municipality: 'Erkrath',
        languages: ['cs'],
        residenceStatus: 'EU',
        participation: PARTICIPATION,
      })
    ).body.personId;
    await app.request(caseworker, 'POST', `/persons/${personId}/consents`, {
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity'],
      purposes: ['labour-market-integration'],
      validUntil: '2027-12-31',
      evidence: { kind: 'electronic-declaration', reference: 'E-77' },
      informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
    });
  });
  afterAll(() => app.stop());

  describe('when the privacy officer restricts the person', () => {
    beforeAll(async () => {
      const restricted = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/restrict`, {
        reason: 'Richtigkeit bestritten',
      });
      expect(restricted.status).toBe(200);
      expect(restricted.body).toMatchObject({ personId, restricted: true });
    });

    it('refuses transfers, and records the refusal with its reason', async () => {
      const response = await app.request(caseworker, 'POST', '/transfers', transfer(personId));
      expect(response.status).toBe(422);
      expect(response.body.reasons).toEqual(['person-restricted']);
      const types = (await app.eventStore.readStream(`person-${personId}`)).map((e) => e.type);
      expect(types).not.toContain('DataTransferred');
      expect(types.at(-1)).toBe('TransferRefused');
    });

    it('lets only the privacy officer read the person', async () => {
      expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).status).toBe(403);
      expect((await app.request(dpo, 'GET', `/persons/${personId}`)).status).toBe(403);
      const byPrivacyOfficer = await app.request(privacyOfficer, 'GET', `/persons/${personId}`);
      expect(byPrivacyOfficer.status).toBe(200);
      expect(byPrivacyOfficer.body).toMatchObject({ familyName: 'Dvořák', restricted: true });
    });

    it('answers 409 to a second restriction', async () => {
      expect(
        (await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/restrict`, { reason: 'nochmals' }))
          .status,
      ).toBe(409);
    });
  });

  describe('when the privacy officer lifts the restriction', () => {
    it('serves the caseworker and allows transfers again', async () => {
      expect(
        (
          await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/lift-restriction`, {
            reason: 'Richtigkeit bestätigt',
          })
        ).status,
      ).toBe(200);
      expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).status).toBe(200);
      expect((await app.request(caseworker, 'POST', '/transfers', transfer(personId))).status).toBe(201);
      const actions = (await app.request(dpo, 'GET', `/audit/trail?personId=${personId}&limit=1000`)).body.items.map(
        (e: { action: string }) => e.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining(['person-restricted', 'access-denied', 'restriction-lifted', 'transfer']),
      );
    });
  });

  describe('the old route under /persons', () => {
    it('is gone: restriction lives under /privacy only, and the DPO executes nothing (403)', async () => {
      expect((await app.request(dpo, 'POST', `/persons/${personId}/restrict`, { reason: 'x' })).status).toBe(404);
      expect((await app.request(dpo, 'POST', `/audit/persons/${personId}/restrict`, { reason: 'x' })).status).toBe(404);
      expect((await app.request(dpo, 'POST', `/privacy/persons/${personId}/restrict`, { reason: 'x' })).status).toBe(
        403,
      );
    });
  });

  describe('a request without a reason', () => {
    it('is refused with 400 and changes nothing', async () => {
      const before = (await app.allEvents()).length;
      const response = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/restrict`, {});
      expect(response.status).toBe(400);
      expect((await app.allEvents()).length).toBe(before);
    });
  });
});

describe('hash-chain verification for the DPO and operations', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start()));
  afterAll(() => app.stop());

  it('answers ok with the number of every event in the store', async () => {
    await app.request(caseworker, 'POST', '/persons', {
      givenName: 'A',
      familyName: 'B',
      dateOfBirth: '1990-01-01',
      nationality: 'XX',
      municipality: 'Haan',
      languages: [],
      residenceStatus: 'ungeklärt',
      participation: PARTICIPATION,
    });
    for (const caller of [dpo, admin]) {
      const response = await app.request(caller, 'GET', '/audit/verify');
      expect(response.status).toBe(200);
      // `checkpoint`: the newest witnessed checkpoint the log extends (product rule 9).
      expect(response.body).toMatchObject({ ok: true, events: (await app.allEvents()).length });
      expect(response.body.firstBadEvent).toBeUndefined();
    }
  });

  it('writes no access event (the answer holds no personal data)', async () => {
    const before = (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
    await app.request(dpo, 'GET', '/audit/verify');
    expect((await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length).toBe(before);
  });
});
