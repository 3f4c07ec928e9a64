import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { ConflictError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { personFileDecider } from '../person-file.decider.js';
import type { PersonFileCommand } from '../person-file.commands.js';
import type { PersonFileEvent } from '../person-file.events.js';
import {
  CASE_ID,
  CASEWORKER,
  INFORMED,
  PARTICIPATION,
  PARTICIPATION_RECORDED,
  PERSON_ID,
  PUBLIC_TASK_PARTICIPATION,
  T1,
  TRANSFER_LAW,
  personRegistered,
  personRestricted,
  registerPerson,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

/**
 * Issue 14 item 5: the KI's own processing needs a basis too (legal.md: Art. 6, 9 DSGVO; § 3 DSG NRW) —
 * a participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X) or a documented public task (Art. 6
 * Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW, § 9 TIntG NRW), recorded in PersonRegistered.
 */
const decider = personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW);
const { given } = specification(decider);

const fieldsOf = (command: PersonFileCommand): string[] => {
  try {
    decider.decide(command, decider.initialState());
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
  return [];
};

const registered = (participation: unknown, personal: Record<string, unknown>) =>
  personRegistered({
    participation: participation as never,
    personal: { ...personRegistered().data.personal, participation: personal },
  });

const recordBasis = (participation: unknown): PersonFileCommand => ({
  type: 'RecordParticipationBasis',
  data: { personId: PERSON_ID, participation: participation as never, recordedBy: CASEWORKER, at: T1 },
});

const openCase: PersonFileCommand = {
  type: 'OpenCaseForPerson',
  data: { personId: PERSON_ID, caseId: CASE_ID, openedBy: CASEWORKER, openedByRole: 'caseworker', at: T1 },
};

const withdraw = (reason = 'Teilnahme beendet, Einwilligung mündlich widerrufen'): PersonFileCommand => ({
  type: 'WithdrawParticipationConsent',
  data: { personId: PERSON_ID, withdrawnBy: CASEWORKER, reason, at: T1 },
});

describe('participation basis at registration (issue 14 item 5)', () => {
  describe('when a registration names no basis', () => {
    it('is refused field by field and records nothing', () =>
      given([])
        .when(registerPerson({ participation: undefined }))
        .thenThrows(ValidationError, 'participation'));

    it('names the participation field', () =>
      expect(fieldsOf(registerPerson({ participation: undefined }))).toEqual(['participation']));

    it('refuses a basis the catalogue does not list', () =>
      expect(fieldsOf(registerPerson({ participation: { basis: 'legitimate-interest' } }))).toEqual([
        'participation.basis',
      ]));
  });

  describe('when the basis is a participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X)', () => {
    it('records the consent with its norm, information block and evidence (the reference encrypted)', () =>
      given([])
        .when(registerPerson())
        .then([registered(PARTICIPATION_RECORDED, { evidenceReference: 'KI-TN-2026-0001' })]));

    it('refuses it without the § 67b Abs. 2 SGB X information and without evidence', () =>
      expect(fieldsOf(registerPerson({ participation: { basis: 'participation-consent' } }))).toEqual([
        'participation.informed',
        'participation.evidence.kind',
        'participation.evidence.reference',
      ]));

    it('refuses a consent the person declared below 15 (§ 36 SGB I by analogy)', () =>
      expect(fieldsOf(registerPerson({ dateOfBirth: '2013-05-01' }))).toEqual(['participation.declaredBy']));

    it('records a child’s consent declared by the legal representative, the name encrypted', () =>
      given([])
        .when(
          registerPerson({
            dateOfBirth: '2013-05-01',
            participation: { ...PARTICIPATION, declaredBy: 'legal-representative', representativeName: 'Mutter' },
          }),
        )
        .thenMatches((events) => {
          const [event] = events;
          expect(event?.type).toBe('PersonRegistered');
          if (event?.type !== 'PersonRegistered') return;
          expect(event.data.participation).toMatchObject({ kind: 'consent', declaredBy: 'legal-representative' });
          expect(event.data.personal.participation).toEqual({
            evidenceReference: 'KI-TN-2026-0001',
            representativeName: 'Mutter',
          });
        }));

    it('refuses a justification, which belongs to a documented task', () =>
      expect(fieldsOf(registerPerson({ participation: { ...PARTICIPATION, justification: 'x'.repeat(30) } }))).toEqual([
        'participation.justification',
      ]));
  });

  describe('when the basis is a documented public task (Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW)', () => {
    it('records the norm and who documented it; the reason is encrypted', () =>
      given([])
        .when(registerPerson({ participation: PUBLIC_TASK_PARTICIPATION }))
        .then([
          registered(
            {
              kind: 'public-task',
              code: 'public-task-kim',
              norm: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW, § 9 TIntG NRW',
              documentedBy: CASEWORKER,
            },
            { justification: PUBLIC_TASK_PARTICIPATION.justification },
          ),
        ]));

    it('refuses a reason shorter than the configured minimum (20 letters or digits)', () =>
      expect(
        fieldsOf(registerPerson({ participation: { basis: 'public-task-kim', justification: '§ 9 TIntG . . .' } })),
      ).toEqual(['participation.justification']));

    it('refuses consent fields on a task basis', () =>
      expect(fieldsOf(registerPerson({ participation: { ...PUBLIC_TASK_PARTICIPATION, informed: INFORMED } }))).toEqual(
        ['participation.informed'],
      ));
  });

  describe('when a registration of before the basis was required gets its basis documented later', () => {
    const legacy = [personRegistered({ participation: { kind: 'not-recorded' } })];

    it('records it', () =>
      given(legacy)
        .when(recordBasis(PARTICIPATION))
        .then([
          {
            type: 'ParticipationBasisRecorded',
            data: {
              personId: PERSON_ID,
              participation: PARTICIPATION_RECORDED,
              personal: { participation: { evidenceReference: 'KI-TN-2026-0001' } },
            },
          },
        ]));

    it('refuses a basis without its § 67b Abs. 2 SGB X information', () =>
      given(legacy)
        .when(recordBasis({ basis: 'participation-consent' }))
        .thenThrows(ValidationError, 'participation.informed'));

    it('does not replace a basis in force', () =>
      given([registered(PARTICIPATION_RECORDED, {})])
        .when(recordBasis(PUBLIC_TASK_PARTICIPATION))
        .thenThrows(ConflictError, 'in force'));
  });

  describe('when the participation consent is withdrawn (Art. 7(3) DSGVO)', () => {
    const consentFile = [registered(PARTICIPATION_RECORDED, { evidenceReference: 'KI-TN-2026-0001' })];
    const withdrawnEvent: PersonFileEvent = {
      type: 'ParticipationConsentWithdrawn',
      data: { personId: PERSON_ID, withdrawnAt: T1, withdrawnBy: CASEWORKER, personal: { reason: 'x' } },
    };

    it('records the withdrawal for the future, with its reason encrypted', () =>
      given(consentFile)
        .when(withdraw())
        .then([
          {
            type: 'ParticipationConsentWithdrawn',
            data: {
              personId: PERSON_ID,
              withdrawnAt: T1,
              withdrawnBy: CASEWORKER,
              personal: { reason: 'Teilnahme beendet, Einwilligung mündlich widerrufen' },
            },
          },
        ]));

    it('is possible while the file is restricted (it only narrows processing)', () =>
      given([...consentFile, personRestricted()])
        .when(withdraw())
        .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['ParticipationConsentWithdrawn'])));

    it('is a conflict the second time', () =>
      given([...consentFile, withdrawnEvent])
        .when(withdraw())
        .thenThrows(ConflictError, 'already withdrawn'));

    it('is refused for a documented task: that is met by an objection (Art. 21 DSGVO)', () =>
      given([registered({ kind: 'public-task', code: 'public-task-kim', norm: '…', documentedBy: CASEWORKER }, {})])
        .when(withdraw())
        .thenThrows(RuleViolationError, 'participation-basis-is-not-a-consent'));

    it('stops new case openings until a new basis is recorded', () =>
      given([...consentFile, withdrawnEvent])
        .when(openCase)
        .thenThrows(RuleViolationError, 'participation-consent-withdrawn'));

    it('accepts a new basis, which lifts the stop', () =>
      given([...consentFile, withdrawnEvent])
        .when(recordBasis(PUBLIC_TASK_PARTICIPATION))
        .thenMatches((events, after) => {
          expect(events.map((e) => e.type)).toEqual(['ParticipationBasisRecorded']);
          expect(after.participation).toMatchObject({ kind: 'public-task', code: 'public-task-kim' });
          expect(after.participationWithdrawnAt).toBeUndefined();
        }));

    it('is refused for a registration of before the basis was required (nothing to withdraw)', () =>
      given([personRegistered({ participation: { kind: 'not-recorded' } })])
        .when(withdraw())
        .thenThrows(RuleViolationError, 'participation-basis-is-not-a-consent'));
  });
});
