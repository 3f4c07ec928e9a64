import { todayInGermany as today } from '../../support/calendar.js';
import { TestApp, type Caller } from '../../support/test-app.js';
import { PARTICIPATION } from '../../support/builders.js';

/** Issue 16, items 1 and 4: the Integrationsplan, goal reviews and contacts over HTTP. */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-plan-1' };
const stranger: Caller = { role: 'caseworker', sub: 'cw-plan-2' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-plan' };

const plan = () => ({
  agreedOn: today(),
  agreement: { kind: 'verbal-with-interpreter', language: 'ar' },
  assessment: [
    { fieldOfAction: 'language', need: 'high' },
    { fieldOfAction: 'work-recognition', need: 'medium' },
  ],
  goals: [
    {
      fieldOfAction: 'language',
      title: 'Sprachkurs B1 abschließenPLANMARKER',
      responsible: 'participant',
      dueOn: '2099-06-30',
      steps: [{ description: 'Anmeldung beim Träger', responsible: 'case-manager', dueOn: '2099-01-31' }],
    },
    {
      fieldOfAction: 'work-recognition',
      title: 'Anerkennung des Abschlusses beantragen',
      responsible: 'AGENTUR_FUER_ARBEIT',
      dueOn: '2099-03-31',
    },
  ],
});

describe('Integrationsplan, goal reviews and contacts (HTTP)', () => {
  let app: TestApp;
  let caseId: string;
  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub, stranger.sub]);
    const personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Rami',
        familyName: 'Haddad',
        dateOfBirth: '1985-07-07',
        nationality: 'SY',
        municipality: 'Velbert',
        languages: ['ar'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Velbert' })).body.caseId;
    await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
  });
  afterAll(() => app.stop());

  it('agrees a plan, reviews its goals, keeps the case open until each goal is assessed, then closes', async () => {
    const agreed = await app.request(caseworker, 'POST', `/cases/${caseId}/plan`, plan());
    expect(agreed.status).toBe(201);
    expect(agreed.body).toMatchObject({ planVersion: 1, goalIds: [expect.any(String), expect.any(String)] });
    const [language, work] = agreed.body.goalIds as [string, string];

    const stored = (await app.allEvents()).find((e) => e.type === 'IntegrationPlanAgreed')!;
    expect(JSON.stringify(stored.data)).not.toContain('PLANMARKER'); // goal texts are encrypted

    const partly = await app.request(caseworker, 'POST', `/cases/${caseId}/goals/${language}/review`, {
      reviewedOn: today(),
      attainment: 'partly-attained',
      note: 'Kurs begonnen',
    });
    expect(partly.status).toBe(200);
    expect(partly.body).toMatchObject({ final: false, nextReviewOn: expect.any(String) });

    const refused = await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' });
    expect(refused.status).toBe(422);
    expect(refused.body.messageDe).toContain('abschließende Bewertung');

    for (const goalId of [language, work]) {
      const final = await app.request(caseworker, 'POST', `/cases/${caseId}/goals/${goalId}/review`, {
        reviewedOn: today(),
        attainment: 'attained',
        occasion: 'closure',
      });
      expect(final.status).toBe(200);
    }
    const read = await app.request(caseworker, 'GET', `/cases/${caseId}?timelineLimit=50`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body.timeline)).toContain('PLANMARKER'); // decrypted for the caseworker
    expect((await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' })).status).toBe(
      200,
    );
  });

  it('answers 400 with German field messages for a bad plan, and 404 for an unknown goal', async () => {
    const bad = await app.request(caseworker, 'POST', `/cases/${caseId}/plan`, {
      agreedOn: '1.12.2026',
      agreement: { kind: 'handshake' },
      goals: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['agreedOn', 'agreement.kind', 'goals']),
    );
    expect(bad.body.fields.every((f: { messageDe: string }) => f.messageDe.length > 0)).toBe(true);
    const unknownGoal = await app.request(
      caseworker,
      'POST',
      `/cases/${caseId}/goals/00000000-0000-4000-8000-00000000dead/review`,
      { reviewedOn: today(), attainment: 'attained' },
    );
    expect([404, 422]).toContain(unknownGoal.status);
  });

  it('records contacts with channel, duration and a confidentiality-bound interpreter; refuses an unbound one', async () => {
    const personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Olena',
        familyName: 'Kovalenko',
        dateOfBirth: '1979-02-02',
        nationality: 'UA',
        municipality: 'Haan',
        languages: ['uk'],
        residenceStatus: '§ 24 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    const open = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Haan' })).body.caseId;
    const interpreter = { language: 'uk', kind: 'professional', boundToConfidentiality: true };
    const recorded = await app.request(caseworker, 'POST', `/cases/${open}/contacts`, {
      contactOn: today(),
      channel: 'in-person',
      durationMinutes: 60,
      interpreter,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ contactId: expect.any(String) });
    const unbound = await app.request(caseworker, 'POST', `/cases/${open}/contacts`, {
      contactOn: today(),
      channel: 'phone',
      durationMinutes: 10,
      interpreter: { ...interpreter, boundToConfidentiality: false },
    });
    expect(unbound.status).toBe(422);
    expect(unbound.body.reasons).toEqual(['interpreter-not-bound-to-confidentiality']);
    const bad = await app.request(caseworker, 'POST', `/cases/${open}/contacts`, {
      contactOn: today(),
      channel: 'fax',
      durationMinutes: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['channel', 'durationMinutes']);
    expect(
      (
        await app.request(stranger, 'POST', `/cases/${open}/contacts`, {
          contactOn: today(),
          channel: 'phone',
          durationMinutes: 5,
        })
      ).status,
    ).toBe(403);
  });
});
