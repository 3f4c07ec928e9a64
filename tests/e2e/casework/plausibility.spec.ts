import { ProjectionRunnerService } from '../../../src/projection-runner/projection-runner.service.js';
import { TestApp, type Caller } from '../../support/test-app.js';
import { PARTICIPATION } from '../../support/builders.js';

/** Issue 16, item 8: what a newcomer found accepted that should not be. */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-plaus-1' };
const other: Caller = { role: 'caseworker', sub: 'cw-plaus-2' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-plaus' };

const person = (familyName: string) => ({
  givenName: 'Nour',
  familyName,
  dateOfBirth: '1988-03-03',
  nationality: 'SY',
  municipality: 'Hilden',
  languages: ['ar'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
});

describe('plausibility of casework (HTTP)', () => {
  let app: TestApp;
  const caughtUp = async () => {
    const events = await app.allEvents();
    await app.app.get(ProjectionRunnerService).waitFor(events.at(-1)!.position, { timeoutMs: 5000 });
  };
  const newCase = async (familyName: string, by: Caller = caseworker) => {
    const personId = (await app.request(by, 'POST', '/persons', person(familyName))).body.personId as string;
    const opened = await app.request(by, 'POST', '/cases', { personId, municipality: 'Hilden' });
    expect(opened.status).toBe(201);
    return { personId, caseId: opened.body.caseId as string };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub, other.sub]);
  });
  afterAll(() => app.stop());

  it('refuses an action dated before the case was opened, with a German field message', async () => {
    const { caseId } = await newCase('Datum');
    const answer = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: '2019-05-01',
      summary: 'Beratung',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([
      expect.objectContaining({
        field: 'actionDate',
        messageDe: expect.stringContaining('vor der Eröffnung des Falls'),
      }),
    ]);
  });

  it('refuses an action dated in the future', async () => {
    const { caseId } = await newCase('Zukunft');
    const answer = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: '2099-01-01',
      summary: 'Beratung',
    });
    expect(answer.status).toBe(400);
  });

  it('refuses a second open case for the person, and lets a team lead open one with a reason', async () => {
    const { personId, caseId } = await newCase('Doppelt');
    const second = await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Hilden' });
    expect(second.status).toBe(422);
    expect(second.body.reasons).toEqual([`person-has-open-case:${caseId}`]);
    expect(second.body.messageDe).toContain('bereits ein Fall offen');

    const withoutReason = await app.request(teamLead, 'POST', '/cases', { personId, municipality: 'Hilden' });
    expect(withoutReason.status).toBe(422);
    const alongside = await app.request(teamLead, 'POST', '/cases', {
      personId,
      municipality: 'Hilden',
      parallelCaseReason: 'Getrenntes Verfahren Baustein 3 (Einbürgerung)',
    });
    expect(alongside.status).toBe(201);
    const recorded = (await app.allEvents()).filter((e) => e.type === 'CaseOpenedForPerson').at(-1)!;
    expect(recorded.data).toMatchObject({ alongsideOpenCases: [caseId] });
    expect(JSON.stringify(recorded.data)).not.toContain('Getrenntes Verfahren'); // the reason is encrypted
  });

  it('opens a new case once the earlier one is closed', async () => {
    const { personId, caseId } = await newCase('Nacheinander');
    expect((await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'moved-away' })).status).toBe(
      200,
    );
    expect((await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Hilden' })).status).toBe(201);
    // …and then the earlier case cannot be reopened beside the new one.
    const reopened = await app.request(teamLead, 'POST', `/cases/${caseId}/reopen`);
    expect(reopened.status).toBe(422);
    expect(reopened.body.reasons[0]).toMatch(/^person-has-open-case:/);
  });

  it('answers a reopening with who must reassign, and that the case is now unassigned', async () => {
    const { caseId } = await newCase('Wieder');
    expect((await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: other.sub })).status).toBe(
      200,
    );
    expect((await app.request(teamLead, 'POST', `/cases/${caseId}/close`, { reason: 'moved-away' })).status).toBe(200);
    const reopened = await app.request(teamLead, 'POST', `/cases/${caseId}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      assignee: null,
      assignmentNeeded: true,
      reassignBy: 'team_lead',
      previousCaseworkerId: other.sub,
    });
    expect(reopened.body.messageDe).toContain('niemandem zugewiesen');
  });

  it('pages my cases; a team lead sees the team; a caseworker cannot list another’s', async () => {
    const a = await newCase('Liste1');
    const b = await newCase('Liste2');
    for (const { caseId } of [a, b]) {
      await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
    }
    await caughtUp();
    const first = await app.request(caseworker, 'GET', '/cases?assignee=me&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await app.request(caseworker, 'GET', `/cases?assignee=me&limit=500&cursor=${first.body.nextCursor}`);
    const mine = [...first.body.items, ...rest.body.items];
    expect(mine.map((c: { caseId: string }) => c.caseId)).toEqual(expect.arrayContaining([a.caseId, b.caseId]));
    expect(mine.every((c: { assignee: string }) => c.assignee === caseworker.sub)).toBe(true);
    expect(JSON.stringify(mine)).not.toContain('Liste1');

    const team = await app.request(teamLead, 'GET', '/cases?assignee=me&limit=500');
    expect(team.body.items.length).toBeGreaterThan(mine.length);
    const unassigned = await app.request(teamLead, 'GET', '/cases?assignee=none&status=open&limit=500');
    expect(unassigned.body.items.every((c: { assignee: null }) => c.assignee === null)).toBe(true);

    expect((await app.request(caseworker, 'GET', `/cases?assignee=${other.sub}`)).status).toBe(403);
    expect((await app.request(caseworker, 'GET', '/cases?limit=9999')).status).toBe(400);
    expect((await app.request(caseworker, 'GET', '/cases?cursor=kaputt')).status).toBe(400);
  });
});
