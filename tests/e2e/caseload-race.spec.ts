import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-07' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-01' };

describe('caseload limit 1:80 under racing assignments (rule 5)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff(['cw-99']);
  });
  afterAll(() => app.stop());

  it('accepts exactly 80 of 100 concurrent assignments and refuses the rest with 409', async () => {
    const caseIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const { body: p } = await app.request(caseworker, 'POST', '/persons', {
        givenName: `Teilnehmer ${i}`,
        familyName: 'Muster',
        dateOfBirth: '1990-01-01',
        nationality: 'SY',
        municipality: 'Ratingen',
        languages: ['ar'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      });
      const { body: c } = await app.request(teamLead, 'POST', '/cases', {
        personId: p.personId,
        municipality: 'Ratingen',
      });
      caseIds.push(c.caseId);
    }

    const responses = await Promise.all(
      caseIds.map((caseId) => app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: 'cw-99' })),
    );
    const statuses = responses.map((r) => r.status);
    const accepted = statuses.filter((s) => s === 200).length;
    const refused = responses.filter((r) => r.status === 409);
    console.log(
      `caseload race: ${accepted} accepted, ${refused.length} refused of ${responses.length}; invariant violations: ${Math.max(0, accepted - 80)}`,
    );
    expect(accepted).toBe(80);
    expect(refused).toHaveLength(20);
    expect(refused[0]!.body.message).toMatch(/caseload/);

    const ledger = await app.eventStore.readStream('caseload-cw-99');
    const active = new Set<string>();
    for (const e of ledger) {
      const { caseId } = e.data as { caseId: string };
      if (e.type === 'CaseloadSlotTaken') active.add(caseId);
      else active.delete(caseId);
    }
    expect(active.size).toBe(80);
    const assigned = (await app.allEvents()).filter((e) => e.type === 'CaseAssigned');
    expect(assigned).toHaveLength(80);
    const view = await app.request(teamLead, 'GET', '/caseload');
    expect(view.body.caseworkers).toContainEqual(
      expect.objectContaining({ caseworkerId: 'cw-99', active: 80, limit: 80 }),
    );
  }, 60_000);
});
