import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../src/auth/local-signing-key.js';
import { issueLoginTicket } from '../../src/console/login-tickets.js';
import { UNAUTHENTICATED_REFUSALS, type UnauthenticatedRefusals } from '../../src/http/unauthenticated-refusals.js';
import { TestApp } from '../support/test-app.js';

const caseworker = { role: 'caseworker' as const, sub: 'cw-01' };
const ATTACKER = '203.0.113.66';
const OFFICE = '198.51.100.10';

/** A well-formed token in cw-01's name, signed with a key the service has never seen. */
async function forgedToken(stranger: CryptoKey, sub = 'cw-01'): Promise<string> {
  return new SignJWT({ roles: ['dpo'], agency: 'KI' })
    .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(stranger);
}

describe('rate limits and refusals of unauthenticated requests (issue 13)', () => {
  let stranger: CryptoKey;
  beforeAll(async () => ({ privateKey: stranger } = await generateKeyPair('ES256')));

  describe('when 300 unauthenticated requests arrive from one address', () => {
    let app: TestApp;
    beforeAll(async () => (app = await TestApp.start({ KIM_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '1000' })));
    afterAll(() => app.stop());

    it('adds one counted event for the address and minute instead of one event per request', async () => {
      const before = (await app.allEvents()).length;
      const personId = randomUUID();
      const forged = await forgedToken(stranger);
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) {
        const authorization = [undefined, `Bearer ${forged}`, 'Bearer not.a.token'][i % 3];
        const response = await app.app.inject({
          method: 'GET',
          url: `/api/v1/persons/${personId}`,
          remoteAddress: ATTACKER,
          headers: authorization ? { authorization } : {},
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.every((s) => s === 401)).toBe(true);
      const beforeFlush = (await app.allEvents()).length - before;
      const refusals = app.app.get<UnauthenticatedRefusals>(UNAUTHENTICATED_REFUSALS);
      await refusals.flush({ all: true });
      const added = (await app.allEvents()).slice(before);
      console.log(
        `events added by 300 unauthenticated requests: ${beforeFlush} while refused, ${added.length} after the minute's flush`,
      );
      expect(beforeFlush).toBe(0);
      // One per address and minute; two if the run crossed a minute boundary.
      expect(added.length).toBeGreaterThanOrEqual(1);
      expect(added.length).toBeLessThanOrEqual(2);
      expect(added.every((e) => e.type === 'UnauthenticatedRequestsCounted')).toBe(true);
      expect(added.reduce((n, e) => n + (e.data.count as number), 0)).toBe(300);
      expect(added[0]!.data).toMatchObject({
        address: ATTACKER,
        routes: { 'GET /api/v1/persons/:id': expect.any(Number) },
      });
      // Neither the person the URL names nor the subject the forged token claims is in the log.
      const stored = JSON.stringify(added, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      expect(stored).not.toContain(personId);
      expect(stored).not.toContain('cw-01');
    });

    it('shows the count in the DPO audit trail', async () => {
      const dpo = { role: 'dpo' as const, sub: 'dsb-1' };
      const deadline = Date.now() + 5000;
      let entries: { action: string; details: { count?: number } }[] = [];
      while (Date.now() < deadline) {
        const trail = await app.request(dpo, 'GET', '/audit/trail?action=unauthenticated-requests');
        entries = trail.body?.items ?? [];
        if (entries.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.reduce((n, e) => n + (e.details.count ?? 0), 0)).toBe(300);
    });
  });

  describe('when a flood of forged tokens names a real user', () => {
    let app: TestApp;
    beforeAll(
      async () =>
        (app = await TestApp.start({
          KIM_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '20',
          KIM_RATE_LIMIT_PER_MINUTE: '30',
        })),
    );
    afterAll(() => app.stop());

    it('limits the forger per address and never locks the named user out', async () => {
      const forged = `Bearer ${await forgedToken(stranger, caseworker.sub)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const response = await app.app.inject({
          method: 'GET',
          url: '/api/v1/caseload',
          remoteAddress: ATTACKER,
          headers: { authorization: forged },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(40);
      const real = `Bearer ${await app.token(caseworker)}`;
      for (const remoteAddress of [OFFICE, ATTACKER]) {
        const response = await app.app.inject({
          method: 'GET',
          url: '/api/v1/caseload',
          remoteAddress,
          headers: { authorization: real },
        });
        expect(response.statusCode).toBe(200);
      }
    });

    it('limits a verified user across all their tokens and addresses', async () => {
      const user = { role: 'caseworker' as const, sub: 'cw-77' };
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        const response = await app.app.inject({
          method: 'GET',
          url: '/api/v1/caseload',
          remoteAddress: `198.51.100.${i}`,
          // A fresh token now and then: same user, same bucket.
          headers: { authorization: `Bearer ${await app.token(user)}` },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    });
  });

  describe('when a whole office is signed in to the console behind one address', () => {
    let app: TestApp;
    beforeAll(
      async () =>
        (app = await TestApp.start({
          KIM_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '5',
          KIM_RATE_LIMIT_PER_MINUTE: '30',
        })),
    );
    afterAll(() => app.stop());

    // Signing in is itself unauthenticated and counted per address; each sign-in comes from a desk of its own.
    let desk = 0;
    const consoleCookie = async (sub: string) => {
      const user = { sub, roles: ['team_lead' as const], agency: 'KI' };
      const { secret } = await issueLoginTicket(app.dataDir, user, 60_000);
      const response = await app.app.inject({
        method: 'POST',
        url: '/console/sitzung/link',
        remoteAddress: `192.0.2.${++desk}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ ticket: secret }),
      });
      return String(response.headers['set-cookie']).split(';')[0]!;
    };
    const caseloadAs = (cookie: string | undefined) =>
      app.app.inject({
        method: 'GET',
        url: '/api/v1/caseload',
        remoteAddress: OFFICE,
        headers: cookie ? { cookie } : {},
      });

    it("counts each console session under its user, not under the office's small unauthenticated allowance", async () => {
      const office = [await consoleCookie('tl-a'), await consoleCookie('tl-b')];
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) for (const cookie of office) statuses.push((await caseloadAs(cookie)).statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(40);
      // The same address without a session is still held to its own allowance.
      const anonymous: number[] = [];
      for (let i = 0; i < 10; i++) anonymous.push((await caseloadAs(undefined)).statusCode);
      expect(anonymous.filter((s) => s === 429).length).toBeGreaterThan(0);
    });

    it('limits one console user like any other verified user', async () => {
      const cookie = await consoleCookie('tl-c');
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await caseloadAs(cookie)).statusCode);
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    });
  });
});
