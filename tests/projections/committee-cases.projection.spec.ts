import { committeeCasesProjection } from '../../projections/committee-cases.projection.js';
import { COMMITTEE_COLLECTIONS as C, STILL_OPEN } from '../../src/reports/committee-documents.js';
import { project, recorded, replayed } from '../support/projection-harness.js';
import { ev, SECRET_NAME } from '../unit/reports/support/committee-events.js';

const run = (events: ReturnType<typeof ev.caseOpened>[]) => project(committeeCasesProjection, recorded(events));

describe('committee cases projection', () => {
  describe('a case opened for a registered person', () => {
    const events = [
      ev.personRegistered('p1', '2026-07-01', 'Velbert', 'SY', '1990-1994'),
      ev.caseOpened('c1', 'p1', 'Velbert', '2026-07-02'),
    ];

    it('keeps municipality, the opening day and the residue — no person id, no personal data', async () => {
      const doc = (await run(events)).get(C.cases)!.get('c1')!;
      expect(doc).toEqual(
        expect.objectContaining({
          municipality: 'Velbert',
          openedOn: '2026-07-02',
          birthYearBand: '1990-1994',
          nationalityGroup: 'middle-east',
          activeUntil: STILL_OPEN,
        }),
      );
      expect(JSON.stringify(doc)).not.toContain('p1');
    });

    it('never copies the encrypted personal fields into any document', async () => {
      const docs = await run([...events, ev.caseAction('c1', 'a1', 'counselling', '2026-07-09')]);
      expect(JSON.stringify([...docs.values()].map((c) => [...c.values()]))).not.toContain(SECRET_NAME);
    });
  });

  describe('counselling recorded after the opening', () => {
    it('measures days to the first counselling by the action date, also when a later record is earlier', async () => {
      const docs = await run([
        ev.caseOpened('c1', 'p1', 'Haan', '2026-07-01'),
        ev.caseAction('c1', 'a1', 'counselling', '2026-07-20'),
        ev.caseAction('c1', 'a2', 'counselling', '2026-07-11'),
        ev.caseAction('c1', 'a3', 'assessment', '2026-07-02'),
      ]);
      expect(docs.get(C.cases)!.get('c1')).toEqual(
        expect.objectContaining({ firstCounsellingOn: '2026-07-11', daysToFirstCounselling: 10 }),
      );
    });
  });

  describe('a case closed and reopened', () => {
    it('records each closure with its reason and the open intervals', async () => {
      const docs = await run([
        ev.caseOpened('c1', 'p1', 'Haan', '2026-01-10'),
        ev.caseClosed('c1', 'moved-away', '2026-03-01'),
        ev.caseReopened('c1', '2026-05-01'),
      ]);
      expect(docs.get(C.cases)!.get('c1')).toEqual(
        expect.objectContaining({
          intervals: [
            { from: '2026-01-10', to: '2026-03-01' },
            { from: '2026-05-01', to: null },
          ],
          closures: [{ on: '2026-03-01', reason: 'moved-away' }],
          activeUntil: STILL_OPEN,
        }),
      );
    });
  });

  describe('Baustein 3 actions', () => {
    it('keeps achievements by kind and referrals to the naturalisation authority, nothing else', async () => {
      const docs = await run([
        ev.caseOpened('c1', 'p1', 'Hilden', '2026-01-10'),
        ev.caseAction('c1', 'a1', 'special-integration-achievement', '2026-08-01', { achievementKind: 'elder-care' }),
        ev.caseAction('c1', 'a2', 'referral', '2026-08-02', { agencies: ['EINBUERGERUNGSBEHOERDE'] }),
        ev.caseAction('c1', 'a3', 'referral', '2026-08-03', { agencies: ['JOBCENTER_IP'] }),
      ]);
      expect([...docs.get(C.actions)!.values()]).toEqual([
        {
          actionId: 'a1',
          kind: 'achievement',
          on: '2026-08-01',
          municipality: 'Hilden',
          achievementKind: 'elder-care',
        },
        { actionId: 'a2', kind: 'naturalisation-referral', on: '2026-08-02', municipality: 'Hilden' },
      ]);
    });
  });

  describe('a person erased after the case was opened', () => {
    it('drops the person residue link but leaves the case facts as they were', async () => {
      const before = await run([
        ev.personRegistered('p1', '2026-01-01', 'Velbert', 'UA'),
        ev.caseOpened('c1', 'p1', 'Velbert', '2026-01-02'),
      ]);
      const after = await run([
        ev.personRegistered('p1', '2026-01-01', 'Velbert', 'UA'),
        ev.caseOpened('c1', 'p1', 'Velbert', '2026-01-02'),
        ev.personErased('p1', '2026-10-01'),
      ]);
      expect(after.get(C.residue)!.has('p1')).toBe(false);
      expect(after.get(C.cases)).toEqual(before.get(C.cases));
    });
  });

  describe('a replayed event', () => {
    it('changes nothing', async () => {
      const log = recorded([
        ev.caseOpened('c1', 'p1', 'Haan', '2026-01-10'),
        ev.caseClosed('c1', 'goals-achieved', '2026-03-01'),
        ev.caseAction('c1', 'a1', 'counselling', '2026-01-15'),
      ]);
      const once = await project(committeeCasesProjection, log);
      const twice = await project(committeeCasesProjection, [...log, ...log]);
      expect(twice).toEqual(once);
      expect((await replayed(committeeCasesProjection, log)).twiceEach).toEqual(once);
    });
  });
});
