import { TestApp, type Caller } from '../support/test-app.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-01' };
const committee: Caller = { role: 'committee', sub: 'ausschuss-1' };

describe('committee report and structural findings over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start()));
  afterAll(() => app.stop());

  it('records a finding without any person and shows it to the committee', async () => {
    const recorded = await app.request(caseworker, 'POST', '/findings', {
      topic: 'waiting-times',
      title: 'Wartezeiten bei der Ausländerbehörde',
      description: 'Termine zur Verlängerung des Aufenthaltstitels erst nach zehn Wochen.',
      agencies: ['AUSLAENDERBEHOERDE'],
      municipalities: ['Velbert', 'Heiligenhaus'],
      caseCount: 12,
    });
    expect(recorded.status).toBe(201);
    const listed = await app.request(committee, 'GET', '/findings');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('Wartezeiten bei der Ausländerbehörde');
  });

  it('refuses a finding that names a person', async () => {
    const response = await app.request(caseworker, 'POST', '/findings', {
      topic: 'waiting-times',
      title: 'x',
      description: 'y',
      agencies: [],
      municipalities: ['Velbert'],
      caseCount: 1,
      personId: '6f1c1a3e-0000-4000-8000-000000000000',
    });
    expect(response.status).toBe(400);
  });

  it('answers the committee report as JSON, CSV and German HTML with charts, and never to a caseworker', async () => {
    const json = await app.request(committee, 'GET', '/reports/committee?period=2026-Q3&format=json');
    expect(json.status).toBe(200);
    const csv = await app.request(committee, 'GET', '/reports/committee?period=2026-Q3&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const html = await app.request(committee, 'GET', '/reports/committee?period=2026&format=html');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<svg');
    expect(html.text).toContain('lang="de"');
    expect((await app.request(caseworker, 'GET', '/reports/committee?period=2026-Q3')).status).toBe(403);
    expect((await app.request(committee, 'GET', '/reports/committee?period=2026-Q9')).status).toBe(400);
  });

  it('refuses any period but a whole month, quarter, half-year or year, naming the forms in English and German', async () => {
    for (const period of ['2025-01-01..2025-06-03', '2025-06-03', '2026-W23', '']) {
      const response = await app.request(committee, 'GET', `/reports/committee?period=${encodeURIComponent(period)}`);
      expect({ period, status: response.status }).toEqual({ period, status: 400 });
      expect(response.body.message).toMatch(/a month \('2026-03'\), a quarter .* ein Monat/);
    }
    const missing = await app.request(committee, 'GET', '/reports/committee');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/period must be .* der Zeitraum muss/);
    for (const period of ['2026-03', '2026-Q2', '2026-H1', '2026']) {
      expect((await app.request(committee, 'GET', `/reports/committee?period=${period}`)).status).toBe(200);
    }
  });

  it('answers the state figures to the head of case management only, as Excel CSV or JSON', async () => {
    const teamLead: Caller = { role: 'team_lead', sub: 'tl-1' };
    const csv = await app.request(teamLead, 'GET', '/reports/state?year=2025');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.startsWith('\uFEFFFeld;Bezeichnung;Ausprägung;Spalte;Wert;Hinweis')).toBe(true);
    expect(csv.text).toContain('nicht erfasst');
    const json = await app.request(teamLead, 'GET', '/reports/state?year=2025&format=json');
    expect(json.body.fieldList.official).toBe(false);
    expect((await app.request(committee, 'GET', '/reports/state?year=2025')).status).toBe(403);
    const bad = await app.request(teamLead, 'GET', '/reports/state?year=25');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/year must be .* Berichtsjahr/);
  });
});
