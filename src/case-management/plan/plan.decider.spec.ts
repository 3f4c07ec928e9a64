import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { CASEWORKER, CASE_ID, PERSON_ID, T2, caseClosed, caseOpened } from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';
import type { CaseCommand } from '../case.commands.js';
import { caseDecider } from '../case.decider.js';
import type { CaseEvent } from '../case.events.js';
import type { AgreeIntegrationPlan, RecordContact, ReviewGoal } from './plan.commands.js';

const { given } = specification(caseDecider(DEFAULT_CATALOGUE));
const GOAL = '00000000-0000-4000-8000-0000000000a1';
const STEP = '00000000-0000-4000-8000-0000000000b1';
const CONTACT = '00000000-0000-4000-8000-0000000000c1';
// T2 is 2026-03-01; the case was opened on 2026-01-15.

const agree = (o: Partial<AgreeIntegrationPlan['data']> = {}): CaseCommand => ({
  type: 'AgreeIntegrationPlan',
  data: {
    caseId: CASE_ID,
    agreedOn: '2026-02-10',
    agreement: { kind: 'verbal-with-interpreter', language: 'ar' },
    assessment: [{ fieldOfAction: 'language', need: 'high' }],
    goals: [
      {
        goalId: GOAL,
        fieldOfAction: 'language',
        title: 'Sprachkurs B1 abschließen',
        dueOn: '2026-09-30',
        reviewOn: '2026-06-30',
        responsible: 'participant',
        steps: [
          { stepId: STEP, description: 'Anmeldung beim Träger', responsible: 'case-manager', dueOn: '2026-02-28' },
        ],
      },
    ],
    recordedBy: CASEWORKER,
    at: T2,
    ...o,
  },
});

const planAgreed: CaseEvent = {
  type: 'IntegrationPlanAgreed',
  data: {
    caseId: CASE_ID,
    personId: PERSON_ID,
    planVersion: 1,
    agreedOn: '2026-02-10',
    agreement: { kind: 'verbal-with-interpreter', language: 'ar' },
    assessment: [{ fieldOfAction: 'language', need: 'high' }],
    goals: [
      {
        goalId: GOAL,
        fieldOfAction: 'language',
        dueOn: '2026-09-30',
        reviewOn: '2026-06-30',
        responsible: 'participant',
        steps: [{ stepId: STEP, responsible: 'case-manager', dueOn: '2026-02-28' }],
      },
    ],
    recordedBy: CASEWORKER,
    personal: {
      goals: [
        {
          goalId: GOAL,
          title: 'Sprachkurs B1 abschließen',
          steps: [{ stepId: STEP, description: 'Anmeldung beim Träger' }],
        },
      ],
    },
  },
};

const review = (o: Partial<ReviewGoal['data']> = {}): CaseCommand => ({
  type: 'ReviewGoal',
  data: {
    caseId: CASE_ID,
    goalId: GOAL,
    reviewedOn: '2026-02-27',
    occasion: 'review',
    attainment: 'partly-attained',
    reviewedBy: CASEWORKER,
    at: T2,
    ...o,
  },
});

const contact = (o: Partial<RecordContact['data']> = {}): CaseCommand => ({
  type: 'RecordContact',
  data: {
    caseId: CASE_ID,
    contactId: CONTACT,
    contactOn: '2026-02-20',
    channel: 'in-person',
    durationMinutes: 45,
    recordedBy: CASEWORKER,
    at: T2,
    ...o,
  },
});

const close: CaseCommand = {
  type: 'CloseCase',
  data: { caseId: CASE_ID, reason: 'goals-achieved', closedBy: CASEWORKER, at: T2 },
};

describe('Integrationsplan (issue 16, item 1)', () => {
  it('records the plan agreed with the participant: assessment, goals per field, steps; texts as personal data', () =>
    given([caseOpened()]).when(agree()).then([planAgreed]));

  it('counts plan versions up with each update (Fortschreibung)', () =>
    given([caseOpened(), planAgreed])
      .when(agree({ goals: [{ ...(agree().data as AgreeIntegrationPlan['data']).goals[0]!, goalId: 'g2' }] }))
      .thenMatches((events) => expect(events[0]!.data).toMatchObject({ planVersion: 2 })));

  it('puts the first review on the due date when no earlier one is agreed', () =>
    given([caseOpened()])
      .when(agree({ goals: [{ ...(agree().data as AgreeIntegrationPlan['data']).goals[0]!, reviewOn: undefined }] }))
      .thenMatches((events) =>
        expect((events[0]!.data as { goals: { reviewOn: string }[] }).goals[0]!.reviewOn).toBe('2026-09-30'),
      ));

  it('refuses a field of action outside the catalogue, naming the field', () =>
    given([caseOpened()])
      .when(
        agree({ goals: [{ ...(agree().data as AgreeIntegrationPlan['data']).goals[0]!, fieldOfAction: 'astrology' }] }),
      )
      .thenThrows(ValidationError, 'goals[0].fieldOfAction'));

  it('refuses an agreement dated before the case was opened', () =>
    given([caseOpened()])
      .when(agree({ agreedOn: '2025-12-01' }))
      .thenThrows(ValidationError, 'agreedOn'));

  it.each([
    ['goals[0].dueOn', { dueOn: '2026-01-01' }],
    ['goals[0].responsible', { responsible: 'MI6' }],
    ['goals[0].title', { title: ' ' }],
  ])('refuses a goal with a bad %s', (field, o) =>
    given([caseOpened()])
      .when(agree({ goals: [{ ...(agree().data as AgreeIntegrationPlan['data']).goals[0]!, ...o }] }))
      .thenThrows(ValidationError, field),
  );

  it('refuses a plan without goals', () =>
    given([caseOpened()])
      .when(agree({ goals: [] }))
      .thenThrows(ValidationError, 'goals'));

  it('refuses a plan on a closed case', () =>
    given([caseOpened(), caseClosed()]).when(agree()).thenThrows(RuleViolationError, 'case-closed'));
});

describe('goal review (POST /cases/{id}/goals/{goalId}/review)', () => {
  it('records a partial attainment and plans the next review half a year on', () =>
    given([caseOpened(), planAgreed])
      .when(review())
      .then([
        {
          type: 'GoalReviewed',
          data: {
            caseId: CASE_ID,
            personId: PERSON_ID,
            goalId: GOAL,
            reviewedOn: '2026-02-27',
            occasion: 'review',
            attainment: 'partly-attained',
            final: false,
            nextReviewOn: '2026-08-27',
            reviewedBy: CASEWORKER,
          },
        },
      ]));

  it('takes a goal out of the plan with a final attainment, and refuses a second final one', () =>
    given([caseOpened(), planAgreed, { type: 'GoalReviewed', data: { ...reviewed('attained'), final: true } }])
      .when(review({ attainment: 'attained' }))
      .thenThrows(ConflictError, 'final attainment already'));

  it('answers not found for a goal of no plan of this case', () =>
    given([caseOpened(), planAgreed])
      .when(review({ goalId: 'nope' }))
      .thenThrows(NotFoundError, 'goal nope'));

  it('refuses an attainment outside the documented scale', () =>
    given([caseOpened(), planAgreed])
      .when(review({ attainment: 'meh' as 'attained' }))
      .thenThrows(ValidationError, 'attainment'));

  it('refuses a review dated before the agreement or in the future', () => {
    given([caseOpened(), planAgreed])
      .when(review({ reviewedOn: '2026-02-01' }))
      .thenThrows(ValidationError, 'reviewedOn');
    given([caseOpened(), planAgreed])
      .when(review({ reviewedOn: '2026-03-05' }))
      .thenThrows(ValidationError, 'reviewedOn');
  });

  it('makes any review at closure final', () =>
    given([caseOpened(), planAgreed])
      .when(review({ occasion: 'closure', attainment: 'partly-attained' }))
      .thenMatches((events, state) => {
        expect(events[0]!.data).toMatchObject({ final: true });
        expect(events[0]!.data).not.toHaveProperty('nextReviewOn');
        expect(state.goals?.[GOAL]?.open).toBe(false);
      }));

  it('keeps a case with goals open until each goal has its final attainment', () =>
    given([caseOpened(), planAgreed]).when(close).thenThrows(RuleViolationError, `goals-need-final-review:${GOAL}`));

  it('closes the case once every goal has its final attainment', () =>
    given([caseOpened(), planAgreed, { type: 'GoalReviewed', data: { ...reviewed('not-attained'), final: true } }])
      .when(close)
      .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['CaseClosed'])));
});

describe('contacts (issue 16, item 4)', () => {
  it('records date, channel and duration', () =>
    given([caseOpened()])
      .when(contact())
      .then([
        {
          type: 'ContactRecorded',
          data: {
            caseId: CASE_ID,
            personId: PERSON_ID,
            contactId: CONTACT,
            contactOn: '2026-02-20',
            channel: 'in-person',
            durationMinutes: 45,
            recordedBy: CASEWORKER,
          },
        },
      ]));

  it('records an interpreter bound to confidentiality, and the note as personal data', () =>
    given([caseOpened()])
      .when(
        contact({
          interpreter: { language: 'ar', kind: 'professional', boundToConfidentiality: true },
          note: 'Termin verlegt',
        }),
      )
      .thenMatches((events) =>
        expect(events[0]!.data).toMatchObject({
          interpreter: { language: 'ar', kind: 'professional', boundToConfidentiality: true },
          personal: { note: 'Termin verlegt' },
        }),
      ));

  it('refuses an interpreter not bound to confidentiality (§ 203 Abs. 4 StGB)', () =>
    given([caseOpened()])
      .when(contact({ interpreter: { language: 'ar', kind: 'volunteer', boundToConfidentiality: false } }))
      .thenThrows(RuleViolationError, 'interpreter-not-bound-to-confidentiality'));

  it.each([
    ['contactOn', { contactOn: '2019-01-01' }],
    ['channel', { channel: 'pigeon' as 'phone' }],
    ['durationMinutes', { durationMinutes: 0 }],
  ])('refuses a bad %s', (field, o) => given([caseOpened()]).when(contact(o)).thenThrows(ValidationError, field));

  it('refuses contacts on a closed case', () =>
    given([caseOpened(), caseClosed()]).when(contact()).thenThrows(RuleViolationError, 'case-closed'));
});

function reviewed(attainment: 'attained' | 'not-attained') {
  return {
    caseId: CASE_ID,
    personId: PERSON_ID,
    goalId: GOAL,
    reviewedOn: '2026-02-27',
    occasion: 'review' as const,
    attainment,
    final: true,
    reviewedBy: CASEWORKER,
  };
}
