import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-01' };
const valid = {
  givenName: 'Đorđe',
  familyName: 'Đorđević',
  dateOfBirth: '1988-02-29',
  nationality: 'RS',
  municipality: 'Hilden',
  languages: ['sr'],
  residenceStatus: '§ 24 AufenthG',
  participation: PARTICIPATION,
};

describe('bad input gets a clear error and changes nothing (rule 9)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start({ KIM_BODY_LIMIT_BYTES: '4096' })));
  afterAll(() => app.stop());

  const cases: [string, unknown, number, RegExp][] = [
    ['malformed JSON', '{"givenName": "A",', 400, /JSON|Unexpected|body/i],
    ['a wrong type', { ...valid, languages: 'sr' }, 400, /languages/],
    ['a missing field', { ...valid, givenName: undefined }, 400, /givenName/],
    ['an unknown field', { ...valid, isAdmin: true }, 400, /isAdmin should not exist/],
    // The reserved keys ride on an otherwise valid body, so only the key itself can cause the refusal.
    [
      'a __proto__ key',
      `{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`,
      400,
      /property __proto__ should not exist/,
    ],
    ['a constructor key', JSON.stringify({ ...valid, constructor: 'x' }), 400, /property constructor should not exist/],
    [
      'a constructor.prototype key',
      JSON.stringify({ ...valid, constructor: { prototype: { polluted: true } } }),
      400,
      /property constructor should not exist/,
    ],
    ['a prototype key', { ...valid, prototype: { polluted: true } }, 400, /property prototype should not exist/],
    ['a key named like an inherited method', { ...valid, toString: 'x' }, 400, /property toString should not exist/],
    ['an empty body', '', 400, /empty/],
    ['a string over its maximum length', { ...valid, familyName: 'x'.repeat(201) }, 400, /familyName/],
    ['an array over its maximum size', { ...valid, languages: Array(21).fill('de') }, 400, /languages/],
    ['an impossible date', { ...valid, dateOfBirth: '2023-02-30' }, 400, /dateOfBirth/],
    ['a municipality outside the county', { ...valid, municipality: 'Köln' }, 400, /municipality/],
    ['an oversized body', { ...valid, residenceStatus: 'x'.repeat(5000) }, 413, /./],
  ];

  it.each(cases)('%s is refused with a message and no event written', async (_name, body, status, message) => {
    const before = (await app.allEvents()).length;
    const response = await app.request(caseworker, 'POST', '/persons', body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    expect(JSON.stringify(response.body.message)).toMatch(message);
    expect((await app.allEvents()).filter((e) => e.type !== 'AccessDenied').length).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('when a reserved key hides inside a nested object of a valid consent', () => {
    const consent = {
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity'],
      purposes: ['labour-market-integration'],
      validUntil: '2027-12-31',
      evidence: { kind: 'signed-form', reference: 'KI-2026-0042' },
      informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
    };

    it('refuses it naming the nested field and records no consent, while the same consent without it is recorded', async () => {
      const { body: person } = await app.request(caseworker, 'POST', '/persons', valid);
      const consents = async () => (await app.allEvents()).filter((e) => e.type === 'ConsentGranted').length;
      const before = await consents();

      const refused = await app.request(caseworker, 'POST', `/persons/${person.personId}/consents`, {
        ...consent,
        evidence: { ...consent.evidence, constructor: { prototype: 'x' } },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toBe('property evidence.constructor should not exist');
      expect(await consents()).toBe(before);

      expect((await app.request(caseworker, 'POST', `/persons/${person.personId}/consents`, consent)).status).toBe(201);
      expect(await consents()).toBe(before + 1);
    });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])(
    'answers a body of type %s with 415 and writes nothing',
    async (contentType) => {
      const before = (await app.allEvents()).length;
      const response = await app.request(caseworker, 'POST', '/persons', 'givenName=A&familyName=B', {
        'content-type': contentType,
      });
      expect(response.status).toBe(415);
      expect((await app.allEvents()).length).toBe(before);
    },
  );

  it('refuses a body that is not valid UTF-8 instead of storing the name garbled', async () => {
    const before = (await app.allEvents()).length;
    const jurgen = { ...valid, givenName: 'Jürgen', familyName: 'Müller' };
    const latin1 = Buffer.from(JSON.stringify(jurgen), 'latin1'); // ü as the single byte 0xFC
    const response = await app.request(caseworker, 'POST', '/persons', latin1);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/UTF-8/);
    expect((await app.allEvents()).length).toBe(before);
  });

  it('answers a JSON body declared in another charset with 415 and writes nothing', async () => {
    const before = (await app.allEvents()).length;
    const response = await app.request(caseworker, 'POST', '/persons', valid, {
      'content-type': 'application/json; charset=latin1',
    });
    expect(response.status).toBe(415);
    expect(response.body.message).toMatch(/charset latin1/);
    expect((await app.allEvents()).length).toBe(before);
    const utf8 = await app.request(caseworker, 'POST', '/persons', valid, {
      'content-type': 'application/json; charset=UTF-8',
    });
    expect(utf8.status).toBe(201);
  });

  it('answers 401 without a token and 403 for a role without access', async () => {
    expect((await app.request(null, 'POST', '/persons', valid)).status).toBe(401);
    expect((await app.request({ role: 'committee', sub: 'c-1' }, 'POST', '/persons', valid)).status).toBe(403);
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    expect((await app.request(caseworker, 'GET', '/persons/6f1c1a3e-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await app.request(caseworker, 'GET', '/persons/not-a-uuid')).status).toBe(400);
  });

  it('round-trips names in every script unchanged', async () => {
    for (const [givenName, familyName] of [
      ['Aylin', 'Yılmaz-Özdemir'],
      ['محمد', 'العلي'],
      ['小明', '王'],
      ['Ольга', 'Шевченко'],
      ['Maria da Conceição', 'Gonçalves de Albuquerque e Vasconcelos-Bragança Müller-Lüdenscheidt'],
    ]) {
      const { body } = await app.request(caseworker, 'POST', '/persons', { ...valid, givenName, familyName });
      const read = await app.request(caseworker, 'GET', `/persons/${body.personId}`);
      expect(read.body).toMatchObject({ givenName, familyName });
    }
  });
});
