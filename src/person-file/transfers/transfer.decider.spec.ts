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
  ABH_REQUEST,
  CASEWORKER,
  CONSENT_ID,
  T0,
  T2,
  TRANSFER_ID,
  TRANSFER_LAW,
  acknowledgeTransfer,
  approveTransfer,
  caseOpenedForPerson,
  consentFacts,
  consentGranted,
  consentWithdrawn,
  dataTransferred,
  personErased,
  personRegistered,
  personRestricted,
  rejectTransfer,
  transferAcknowledged,
  transferAwaitingApproval,
  transferData,
  transferRefused,
  verdictFor,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';
import type { PersonFileEvent } from '../person-file.events.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));
const consenting = [personRegistered(), consentGranted()];

const failedOf = (events: PersonFileEvent[]) => {
  const e = events[0]!;
  if (e.type !== 'TransferRefused' && e.type !== 'DataTransferred' && e.type !== 'TransferAwaitingApproval') {
    throw new Error(`no transfer decision: ${e.type}`);
  }
  return e.data.verdict.failedConditions;
};

describe('data transfer (Datenübermittlung) decided by the legal-basis matrix', () => {
  describe('when an active, informed consent covers the request', () => {
    it('records the transfer with the row, the norm, every condition and the consent it relied on', () =>
      given([...consenting, caseOpenedForPerson('case-1')])
        .when(transferData({ caseId: 'case-1' }))
        .then([dataTransferred({ caseId: 'case-1' })]));

    it('names the row and its norm in the verdict', () =>
      given(consenting)
        .when(transferData())
        .thenMatches((events) => {
          expect(events[0]!.data).toMatchObject({
            verdict: {
              outcome: 'allowed',
              allowed: true,
              basis: { code: 'consent', norm: expect.stringContaining('Art. 6 Abs. 1 lit. a DSGVO') },
              consentIds: [CONSENT_ID],
              failedConditions: [],
            },
          });
        }));

    it('refuses to name a case of another person', () =>
      given(consenting)
        .when(transferData({ caseId: 'case-of-someone-else' }))
        .thenThrows(RuleViolationError, 'case-of-another-person'));

    it('refuses to record the same transfer id twice', () =>
      given([...consenting, dataTransferred()])
        .when(transferData())
        .thenThrows(ConflictError, TRANSFER_ID));
  });

  describe('when the consent documented no information (recorded before schema 3)', () => {
    it('records a refusal: consent-not-informed', () =>
      given([personRegistered(), consentGranted({ informed: null })])
        .when(transferData())
        .thenMatches((events) => {
          expect(events[0]!.type).toBe('TransferRefused');
          expect(failedOf(events)).toEqual(['consent-informed']);
        }));
  });

  describe('when the consent was withdrawn before the transfer', () => {
    it('records the refusal with its reason', () =>
      given([...consenting, consentWithdrawn()])
        .when(transferData())
        .then([
          transferRefused({
            verdict: verdictFor([consentFacts({ withdrawnAt: '2026-02-01T10:00:00.000Z' })]),
          }),
        ]));
  });

  describe('when the consent was given in a case (consents of a case end when the case closes)', () => {
    const inCase = [
      personRegistered(),
      caseOpenedForPerson('case-1'),
      consentGranted({ caseBinding: { caseId: 'case-1', endsWhenCaseCloses: true } }),
    ];

    it('carries the transfer while the case is open', () =>
      given(inCase)
        .when(transferData())
        .thenMatches((events) => expect(events[0]!.type).toBe('DataTransferred')));

    it('carries no transfer once the case closed after the consent, even if reopened since', () =>
      given(inCase)
        .when(transferData({ caseClosures: { 'case-1': '2026-01-20T09:00:00.000Z' } }))
        .thenMatches((events) => {
          expect(events[0]!.type).toBe('TransferRefused');
          expect(events[0]!.data).toMatchObject({ verdict: { reasons: ['consent-ended-with-case'] } });
        }));

    it('is not ended by a closing before it was given', () =>
      given(inCase)
        .when(transferData({ caseClosures: { 'case-1': '2026-01-01T09:00:00.000Z' } }))
        .thenMatches((events) => expect(events[0]!.type).toBe('DataTransferred')));

    it('outlives the case when it says so', () =>
      given([
        personRegistered(),
        caseOpenedForPerson('case-1'),
        consentGranted({ caseBinding: { caseId: 'case-1', endsWhenCaseCloses: false } }),
      ])
        .when(transferData({ caseClosures: { 'case-1': '2026-01-20T09:00:00.000Z' } }))
        .thenMatches((events) => expect(events[0]!.type).toBe('DataTransferred')));
  });

  describe('when the person is restricted', () => {
    it('records a refusal although the consent covers it', () =>
      given([...consenting, personRestricted()])
        .when(transferData())
        .thenMatches((events) => {
          expect(events[0]!.type).toBe('TransferRefused');
          expect(failedOf(events)).toEqual(['person-not-restricted']);
        }));
  });

  describe('when the request names codes outside the catalogue or the matrix', () => {
    it('answers a validation error naming every unknown code, and records nothing', () =>
      given(consenting)
        .when(transferData({ toAgency: 'NSA', dataCategories: ['identity', 'dna'], legalBasis: 'SGB X §71' }))
        .thenThrows(
          ValidationError,
          'toAgency unknown agency: NSA; dataCategories unknown data category: dna; legalBasis unknown legal basis: SGB X §71',
        ));

    it('records a refusal for an old collective code: it names no specific controller', () =>
      given([personRegistered(), consentGranted({ recipients: ['SOZIALAMT'] })])
        .when(transferData({ toAgency: 'SOZIALAMT', purpose: 'social-benefits' }))
        .thenMatches((events) => {
          expect(events[0]!.type).toBe('TransferRefused');
          expect(failedOf(events)).toContain('recipient-specific');
        }));
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
            { transferId: TRANSFER_ID, toAgency: 'JOBCENTER_IP', status: 'delivered', acknowledged: false },
          ]);
          expect(state.consents.map((c) => c.consentId)).toEqual([CONSENT_ID]);
        }));
  });
});

describe('four eyes: a row asking for a second person (default: statutory transfers to the Ausländerbehörde)', () => {
  const pending = [personRegistered(), transferAwaitingApproval()];

  it('records the transfer as awaiting approval when every other condition holds', () =>
    given([personRegistered()]).when(transferData(ABH_REQUEST)).then([transferAwaitingApproval()]));

  it('is not delivered: the recipient cannot acknowledge it', () =>
    given(pending).when(acknowledgeTransfer('AUSLAENDERBEHOERDE')).thenThrows(NotFoundError, TRANSFER_ID));

  it('a team lead other than the requester approves: decided again, then delivered', () =>
    given(pending)
      .when(approveTransfer())
      .thenMatches((events, state) => {
        expect(events.map((e) => e.type)).toEqual(['DataTransferred']);
        expect(events[0]!.data).toMatchObject({
          legalBasis: 'sgb10-71-2',
          request: ABH_REQUEST.request,
          verdict: {
            outcome: 'allowed',
            basis: { norm: '§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG' },
            approval: { required: true, approvedBy: 'tl-01' },
          },
          personal: { justification: ABH_REQUEST.justification },
        });
        expect(state.transfers).toEqual([
          { transferId: TRANSFER_ID, toAgency: 'AUSLAENDERBEHOERDE', status: 'delivered', acknowledged: false },
        ]);
      }));

  it('the requester cannot approve their own transfer', () =>
    given(pending).when(approveTransfer(CASEWORKER)).thenThrows(ForbiddenError, 'approver-is-requester'));

  it('a role the row does not name cannot approve', () =>
    given(pending)
      .when(approveTransfer('dsb-01', T2, ['dpo']))
      .thenThrows(ForbiddenError, 'approver-role-not-allowed'));

  it('a restriction recorded in between wins: the approval records a refusal', () =>
    given([...pending, personRestricted()])
      .when(approveTransfer())
      .thenMatches((events) => {
        expect(events[0]!.type).toBe('TransferRefused');
        expect(failedOf(events)).toEqual(['person-not-restricted']);
      }));

  it('a request that has grown too old by the approval is refused', () =>
    given(pending)
      .when(approveTransfer('tl-01', '2026-06-01T10:00:00.000Z'))
      .thenMatches((events) => {
        expect(events[0]!.type).toBe('TransferRefused');
        expect(failedOf(events)).toEqual(['request-received-date-valid']);
      }));

  it('a team lead rejects it: never delivered', () =>
    given(pending)
      .when(rejectTransfer())
      .thenMatches((events, state) => {
        expect(events.map((e) => e.type)).toEqual(['TransferRejected']);
        expect(state.transfers[0]).toMatchObject({ status: 'rejected' });
      }));

  it('the requester cannot reject it either', () =>
    given(pending).when(rejectTransfer(CASEWORKER)).thenThrows(ForbiddenError, 'approver-is-requester'));

  it('a decided transfer cannot be approved again', () =>
    given([...consenting, dataTransferred()])
      .when(approveTransfer())
      .thenThrows(ConflictError, 'not awaiting'));
});
