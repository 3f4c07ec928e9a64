import type { CaseloadCommand } from './case.commands.js';
import { caseloadDecider } from './caseload.decider.js';
import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { CASEWORKER, T1, caseIds, slotTaken } from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';

const { given } = specification(caseloadDecider(DEFAULT_CATALOGUE));
const LIMIT = DEFAULT_CATALOGUE.caseloadLimit;

const take = (caseId: string, limit?: number): CaseloadCommand => ({
  type: 'TakeCaseloadSlot',
  data: { caseworkerId: CASEWORKER, caseId, ...(limit === undefined ? {} : { limit }), at: T1 },
});
const release = (caseId: string): CaseloadCommand => ({
  type: 'ReleaseCaseloadSlot',
  data: { caseworkerId: CASEWORKER, caseId, why: 'closed', at: T1 },
});
const released = (caseId: string) =>
  ({ type: 'CaseloadSlotReleased', data: { caseworkerId: CASEWORKER, caseId, why: 'closed' } }) as const;
const full = (n: number) => caseIds(n).map((id) => slotTaken(id));

describe('caseload (Betreuungsschlüssel)', () => {
  describe('when the caseworker holds fewer cases than the limit', () => {
    it('takes a slot under the catalogue limit', () =>
      given(full(LIMIT - 1))
        .when(take('case-new'))
        .then([slotTaken('case-new', CASEWORKER, LIMIT)]));

    it('takes no second slot for a case that holds one already', () => given(full(3)).when(take('case-002')).then([]));
  });

  describe(`when the caseworker holds as many active cases as the limit`, () => {
    it('refuses another case: caseload-limit-reached', () =>
      given(full(LIMIT)).when(take('case-new')).thenThrows(ConflictError, 'caseload-limit-reached'));

    it('still answers a retry for a case already held', () =>
      given(full(LIMIT))
        .when(take(`case-${String(LIMIT).padStart(3, '0')}`))
        .then([]));

    it('takes a slot again once one was released', () =>
      given([...full(LIMIT), released('case-007')])
        .when(take('case-new'))
        .then([slotTaken('case-new', CASEWORKER, LIMIT)]));
  });

  describe('when the limit is configured in the command', () => {
    it('applies the smaller limit', () =>
      given(full(5)).when(take('case-new', 5)).thenThrows(ConflictError, 'caseload-limit-reached'));

    it('applies a larger limit', () =>
      given(full(LIMIT))
        .when(take('case-new', LIMIT + 10))
        .then([slotTaken('case-new', CASEWORKER, LIMIT + 10)]));

    it('refuses a limit that is no positive integer', () =>
      given([]).when(take('case-new', 0)).thenThrows(ValidationError, 'limit'));
  });

  describe('when a slot is released', () => {
    it('releases a held slot', () =>
      given(full(2))
        .when(release('case-001'))
        .then([released('case-001')]));

    it('changes nothing for a slot not held', () => given(full(2)).when(release('case-099')).then([]));
  });
});
