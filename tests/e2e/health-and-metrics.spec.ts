import { TestApp } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

describe('operations endpoints', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start()));
  afterAll(() => app.stop());

  it('reports liveness and readiness of both stores without a token', async () => {
    const health = await app.request(null, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      live: true,
      ready: true,
      eventStore: { status: 'up' },
      readStore: { status: 'up' },
    });
    expect(health.body.projections.map((p: { name: string }) => p.name)).toContain('persons');
  });

  it('answers with Helmet’s security headers, built once at start', async () => {
    const answer = await app.request(null, 'GET', '/health');
    expect(answer.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
    expect(String(answer.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(answer.headers['x-powered-by']).toBeUndefined();
  });

  describe('when a store fails', () => {
    it('says which one, and whether it was slow or failing, without its error text (issue 13)', async () => {
      const store = app.eventStore as unknown as { ping: () => Promise<void> };
      const ping = store.ping;
      store.ping = async () => {
        throw new Error('connect ECONNREFUSED esdb://kim:secret-password@10.20.30.40:2113');
      };
      try {
        const health = await app.request(null, 'GET', '/health');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({
          ready: false,
          eventStore: { status: 'down', reason: 'error' },
          readStore: { status: 'up' },
        });
        expect(health.text).not.toMatch(/ECONNREFUSED|secret|10\.20\.30\.40|esdb:/);
      } finally {
        store.ping = ping;
      }
    });
  });

  it('serves Prometheus metrics to the admin, counting requests by route pattern, never by person id', async () => {
    const caseworker = { role: 'caseworker' as const, sub: 'cw-01' };
    const { body } = await app.request(caseworker, 'POST', '/persons', {
      givenName: 'Olena',
      familyName: 'Kovalenko',
      dateOfBirth: '1985-06-30',
      nationality: 'UA',
      municipality: 'Mettmann',
      languages: ['uk'],
      residenceStatus: '§ 24 AufenthG',
      participation: PARTICIPATION,
    });
    await app.request(caseworker, 'GET', `/persons/${body.personId}`);
    const response = await app.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${await app.token({ role: 'admin', sub: 'ops-1' })}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/kim_http_requests_total\{method="POST",route="\/api\/v1\/persons",status="2xx"\} 1/);
    expect(response.body).toMatch(/kim_event_log_head_position [1-9]/);
    expect(response.body).not.toContain(body.personId);
  });

  it('refuses metrics to other roles', async () => {
    const response = await app.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${await app.token({ role: 'caseworker', sub: 'cw-01' })}` },
    });
    expect(response.statusCode).toBe(403);
  });
});
