import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { ReadModelsCurrent } from '../../src/audit/read-models-current.js';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-person-data' };
const stranger: Caller = { role: 'caseworker', sub: 'cw-person-data-other' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-person-data' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-person-data' };

/** Issue 15 item 6 and issue 16 item 6: rectification, coded person data with history, objection, duplicates. */
describe('person data: rectification (Art. 16), coded data with history, objection (Art. 21), duplicate check', () => {
  let app: TestApp;
  let personId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    const registered = await app.request(caseworker, 'POST', '/persons', {
      givenName: 'Olena',
      familyName: 'Kowalenko',
      dateOfBirth: '1988-02-03',
      nationality: 'UA',
      municipality: 'Ratingen',
      languages: ['uk'],
      residenceStatus: '§ 24 AufenthG',
      participation: PARTICIPATION,
      residenceStatusCode: 'residence-temporary-protection',
      residenceValidUntil: '2027-03-04',
      gender: 'diverse',
      contact: { phone: '+49 2102 555', email: 'olena@example.org' },
      rechtskreis: 'sgb-ii',
      accessRoute: 'auslaenderbehoerde',
    });
    expect(registered.status).toBe(201);
    personId = registered.body.personId;
  });
  afterAll(() => app.stop());

  const stream = async () => (await app.eventStore.readStream(`person-${personId}`)).map((e) => e.type);
  const personDoc = async () => {
    await app.app.get(ReadModelsCurrent).await();
    return app.app.get<ReadStore>(READ_STORE).get<PersonDoc>(PERSONS, personId);
  };

  it('records the coded residence status with its end date and the Rechtskreis at registration', async () => {
    expect(await stream()).toEqual(['PersonRegistered', 'ResidenceStatusRecorded', 'RechtskreisRecorded']);
    const [, residence] = await app.eventStore.readStream(`person-${personId}`);
    expect(residence!.data).toEqual({
      personId,
      status: 'residence-temporary-protection',
      validUntil: '2027-03-04',
      recordedBy: caseworker.sub,
    });
    expect(await personDoc()).toMatchObject({ residenceValidUntil: '2027-03-04', rechtskreis: 'sgb-ii' });
    const read = await app.request(caseworker, 'GET', `/persons/${personId}`);
    expect(read.body).toMatchObject({ gender: 'diverse', contact: { phone: '+49 2102 555' } });
  });

  it('refuses unknown codes with German field messages (400) and changes nothing', async () => {
    const before = (await stream()).length;
    const response = await app.request(caseworker, 'PATCH', `/persons/${personId}`, {
      reason: 'Test',
      gender: 'x',
      rechtskreis: 'sgb-99',
      residence: { status: 'visum', validUntil: '31.12.2027' },
    });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['gender', 'rechtskreis', 'residence.status', 'residence.validUntil'].sort(),
    );
    expect(response.body.fields.every((f: { messageDe: string }) => f.messageDe.length > 0)).toBe(true);
    expect((await stream()).length).toBe(before);
  });

  it('rectifies a name with a reason: the new value is served, the old stays encrypted in the history', async () => {
    const response = await app.request(caseworker, 'PATCH', `/persons/${personId}`, {
      reason: 'Schreibweise laut Reisepass',
      familyName: 'Kovalenko',
    });
    expect(response.status).toBe(200);
    expect(response.body.recorded).toEqual(['PersonDataRectified']);
    expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).body).toMatchObject({
      givenName: 'Olena',
      familyName: 'Kovalenko',
    });
    const events = await app.eventStore.readStream(`person-${personId}`);
    const rectified = events.find((e) => e.type === 'PersonDataRectified')!;
    expect(rectified.data).toMatchObject({ fields: ['familyName'], rectifiedBy: caseworker.sub });
    expect(JSON.stringify(rectified.data)).not.toContain('Kovalenko');
    expect(JSON.stringify(events[0]!.data)).not.toContain('Kowalenko');
  });

  it('records a new residence status as history; an unchanged one records nothing', async () => {
    const changed = await app.request(caseworker, 'PATCH', `/persons/${personId}`, {
      reason: 'Fiktionsbescheinigung vorgelegt',
      residence: { status: 'fiktion', validUntil: '2027-06-30' },
    });
    expect(changed.body.recorded).toEqual(['ResidenceStatusRecorded']);
    const same = await app.request(caseworker, 'PATCH', `/persons/${personId}`, {
      reason: 'erneut vorgelegt',
      residence: { status: 'fiktion', validUntil: '2027-06-30' },
    });
    expect(same.body.recorded).toEqual([]);
    expect(await personDoc()).toMatchObject({ residenceStatus: 'fiktion', residenceValidUntil: '2027-06-30' });
  });

  it('refuses a caseworker without need to know (403)', async () => {
    const response = await app.request(stranger, 'PATCH', `/persons/${personId}`, {
      reason: 'x',
      familyName: 'Fremd',
    });
    expect(response.status).toBe(403);
  });

  describe('the duplicate check before registering', () => {
    it('answers only "exists — ask your team lead", and logs the match', async () => {
      const response = await app.request(
        stranger,
        'GET',
        '/persons?name=Olena%20Kovalenko&dateOfBirth=1988-02-03',
        undefined,
        {
          'x-correlation-id': 'duplicate-check-1',
        },
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        result: 'exists',
        message: expect.any(String),
        messageDe: expect.stringContaining('Teamleitung'),
      });
      expect(response.text).not.toContain(personId);
      const [logged] = await app.eventStore.readStream('access-duplicate-check-1');
      expect(logged?.data).toMatchObject({ personIds: [personId], grounds: { [personId]: 'duplicate-check' } });
    });

    it('answers "none" for another date of birth or the old name', async () => {
      const other = await app.request(stranger, 'GET', '/persons?name=Olena%20Kovalenko&dateOfBirth=1988-02-04');
      expect(other.body.result).toBe('none');
      const old = await app.request(stranger, 'GET', '/persons?name=Kowalenko&dateOfBirth=1988-02-03');
      expect(old.body.result).toBe('none');
    });

    it('is not open to the privacy officer or the DPO (403), and needs both fields (400)', async () => {
      expect((await app.request(dpo, 'GET', '/persons?name=Olena&dateOfBirth=1988-02-03')).status).toBe(403);
      expect((await app.request(caseworker, 'GET', '/persons?name=Olena')).status).toBe(400);
    });
  });

  describe('when the person disputes the accuracy of a field', () => {
    it('marks it disputed and restricts processing until the privacy officer has verified it', async () => {
      const disputed = await app.request(caseworker, 'PATCH', `/persons/${personId}`, {
        reason: 'Geburtsdatum laut Person falsch',
        disputed: ['dateOfBirth'],
      });
      expect(disputed.body.recorded).toEqual(['PersonDataDisputed', 'PersonRestricted']);
      expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).status).toBe(403);
      const corrected = await app.request(privacyOfficer, 'PATCH', `/persons/${personId}`, {
        reason: 'Geburtsurkunde geprüft',
        dateOfBirth: '1988-03-02',
      });
      expect(corrected.status).toBe(200);
      const read = await app.request(privacyOfficer, 'GET', `/persons/${personId}`);
      expect(read.body).toMatchObject({ dateOfBirth: '1988-03-02', disputedFields: [], restricted: true });
      const lifted = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/lift-restriction`, {
        reason: 'Richtigkeit geprüft und berichtigt',
      });
      expect(lifted.status).toBe(200);
      expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).status).toBe(200);
    });
  });

  describe('an objection (Art. 21 DSGVO)', () => {
    it('restricts processing and raises a review; the DPO cannot record it (403)', async () => {
      expect(
        (await app.request(dpo, 'POST', `/privacy/persons/${personId}/objection`, { grounds: 'besondere Situation' }))
          .status,
      ).toBe(403);
      const objection = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/objection`, {
        grounds: 'besondere persönliche Situation',
      });
      expect(objection.status).toBe(200);
      expect(objection.body).toEqual({ personId, restricted: true, recorded: ['ObjectionLodged', 'PersonRestricted'] });
      const reviews = await app.request(privacyOfficer, 'GET', '/privacy/erasure-reviews');
      expect(reviews.body.items).toEqual([expect.objectContaining({ personId, trigger: 'objection', status: 'open' })]);
    });
  });
});
