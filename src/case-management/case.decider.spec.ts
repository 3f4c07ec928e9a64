import { caseDecider } from './case.decider.js';
import type { CaseCommand } from './case.commands.js';
import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import {
  ACTION_ID,
  CASEWORKER,
  CASE_ID,
  OTHER_CASEWORKER,
  PERSON_ID,
  T0,
  T1,
  TEAM_LEAD,
  caseAssigned,
  caseClosed,
  caseOpened,
  caseReopened,
  recordCaseAction,
} from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';

const { given } = specification(caseDecider(DEFAULT_CATALOGUE));

const openCase = (municipality = 'Velbert'): CaseCommand => ({
  type: 'OpenCase',
  data: { caseId: CASE_ID, personId: PERSON_ID, municipality, openedBy: CASEWORKER, at: T0 },
});
const assign = (caseworkerId = CASEWORKER): CaseCommand => ({
  type: 'AssignCase',
  data: { caseId: CASE_ID, caseworkerId, assignedBy: TEAM_LEAD, at: T1 },
});
const close = (reason = 'goals-achieved'): CaseCommand => ({
  type: 'CloseCase',
  data: { caseId: CASE_ID, reason: reason as 'goals-achieved', closedBy: CASEWORKER, at: T1 },
});
const reopen = (): CaseCommand => ({ type: 'ReopenCase', data: { caseId: CASE_ID, reopenedBy: CASEWORKER, at: T1 } });

describe('case', () => {
  describe('when no case exists under the id', () => {
    it('opens it for the person in their municipality', () => given([]).when(openCase()).then([caseOpened()]));

    it('refuses a municipality outside the county', () =>
      given([]).when(openCase('Köln')).thenThrows(ValidationError, 'unknown municipality: Köln'));

    it.each([
      ['assign', assign()],
      ['record an action', recordCaseAction()],
      ['close', close()],
      ['reopen', reopen()],
    ])('answers not found to %s', (_name, command) => given([]).when(command).thenThrows(NotFoundError, CASE_ID));
  });

  describe('when the case is open', () => {
    it('refuses to open it again', () =>
      given([caseOpened()]).when(openCase()).thenThrows(ConflictError, 'already exists'));

    it('assigns a first caseworker without a predecessor, recording how long the case waited', () =>
      given([caseOpened()])
        .when(assign())
        .thenMatches((events) =>
          expect(events).toEqual([
            {
              ...caseAssigned(CASEWORKER),
              data: { ...caseAssigned(CASEWORKER).data, waitingSince: '2026-01-15', waitedDays: 17 },
            },
          ]),
        ));

    it('records no waiting time for a reassignment', () =>
      given([caseOpened(), caseAssigned(CASEWORKER)])
        .when(assign(OTHER_CASEWORKER))
        .then([caseAssigned(OTHER_CASEWORKER, CASEWORKER)]));

    it('reassigns naming the previous caseworker', () =>
      given([caseOpened(), caseAssigned(CASEWORKER)])
        .when(assign(OTHER_CASEWORKER))
        .then([caseAssigned(OTHER_CASEWORKER, CASEWORKER)]));

    it('changes nothing when assigned to the current caseworker again', () =>
      given([caseOpened(), caseAssigned(CASEWORKER)])
        .when(assign(CASEWORKER))
        .then([]));

    it('records a counselling with its summary among the personal data', () =>
      given([caseOpened()])
        .when(recordCaseAction())
        .then([
          {
            type: 'CaseActionRecorded',
            data: {
              caseId: CASE_ID,
              personId: PERSON_ID,
              actionId: ACTION_ID,
              actionType: 'counselling',
              actionDate: '2026-01-30',
              agencies: ['JOBCENTER_IP'],
              recordedBy: CASEWORKER,
              personal: { summary: 'Beratung zur Anerkennung des Berufsabschlusses' },
            },
          },
        ]));

    it('records a special integration achievement with its kind and evidence (Baustein 3)', () =>
      given([caseOpened()])
        .when(
          recordCaseAction({
            actionType: 'special-integration-achievement',
            achievementKind: 'volunteer-fire-brigade',
            evidence: 'Bescheinigung FF Velbert 2026-01-20',
            agencies: ['EINBUERGERUNGSBEHOERDE'],
          }),
        )
        .thenMatches((events) =>
          expect(events[0]!.data).toMatchObject({
            actionType: 'special-integration-achievement',
            achievementKind: 'volunteer-fire-brigade',
            personal: { evidence: 'Bescheinigung FF Velbert 2026-01-20' },
          }),
        ));

    it.each([['achievementKind'], ['evidence']] as const)(
      'refuses a special integration achievement without %s',
      (field) =>
        given([caseOpened()])
          .when(
            recordCaseAction({
              actionType: 'special-integration-achievement',
              achievementKind: 'volunteer-fire-brigade',
              evidence: 'Bescheinigung',
              [field]: undefined,
            }),
          )
          .thenThrows(ValidationError, field),
    );

    it('refuses an action type outside the list', () =>
      given([caseOpened()])
        .when(recordCaseAction({ actionType: 'coffee' as 'other' }))
        .thenThrows(ValidationError, 'actionType'));

    it('refuses an action dated after today', () =>
      given([caseOpened()])
        .when(recordCaseAction({ actionDate: '2026-02-02', at: T1 }))
        .thenThrows(ValidationError, 'actionDate'));

    it('refuses an action dated before the case was opened (issue 16: 2019 on a case of 2026)', () =>
      given([caseOpened()])
        .when(recordCaseAction({ actionDate: '2019-05-01' }))
        .thenThrows(ValidationError, 'before the case was opened (2026-01-15)'));

    it('accepts an action on the day the case was opened', () =>
      given([caseOpened()])
        .when(recordCaseAction({ actionDate: '2026-01-15' }))
        .thenMatches((events) => expect(events[0]!.data).toMatchObject({ actionDate: '2026-01-15' })));

    it('refuses an unknown agency among those involved', () =>
      given([caseOpened()])
        .when(recordCaseAction({ agencies: ['MI6'] }))
        .thenThrows(ValidationError, 'unknown agency: MI6'));

    it('closes it with a reason from the list', () => given([caseOpened()]).when(close()).then([caseClosed()]));

    it('refuses a reason outside the list', () =>
      given([caseOpened()]).when(close('bored')).thenThrows(ValidationError, 'reason'));

    it('refuses to reopen what is not closed', () =>
      given([caseOpened()]).when(reopen()).thenThrows(ConflictError, 'not closed'));
  });

  describe('when the case is closed', () => {
    const closed = [caseOpened(), caseAssigned(), caseClosed()];

    it('refuses actions: case-closed', () =>
      given(closed).when(recordCaseAction()).thenThrows(RuleViolationError, 'case-closed'));

    it('refuses assignments: case-closed', () =>
      given(closed).when(assign(OTHER_CASEWORKER)).thenThrows(RuleViolationError, 'case-closed'));

    it('refuses to close it twice', () => given(closed).when(close()).thenThrows(ConflictError, 'already closed'));

    it('reopens it unassigned, naming who held it so the team lead knows whom to reassign', () =>
      given(closed)
        .when(reopen())
        .then([caseReopened(CASEWORKER, '2026-02-01')]));
  });

  describe('when the person has another case open', () => {
    it('refuses to reopen this one: one open case per person', () =>
      given([caseOpened(), caseClosed()])
        .when({
          type: 'ReopenCase',
          data: { caseId: CASE_ID, reopenedBy: CASEWORKER, otherOpenCaseIds: ['case-2'], at: T1 },
        })
        .thenThrows(RuleViolationError, 'person-has-open-case:case-2'));
  });

  describe('when the case was reopened', () => {
    it('records actions again', () =>
      given([caseOpened(), caseClosed(), caseReopened()])
        .when(recordCaseAction())
        .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['CaseActionRecorded'])));

    it('needs a new assignment, even to the former caseworker, since closing released the slot', () =>
      given([caseOpened(), caseAssigned(), caseClosed(), caseReopened()])
        .when(assign())
        .thenMatches((events) =>
          expect(events).toEqual([
            expect.objectContaining({
              type: 'CaseAssigned',
              data: expect.not.objectContaining({ previousCaseworkerId: expect.anything() }),
            }),
          ]),
        ));
  });
});
