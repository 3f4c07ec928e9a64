import {
  ANOMALY_FACTS,
  anomaliesProjection,
  berlinClock,
  type AnomalyFact,
} from '../../projections/anomalies.projection.js';
import type { Actor } from '../../src/shared/event-metadata.js';
import {
  CASE_ID,
  CASEWORKER,
  OTHER_CASEWORKER,
  PERSON_ID,
  TEAM_LEAD,
  caseAssigned,
  caseOpened,
  dataTransferred,
  transferRefused,
} from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const OTHER_PERSON = '00000000-0000-4000-8000-0000000000c1';
const as = (sub: string, role: Actor['role'] = 'caseworker'): Actor => ({ sub, role, agency: 'KI' });
// Wednesday 25 November 2026, 11:00 in Berlin (UTC+1).
const OFFICE_TIME = '2026-11-25T10:00:00.000Z';

type Logged = Parameters<typeof recorded>[0][number];
const opened = (openedBy = CASEWORKER): Logged => ({
  ...caseOpened(),
  data: { ...caseOpened().data, openedBy },
  streamName: `case-${CASE_ID}`,
});
const assigned = (to: string): Logged => ({ ...caseAssigned(to), streamName: `case-${CASE_ID}` });
const readBy = (reader: Actor, personIds: string[], occurredAt = OFFICE_TIME): Logged => ({
  type: 'PersonalDataAccessed',
  data: { personIds, dataCategories: ['identity'], purpose: 'case-management', endpoint: '/persons', method: 'GET' },
  streamName: `access-${reader.sub}-${occurredAt}`,
  metadata: { actor: reader, occurredAt },
});

const facts = async (events: Logged[]) =>
  [...docsOf(await project(anomaliesProjection, recorded(events)), ANOMALY_FACTS).values()] as AnomalyFact[];
const lastRead = async (events: Logged[]) => (await facts(events)).filter((f) => f.kind === 'read').at(-1)!;

describe('anomalies projection', () => {
  describe('given a case opened by a caseworker and not yet assigned', () => {
    it('counts the opener’s read of the person as a read with a case', async () => {
      expect(await lastRead([opened(), readBy(as(CASEWORKER), [PERSON_ID])])).toMatchObject({
        withoutCase: false,
        personsWithoutCase: [],
      });
    });
  });

  describe('given a case assigned to a caseworker', () => {
    it('counts the assignee’s read as a read with a case', async () => {
      const read = await lastRead([
        opened(TEAM_LEAD),
        assigned(OTHER_CASEWORKER),
        readBy(as(OTHER_CASEWORKER), [PERSON_ID]),
      ]);
      expect(read.withoutCase).toBe(false);
    });

    it('flags the opener’s read once the case is someone else’s', async () => {
      const read = await lastRead([opened(), assigned(OTHER_CASEWORKER), readBy(as(CASEWORKER), [PERSON_ID])]);
      expect(read).toMatchObject({ withoutCase: true, personsWithoutCase: [PERSON_ID] });
    });
  });

  describe('given a case reassigned from one caseworker to another', () => {
    const history = [opened(TEAM_LEAD), assigned(CASEWORKER), assigned(OTHER_CASEWORKER)];

    it('flags the previous caseworker’s read: need to know ended with the reassignment (rule 6)', async () => {
      expect(await lastRead([...history, readBy(as(CASEWORKER), [PERSON_ID])])).toMatchObject({
        withoutCase: true,
        personsWithoutCase: [PERSON_ID],
      });
    });

    it('does not flag the new caseworker’s read', async () => {
      expect((await lastRead([...history, readBy(as(OTHER_CASEWORKER), [PERSON_ID])])).withoutCase).toBe(false);
    });
  });

  describe('given a caseworker reading two persons, one with a case of theirs', () => {
    it('names only the person without a case', async () => {
      const read = await lastRead([opened(), readBy(as(CASEWORKER), [PERSON_ID, OTHER_PERSON])]);
      expect(read).toMatchObject({ withoutCase: true, personsWithoutCase: [OTHER_PERSON], personCount: 2 });
    });
  });

  describe('given a read by a role that works without cases', () => {
    it('never flags it as a read without a case', async () => {
      expect(await lastRead([readBy(as('po-01', 'privacy_officer'), [PERSON_ID])])).toMatchObject({
        withoutCase: false,
        actorRole: 'privacy_officer',
      });
    });
  });

  describe('given reads at night and on a Sunday, in winter and in summer time', () => {
    it('keeps the local weekday and minute in Berlin', async () => {
      expect(berlinClock('2026-11-22T02:00:00.000Z')).toEqual({ weekday: 7, minute: 180 });
      expect(berlinClock('2026-07-01T17:30:00.000Z')).toEqual({ weekday: 3, minute: 19 * 60 + 30 });
      expect(
        await lastRead([readBy(as('po-01', 'privacy_officer'), [PERSON_ID], '2026-11-22T02:00:00.000Z')]),
      ).toMatchObject({ localWeekday: 7, localMinute: 180, at: '2026-11-22T02:00:00.000Z' });
    });
  });

  describe('given transfers: one under consent, one statutory, one refused', () => {
    const stream = `person-${PERSON_ID}`;
    const events: Logged[] = [
      { ...dataTransferred(), streamName: stream },
      {
        ...dataTransferred({
          transferId: 't-71',
          toAgency: 'AUSLAENDERBEHOERDE',
          legalBasis: 'SGB X §71',
          dataCategories: ['identity', 'residence-status'],
        }),
        streamName: stream,
      },
      { ...transferRefused({ transferId: 't-no' }), streamName: stream },
    ];

    it('shows the statutory transfer and the refusal with its reasons, not the one under consent', async () => {
      expect((await facts(events)).map((f) => [f.kind, f.personIds, f.details])).toEqual([
        [
          'statutory-transfer',
          [PERSON_ID],
          {
            transferId: 't-71',
            toAgency: 'AUSLAENDERBEHOERDE',
            legalBasis: 'SGB X §71',
            dataCategories: ['identity', 'residence-status'],
          },
        ],
        [
          'transfer-refused',
          [PERSON_ID],
          {
            transferId: 't-no',
            toAgency: 'JOBCENTER_IP',
            legalBasis: 'consent',
            reasons: ['no-consent-for-recipient'],
          },
        ],
      ]);
    });
  });

  describe('given a refused request', () => {
    it('keeps it with status, endpoint, reason and the persons it named', async () => {
      const [fact] = await facts([
        {
          type: 'AccessDenied',
          data: {
            status: 403,
            endpoint: '/persons/x',
            method: 'GET',
            reason: 'no-need-to-know',
            personIds: [PERSON_ID],
          },
          streamName: 'security-corr-3',
          metadata: { actor: as(OTHER_CASEWORKER) },
        },
      ]);
      expect(fact).toMatchObject({
        kind: 'access-denied',
        personIds: [PERSON_ID],
        actorSub: OTHER_CASEWORKER,
        details: { status: 403, endpoint: '/persons/x', reason: 'no-need-to-know' },
      });
    });
  });

  describe('given the whole history replayed', () => {
    it('changes nothing', async () => {
      const log = recorded([
        opened(),
        readBy(as(CASEWORKER), [PERSON_ID]),
        assigned(OTHER_CASEWORKER),
        readBy(as(CASEWORKER), [PERSON_ID], '2026-11-25T11:00:00.000Z'),
        { ...transferRefused(), streamName: `person-${PERSON_ID}` },
      ]);
      const { once, fromEachPoint, twiceEach } = await replayed(anomaliesProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
