import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { RuleViolationError } from '../shared/errors.js';
import {
  CASEWORKER,
  CASE_ID,
  PERSON_ID,
  T1,
  TEAM_LEAD,
  caseOpenedForPerson,
  personRegistered,
  TRANSFER_LAW,
} from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';
import type { PersonFileCommand } from './person-file.commands.js';
import { personFileDecider } from './person-file.decider.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));
const SECOND_CASE = '00000000-0000-4000-8000-0000000000c2';

const openSecond = (o: Partial<Extract<PersonFileCommand, { type: 'OpenCaseForPerson' }>['data']> = {}) =>
  ({
    type: 'OpenCaseForPerson',
    data: { personId: PERSON_ID, caseId: SECOND_CASE, openedBy: CASEWORKER, openedByRole: 'caseworker', at: T1, ...o },
  }) as PersonFileCommand;

describe('opening a case for a person (one open case per person, issue 16)', () => {
  it('opens the first case', () =>
    given([personRegistered()])
      .when(openSecond())
      .then([
        { type: 'CaseOpenedForPerson', data: { personId: PERSON_ID, caseId: SECOND_CASE, openedBy: CASEWORKER } },
      ]));

  it('opens another one once the earlier case is closed', () =>
    given([personRegistered(), caseOpenedForPerson()])
      .when(openSecond({ closedCaseIds: [CASE_ID] }))
      .thenMatches((events) => expect(events[0]!.data).not.toHaveProperty('alongsideOpenCases')));

  it('refuses a second open case, naming the open one', () =>
    given([personRegistered(), caseOpenedForPerson()])
      .when(openSecond())
      .thenThrows(RuleViolationError, `person-has-open-case:${CASE_ID}`));

  it('counts a case listed by a concurrent opening as open (no race around the rule)', () =>
    given([personRegistered(), caseOpenedForPerson()])
      .when(openSecond({ closedCaseIds: [] }))
      .thenThrows(RuleViolationError, `person-has-open-case:${CASE_ID}`));

  it('refuses a caseworker who gives a reason: only a team lead decides an exception', () =>
    given([personRegistered(), caseOpenedForPerson()])
      .when(openSecond({ parallelCaseReason: 'Eigenes Verfahren Baustein 3' }))
      .thenThrows(RuleViolationError, 'parallel-case-needs-team-lead'));

  it('lets a team lead open one alongside with a reason, recorded (encrypted) in the event', () =>
    given([personRegistered(), caseOpenedForPerson()])
      .when(
        openSecond({
          openedBy: TEAM_LEAD,
          openedByRole: 'team_lead',
          parallelCaseReason: 'Eigenes Verfahren Baustein 3',
        }),
      )
      .then([
        {
          type: 'CaseOpenedForPerson',
          data: {
            personId: PERSON_ID,
            caseId: SECOND_CASE,
            openedBy: TEAM_LEAD,
            alongsideOpenCases: [CASE_ID],
            personal: { parallelCaseReason: 'Eigenes Verfahren Baustein 3' },
          },
        },
      ]));

  it('records nothing new for a retried opening of the same case', () =>
    given([personRegistered(), caseOpenedForPerson()])
      .when(openSecond({ caseId: CASE_ID }))
      .then([]));
});
