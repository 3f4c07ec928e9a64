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
});
