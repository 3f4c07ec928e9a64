import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSessions } from '../../../src/console/console-sessions.js';
import { issueLoginTicket } from '../../../src/console/login-tickets.js';
import { openSqliteReadStore } from '../../../src/read-store/sqlite/sqlite-read-store.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { TestApp } from '../../support/test-app.js';
import type { Role } from '../../../src/shared/roles.js';
import { PARTICIPATION } from '../../support/builders.js';

const dpo = { sub: 'dsb-session', roles: ['dpo' as const], agency: 'KI' };
/** Reads a person in the privacy officer's capacity (product v2: the DPO monitors and reads no person). */
const privacyOfficer = { sub: 'dsk-session', roles: ['privacy_officer' as const], agency: 'KI' };

interface Signed {
  cookie: string;
  csrf: string;
  setCookie: string;
}

describe('console sign-in and sessions', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  const inject = (options: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; body?: unknown }) =>
    app.app.inject({
      method: options.method,
      url: options.url,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });

  const signIn = async (user: { sub: string; roles: Role[]; agency: string } = dpo): Promise<Signed> => {
    const { secret } = await issueLoginTicket(app.dataDir, user, 60_000);
    const response = await inject({ method: 'POST', url: '/console/sitzung/link', body: { ticket: secret } });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    return { cookie: setCookie.split(';')[0]!, csrf: response.json().csrfToken, setCookie };
  };

  describe('when a one-time login link is redeemed', () => {
    it('sets an httpOnly, SameSite=Strict session cookie (not Secure on plain http) and works only once', async () => {
      const { secret } = await issueLoginTicket(app.dataDir, dpo, 60_000);
      const first = await inject({ method: 'POST', url: '/console/sitzung/link', body: { ticket: secret } });
      expect(first.statusCode).toBe(200);
      expect(String(first.headers['set-cookie'])).toMatch(
        /^kim-console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/,
      );
      expect(first.json()).toMatchObject({ signedIn: true, user: { sub: dpo.sub, roles: ['dpo'] } });
      const again = await inject({ method: 'POST', url: '/console/sitzung/link', body: { ticket: secret } });
      expect(again.statusCode).toBe(401);
    });

    it('refuses an expired link', async () => {
      const { secret } = await issueLoginTicket(app.dataDir, dpo, 1000, Date.now() - 5000);
      expect(
        (await inject({ method: 'POST', url: '/console/sitzung/link', body: { ticket: secret } })).statusCode,
      ).toBe(401);
    });
  });

  describe('when the API is called with the session cookie', () => {
    it('accepts it for reads and names the console page in the access log', async () => {
      const s = await signIn(privacyOfficer);
      const { personId } = (
        await app.request({ role: 'caseworker', sub: 'cw-sess' }, 'POST', '/persons', {
          givenName: 'Sitzung',
          familyName: 'Test',
          dateOfBirth: '1985-01-01',
          nationality: 'IQ',
          municipality: 'Haan',
          languages: ['ar'],
          residenceStatus: '§ 25 Abs. 2 AufenthG',
          participation: PARTICIPATION,
        })
      ).body;
      const read = await inject({
        method: 'GET',
        url: `/api/v1/persons/${personId}`,
        headers: {
          cookie: s.cookie,
          'x-console-page': '/console/datenschutz/person',
          'x-correlation-id': 'console-read-0001',
        },
      });
      expect(read.statusCode).toBe(200);
      const [logged] = await app.eventStore.readStream('access-console-read-0001');
      expect(logged!.data).toMatchObject({
        personIds: [personId],
        endpoint: 'GET /api/v1/persons/:id',
        page: '/console/datenschutz/person',
      });
      expect(logged!.metadata.actor).toMatchObject({ sub: privacyOfficer.sub, role: 'privacy_officer' });
    });

    it('does not believe X-Console-Page from a bearer client', async () => {
      await app.request(
        { role: 'dpo', sub: 'dsb-bearer' },
        'POST',
        '/audit/trail/search',
        {},
        { 'x-console-page': '/console/dsb/protokoll', 'x-correlation-id': 'bearer-page-0001' },
      );
      const logged = await app.eventStore.readStream('access-bearer-page-0001');
      for (const e of logged) expect((e.data as { page?: string }).page).toBeUndefined();
    });

    it('refuses a state-changing request without the CSRF header, and takes it with the header', async () => {
      const s = await signIn();
      const without = await inject({
        method: 'POST',
        url: '/api/v1/audit/trail/search',
        headers: { cookie: s.cookie },
        body: {},
      });
      expect(without.statusCode).toBe(401);
      expect(without.json().message).toContain('csrf-token-mismatch');
      const wrong = await inject({
        method: 'POST',
        url: '/api/v1/audit/trail/search',
        headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) },
        body: {},
      });
      expect(wrong.statusCode).toBe(401);
      const right = await inject({
        method: 'POST',
        url: '/api/v1/audit/trail/search',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        body: {},
      });
      expect(right.statusCode).toBe(200);
    });

    it('applies the same roles as to a token', async () => {
      const s = await signIn({ sub: 'tl-session', roles: ['team_lead' as never], agency: 'KI' });
      expect(
        (await inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie: s.cookie } })).statusCode,
      ).toBe(403);
      expect((await inject({ method: 'GET', url: '/api/v1/caseload', headers: { cookie: s.cookie } })).statusCode).toBe(
        200,
      );
    });

    it('lets a bearer token win over a cookie, and refuses an unknown cookie', async () => {
      const token = await app.token({ role: 'committee', sub: 'com-1' });
      const s = await signIn();
      const both = await inject({
        method: 'GET',
        url: '/api/v1/audit/verify',
        headers: { cookie: s.cookie, authorization: `Bearer ${token}` },
      });
      expect(both.statusCode).toBe(403);
      const forged = await inject({
        method: 'GET',
        url: '/api/v1/audit/verify',
        headers: { cookie: `kim-console=${'A'.repeat(43)}` },
      });
      expect(forged.statusCode).toBe(401);
    });
  });

  describe('when signing out', () => {
    it('needs the CSRF header, ends the session and clears the cookie', async () => {
      const s = await signIn();
      expect(
        (await inject({ method: 'POST', url: '/console/sitzung/abmelden', headers: { cookie: s.cookie }, body: {} }))
          .statusCode,
      ).toBe(401);
      const out = await inject({
        method: 'POST',
        url: '/console/sitzung/abmelden',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        body: {},
      });
      expect(out.statusCode).toBe(200);
      expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
      expect(
        (await inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie: s.cookie } })).statusCode,
      ).toBe(401);
      expect(
        (await inject({ method: 'GET', url: '/console/sitzung', headers: { cookie: s.cookie } })).json().signedIn,
      ).toBe(false);
    });
  });

  describe('the console pages', () => {
    it('carry a strict Content-Security-Policy without unsafe-inline', async () => {
      for (const url of ['/console', '/console/dsb/protokoll', '/console/assets/app/main.js']) {
        const response = await inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
      }
    });

    it('answer 404 for unknown files and odd paths, and are not in the OpenAPI document', async () => {
      expect((await inject({ method: 'GET', url: '/console/assets/nothing.js' })).statusCode).toBe(404);
      expect((await inject({ method: 'GET', url: '/console/Person/123?x=1' })).statusCode).toBe(404);
      const doc = (await inject({ method: 'GET', url: '/api/docs-json' })).json() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths).filter((p) => p.includes('console'))).toEqual([]);
    });
  });
});

describe('console sessions expire', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kim-console-sessions-'));
  const store = openSqliteReadStore({ path: join(dir, 'read.db') });
  const clock = fixedClock('2026-12-01T08:00:00.000Z');
  const sessions = new ConsoleSessions(store, clock, { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after 30 idle minutes', async () => {
    const { secret } = await sessions.create({ sub: 'a', roles: ['dpo'], agency: 'KI' }, 'login-link');
    clock.advance(29 * 60_000);
    expect(await sessions.resolve(secret)).toBeDefined();
    clock.advance(29 * 60_000);
    expect(await sessions.resolve(secret)).toBeDefined();
    clock.advance(31 * 60_000);
    expect(await sessions.resolve(secret)).toBeUndefined();
  });

  it('after 8 hours however busy', async () => {
    const { secret } = await sessions.create({ sub: 'b', roles: ['dpo'], agency: 'KI' }, 'login-link');
    for (let i = 0; i < 16; i++) {
      clock.advance(29 * 60_000);
      expect(await sessions.resolve(secret)).toBeDefined();
    }
    clock.advance(29 * 60_000);
    expect(await sessions.resolve(secret)).toBeUndefined();
  });
});
