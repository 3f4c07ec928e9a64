import { FINDINGS, findingsProjection } from '../../projections/findings.projection.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';
import { ev } from '../unit/reports/support/committee-events.js';

describe('findings projection', () => {
  describe('given a structural finding recorded', () => {
    const log = recorded([ev.finding('f1', '2026-08-12')]);

    it('keeps topic, text, agencies, municipalities, the count and the German day — not who recorded it', async () => {
      const doc = docsOf(await project(findingsProjection, log), FINDINGS).get('f1')!;
      expect(doc).toEqual({
        findingId: 'f1',
        topic: 'waiting-times',
        title: 'Terminvergabe Ausländerbehörde über zehn Wochen',
        description: 'Termine zur Verlängerung des Aufenthaltstitels werden erst nach mehr als zehn Wochen vergeben.',
        agencies: ['AUSLAENDERBEHOERDE'],
        municipalities: ['Velbert'],
        caseCount: 23,
        recordedOn: '2026-08-12',
        recordedAt: '2026-08-12T09:30:00.000Z',
      });
      expect(JSON.stringify(doc)).not.toContain('cw-01');
    });

    it('changes nothing when replayed', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(findingsProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });

  describe('given a finding stored without title, agencies or municipalities', () => {
    it('reads them as empty', async () => {
      const old = ev.finding('f2', '2026-03-01');
      for (const field of ['title', 'agencies', 'municipalities']) delete old.data[field];
      expect(docsOf(await project(findingsProjection, recorded([old])), FINDINGS).get('f2')).toMatchObject({
        title: '',
        agencies: [],
        municipalities: [],
      });
    });
  });
});
