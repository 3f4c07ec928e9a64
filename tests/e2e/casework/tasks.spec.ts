import { ProjectionRunnerService } from '../../../src/projection-runner/projection-runner.service.js';
import { daysFromToday as inDays } from '../../support/calendar.js';
import { TestApp, type Caller } from '../../support/test-app.js';
import { PARTICIPATION } from '../../support/builders.js';

/** Issue 16, item 2: the Wiedervorlage over HTTP, computed from events by the tasks projection. */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-task-1' };
const other: Caller = { role: 'caseworker', sub: 'cw-task-2' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-task' };

describe('Wiedervorlage: GET /tasks (HTTP)', () => {
  let app: TestApp;
  let caseId: string;
  let personId: string;
  const caughtUp = async () => {
    const events = await app.allEvents();
    await app.app.get(ProjectionRunnerService).waitFor(events.at(-1)!.position, { timeoutMs: 5000 });
  };

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub, other.sub]);
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Amina',
        familyName: 'Wiedervorlage',
        dateOfBirth: '1994-04-04',
        nationality: 'AF',
        municipality: 'Erkrath',
        languages: ['fa'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    const consent = await app.request(caseworker, 'POST', `/persons/${personId}/consents`, {
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity', 'employment'],
      purposes: ['labour-market-integration'],
      validUntil: inDays(20),
      evidence: { kind: 'signed-form', reference: 'KI-TASK-1' },
      // § 67b Abs. 2 SGB X: informed on the current form, in a language the person reads.
      informed: { language: 'fa', formVersion: 'KI-EW-2026-01', interpreter: false },
    });
    expect(consent.status).toBe(201);
    caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Erkrath' })).body.caseId;
    await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
    const plan = await app.request(caseworker, 'POST', `/cases/${caseId}/plan`, {
      agreedOn: inDays(0),
      agreement: { kind: 'signed-plan' },
      goals: [
        {
          fieldOfAction: 'housing',
          title: 'Wohnung finden',
          responsible: 'participant',
          dueOn: inDays(200),
          reviewOn: inDays(7),
        },
        { fieldOfAction: 'language', title: 'B1', responsible: 'participant', dueOn: inDays(300) },
      ],
    });
    expect(plan.status).toBe(201);
    await caughtUp();
  });
  afterAll(() => app.stop());

  it('lists my expiring consents and due goal reviews, earliest first', async () => {
    const mine = await app.request(caseworker, 'GET', '/tasks?assignee=me');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: { kind: string }) => t.kind)).toEqual(['consent-expiry', 'goal-review']);
    // The consent ends in 20 days: it came up 30 days before its end, so it is overdue already.
    expect(mine.body.items[0]).toMatchObject({ dueOn: inDays(-10), concernsOn: inDays(20) });
    expect(mine.body.items[1]).toMatchObject({
      dueOn: inDays(7),
      caseId,
      personId,
      assignee: caseworker.sub,
      label: 'Zielüberprüfung fällig',
    });
    const later = await app.request(caseworker, 'GET', '/tasks?assignee=me&within=400&kind=goal-review');
    expect(later.body.items).toHaveLength(2);
  });

  it('pages; shows a team lead the team; shows another caseworker nothing of this person', async () => {
    const first = await app.request(caseworker, 'GET', '/tasks?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await app.request(caseworker, 'GET', `/tasks?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].taskId).not.toBe(first.body.items[0].taskId);
    expect((await app.request(teamLead, 'GET', '/tasks?assignee=me')).body.items).toHaveLength(2);
    expect((await app.request(teamLead, 'GET', `/tasks?assignee=${caseworker.sub}`)).body.items).toHaveLength(2);
    expect((await app.request(other, 'GET', '/tasks')).body.items).toEqual([]);
    expect((await app.request(other, 'GET', `/tasks?assignee=${caseworker.sub}`)).status).toBe(403);
    expect((await app.request(caseworker, 'GET', '/tasks?within=-1')).status).toBe(400);
  });
});
