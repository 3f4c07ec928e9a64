import { STAFF, staffProjection } from '../../projections/staff.projection.js';
import type { StaffMemberRecorded } from '../../src/staff/staff.events.js';
import { T0, T1, TEAM_LEAD } from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const recordedMember = (data: Partial<StaffMemberRecorded['data']>, occurredAt: string) => ({
  type: 'StaffMemberRecorded' as const,
  data: { caseworkerId: 'cw-07', provider: 'KI', fte: 1, baustein: 2 as const, recordedBy: TEAM_LEAD, ...data },
  streamName: 'staff-cw-07',
  metadata: { occurredAt },
});

describe('staff projection', () => {
  describe('given a case manager recorded and later recorded again with a part-time share', () => {
    const log = recorded([
      recordedMember({}, T0),
      recordedMember({ provider: 'WV_AWO', fte: 0.5, activeFrom: '2026-02-01' }, T1),
    ]);

    it('keeps the latest profile and when it was recorded, without the team lead who recorded it', async () => {
      expect(docsOf(await project(staffProjection, log), STAFF).get('cw-07')).toEqual({
        caseworkerId: 'cw-07',
        provider: 'WV_AWO',
        fte: 0.5,
        baustein: 2,
        activeFrom: '2026-02-01',
        recordedAt: T1,
      });
    });

    it('changes nothing when replayed', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(staffProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
