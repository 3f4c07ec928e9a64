import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import {
  PERSON_ID,
  T0,
  dataTransferred,
  personErased,
  personRegistered,
  TRANSFER_LAW,
} from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';
import type { DecideErasure, RequestErasure } from './person-file.commands.js';
import { ErasureHeldError, personFileDecider } from './person-file.decider.js';
import type { PersonFileEvent } from './person-file.events.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));
const ERASURE_ID = '00000000-0000-4000-8000-0000000000e1';

const request = (overrides: Partial<RequestErasure['data']> = {}): RequestErasure => ({
  type: 'RequestErasure',
  data: {
    personId: PERSON_ID,
    erasureId: ERASURE_ID,
    reason: 'Antrag',
    requestedBy: 'po-1',
    holds: [],
    at: T0,
    ...overrides,
  },
});
const decide = (type: DecideErasure['type'], overrides: Partial<DecideErasure['data']> = {}): DecideErasure => ({
  type,
  data: { personId: PERSON_ID, erasureId: ERASURE_ID, decidedBy: 'tl-1', holds: [], at: T0, ...overrides },
});
const requested: PersonFileEvent = {
  type: 'ErasureRequested',
  data: { erasureId: ERASURE_ID, personId: PERSON_ID, reason: 'Antrag', requestedBy: 'po-1' },
};

describe('four-eyes erasure (Art. 17 DSGVO, product rule 8)', () => {
  describe('when a privacy officer asks for an erasure', () => {
    it('records the request, awaiting a second person', () =>
      given([personRegistered()]).when(request()).then([requested]));

    it('refuses while one of the county’s own duties holds the file, naming it', () =>
      given([personRegistered()])
        .when(request({ holds: ['Kreistagsbeschluss 12/2025: kept until 31.12.2031'] }))
        .thenThrows(ErasureHeldError, 'Kreistagsbeschluss 12/2025'));

    it('records a retried request once', () => given([personRegistered(), requested]).when(request()).then([]));

    it('refuses a second request while one is pending', () =>
      given([personRegistered(), requested])
        .when(request({ erasureId: '00000000-0000-4000-8000-0000000000e2' }))
        .thenThrows(ConflictError, 'awaiting approval'));
  });

  describe('when the second person decides', () => {
    it('erases on approval, naming requester, approver and the recipients to notify (Art. 19)', () =>
      given([personRegistered(), dataTransferred(), requested])
        .when(decide('ApproveErasure'))
        .then([
          {
            type: 'PersonErased',
            data: {
              personId: PERSON_ID,
              reason: 'Antrag',
              recipientsToNotify: ['JOBCENTER_IP'],
              erasureId: ERASURE_ID,
              requestedBy: 'po-1',
              approvedBy: 'tl-1',
            },
          },
        ]));

    it('refuses the requester as the second person', () =>
      given([personRegistered(), requested])
        .when(decide('ApproveErasure', { decidedBy: 'po-1' }))
        .thenThrows(RuleViolationError, 'four-eyes-same-person'));

    it('checks the holds again at the approval', () =>
      given([personRegistered(), requested])
        .when(decide('ApproveErasure', { holds: ['Rechtsstreit anhängig'] }))
        .thenThrows(ErasureHeldError));

    it('rejects with a reason, after which the request cannot be approved', () => {
      const rejected: PersonFileEvent = {
        type: 'ErasureRejected',
        data: { erasureId: ERASURE_ID, personId: PERSON_ID, reason: 'nicht nachgewiesen', rejectedBy: 'tl-1' },
      };
      given([personRegistered(), requested])
        .when(decide('RejectErasure', { reason: 'nicht nachgewiesen' }))
        .then([rejected]);
      given([personRegistered(), requested, rejected])
        .when(decide('ApproveErasure'))
        .thenThrows(ConflictError, 'rejected');
    });

    it('refuses a rejection without a reason', () =>
      given([personRegistered(), requested]).when(decide('RejectErasure')).thenThrows(ValidationError, 'reason'));

    it('answers 404 for an unknown erasure', () =>
      given([personRegistered()]).when(decide('ApproveErasure')).thenThrows(NotFoundError));
  });

  describe('after the erasure (Art. 19 DSGVO)', () => {
    const ack = {
      type: 'AcknowledgeErasureNotice' as const,
      data: { personId: PERSON_ID, agency: 'JOBCENTER_IP', acknowledgedBy: 'ao-1', at: T0 },
    };
    const erased: PersonFileEvent = {
      type: 'PersonErased',
      data: { personId: PERSON_ID, reason: 'Antrag', recipientsToNotify: ['JOBCENTER_IP'] },
    };

    it('takes the recipient’s acknowledgement, once', () => {
      given([personRegistered(), erased])
        .when(ack)
        .then([
          {
            type: 'ErasureNoticeAcknowledged',
            data: { personId: PERSON_ID, agency: 'JOBCENTER_IP', acknowledgedBy: 'ao-1' },
          },
        ]);
      given([
        personRegistered(),
        erased,
        {
          type: 'ErasureNoticeAcknowledged',
          data: { personId: PERSON_ID, agency: 'JOBCENTER_IP', acknowledgedBy: 'ao-1' },
        },
      ])
        .when(ack)
        .thenThrows(ConflictError);
    });

    it('knows no notice for an agency that received nothing', () =>
      given([personRegistered(), erased])
        .when({ ...ack, data: { ...ack.data, agency: 'SCHULAMT' } })
        .thenThrows(NotFoundError));

    it('still reads a v1 PersonErased without erasure id', () =>
      given([personRegistered(), personErased()]).when(request()).thenThrows(RuleViolationError, 'person-erased'));
  });
});
