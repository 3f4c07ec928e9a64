import { DEPUTY_GRANTS, deputyGrantsProjection } from '../../projections/deputy-grants.projection.js';
import type { DeputyAccessGranted } from '../../src/person-file/person-file.events.js';
import { CASE_ID, PERSON_ID, T0, T1, TEAM_LEAD } from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const granted = (data: Partial<DeputyAccessGranted['data']>, occurredAt: string) => ({
  type: 'DeputyAccessGranted' as const,
  data: {
    grantId: 'grant-1',
    personId: PERSON_ID,
    caseworkerId: 'cw-deputy',
    until: '2026-11-20',
    grantedBy: TEAM_LEAD,
    // Encrypted in the log; the projection must not copy it even in its sealed form.
    personal: { reason: 'Urlaubsvertretung' },
    ...data,
  },
  streamName: `person-${PERSON_ID}`,
  metadata: { occurredAt },
});

describe('deputy-grants projection', () => {
  describe('given a grant for the whole person and one for a case', () => {
    const log = recorded([granted({}, T0), granted({ grantId: 'grant-2', caseId: CASE_ID, until: '2026-12-01' }, T1)]);

    it('lists each grant with its end and who granted it, without the reason', async () => {
      const docs = docsOf(await project(deputyGrantsProjection, log), DEPUTY_GRANTS);
      expect(docs.get('grant-1')).toEqual({
        grantId: 'grant-1',
        personId: PERSON_ID,
        caseworkerId: 'cw-deputy',
        until: '2026-11-20',
        grantedBy: TEAM_LEAD,
        grantedAt: T0,
      });
      expect(docs.get('grant-2')).toMatchObject({ caseId: CASE_ID, until: '2026-12-01', grantedAt: T1 });
      expect(JSON.stringify([...docs.values()])).not.toContain('Urlaubsvertretung');
    });

    it('changes nothing when replayed', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(deputyGrantsProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
