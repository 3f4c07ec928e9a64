import { committeeConsentsProjection } from '../../projections/committee-consents.projection.js';
import { committeeTransfersProjection } from '../../projections/committee-transfers.projection.js';
import { COMMITTEE_COLLECTIONS as C } from '../../src/reports/committee-documents.js';
import { project, recorded, replayed } from '../support/projection-harness.js';
import { ev, SECRET_NAME } from '../unit/reports/support/committee-events.js';

describe('committee consents projection', () => {
  describe('a consent granted, then withdrawn, and one refused', () => {
    it('keeps the recording day, the end of validity and the withdrawal day', async () => {
      const docs = await project(
        committeeConsentsProjection,
        recorded([
          ev.consentGranted('p1', 'k1', '2026-07-01', '2027-06-30'),
          ev.consentWithdrawn('p1', 'k1', '2026-08-15'),
          ev.consentRefused('p1', 'k2', '2026-07-01'),
        ]),
      );
      expect(docs.get(C.consents)!.get('k1')).toEqual({
        consentId: 'k1',
        outcome: 'granted',
        recordedOn: '2026-07-01',
        validUntil: '2027-06-30',
        withdrawnOn: '2026-08-15',
      });
      expect(docs.get(C.consents)!.get('k2')).toEqual({
        consentId: 'k2',
        outcome: 'refused',
        recordedOn: '2026-07-01',
      });
      expect(JSON.stringify([...docs.get(C.consents)!.values()])).not.toContain(SECRET_NAME);
    });

    it('changes nothing when replayed', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(
        committeeConsentsProjection,
        recorded([
          ev.consentGranted('p1', 'k1', '2026-07-01', '2027-06-30'),
          ev.consentWithdrawn('p1', 'k1', '2026-08-15'),
          ev.consentRefused('p1', 'k2', '2026-07-01'),
        ]),
      );
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });

  describe('a withdrawal of a consent never seen granted', () => {
    it('counts nowhere', async () => {
      const docs = await project(
        committeeConsentsProjection,
        recorded([ev.consentWithdrawn('p1', 'k9', '2026-08-15')]),
      );
      expect(docs.get(C.consents)?.size ?? 0).toBe(0);
    });
  });
});

describe('committee transfers projection', () => {
  describe('one transfer and one refusal with detailed reasons', () => {
    it('keeps recipient, legal basis and reason codes without their detail', async () => {
      const docs = await project(
        committeeTransfersProjection,
        recorded([
          ev.transferred('p1', 't1', 'JOBCENTER_IP', 'consent', '2026-07-03'),
          ev.transferRefused(
            'p1',
            't2',
            'JOBCENTER_IP',
            ['consent-missing-category:health', 'consent-missing-purpose'],
            '2026-07-04',
          ),
        ]),
      );
      expect(docs.get(C.transfers)!.get('t2')).toEqual({
        transferId: 't2',
        outcome: 'refused',
        on: '2026-07-04',
        toAgency: 'JOBCENTER_IP',
        legalBasis: 'consent',
        reasons: ['consent-missing-category', 'consent-missing-purpose'],
      });
      expect(docs.get(C.transfers)!.get('t1')).toEqual(
        expect.objectContaining({ outcome: 'transferred', legalBasis: 'consent' }),
      );
      expect(JSON.stringify([...docs.get(C.transfers)!.values()])).not.toContain('p1');
    });

    it('changes nothing when replayed', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(
        committeeTransfersProjection,
        recorded([
          ev.transferred('p1', 't1', 'JOBCENTER_IP', 'consent', '2026-07-03'),
          ev.transferRefused('p1', 't2', 'JOBCENTER_IP', ['consent-missing-purpose'], '2026-07-04'),
        ]),
      );
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
