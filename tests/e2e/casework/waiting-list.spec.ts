import { ProjectionRunnerService } from '../../../src/projection-runner/projection-runner.service.js';
import { TestApp, type Caller } from '../../support/test-app.js';
import { PARTICIPATION } from '../../support/builders.js';

/** Issue 16, item 7: 80 × FTE per case manager, a waiting list when nobody has room, waiting time recorded. */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-wait' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-wait' };

describe('staff register and waiting list (HTTP)', () => {
  let app: TestApp;
  const caughtUp = async () => {
    const events = await app.allEvents();
    await app.app.get(ProjectionRunnerService).waitFor(events.at(-1)!.position, { timeoutMs: 5000 });
  };
  const openCase = async (i: number) => {
    const personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Warte',
        familyName: `Liste${i}`,
        dateOfBirth: '1990-01-01',
        nationality: 'IQ',
        municipality: 'Ratingen',
        languages: ['ar'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    return (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Ratingen' })).body
      .caseId as string;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    // 0.05 FTE with a welfare association: 80 × 0.05 = 4 places.
    await app.registerStaff([caseworker.sub], { fte: 0.05, provider: 'WV_CARITAS' });
  });
  afterAll(() => app.stop());

  it('lists unassigned cases while nobody has room, and records the waiting time on assignment', async () => {
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await openCase(i));
    for (const caseId of cases.slice(0, 4)) {
      expect(
        (await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub })).status,
      ).toBe(200);
    }
    const full = await app.request(teamLead, 'POST', `/cases/${cases[4]}/assign`, { caseworkerId: caseworker.sub });
    expect(full.status).toBe(409); // caseload-limit-reached
    await caughtUp();

    const waiting = await app.request(teamLead, 'GET', '/cases/waiting');
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ freeSlots: 0, noCapacity: true });
    expect(waiting.body.items).toEqual([
      expect.objectContaining({ caseId: cases[4], waitingSince: expect.any(String), waitingDays: 0 }),
    ]);

    const caseload = await app.request(teamLead, 'GET', '/caseload');
    expect(caseload.body.caseworkers).toEqual([
      expect.objectContaining({ caseworkerId: caseworker.sub, active: 4, limit: 4, utilisation: 1 }),
    ]);
    const staff = await app.request(teamLead, 'GET', '/staff');
    expect(staff.body.byProvider).toEqual([{ provider: 'WV_CARITAS', fte: 0.05, caseloadLimit: 4, activeCases: 4 }]);

    // A place comes free; the waiting case is assigned and its waiting time recorded.
    expect((await app.request(caseworker, 'POST', `/cases/${cases[0]}/close`, { reason: 'moved-away' })).status).toBe(
      200,
    );
    expect(
      (await app.request(teamLead, 'POST', `/cases/${cases[4]}/assign`, { caseworkerId: caseworker.sub })).status,
    ).toBe(200);
    const assigned = (await app.allEvents()).filter((e) => e.type === 'CaseAssigned').at(-1)!;
    expect(assigned.data).toMatchObject({ caseId: cases[4], waitedDays: 0, waitingSince: expect.any(String) });
    await caughtUp();
    expect((await app.request(teamLead, 'GET', '/cases/waiting')).body.items).toEqual([]);
    expect((await app.request(caseworker, 'GET', '/cases/waiting')).status).toBe(403);
  });
});
