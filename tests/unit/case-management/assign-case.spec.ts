import { AssignCaseCommand, AssignCaseHandler } from '../../../src/case-management/assign-case.js';
import {
  caseloadStream,
  CaseloadRepository,
  CaseRepository,
  caseStream,
} from '../../../src/case-management/case.repository.js';
import { loadConfig } from '../../../src/config/config.js';
import { EventCodec, type CommandEnvelope } from '../../../src/event-sourcing/event-codec.js';
import type { PersonalDataProtector } from '../../../src/event-sourcing/personal-data-protector.js';
import { PersonFileRepository, personStream } from '../../../src/person-file/person-file.repository.js';
import { PersonAccess } from '../../../src/personal-data/person-access.js';
import type { DomainEvent } from '../../../src/shared/decider.js';
import { PreconditionFailedError, StoreUnavailableError } from '../../../src/shared/errors.js';
import { deterministicId } from '../../../src/shared/ids.js';
import { StaffRegister, staffStream } from '../../../src/staff/staff.repository.js';
import {
  CASE_ID,
  CASEWORKER,
  OTHER_CASEWORKER,
  PERSON_ID,
  TEAM_LEAD,
  caseAssigned,
  caseOpened,
  caseOpenedForPerson,
  personRegistered,
  slotTaken,
} from '../../support/builders.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

/** The cipher is not what these specs are about: personal data pass through as they are. */
const plain: PersonalDataProtector = { encryptEventData: async (d) => d, decryptEventData: async (d) => d };
const AT = '2026-03-02T10:00:00.000Z';
const CASE = caseStream(CASE_ID);
const LEDGER = caseloadStream(CASEWORKER);

/**
 * Assignment spans two streams: the slot on the caseworker's ledger, then the case. These specs run the
 * handler on the real repositories over an in-memory store whose appends can be made to fail.
 */
describe('assigning a case (slot on the ledger, then the case)', () => {
  let store: InMemoryEventStore;
  let codec: EventCodec;
  let handler: AssignCaseHandler;
  let seeds = 0;

  const seed = async (streamName: string, events: DomainEvent[]) =>
    store.write(
      streamName,
      await codec.encode(events, streamName, {
        ...envelope(`seed-${++seeds}`),
        actor: { sub: TEAM_LEAD, role: 'team_lead', agency: 'KI' },
      }),
    );
  const envelope = (commandId = 'assign-1'): CommandEnvelope => ({
    commandId,
    correlationId: `corr-${commandId}`,
    actor: { sub: TEAM_LEAD, role: 'team_lead', agency: 'KI' },
    at: AT,
  });
  const assign = (caseworkerId = CASEWORKER, options: { envelope?: CommandEnvelope; ifMatch?: number } = {}) =>
    handler.execute(new AssignCaseCommand(options.envelope ?? envelope(), CASE_ID, caseworkerId, options.ifMatch));
  const ledger = (caseworkerId = CASEWORKER) =>
    store.stored(caseloadStream(caseworkerId)).map((e) => [e.type, (e.data as { why?: string }).why ?? null]);
  const caseEvents = () => store.stored(CASE).map((e) => e.type);
  const outage = () => {
    throw new StoreUnavailableError('event store', 'append', new Error('disk full'));
  };

  beforeEach(async () => {
    store = new InMemoryEventStore();
    codec = new EventCodec(plain);
    const config = loadConfig({});
    const cases = new CaseRepository(store, codec, config);
    handler = new AssignCaseHandler(
      new PersonAccess(new PersonFileRepository(store, codec, config), cases, config),
      cases,
      new CaseloadRepository(store, codec, config),
      new StaffRegister(store, codec, config),
      config,
    );
    await seed(personStream(PERSON_ID), [personRegistered(), caseOpenedForPerson()]);
    await seed(CASE, [caseOpened()]);
    for (const caseworkerId of [CASEWORKER, OTHER_CASEWORKER]) {
      await seed(staffStream(caseworkerId), [
        {
          type: 'StaffMemberRecorded',
          data: { caseworkerId, provider: 'KI', fte: 1, baustein: 2, recordedBy: TEAM_LEAD },
        },
      ]);
    }
  });

  describe('given an open case and a caseworker of the staff register', () => {
    it('takes one slot and records the assignment', async () => {
      await expect(assign()).resolves.toEqual({
        caseId: CASE_ID,
        caseworkerId: CASEWORKER,
        caseloadLimit: 80,
        revision: 1,
      });
      expect(ledger()).toEqual([['CaseloadSlotTaken', null]]);
      expect(caseEvents()).toEqual(['CaseOpened', 'CaseAssigned']);
    });
  });

  describe('given the case stream failing when the slot is already taken (store outage)', () => {
    it('releases the slot again with why "assignment-failed" and answers the failure', async () => {
      store.beforeAppendTo((s) => s === CASE, outage, 1);

      await expect(assign()).rejects.toBeInstanceOf(StoreUnavailableError);

      expect(ledger()).toEqual([
        ['CaseloadSlotTaken', null],
        ['CaseloadSlotReleased', 'assignment-failed'],
      ]);
      expect(caseEvents()).toEqual(['CaseOpened']);
    });

    it('takes the slot again when the client retries the same request (same Idempotency-Key)', async () => {
      store.beforeAppendTo((s) => s === CASE, outage, 1);
      await expect(assign()).rejects.toBeInstanceOf(StoreUnavailableError);

      await expect(assign()).resolves.toMatchObject({ caseworkerId: CASEWORKER, revision: 1 });

      expect(ledger()).toEqual([
        ['CaseloadSlotTaken', null],
        ['CaseloadSlotReleased', 'assignment-failed'],
        ['CaseloadSlotTaken', null],
      ]);
      expect(caseEvents()).toEqual(['CaseOpened', 'CaseAssigned']);
    });

    it('releases again when the retry fails too, and takes it on the third try', async () => {
      store.beforeAppendTo((s) => s === CASE, outage, 2);
      await expect(assign()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(assign()).rejects.toBeInstanceOf(StoreUnavailableError);
      await assign();

      expect(ledger().map(([type]) => type)).toEqual([
        'CaseloadSlotTaken',
        'CaseloadSlotReleased',
        'CaseloadSlotTaken',
        'CaseloadSlotReleased',
        'CaseloadSlotTaken',
      ]);
      expect(caseEvents()).toEqual(['CaseOpened', 'CaseAssigned']);
    });
  });

  describe('given an If-Match that was current, and another writer on the case before the append', () => {
    it('answers 412 and releases the slot it took', async () => {
      store.beforeAppendTo(
        (s) => s === CASE,
        async () => {
          await store.write(
            CASE,
            await codec.encode([caseAssigned(OTHER_CASEWORKER)], CASE, envelope('other-process')),
            0,
          );
        },
        1,
      );

      await expect(assign(CASEWORKER, { ifMatch: 0 })).rejects.toBeInstanceOf(PreconditionFailedError);

      expect(ledger()).toEqual([
        ['CaseloadSlotTaken', null],
        ['CaseloadSlotReleased', 'assignment-failed'],
      ]);
      expect(caseEvents()).toEqual(['CaseOpened', 'CaseAssigned']);
      expect(store.stored(CASE)[1]!.metadata.commandId).toBe('other-process');
    });
  });

  describe('given a stale If-Match', () => {
    it('answers 412 before any slot is taken: the ledger stays untouched', async () => {
      await assign(OTHER_CASEWORKER, { envelope: envelope('first-assignment') });
      const appends = store.appends.length;

      await expect(assign(CASEWORKER, { ifMatch: 0 })).rejects.toBeInstanceOf(PreconditionFailedError);

      expect(ledger()).toEqual([]);
      expect(store.appends).toHaveLength(appends);
    });
  });

  describe('given a crash after the slot was taken and before the case recorded it', () => {
    it('completes on the retry without taking a second slot', async () => {
      // What the first attempt left: its slot, under the step id the handler derives for it, no assignment.
      const stepId = deterministicId('assign-1', 'take', CASEWORKER);
      await store.write(LEDGER, await codec.encode([slotTaken(CASE_ID)], LEDGER, envelope(stepId)), 'no_stream');

      await assign();

      expect(ledger()).toEqual([['CaseloadSlotTaken', null]]);
      expect(caseEvents()).toEqual(['CaseOpened', 'CaseAssigned']);
    });
  });

  describe('given a case assigned to someone else before', () => {
    it('releases the previous caseworker’s slot with why "reassigned"', async () => {
      await assign(OTHER_CASEWORKER, { envelope: envelope('first-assignment') });

      await expect(assign()).resolves.toMatchObject({ previousCaseworkerId: OTHER_CASEWORKER, revision: 2 });

      expect(ledger(OTHER_CASEWORKER)).toEqual([
        ['CaseloadSlotTaken', null],
        ['CaseloadSlotReleased', 'reassigned'],
      ]);
      expect(ledger()).toEqual([['CaseloadSlotTaken', null]]);
    });
  });
});
