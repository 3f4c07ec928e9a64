import { committeeCaseloadProjection } from '../../projections/committee-caseload.projection.js';
import { COMMITTEE_COLLECTIONS as C, staffKey } from '../../src/reports/committee-documents.js';
import { project, recorded, replayed } from '../support/projection-harness.js';
import { ev } from '../unit/reports/support/committee-events.js';

describe('committee caseload projection', () => {
  describe('slots taken and released over two days', () => {
    const log = recorded([
      ev.slotTaken('cw-07', 'c1', '2026-07-01'),
      ev.slotTaken('cw-07', 'c2', '2026-07-01'),
      ev.slotTaken('cw-07', 'c3', '2026-07-02'),
      ev.slotReleased('cw-07', 'c1', '2026-07-02'),
      ev.slotReleased('cw-07', 'c2', '2026-07-02'),
    ]);

    it('keeps per day the count at the end and the peak, under a pseudonym', async () => {
      const docs = await project(committeeCaseloadProjection, log);
      const key = staffKey('cw-07');
      expect(docs.get(C.caseloadDays)!.get(`${key}:2026-07-01`)).toEqual({
        staffKey: key,
        day: '2026-07-01',
        endCount: 2,
        peak: 2,
      });
      expect(docs.get(C.caseloadDays)!.get(`${key}:2026-07-02`)).toEqual({
        staffKey: key,
        day: '2026-07-02',
        endCount: 1,
        peak: 3,
      });
    });

    it('never stores the caseworker id', async () => {
      const docs = await project(committeeCaseloadProjection, log);
      expect(JSON.stringify([...docs.entries()].map(([n, c]) => [n, [...c.entries()]]))).not.toContain('cw-07');
    });

    it('changes nothing when the events are replayed', async () => {
      expect(await project(committeeCaseloadProjection, [...log, ...log])).toEqual(
        await project(committeeCaseloadProjection, log),
      );
      const { once, twiceEach } = await replayed(committeeCaseloadProjection, log);
      expect(twiceEach).toEqual(once);
    });
  });
});
