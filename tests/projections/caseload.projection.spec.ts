import { CASELOADS, caseloadProjection } from '../../projections/caseload.projection.js';
import type { CaseloadEvent } from '../../src/case-management/case.events.js';
import { CASEWORKER, OTHER_CASEWORKER, slotTaken } from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const taken = (caseId: string, caseworkerId = CASEWORKER) => ({
  ...slotTaken(caseId, caseworkerId),
  streamName: `caseload-${caseworkerId}`,
});
const released = (caseId: string, caseworkerId = CASEWORKER, why: 'closed' | 'reassigned' = 'closed') => ({
  type: 'CaseloadSlotReleased' as const,
  data: { caseworkerId, caseId, why },
  streamName: `caseload-${caseworkerId}`,
});

const caseloads = async (events: (CaseloadEvent & { streamName: string })[]) =>
  docsOf(await project(caseloadProjection, recorded(events)), CASELOADS);

describe('caseload projection', () => {
  describe('given three slots taken and one released', () => {
    it('counts the two cases still held, in the order they were taken', async () => {
      expect((await caseloads([taken('c-1'), taken('c-2'), taken('c-3'), released('c-2')])).get(CASEWORKER)).toEqual({
        caseworkerId: CASEWORKER,
        caseIds: ['c-1', 'c-3'],
        active: 2,
      });
    });
  });

  describe('given the same case taking a slot twice', () => {
    it('counts it once', async () => {
      expect((await caseloads([taken('c-1'), taken('c-1')])).get(CASEWORKER)).toMatchObject({ active: 1 });
    });
  });

  describe('given a case reassigned from one caseworker to another', () => {
    it('counts it for the new caseworker only', async () => {
      const docs = await caseloads([
        taken('c-1'),
        taken('c-1', OTHER_CASEWORKER),
        released('c-1', CASEWORKER, 'reassigned'),
      ]);
      expect(docs.get(CASEWORKER)).toMatchObject({ caseIds: [], active: 0 });
      expect(docs.get(OTHER_CASEWORKER)).toMatchObject({ caseIds: ['c-1'], active: 1 });
    });
  });

  describe('given the whole history replayed', () => {
    it('changes nothing', async () => {
      const log = recorded([taken('c-1'), taken('c-2'), released('c-1'), taken('c-1', OTHER_CASEWORKER)]);
      const { once, fromEachPoint, twiceEach } = await replayed(caseloadProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
