import { TRANSFERS, transfersProjection } from '../../projections/transfers.projection.js';
import {
  CASE_ID,
  CASEWORKER,
  CONSENT_ID,
  PERSON_ID,
  T1,
  T2,
  TRANSFER_ID,
  dataTransferred,
  transferAcknowledged,
  transferAwaitingApproval,
  transferRefused,
} from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const REFUSED_ID = '00000000-0000-4000-8000-0000000000bb';
const stream = `person-${PERSON_ID}`;
const delivered = {
  ...dataTransferred({ caseId: CASE_ID, personal: { justification: 'sealed' } }),
  streamName: stream,
  metadata: { occurredAt: T1 },
};
const refused = {
  ...transferRefused({ transferId: REFUSED_ID }),
  streamName: stream,
  metadata: { occurredAt: T1 },
};
const acknowledged = {
  ...transferAcknowledged(),
  streamName: stream,
  metadata: { occurredAt: T2, actor: { sub: 'ao-01', role: 'agency_officer' as const, agency: 'JOBCENTER_IP' } },
};

const transfers = async (events: Parameters<typeof recorded>[0]) =>
  docsOf(await project(transfersProjection, recorded(events)), TRANSFERS);

describe('transfers projection', () => {
  describe('given a transfer delivered under a consent and acknowledged by the recipient', () => {
    it('keeps the request, the verdict, the sealed justification and the acknowledgement', async () => {
      expect((await transfers([delivered, acknowledged])).get(TRANSFER_ID)).toEqual({
        transferId: TRANSFER_ID,
        personId: PERSON_ID,
        caseId: CASE_ID,
        fromAgency: 'KI',
        toAgency: 'JOBCENTER_IP',
        dataCategories: ['identity', 'employment'],
        purpose: 'labour-market-integration',
        legalBasis: 'consent',
        norm: expect.stringContaining('Art. 6 Abs. 1 lit. a DSGVO'),
        status: 'delivered',
        allowed: true,
        failedConditions: [],
        conditions: expect.arrayContaining([
          { condition: 'consent-active', held: true, reason: 'consent-active', consentId: CONSENT_ID },
        ]),
        request: null,
        reasons: [],
        consentIds: [CONSENT_ID],
        flaggedForDpo: false,
        requestedBy: CASEWORKER,
        at: T1,
        personal: { justification: 'sealed' },
        acknowledgedAt: T2,
        acknowledgedBy: 'ao-01',
      });
    });
  });

  describe('given a transfer refused without a case', () => {
    it('keeps it as not allowed with its reasons, and no case', async () => {
      const doc = (await transfers([refused])).get(REFUSED_ID)!;
      expect(doc).toMatchObject({
        status: 'refused',
        allowed: false,
        failedConditions: ['consent-names-recipient'],
        reasons: ['no-consent-for-recipient'],
        consentIds: [],
      });
      expect(doc).not.toHaveProperty('caseId');
      expect(doc).not.toHaveProperty('acknowledgedAt');
    });
  });

  describe('given an acknowledgement of a transfer this projection never saw', () => {
    it('writes no document', async () => {
      expect((await transfers([acknowledged])).size).toBe(0);
    });
  });

  describe('given the whole history replayed', () => {
    it('changes nothing', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(
        transfersProjection,
        recorded([delivered, refused, acknowledged]),
      );
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });

  describe('given a transfer awaiting approval, then rejected', () => {
    it('is not allowed, so no recipient sees it, and shows who rejected it', async () => {
      const pending = { ...transferAwaitingApproval(), streamName: stream, metadata: { occurredAt: T1 } };
      const rejected = {
        type: 'TransferRejected' as const,
        data: { transferId: TRANSFER_ID, personId: PERSON_ID, rejectedBy: 'tl-01', personal: { reason: 'x' } },
        streamName: stream,
        metadata: { occurredAt: T2 },
      };
      const before = (await transfers([pending])).get(TRANSFER_ID)!;
      expect(before).toMatchObject({ status: 'awaiting-approval', allowed: false, legalBasis: 'sgb10-71-2' });
      const after = (await transfers([pending, rejected])).get(TRANSFER_ID)!;
      expect(after).toMatchObject({ status: 'rejected', allowed: false, rejectedBy: 'tl-01' });
    });
  });
});
