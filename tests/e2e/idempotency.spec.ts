import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

/**
 * Product rule 10, after the IETF Idempotency-Key draft: a key is bound to its caller and to a fingerprint
 * of method, route, path parameters and body.
 */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-idem' };
const colleague: Caller = { role: 'caseworker', sub: 'cw-idem-2' };

const person = (familyName: string) => ({
  givenName: 'Idem',
  familyName,
  dateOfBirth: '1985-06-01',
  nationality: 'UA',
  municipality: 'Velbert',
  languages: ['uk'],
  residenceStatus: '§ 24 AufenthG',
  participation: PARTICIPATION,
});
const consent = {
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  evidence: { kind: 'signed-form', reference: 'KI-IDEM' },
  informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
};

describe('Idempotency-Key', () => {
  let app: TestApp;
  let personA: string;
  let personB: string;
  const key = (k: string) => ({ 'idempotency-key': k });
  const count = async () => (await app.allEvents()).filter((e) => !e.streamName.startsWith('access-')).length;

  beforeAll(async () => {
    app = await TestApp.start();
    personA = (await app.request(caseworker, 'POST', '/persons', person('A'))).body.personId;
    personB = (await app.request(caseworker, 'POST', '/persons', person('B'))).body.personId;
  });
  afterAll(() => app.stop());

  describe('when the same request is sent again with the same key', () => {
    it('answers the first answer, status and body, and writes nothing more', async () => {
      const first = await app.request(
        caseworker,
        'POST',
        `/persons/${personA}/consents`,
        consent,
        key('consent-a-0001'),
      );
      const before = await count();
      const again = await app.request(
        caseworker,
        'POST',
        `/persons/${personA}/consents`,
        consent,
        key('consent-a-0001'),
      );
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await count()).toBe(before);
    });

    it('answers the same although the body’s keys come in another order', async () => {
      const body = { ...consent, purposes: ['labour-market-integration'] };
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const first = await app.request(caseworker, 'POST', `/persons/${personB}/consents`, body, key('consent-b-order'));
      const again = await app.request(
        caseworker,
        'POST',
        `/persons/${personB}/consents`,
        reordered,
        key('consent-b-order'),
      );
      expect(again.body).toEqual(first.body);
    });
  });

  describe('when the same key comes with another request', () => {
    it.each([
      ['another person', () => `/persons/${personB}/consents`, () => consent],
      ['another body', () => `/persons/${personA}/consents`, () => ({ ...consent, validUntil: '2027-06-30' })],
    ])('answers 422 idempotency-key-reused for %s and changes nothing', async (_what, url, body) => {
      const before = await count();
      const reused = await app.request(caseworker, 'POST', url(), body(), key('consent-a-0001'));
      expect(reused.status).toBe(422);
      expect(reused.body.reasons).toEqual(['idempotency-key-reused']);
      expect(reused.body.messageDe).toMatch(/Idempotency-Key/);
      expect(await count()).toBe(before);
    });

    it('answers 422 for another command on the same person (a withdrawal is not silently "done")', async () => {
      const granted = await app.request(
        caseworker,
        'POST',
        `/persons/${personA}/consents`,
        consent,
        key('withdraw-0001'),
      );
      const withdrawal = await app.request(
        caseworker,
        'POST',
        `/persons/${personA}/consents/${granted.body.consentId}/withdraw`,
        { reason: 'Widerruf' },
        key('withdraw-0001'),
      );
      expect(withdrawal.status).toBe(422);
      const stream = await app.eventStore.readStream(`person-${personA}`);
      expect(stream.map((e) => e.type)).not.toContain('ConsentWithdrawn');
    });
  });

  describe('when two callers use the same key', () => {
    it('keeps them apart: each gets their own result', async () => {
      const mine = await app.request(caseworker, 'POST', '/persons', person('Mine'), key('shared-key-0001'));
      const theirs = await app.request(colleague, 'POST', '/persons', person('Mine'), key('shared-key-0001'));
      expect(mine.status).toBe(201);
      expect(theirs.status).toBe(201);
      expect(theirs.body.personId).not.toBe(mine.body.personId);
    });
  });

  describe('when the first request was refused before anything was written', () => {
    it('frees the key for the corrected request', async () => {
      const wrong = await app.request(
        caseworker,
        'POST',
        '/persons',
        { ...person('Fix'), municipality: 'Köln' },
        key('fix-key-0001'),
      );
      expect(wrong.status).toBe(400);
      const fixed = await app.request(caseworker, 'POST', '/persons', person('Fix'), key('fix-key-0001'));
      expect(fixed.status).toBe(201);
    });
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const response = await app.request(caseworker, 'POST', '/persons', person('Bad'), key('short'));
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });
});
