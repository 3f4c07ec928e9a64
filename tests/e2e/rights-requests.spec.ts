import { setRequestClock } from '../../src/http/request-context.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-requests' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-requests' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-requests' };
const clock = fixedClock('2026-12-01T09:00:00.000Z');

/** The register of data-subject requests (Art. 12 DSGVO): one month, extension with reason, overdue visible. */
describe('the register of data-subject requests, on a settable clock', () => {
  let app: TestApp;
  let personId: string;
  const requestIds: Record<string, string> = {};

  beforeAll(async () => {
    setRequestClock(clock);
    app = await TestApp.start();
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Anfrage',
        familyName: 'Stellerin',
        dateOfBirth: '1985-05-05',
        nationality: 'SY',
        municipality: 'Hilden',
        languages: ['ar'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
  });
  afterAll(async () => {
    setRequestClock(systemClock);
    await app.stop();
  });

  it.each([
    ['access', 'letter', '2026-12-01', '2027-01-01'],
    ['rectification', 'email', '2026-11-30', '2026-12-30'],
    ['erasure', 'in-person', '2026-10-31', '2026-11-30'],
    ['restriction', 'letter', '2026-12-01', '2027-01-01'],
    ['objection', 'email', '2026-01-31', '2026-02-28'],
  ])(
    'registers a %s request received by %s on %s, due one month later (%s)',
    async (kind, channel, receivedOn, dueOn) => {
      const response = await app.request(privacyOfficer, 'POST', '/privacy/requests', {
        personId,
        kind,
        channel,
        receivedOn,
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ requestId: expect.any(String), dueOn });
      requestIds[kind] = response.body.requestId;
    },
  );

  it('refuses bad input with German field messages, and the DPO (403)', async () => {
    const bad = await app.request(privacyOfficer, 'POST', '/privacy/requests', {
      personId: 'nobody',
      kind: 'complaint',
      channel: 'pigeon',
      receivedOn: '1.12.2026',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['channel', 'kind', 'personId', 'receivedOn'].sort(),
    );
    expect(bad.body.fields.every((f: { messageDe: string }) => f.messageDe.length > 0)).toBe(true);
    const future = await app.request(privacyOfficer, 'POST', '/privacy/requests', {
      personId,
      kind: 'access',
      channel: 'letter',
      receivedOn: '2026-12-24',
    });
    expect(future.status).toBe(400);
    const byDpo = await app.request(dpo, 'POST', '/privacy/requests', {
      personId,
      kind: 'access',
      channel: 'letter',
      receivedOn: '2026-12-01',
    });
    expect(byDpo.status).toBe(403);
  });

  it('shows the overdue requests to the DPO', async () => {
    const overdue = await app.request(dpo, 'GET', '/privacy/requests?overdue=true');
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((r: { kind: string }) => r.kind).sort()).toEqual(['erasure', 'objection']);
    expect(overdue.body.items.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
  });

  it('extends once by up to two months with a reason, within the first month', async () => {
    const extended = await app.request(privacyOfficer, 'POST', `/privacy/requests/${requestIds.access}/extend`, {
      months: 2,
      reason: 'Auskunft über mehrere beteiligte Stellen',
    });
    expect(extended.status).toBe(200);
    expect(extended.body).toEqual({ requestId: requestIds.access, status: 'open', dueOn: '2027-03-01' });
    const again = await app.request(privacyOfficer, 'POST', `/privacy/requests/${requestIds.access}/extend`, {
      months: 1,
      reason: 'noch einmal verlängern',
    });
    expect(again.status).toBe(409);
    const late = await app.request(privacyOfficer, 'POST', `/privacy/requests/${requestIds.erasure}/extend`, {
      months: 1,
      reason: 'zu spät für eine Verlängerung',
    });
    expect(late.status).toBe(422);
    expect(late.body.reasons).toEqual(['request-overdue']);
  });

  it('closes a request with its outcome; a closed request is neither overdue nor closed twice', async () => {
    const closed = await app.request(privacyOfficer, 'POST', `/privacy/requests/${requestIds.erasure}/close`, {
      outcome: 'granted',
    });
    expect(closed.status).toBe(200);
    expect(
      (
        await app.request(privacyOfficer, 'POST', `/privacy/requests/${requestIds.erasure}/close`, {
          outcome: 'granted',
        })
      ).status,
    ).toBe(409);
    const register = await app.request(privacyOfficer, 'GET', `/privacy/requests?personId=${personId}`);
    const erasure = register.body.items.find((r: { requestId: string }) => r.requestId === requestIds.erasure);
    expect(erasure).toMatchObject({ status: 'closed', outcome: 'granted', closedOn: '2026-12-01', overdue: false });
    const access = register.body.items.find((r: { requestId: string }) => r.requestId === requestIds.access);
    expect(access.extension).toMatchObject({ months: 2, reason: 'Auskunft über mehrere beteiligte Stellen' });
  });

  it('makes a request overdue when the clock passes its due date', async () => {
    clock.set('2027-01-02T09:00:00.000Z');
    const overdue = await app.request(dpo, 'GET', '/privacy/requests?overdue=true');
    expect(overdue.body.items.map((r: { kind: string }) => r.kind).sort()).toEqual([
      'objection',
      'rectification',
      'restriction',
    ]);
  });
});
