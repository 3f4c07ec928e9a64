import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { personFileDecider } from '../person-file.decider.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors.js';
import {
  CONSENT_ID,
  T0,
  TRANSFER_ID,
  acknowledgeTransfer,
  caseOpenedForPerson,
  consentGranted,
  consentWithdrawn,
  dataTransferred,
  personErased,
  personRegistered,
  personRestricted,
  transferAcknowledged,
  transferData,
  transferRefused,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE));
const consenting = [personRegistered(), consentGranted()];

describe('data transfer (Datenübermittlung)', () => {
  describe('when an active consent covers the request', () => {
    it('records the transfer with the verdict and the consent it relied on', () =>
      given([...consenting, caseOpenedForPerson('case-1')])
        .when(transferData({ caseId: 'case-1' }))
        .then([dataTransferred({ caseId: 'case-1' })]));

    it('refuses to name a case of another person', () =>
      given(consenting)
        .when(transferData({ caseId: 'case-of-someone-else' }))
        .thenThrows(RuleViolationError, 'case-of-another-person'));

    it('refuses to record the same transfer id twice', () =>
      given([...consenting, dataTransferred()])
        .when(transferData())
        .thenThrows(ConflictError, TRANSFER_ID));
  });

  describe('when the consent was withdrawn before the transfer', () => {
    it('records the refusal with its reason', () =>
      given([...consenting, consentWithdrawn()])
        .when(transferData())
        .then([
          transferRefused({
            verdict: { allowed: false, reasons: ['consent-withdrawn'], consentIds: [], flaggedForDpo: false },
          }),
        ]));
  });

  describe('when a statutory basis is cited with a justification', () => {
    it('records the transfer flagged for the DPO, keeping the justification as personal data', () =>
      given([personRegistered()])
        .when(
          transferData({ toAgency: 'AUSLAENDERBEHOERDE', legalBasis: 'SGB X §71', justification: 'Ersuchen Az. 4711' }),
        )
        .then([
          dataTransferred({
            toAgency: 'AUSLAENDERBEHOERDE',
            legalBasis: 'SGB X §71',
            verdict: {
              allowed: true,
              reasons: ['statutory-basis-with-justification'],
              consentIds: [],
              flaggedForDpo: true,
            },
            personal: { justification: 'Ersuchen Az. 4711' },
          }),
        ]));
  });

  describe('when the person is restricted', () => {
    it('records a refusal although the consent covers it', () =>
      given([...consenting, personRestricted()])
        .when(transferData())
        .then([
          transferRefused({
            verdict: { allowed: false, reasons: ['person-restricted'], consentIds: [], flaggedForDpo: false },
          }),
        ]));
  });

  describe('when the request names codes outside the configuration', () => {
    it('answers a validation error naming every unknown code, and records nothing', () =>
      given(consenting)
        .when(transferData({ toAgency: 'NSA', dataCategories: ['identity', 'dna'], legalBasis: 'BGB §242' }))
        .thenThrows(
          ValidationError,
          'toAgency unknown agency: NSA; dataCategories unknown data category: dna; legalBasis unknown legal basis: BGB §242',
        ));
  });

  describe('when the person is unknown or erased', () => {
    it('answers not found for an unknown person', () => given([]).when(transferData()).thenThrows(NotFoundError));

    it('refuses for an erased person', () =>
      given([...consenting, personErased()])
        .when(transferData())
        .thenThrows(RuleViolationError, 'person-erased'));
  });

  describe('when an allowed transfer awaits receipt', () => {
    const sent = [...consenting, dataTransferred()];

    it('records the receipt by the recipient agency', () =>
      given(sent).when(acknowledgeTransfer('JOBCENTER_IP')).then([transferAcknowledged()]));

    it('forbids another agency to acknowledge it', () =>
      given(sent).when(acknowledgeTransfer('SCHULAMT')).thenThrows(ForbiddenError, 'recipient agency'));

    it('refuses a receipt while the person is restricted (Art. 18 DSGVO binds the recipient too)', () =>
      given([...sent, personRestricted()])
        .when(acknowledgeTransfer())
        .thenThrows(RuleViolationError, 'person-restricted'));

    it('refuses a second receipt as a conflict', () =>
      given([...sent, transferAcknowledged()])
        .when(acknowledgeTransfer())
        .thenThrows(ConflictError, 'already acknowledged'));
  });

  describe('when the transfer was refused or never happened', () => {
    it('answers not found after a refusal: to its addressee it never existed', () =>
      given([...consenting, transferRefused()])
        .when(acknowledgeTransfer())
        .thenThrows(NotFoundError, TRANSFER_ID));

    it('answers not found for an unknown transfer', () =>
      given(consenting).when(acknowledgeTransfer()).thenThrows(NotFoundError, TRANSFER_ID));
  });

  describe('when the consent is given after an earlier transfer attempt', () => {
    it('does not cover a transfer dated before it', () =>
      given([personRegistered(), consentGranted({ validFrom: '2026-02-01T10:00:00.000Z' })])
        .when(transferData({ at: T0 }))
        .thenMatches((events) => {
          expect(events[0]!.type).toBe('TransferRefused');
          expect(events[0]!.data).toMatchObject({ verdict: { reasons: ['consent-not-yet-valid'] } });
        }));
  });

  describe('when a transfer is recorded', () => {
    it('remembers it in the person file for the receipt and a later erasure', () =>
      given(consenting)
        .when(transferData())
        .thenMatches((_events, state) => {
          expect(state.transfers).toEqual([
            { transferId: TRANSFER_ID, toAgency: 'JOBCENTER_IP', allowed: true, acknowledged: false },
          ]);
          expect(state.consents.map((c) => c.consentId)).toEqual([CONSENT_ID]);
        }));
  });
});
