import { todayInGermany } from '../support/calendar.js';
import { randomBytes } from 'node:crypto';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

/**
 * Issue 12, item 2: every route of the OpenAPI document is asked whether it answers with personal data.
 * Each one that does must be served by the PersonalDataGate — proven by the access event it writes, which
 * only the gate writes with a ground per person — must log the read before answering, and must answer
 * nothing of the person to a caseworker without need to know or anyone while the person is restricted.
 * A route the table below does not know fails the test: a new endpoint cannot skip the question.
 */
const marker = `Geheim${randomBytes(4).toString('hex')}`;
const owner: Caller = { role: 'caseworker', sub: 'cw-guard' };
const stranger: Caller = { role: 'caseworker', sub: 'cw-guard-stranger' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-guard' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-guard' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-guard' };
const jobcenter: Caller = { role: 'agency_officer', sub: 'ao-guard', agency: 'JOBCENTER_IP' };

interface Ids {
  personId: string;
  caseId: string;
  documentId: string;
}
interface Recipe {
  /** Who legitimately reads it, and the URL that shows the fixture person. */
  caller: Caller;
  url: (ids: Ids) => string;
  /** Whether decrypted personal data (the marker) appear in the answer, or only pseudonymous ids. */
  shows: 'personal-data' | 'pseudonymous';
}

/** Routes that answer with data about a person. */
const PERSONAL: Record<string, Recipe> = {
  'GET /persons/{id}': { caller: owner, url: (i) => `/persons/${i.personId}`, shows: 'personal-data' },
  'GET /persons/{personId}/consents': {
    caller: owner,
    url: (i) => `/persons/${i.personId}/consents`,
    shows: 'personal-data',
  },
  'GET /cases/{id}': { caller: owner, url: (i) => `/cases/${i.caseId}`, shows: 'personal-data' },
  'GET /persons/{personId}/documents': {
    caller: owner,
    url: (i) => `/persons/${i.personId}/documents`,
    shows: 'pseudonymous',
  },
  'GET /persons/{personId}/documents/{documentId}': {
    caller: owner,
    url: (i) => `/persons/${i.personId}/documents/${i.documentId}`,
    shows: 'personal-data',
  },
  'GET /cases/{id}/referrals': { caller: owner, url: (i) => `/cases/${i.caseId}/referrals`, shows: 'personal-data' },
  'GET /transfers': { caller: owner, url: (i) => `/transfers?personId=${i.personId}`, shows: 'personal-data' },
  'GET /privacy/persons/{id}/report': {
    caller: privacyOfficer,
    url: (i) => `/privacy/persons/${i.personId}/report`,
    shows: 'personal-data',
  },
  'GET /audit/trail': { caller: dpo, url: (i) => `/audit/trail?personId=${i.personId}`, shows: 'pseudonymous' },
  'GET /audit/anomalies': { caller: dpo, url: () => '/audit/anomalies', shows: 'pseudonymous' },
};

/** Routes that answer with no data about any person, and why. */
const NOT_PERSONAL: Record<string, string> = {
  'GET /health': 'liveness and readiness',
  'GET /metrics': 'operations counters',
  'GET /caseload': 'case counts per caseworker (employee data, no participant)',
  'GET /cases/waiting': 'waiting list: pseudonymous case ids, dates and free places of case managers',
  'GET /tasks': 'Wiedervorlage: task kinds, dates and pseudonymous ids, no personal data',
  'GET /cases': 'pseudonymous case ids, status and assignee (product §3: no personal data)',
  'GET /staff': 'the staff register (employee data, no participant)',
  'GET /deputy-grants':
    'Vertretungen in force: pseudonymous person and case ids, staff ids, end dates; the reason stays sealed',
  'GET /audit/verify': 'the integrity of the log',
  'GET /audit/checkpoints': 'signed checkpoints of the log (positions and hashes)',
  'GET /reports/committee': 'protected aggregates',
  'GET /reports/state': 'protected aggregates for the state',
  'GET /findings': 'anonymous structural findings',
  'GET /privacy/erasures': 'the rights desk’s erasure queue: pseudonymous ids, staff ids, dates, no content of a file',
  'GET /privacy/erasure-notices': 'Art. 19 notices: pseudonymous ids, agency codes, dates',
  'GET /persons': 'the duplicate check: only "exists — ask your team lead" or "none" (a match is logged)',
  'GET /audit/breaches': 'the breach register: dates, counts, the DPO’s and privacy officer’s own texts',
  'GET /audit/record-of-processing': 'the Art. 30 record, generated from the configuration',
  'GET /privacy/requests': 'the request register: pseudonymous ids, kinds, dates, outcomes',
  'GET /privacy/erasure-reviews': 'erasure reviews: pseudonymous ids, trigger codes, dates',
  'GET /legal-bases': 'the legal-basis matrix in force (configuration)',
  'GET /catalogue': 'agencies, municipalities, categories, purposes, bases, reasons (configuration)',
};

describe('every read of personal data goes through the gate', () => {
  let app: TestApp;
  let ids: Ids;
  let routes: string[];

  const accessEventsOf = async (correlationId: string): Promise<RecordedEvent[]> =>
    (await app.eventStore.readStream(`access-${correlationId}`)).filter((e) => e.type === 'PersonalDataAccessed');

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([owner.sub]);
    const personId = (
      await app.request(owner, 'POST', '/persons', {
        givenName: marker,
        familyName: 'Weber',
        dateOfBirth: '1990-01-01',
        nationality: 'AF',
        municipality: 'Erkrath',
        languages: ['fa'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    await app.request(owner, 'POST', `/persons/${personId}/consents`, {
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity'],
      purposes: ['labour-market-integration'],
      validUntil: '2027-12-31',
      evidence: {
        kind: 'signed-form',
        reference: `${marker}-form`,
      },
      informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
    });
    const caseId = (await app.request(owner, 'POST', '/cases', { personId, municipality: 'Erkrath' })).body.caseId;
    await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: owner.sub });
    await app.request(owner, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: todayInGermany(),
      summary: `Beratung ${marker}`,
    });
    const delivered = await app.request(owner, 'POST', '/transfers', {
      personId,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    // A referral citing it; its summary is personal data (issue 14).
    await app.request(owner, 'POST', `/cases/${caseId}/referrals`, {
      agency: 'JOBCENTER_IP',
      transferId: delivered.body.transferId,
      summary: `Vermittlung ${marker}`,
    });
    // A transfer's personal part is its justification: recorded whether the transfer passes or not.
    await app.request(owner, 'POST', '/transfers', {
      personId,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['employment'],
      purpose: 'labour-market-integration',
      legalBasis: 'sgb10-69',
      justification: `Leistungsantrag ${marker} liegt vor`,
    });
    const documentId = (
      await app.request(owner, 'POST', `/persons/${personId}/documents`, {
        kind: 'certificate',
        contentType: 'application/pdf',
        contentBase64: Buffer.from(`%PDF-1.7 ${marker}`).toString('base64'),
        fileName: `${marker}.pdf`,
      })
    ).body.documentId;
    ids = { personId, caseId, documentId };
    const document = (await app.app.inject({ method: 'GET', url: '/api/docs-json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );
  });
  afterAll(() => app.stop());

  it('knows of every GET route whether it answers with personal data', () => {
    const unknown = routes.filter((r) => r.startsWith('GET ') && !(r in PERSONAL) && !(r in NOT_PERSONAL));
    expect(unknown).toEqual([]);
    expect(Object.keys(PERSONAL).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('serves each personal-data route through the gate, logging the read with its ground before answering', async () => {
    const served: string[] = [];
    for (const [route, recipe] of Object.entries(PERSONAL)) {
      const correlation = `guard-${served.length}-${randomBytes(3).toString('hex')}`;
      const response = await app.request(recipe.caller, 'GET', recipe.url(ids), undefined, {
        'x-correlation-id': correlation,
      });
      expect({ route, status: response.status }).toEqual({ route, status: 200 });
      if (recipe.shows === 'personal-data')
        expect({ route, shows: response.text.includes(marker) }).toEqual({ route, shows: true });
      const [logged] = await accessEventsOf(correlation);
      expect({ route, logged: logged?.data }).toEqual({
        route,
        logged: expect.objectContaining({
          personIds: expect.arrayContaining([ids.personId]),
          grounds: expect.objectContaining({ [ids.personId]: expect.any(String) }),
        }),
      });
      served.push(route);
    }
    expect(served).toHaveLength(Object.keys(PERSONAL).length);
  });

  it('answers none of it to a caseworker without need to know, and logs no read by them', async () => {
    for (const [route, recipe] of Object.entries(PERSONAL)) {
      const correlation = `stranger-${randomBytes(4).toString('hex')}`;
      const response = await app.request(stranger, 'GET', recipe.url(ids), undefined, {
        'x-correlation-id': correlation,
      });
      expect({
        route,
        leaks: response.text.includes(marker),
        ok: response.status === 200 && route !== 'GET /transfers',
      }).toEqual({
        route,
        leaks: false,
        ok: false,
      });
      expect(await accessEventsOf(correlation)).toEqual([]);
    }
  });

  it('answers no personal data on the routes that declare none', async () => {
    const callers: Caller[] = [
      owner,
      teamLead,
      dpo,
      privacyOfficer,
      jobcenter,
      { role: 'committee', sub: 'com-guard' },
    ];
    for (const route of Object.keys(NOT_PERSONAL)) {
      const path = route.slice(4).replace('{id}', ids.personId);
      for (const caller of callers) {
        const query = path === '/reports/committee' ? '?period=2026' : path === '/reports/state' ? '?year=2026' : '';
        const response = await app.request(caller, 'GET', `${path}${query}`);
        expect({ route, caller: caller.role, leaks: response.text.includes(marker) }).toEqual({
          route,
          caller: caller.role,
          leaks: false,
        });
      }
    }
  });

  it('answers no command with personal data: commands answer ids and outcomes', async () => {
    const answer = await app.request(owner, 'POST', `/cases/${ids.caseId}/actions`, {
      type: 'review',
      occurredAt: todayInGermany(),
      summary: `Überprüfung ${marker}`,
    });
    expect(answer.status).toBe(201);
    expect(answer.text).not.toContain(marker);
  });

  describe('while the person is restricted', () => {
    beforeAll(async () => {
      await app.request(privacyOfficer, 'POST', `/privacy/persons/${ids.personId}/restrict`, { reason: 'bestritten' });
    });

    it('shows the person’s data to the privacy officer only', async () => {
      for (const [route, recipe] of Object.entries(PERSONAL)) {
        if (recipe.shows !== 'personal-data' || recipe.caller.role === 'privacy_officer') continue;
        const response = await app.request(recipe.caller, 'GET', recipe.url(ids));
        expect({ route, leaks: response.text.includes(marker) }).toEqual({ route, leaks: false });
      }
      for (const url of [
        `/persons/${ids.personId}`,
        `/cases/${ids.caseId}`,
        `/privacy/persons/${ids.personId}/report`,
      ]) {
        const response = await app.request(privacyOfficer, 'GET', url);
        expect({ url, shows: response.status === 200 && response.text.includes(marker) }).toEqual({ url, shows: true });
      }
    });
  });
});
