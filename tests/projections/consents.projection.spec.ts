import { CONSENTS, consentsProjection } from '../../projections/consents.projection.js';
import {
  CASEWORKER,
  CONSENT_ID,
  OTHER_CONSENT_ID,
  PERSON_ID,
  T0,
  T1,
  T2,
  consentGranted,
  consentRefused,
  consentWithdrawn,
} from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const stream = `person-${PERSON_ID}`;
const granted = { ...consentGranted(), streamName: stream, metadata: { occurredAt: T0 } };
const refused = {
  ...consentRefused({ consentId: OTHER_CONSENT_ID }),
  streamName: stream,
  metadata: { occurredAt: T1 },
};
const withdrawn = { ...consentWithdrawn({ withdrawnAt: T2 }), streamName: stream, metadata: { occurredAt: T2 } };

const consents = async (events: Parameters<typeof recorded>[0]) =>
  docsOf(await project(consentsProjection, recorded(events)), CONSENTS);

describe('consents projection', () => {
  describe('given a consent granted', () => {
    it('keeps its scope, validity and evidence kind, and the evidence reference still sealed', async () => {
      expect((await consents([granted])).get(CONSENT_ID)).toEqual({
        consentId: CONSENT_ID,
        personId: PERSON_ID,
        kind: 'granted',
        recipients: ['JOBCENTER_IP'],
        dataCategories: ['identity', 'employment'],
        purposes: ['labour-market-integration'],
        validFrom: T0,
        validUntil: '2027-12-31',
        mutual: true,
        declaredBy: 'person',
        interpreterPresent: false,
        evidenceKind: 'signed-form',
        recordedBy: CASEWORKER,
        personal: { evidenceReference: 'KI-2026-0042' },
      });
    });
  });

  describe('given a consent refused', () => {
    it('keeps the refusal from the moment it was recorded, with no validity, evidence or sealed part', async () => {
      expect((await consents([refused])).get(OTHER_CONSENT_ID)).toEqual({
        consentId: OTHER_CONSENT_ID,
        personId: PERSON_ID,
        kind: 'refused',
        recipients: ['AUSLAENDERBEHOERDE'],
        dataCategories: ['identity'],
        purposes: ['residence-procedure'],
        validFrom: T1,
        declaredBy: 'person',
        interpreterPresent: true,
        recordedBy: CASEWORKER,
      });
    });
  });

  describe('given a consent granted and withdrawn', () => {
    it('keeps the consent with the withdrawal instant and the sealed reason beside its own', async () => {
      expect((await consents([granted, refused, withdrawn])).get(CONSENT_ID)).toMatchObject({
        kind: 'granted',
        withdrawnAt: T2,
        withdrawalPersonal: { reason: 'changed my mind' },
        personal: { evidenceReference: 'KI-2026-0042' },
      });
    });

    it('leaves the other consent of the person as it was', async () => {
      expect((await consents([granted, refused, withdrawn])).get(OTHER_CONSENT_ID)).not.toHaveProperty('withdrawnAt');
    });
  });

  describe('given a withdrawal of a consent this projection never saw', () => {
    it('writes no document', async () => {
      expect((await consents([withdrawn])).size).toBe(0);
    });
  });

  describe('given the whole history replayed', () => {
    it('changes nothing', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(
        consentsProjection,
        recorded([granted, refused, withdrawn]),
      );
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
