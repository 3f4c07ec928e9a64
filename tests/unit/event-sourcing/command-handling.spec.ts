import { handleInStream, readDecoded, type StreamDecision } from '../../../src/event-sourcing/command-handling.js';
import { EventCodec, type CommandEnvelope } from '../../../src/event-sourcing/event-codec.js';
import { loadFolded } from '../../../src/event-sourcing/folded-streams.js';
import type { PersonalDataProtector } from '../../../src/event-sourcing/personal-data-protector.js';
import { StreamRepository } from '../../../src/event-sourcing/stream-repository.js';
import type { Decider } from '../../../src/shared/decider.js';
import { ConcurrencyError, PreconditionFailedError } from '../../../src/shared/errors.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

// A tally stream: each Added carries the total it leads to, so an event shows the state it was decided on.
type Added = { type: 'Added'; data: { by: number; total: number } };
type Noted = { type: 'Noted'; data: { personal: { note: string } } };
type TallyEvent = Added | Noted;
interface Tally {
  total: number;
  /** What evolve saw of each note: the plain text, or the sealed envelope. */
  notes: unknown[];
}

const initialState = (): Tally => ({ total: 0, notes: [] });
const evolve = (state: Tally, event: TallyEvent): Tally =>
  event.type === 'Added'
    ? { ...state, total: event.data.total }
    : { ...state, notes: [...state.notes, event.data.personal] };

/** Seals `personal` reversibly and remembers what it was asked to open. */
class SealingProtector implements PersonalDataProtector {
  readonly opened: unknown[] = [];
  async encryptEventData(data: Record<string, unknown>) {
    return data.personal === undefined ? data : { ...data, personal: { sealed: JSON.stringify(data.personal) } };
  }
  async decryptEventData(data: Record<string, unknown>) {
    const sealed = (data.personal as { sealed?: string } | undefined)?.sealed;
    if (sealed === undefined) return data;
    this.opened.push(JSON.parse(sealed));
    return { ...data, personal: JSON.parse(sealed) };
  }
}

const STREAM = 'tally-1';
let commands = 0;
const envelope = (commandId = `cmd-${++commands}`): CommandEnvelope => ({
  commandId,
  correlationId: `corr-${commandId}`,
  actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
  at: '2026-03-02T10:00:00.000Z',
});

describe('command handling (read → fold → decide → append)', () => {
  let store: InMemoryEventStore;
  let protector: SealingProtector;
  let codec: EventCodec;
  /** How often `decide` ran, and on which totals. */
  let decidedOn: number[];

  const add = (by: number, options: Partial<StreamDecision<Tally, TallyEvent>> = {}) =>
    ({
      streamName: STREAM,
      initialState,
      evolve,
      decide: (state: Tally) => {
        decidedOn.push(state.total);
        return [{ type: 'Added', data: { by, total: state.total + by } }];
      },
      ...options,
    }) satisfies StreamDecision<Tally, TallyEvent>;

  /** What another process appends: straight into the log, with its own command id. */
  const otherWriterAdds = async (target: InMemoryEventStore, by: number) => {
    const stream = target.stored(STREAM);
    const last = stream.filter((e) => e.type === 'Added').at(-1);
    const total = last ? (last.data as Added['data']).total : 0;
    const events = await codec.encode([{ type: 'Added', data: { by, total: total + by } }], STREAM, envelope());
    await target.write(STREAM, events, stream.length === 0 ? 'no_stream' : stream.length - 1);
  };
  const ours = (commandId: string) => store.stored(STREAM).filter((e) => e.metadata.commandId === commandId);

  beforeEach(() => {
    store = new InMemoryEventStore();
    protector = new SealingProtector();
    codec = new EventCodec(protector);
    decidedOn = [];
  });

  describe('given another writer that appends between our read and our append, once', () => {
    it('decides again on the new state and appends the new decision', async () => {
      await handleInStream(store, codec, envelope(), add(1));
      store.beforeAppendTo(
        (s) => s === STREAM,
        () => otherWriterAdds(store, 5),
        1,
      );

      const command = envelope();
      const outcome = await handleInStream(store, codec, command, add(2));

      expect(decidedOn).toEqual([0, 1, 6]);
      expect(outcome).toMatchObject({ events: [{ type: 'Added', data: { by: 2, total: 8 } }], revision: 2 });
      expect(outcome.replayed).toBe(false);
      expect(store.stored(STREAM).map((e) => e.data)).toEqual([
        { by: 1, total: 1 },
        { by: 5, total: 6 },
        { by: 2, total: 8 },
      ]);
      expect(ours(command.commandId)).toHaveLength(1);
    });
  });

  describe('given a stream that moves on before every one of our appends', () => {
    it('gives up after ten decisions with the ConcurrencyError, having appended nothing of its own', async () => {
      store.beforeAppendTo(
        (s) => s === STREAM,
        () => otherWriterAdds(store, 1),
      );
      const command = envelope();

      await expect(handleInStream(store, codec, command, add(2))).rejects.toBeInstanceOf(ConcurrencyError);
      expect(decidedOn).toHaveLength(10);
      expect(ours(command.commandId)).toEqual([]);
    });
  });

  describe('given a command whose id is already in the stream', () => {
    it('returns its first events as a replay, without deciding or appending, though the state moved on', async () => {
      const first = envelope();
      const original = await handleInStream(store, codec, first, add(2));
      await handleInStream(store, codec, envelope(), add(3));
      const appends = store.appends.length;
      decidedOn = [];

      const again = await handleInStream(store, codec, first, add(2));

      expect(again).toEqual({ events: original.events, revision: 1, replayed: true });
      expect(decidedOn).toEqual([]);
      expect(store.appends).toHaveLength(appends);
    });

    it('answers the same from another instance on the same log, which has no folded state cached', async () => {
      const first = envelope();
      const original = await handleInStream(store, codec, first, add(2));
      const other = store.reopen();

      const again = await handleInStream(other, codec, first, add(2));

      expect(again).toMatchObject({ events: original.events, replayed: true });
      expect(other.appends).toEqual([]);
      expect(store.stored(STREAM)).toHaveLength(1);
    });

    it('hands the replayed events back as stored, their personal part sealed', async () => {
      const first = envelope();
      const note: StreamDecision<Tally, TallyEvent> = {
        ...add(0),
        decide: () => [{ type: 'Noted', data: { personal: { note: 'Termin beim Jobcenter' } } }],
        decryptTypes: ['Noted'],
      };
      await handleInStream(store, codec, first, note);

      const again = await handleInStream(store.reopen(), codec, first, note);

      expect(again.events).toEqual([{ type: 'Noted', data: { personal: { sealed: expect.any(String) } } }]);
      expect(again.replayed).toBe(true);
    });
  });

  describe('given a client that pinned the revision it last saw (If-Match)', () => {
    it('refuses a stale revision with PreconditionFailedError, without deciding or appending', async () => {
      await handleInStream(store, codec, envelope(), add(1));
      await handleInStream(store, codec, envelope(), add(1));
      decidedOn = [];
      const appends = store.appends.length;

      await expect(handleInStream(store, codec, envelope(), add(5, { expectedRevision: 0 }))).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(decidedOn).toEqual([]);
      expect(store.appends).toHaveLength(appends);
    });

    it('appends at the revision the client saw', async () => {
      await handleInStream(store, codec, envelope(), add(1));
      const outcome = await handleInStream(store, codec, envelope(), add(5, { expectedRevision: 0 }));
      expect(outcome).toMatchObject({ revision: 1, events: [{ data: { total: 6 } }] });
    });

    it('refuses with PreconditionFailedError, without a second decision, when another writer overtakes it', async () => {
      await handleInStream(store, codec, envelope(), add(1));
      store.beforeAppendTo(
        (s) => s === STREAM,
        () => otherWriterAdds(store, 5),
        1,
      );
      decidedOn = [];
      const command = envelope();

      await expect(handleInStream(store, codec, command, add(2, { expectedRevision: 0 }))).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(decidedOn).toEqual([1]);
      expect(ours(command.commandId)).toEqual([]);
    });
  });

  describe('given a stream with personal data in some of its events', () => {
    const note = (text: string): StreamDecision<Tally, TallyEvent> => ({
      ...add(0),
      decide: () => [{ type: 'Noted', data: { personal: { note: text } } }],
    });

    beforeEach(async () => {
      await handleInStream(store, codec, envelope(), note('Gespräch am 2. März'));
      await handleInStream(store, codec, envelope(), add(4));
      protector.opened.length = 0;
    });

    it('stores the personal part sealed', () => {
      expect(store.stored(STREAM)[0]!.data).toEqual({ personal: { sealed: expect.any(String) } });
    });

    it('decrypts for the decision only the types it names', async () => {
      let seen: Tally | undefined;
      await handleInStream(store.reopen(), codec, envelope(), {
        ...add(1),
        decryptTypes: ['Noted'],
        decide: (state) => ((seen = state), []),
      });
      expect(seen!.notes).toEqual([{ note: 'Gespräch am 2. März' }]);
      expect(protector.opened).toEqual([{ note: 'Gespräch am 2. März' }]);
    });

    it('decrypts nothing when it names no type, and folds the sealed envelope', async () => {
      let seen: Tally | undefined;
      await handleInStream(store.reopen(), codec, envelope(), { ...add(1), decide: (state) => ((seen = state), []) });
      expect(seen!.notes).toEqual([{ sealed: expect.any(String) }]);
      expect(protector.opened).toEqual([]);
    });

    it('reads a stream decoded with only the named types decrypted', async () => {
      const { events, revision } = await readDecoded<TallyEvent>(store, codec, STREAM, ['Added']);
      expect(revision).toBe(1);
      expect(events[0]).toEqual({ type: 'Noted', data: { personal: { sealed: expect.any(String) } } });
      expect(protector.opened).toEqual([]);
    });
  });

  describe('given a decision that finds nothing to do', () => {
    it('appends nothing and answers the current revision', async () => {
      await handleInStream(store, codec, envelope(), add(1));
      const appends = store.appends.length;
      const outcome = await handleInStream(store, codec, envelope(), { ...add(0), decide: () => [] });
      expect(outcome).toEqual({ events: [], revision: 0, replayed: false });
      expect(store.appends).toHaveLength(appends);
    });
  });
});

describe('folded streams (the cache of folded states)', () => {
  let store: InMemoryEventStore;
  let codec: EventCodec;
  const folding = { streamName: STREAM, initialState, evolve };
  const readsOf = (s: InMemoryEventStore) => s.reads.filter((r) => r.streamName === STREAM).map((r) => r.fromRevision);
  const added = (by: number, total: number) =>
    codec.encode([{ type: 'Added', data: { by, total } }], STREAM, envelope());

  beforeEach(() => {
    store = new InMemoryEventStore();
    codec = new EventCodec(new SealingProtector());
  });

  describe('given a stream folded once and appended to by another instance since', () => {
    it('reads only the events after the folded revision on the next load', async () => {
      await store.write(STREAM, await added(1, 1));
      await store.write(STREAM, await added(1, 2));
      expect((await loadFolded(store, codec, folding)).state.total).toBe(2);

      await store.reopen().write(STREAM, await added(3, 5));
      const folded = await loadFolded(store, codec, folding);

      expect(readsOf(store)).toEqual([0, 2]);
      expect(folded).toMatchObject({ state: { total: 5 }, revision: 2, position: 3n });
    });
  });

  describe('given commands handled one after the other', () => {
    it('folds its own appended events in without reading them back', async () => {
      const decision: StreamDecision<Tally, TallyEvent> = {
        ...folding,
        decide: (s) => [{ type: 'Added', data: { by: 1, total: s.total + 1 } }],
      };
      await handleInStream(store, codec, envelope(), decision);
      await handleInStream(store, codec, envelope(), decision);
      await handleInStream(store, codec, envelope(), decision);

      expect(readsOf(store)).toEqual([0, 1, 2]);
      expect((await loadFolded(store, codec, folding)).state.total).toBe(3);
    });
  });

  describe('given two stores holding a stream of the same name', () => {
    it('never serves one store the state folded from the other', async () => {
      const other = new InMemoryEventStore();
      await store.write(STREAM, await added(7, 7));
      await other.write(STREAM, await added(2, 2));

      expect((await loadFolded(store, codec, folding)).state.total).toBe(7);
      expect((await loadFolded(other, codec, folding)).state.total).toBe(2);
      expect(readsOf(other)).toEqual([0]);
    });

    it('folds from the beginning in a second instance on the same log', async () => {
      await store.write(STREAM, await added(7, 7));
      await loadFolded(store, codec, folding);
      const reopened = store.reopen();

      expect((await loadFolded(reopened, codec, folding)).state.total).toBe(7);
      expect(readsOf(reopened)).toEqual([0]);
    });
  });

  describe('given two deciders folding the same stream', () => {
    it('keeps a state per decider', async () => {
      await store.write(STREAM, await added(4, 4));
      const counting = { streamName: STREAM, initialState: () => 0, evolve: (n: number) => n + 1 };

      expect((await loadFolded(store, codec, folding)).state.total).toBe(4);
      expect((await loadFolded(store, codec, counting)).state).toBe(1);
      expect(readsOf(store)).toEqual([0, 0]);
    });
  });

  describe('given a repository that decides and later loads for a check', () => {
    it('shares the folded state between its commands and its loads', async () => {
      const decider: Decider<{ by: number }, TallyEvent, Tally> = {
        initialState,
        evolve,
        decide: (c, s) => [{ type: 'Added', data: { by: c.by, total: s.total + c.by } }],
      };
      const repository = new StreamRepository(store, codec, decider, (id) => `tally-${id}`);
      await repository.execute(envelope(), '1', { by: 2 });
      const loaded = await repository.load('1');

      expect(loaded).toMatchObject({ state: { total: 2 }, revision: 0 });
      expect(readsOf(store)).toEqual([0, 1]);
    });
  });
});
