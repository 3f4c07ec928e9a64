import { CASE_TIMELINE, CASES, casesProjection } from '../../projections/cases.projection.js';
import { project, recorded, replayed } from '../support/projection-harness.js';

const caseId = 'c-1';
const personId = 'p-1';
const history = recorded(
  [
    { type: 'CaseOpened', data: { caseId, personId, municipality: 'Hilden', openedBy: 'cw-01' } },
    { type: 'CaseAssigned', data: { caseId, personId, caseworkerId: 'cw-02', assignedBy: 'tl-01' } },
    ...Array.from({ length: 3 }, (_, i) => ({
      type: 'CaseActionRecorded',
      data: {
        caseId,
        personId,
        actionId: `a-${i}`,
        actionType: 'counselling',
        actionDate: '2026-05-04',
        agencies: [],
        recordedBy: 'cw-02',
        personal: { ct: `sealed-${i}` },
      },
    })),
    { type: 'CaseClosed', data: { caseId, personId, reason: 'goals-achieved', closedBy: 'cw-02' } },
    { type: 'CaseReopened', data: { caseId, personId, reopenedBy: 'cw-02' } },
  ].map((e) => ({ ...e, streamName: `case-${caseId}` })),
);

describe('cases projection', () => {
  describe('given a case opened, assigned, worked, closed and reopened', () => {
    it('keeps the case open again, unassigned, at the last revision', async () => {
      const docs = await project(casesProjection, history);
      expect(docs.get(CASES)?.get(caseId)).toMatchObject({
        status: 'open',
        assignee: null,
        revision: 6,
        timelineLength: 7,
      });
    });

    it('keeps one timeline document per event, in order, with summaries still sealed', async () => {
      const docs = await project(casesProjection, history);
      const entries = [...docs.get(CASE_TIMELINE)!.values()].sort((a, b) => String(a.seq).localeCompare(String(b.seq)));
      expect(entries.map((e) => e.type)).toEqual([
        'CaseOpened',
        'CaseAssigned',
        'CaseActionRecorded',
        'CaseActionRecorded',
        'CaseActionRecorded',
        'CaseClosed',
        'CaseReopened',
      ]);
      expect(entries[2]).toMatchObject({ caseId, actionType: 'counselling', personal: { ct: 'sealed-0' } });
    });

    it('changes nothing when the same events are applied again', async () => {
      const once = await project(casesProjection, history);
      const twice = await project(casesProjection, history, structuredClone(once));
      expect(twice).toEqual(once);
    });

    it('changes nothing when every event is delivered twice', async () => {
      const { once, twiceEach } = await replayed(casesProjection, history);
      expect(twiceEach).toEqual(once);
    });
  });

  describe('given a case closed (stored before schema 2, without closedAt)', () => {
    const closedAt = '2026-06-30T14:00:00.000Z';
    const log = recorded(
      [
        { type: 'CaseOpened', data: { caseId, personId, municipality: 'Hilden', openedBy: 'cw-01' } },
        { type: 'CaseAssigned', data: { caseId, personId, caseworkerId: 'cw-02', assignedBy: 'tl-01' } },
        {
          type: 'CaseClosed',
          data: { caseId, personId, reason: 'moved-away', closedBy: 'cw-02' },
          metadata: { schemaVersion: 1, occurredAt: closedAt },
        },
      ].map((e) => ({ ...e, streamName: `case-${caseId}` })),
    );

    it('keeps it closed with the instant and reason of the closing, and the assignee it had', async () => {
      expect((await project(casesProjection, log)).get(CASES)?.get(caseId)).toMatchObject({
        status: 'closed',
        closedAt,
        closeReason: 'moved-away',
        assignee: 'cw-02',
        revision: 2,
        timelineLength: 3,
      });
    });
  });

  describe('given events of a case this projection never saw opened', () => {
    it('writes neither the case nor a timeline entry', async () => {
      const docs = await project(
        casesProjection,
        recorded([{ type: 'CaseAssigned', data: { caseId, personId, caseworkerId: 'cw-02', assignedBy: 'tl-01' } }]),
      );
      expect(docs.get(CASES)?.size ?? 0).toBe(0);
      expect(docs.get(CASE_TIMELINE)?.size ?? 0).toBe(0);
    });
  });
});
