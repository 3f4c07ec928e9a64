import { PERSONS, personsProjection } from '../../projections/persons.projection.js';
import {
  CASE_ID,
  CASEWORKER,
  OTHER_CASEWORKER,
  PERSON_ID,
  T0,
  T1,
  T2,
  caseAssigned,
  caseOpened,
  personErased,
  personRegistered,
  personRestricted,
  PARTICIPATION_RECORDED,
} from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const personStream = `person-${PERSON_ID}`;
const caseStream = `case-${CASE_ID}`;
/** The codec encrypts `personal` before the store: the projection sees (and keeps) only the envelope. */
const SEALED = { v: 1, keyId: `person:${PERSON_ID}`, ct: 'c2VhbGVk' };

const registered = {
  ...personRegistered(),
  data: { ...personRegistered().data, personal: SEALED as never },
  streamName: personStream,
  metadata: { occurredAt: T0 },
};
const restricted = { ...personRestricted(), streamName: personStream, metadata: { occurredAt: T1 } };
const lifted = {
  type: 'PersonRestrictionLifted' as const,
  data: { personId: PERSON_ID, reason: 'accuracy confirmed' },
  streamName: personStream,
  metadata: { occurredAt: T2 },
};
const erased = { ...personErased(), streamName: personStream, metadata: { occurredAt: T2 } };
const opened = { ...caseOpened(), streamName: caseStream };
const assigned = { ...caseAssigned(OTHER_CASEWORKER), streamName: caseStream };

const person = async (events: Parameters<typeof recorded>[0]) =>
  docsOf(await project(personsProjection, recorded(events)), PERSONS).get(PERSON_ID);

describe('persons projection', () => {
  describe('given a person just registered', () => {
    it('keeps the pseudonymous facts in the clear and the personal details as the sealed envelope', async () => {
      expect(await person([registered])).toEqual({
        personId: PERSON_ID,
        registeredBy: CASEWORKER,
        registeredAt: T0,
        municipality: 'Velbert',
        residue: { municipality: 'Velbert', birthYearBand: '1990-1994', nationality: 'TR' },
        personal: SEALED,
        participation: PARTICIPATION_RECORDED,
        caseworkers: [],
        caseIds: [],
        restricted: false,
        erased: false,
        revision: 0,
      });
    });
  });

  describe('given a registration of before the participation basis was required (issue 14 item 5)', () => {
    it('reads "not recorded", never a basis', async () => {
      const { participation: _none, ...schema3 } = registered.data;
      expect(await person([{ ...registered, data: schema3 as never }])).toMatchObject({
        participation: { kind: 'not-recorded' },
      });
    });
  });

  describe('given the participation consent withdrawn (Art. 7(3) DSGVO)', () => {
    it('keeps the basis and records when it was withdrawn', async () => {
      const withdrawn = {
        type: 'ParticipationConsentWithdrawn' as const,
        data: { personId: PERSON_ID, withdrawnAt: T1, withdrawnBy: CASEWORKER, personal: SEALED as never },
        streamName: personStream,
        metadata: { occurredAt: T1 },
      };
      expect(await person([registered, withdrawn])).toMatchObject({
        participation: PARTICIPATION_RECORDED,
        participationWithdrawnAt: T1,
        revision: 1,
      });
    });
  });

  describe('given a person restricted, and one whose restriction was lifted again', () => {
    it('marks the first restricted at the revision of the restriction', async () => {
      expect(await person([registered, restricted])).toMatchObject({ restricted: true, revision: 1 });
    });

    it('marks the second unrestricted at the revision of the lifting', async () => {
      expect(await person([registered, restricted, lifted])).toMatchObject({ restricted: false, revision: 2 });
    });
  });

  describe('given a person erased', () => {
    it('marks the file erased with the instant of the erasure', async () => {
      expect(await person([registered, erased])).toMatchObject({ erased: true, erasedAt: T2, revision: 1 });
    });
  });

  describe('given a case opened by one caseworker and assigned to another', () => {
    it('lists the case once and both caseworkers, without moving the revision of the person’s stream', async () => {
      expect(await person([registered, opened, assigned, { ...assigned }])).toMatchObject({
        caseIds: [CASE_ID],
        caseworkers: [CASEWORKER, OTHER_CASEWORKER],
        revision: 0,
      });
    });
  });

  describe('given case events of a person this projection never saw registered', () => {
    it('writes no document', async () => {
      expect(await person([opened, assigned])).toBeUndefined();
    });
  });

  describe('given two persons', () => {
    it('keeps one document each', async () => {
      const other = '00000000-0000-4000-8000-0000000000aa';
      const docs = await project(
        personsProjection,
        recorded([
          registered,
          { ...personRegistered({ personId: other }), streamName: `person-${other}` },
          { ...personRestricted(), streamName: personStream },
        ]),
      );
      expect(docsOf(docs, PERSONS).get(PERSON_ID)).toMatchObject({ restricted: true });
      expect(docsOf(docs, PERSONS).get(other)).toMatchObject({ personId: other, restricted: false });
    });
  });

  describe('given the whole history replayed', () => {
    it('changes nothing', async () => {
      const log = recorded([registered, opened, assigned, restricted, lifted, erased]);
      const { once, fromEachPoint, twiceEach } = await replayed(personsProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
