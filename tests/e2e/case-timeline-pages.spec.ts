import { todayInGermany } from '../support/calendar.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-01' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-01' };

interface CaseAnswer {
  timeline: { type: string; summary?: string }[];
  timelineOlderCursor?: string;
}

describe('reading a case whose timeline is longer than a page', () => {
  let app: TestApp;
  let caseId: string;
  const actions = 130;

  beforeAll(async () => {
    app = await TestApp.start({ KIM_RATE_LIMIT_PER_MINUTE: '100000' });
    await app.registerStaff(['cw-01']);
    const { personId } = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Jonas',
        familyName: 'Haddad',
        dateOfBirth: '1988-02-01',
        nationality: 'SY',
        municipality: 'Hilden',
        languages: ['ar', 'de'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body;
    caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Hilden' })).body.caseId;
    await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: 'cw-01' });
    for (let i = 1; i <= actions; i++) {
      const recorded = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
        type: 'counselling',
        occurredAt: todayInGermany(),
        summary: `Beratung Nr. ${i}`,
        agencies: [],
      });
      expect(recorded.status).toBe(201);
    }
  }, 120_000);
  afterAll(() => app.stop());

  it('answers the newest twenty entries, oldest of them first, with a cursor to the older ones', async () => {
    const first = await app.request(caseworker, 'GET', `/cases/${caseId}`);
    expect(first.status).toBe(200);
    const body = first.body as CaseAnswer;
    expect(body.timeline).toHaveLength(20);
    expect(body.timeline.at(-1)!.summary).toBe(`Beratung Nr. ${actions}`);
    expect(body.timeline[0]!.summary).toBe(`Beratung Nr. ${actions - 19}`);
    expect(body.timelineOlderCursor).toEqual(expect.any(String));
  });

  it('pages back to the opening of the case without gaps or repeats, each page a logged read', async () => {
    const accessesBefore = (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const query = `timelineLimit=40${before ? `&timelineBefore=${encodeURIComponent(before)}` : ''}`;
      const page = await app.request(caseworker, 'GET', `/cases/${caseId}?${query}`);
      expect(page.status).toBe(200);
      const body = page.body as CaseAnswer;
      seen.unshift(...body.timeline.map((e) => e.summary ?? e.type));
      before = body.timelineOlderCursor;
      pages++;
    } while (before);
    // Opened, assigned, then the actions in the order they were recorded.
    expect(seen).toEqual([
      'CaseOpened',
      'CaseAssigned',
      ...Array.from({ length: actions }, (_, i) => `Beratung Nr. ${i + 1}`),
    ]);
    expect(pages).toBe(Math.ceil((actions + 2) / 40));
    const accessesAfter = (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
    expect(accessesAfter - accessesBefore).toBe(pages);
  });

  it('refuses a page size out of range and a forged cursor with 400, writing no access', async () => {
    const accessesBefore = (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
    for (const query of ['timelineLimit=0', 'timelineLimit=501', 'timelineLimit=abc', 'timelineBefore=not-a-cursor']) {
      const refused = await app.request(teamLead, 'GET', `/cases/${caseId}?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
    }
    const accessesAfter = (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
    expect(accessesAfter).toBe(accessesBefore);
  });
});
