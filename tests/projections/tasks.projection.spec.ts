import { TASKS, tasksProjection } from '../../projections/tasks.projection.js';
import { CASE_ID, CONSENT_ID, PERSON_ID, consentGranted, consentWithdrawn, personErased } from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const GOAL = '00000000-0000-4000-8000-0000000000a1';
const planAgreed = {
  type: 'IntegrationPlanAgreed' as const,
  data: {
    caseId: CASE_ID,
    personId: PERSON_ID,
    planVersion: 1,
    agreedOn: '2026-02-10',
    agreement: { kind: 'signed-plan' as const },
    assessment: [],
    goals: [
      {
        goalId: GOAL,
        fieldOfAction: 'language',
        dueOn: '2026-09-30',
        reviewOn: '2026-06-30',
        responsible: 'participant',
        steps: [],
      },
    ],
    recordedBy: 'cw-01',
    personal: { goals: [] },
  },
  streamName: `case-${CASE_ID}`,
};
const reviewed = (final: boolean, nextReviewOn?: string) => ({
  type: 'GoalReviewed' as const,
  data: {
    caseId: CASE_ID,
    personId: PERSON_ID,
    goalId: GOAL,
    reviewedOn: '2026-06-30',
    occasion: 'review' as const,
    attainment: final ? ('attained' as const) : ('partly-attained' as const),
    final,
    ...(nextReviewOn ? { nextReviewOn } : {}),
    reviewedBy: 'cw-01',
  },
  streamName: `case-${CASE_ID}`,
});
const person = (e: { type: string; data: unknown }) => ({ ...e, streamName: `person-${PERSON_ID}` }) as never;
const residence = (validUntil?: string) =>
  person({
    type: 'ResidenceStatusRecorded',
    data: { personId: PERSON_ID, status: 'aufenthg-25-2', ...(validUntil ? { validUntil } : {}) },
  });
const referral = {
  type: 'ReferralMade',
  data: { referralId: 'ref-1', caseId: CASE_ID, personId: PERSON_ID, agency: 'SOZIALAMT_VELBERT', transferId: 't-1' },
  streamName: `person-${PERSON_ID}`,
  metadata: { occurredAt: '2026-03-02T10:00:00.000Z' },
} as never;
const feedback = person({ type: 'ReferralFeedbackGiven', data: { referralId: 'ref-1', outcome: 'accepted' } });

describe('tasks projection (Wiedervorlage)', () => {
  it('puts each goal up for review on its review date, then on the next one, and drops it when assessed finally', async () => {
    const after = async (log: unknown[]) => docsOf(await project(tasksProjection, recorded(log as never)), TASKS);
    expect((await after([planAgreed])).get(`goal-review:${GOAL}`)).toMatchObject({
      kind: 'goal-review',
      dueOn: '2026-06-30',
      concernsOn: '2026-09-30',
      caseId: CASE_ID,
      personId: PERSON_ID,
    });
    expect((await after([planAgreed, reviewed(false, '2026-12-31')])).get(`goal-review:${GOAL}`)).toMatchObject({
      dueOn: '2026-12-31',
    });
    expect((await after([planAgreed, reviewed(true)])).has(`goal-review:${GOAL}`)).toBe(false);
  });

  it('brings up a consent 30 days before it ends, and forgets it once withdrawn', async () => {
    const granted = docsOf(await project(tasksProjection, recorded([consentGranted()])), TASKS);
    expect(granted.get(`consent-expiry:${CONSENT_ID}`)).toMatchObject({
      dueOn: '2027-12-01',
      concernsOn: '2027-12-31',
    });
    const withdrawn = docsOf(await project(tasksProjection, recorded([consentGranted(), consentWithdrawn()])), TASKS);
    expect(withdrawn.size).toBe(0);
  });

  it('brings up a residence permit 90 days before it expires (§ 81 Abs. 4 AufenthG), replaced by the next status', async () => {
    const once = docsOf(await project(tasksProjection, recorded([residence('2027-03-31')])), TASKS);
    expect(once.get(`residence-expiry:${PERSON_ID}`)).toMatchObject({ dueOn: '2026-12-31', concernsOn: '2027-03-31' });
    const settled = docsOf(await project(tasksProjection, recorded([residence('2027-03-31'), residence()])), TASKS);
    expect(settled.size).toBe(0);
  });

  it('follows up a referral without an answer after 14 days, and drops it with the feedback', async () => {
    const open = docsOf(await project(tasksProjection, recorded([referral])), TASKS);
    expect(open.get('referral-feedback:ref-1')).toMatchObject({
      dueOn: '2026-03-16',
      agency: 'SOZIALAMT_VELBERT',
      caseId: CASE_ID,
    });
    expect(docsOf(await project(tasksProjection, recorded([referral, feedback])), TASKS).size).toBe(0);
  });

  it('drops every task of an erased person', async () => {
    const log = recorded([planAgreed, consentGranted(), residence('2027-03-31'), referral, personErased()] as never);
    expect(docsOf(await project(tasksProjection, log), TASKS).size).toBe(0);
  });

  it('reads events of an unexpected shape without failing', async () => {
    const odd = recorded([
      person({ type: 'ReferralMade', data: {} }),
      person({ type: 'ResidenceStatusRecorded', data: { personId: 7 } }),
    ]);
    expect(docsOf(await project(tasksProjection, odd), TASKS).size).toBe(0);
  });

  it('changes nothing when replayed', async () => {
    const log = recorded([
      planAgreed,
      consentGranted(),
      reviewed(false, '2026-12-31'),
      residence('2027-03-31'),
      referral,
      feedback,
    ] as never);
    const { once, fromEachPoint, twiceEach } = await replayed(tasksProjection, log);
    for (const replay of fromEachPoint) expect(replay).toEqual(once);
    expect(twiceEach).toEqual(once);
  });
});
