/**
 * Witnessed checkpoints over a store that keeps no chain of its own (issue 13, item 2): the chain is
 * computed over the global log by exactly one instance (the holder of a lease in the read store), which
 * checkpoints it to the witness; every instance refuses writes while the keeper finds the log not extending
 * its checkpoints. Run against every EventStore adapter through the port alone (the embedded store here
 * plays a server that keeps no hashes), and against EventStoreDB when EVENTSTORE_CONNECTION_STRING is set.
 * Never assumes a fresh store: a shared server holds other runs' events, which are part of the chain too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyNameFor, signCheckpoint, signingKeyFromSeed } from '../../src/audit/integrity/checkpoint-note.js';
import { DirectoryWitness } from '../../src/audit/integrity/directory-witness.js';
import { acknowledgeIncident } from '../../src/audit/integrity/incident.js';
import { LedgerIntegrity } from '../../src/audit/integrity/ledger-integrity.js';
import { inspectThroughPort, PortChainKeeper } from '../../src/audit/integrity/port-chain-keeper.js';
import { WitnessSet } from '../../src/audit/integrity/witness.js';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import { GENESIS_HASH } from '../../src/event-store/hash-chain.js';
import { gatedEventStore, WriteGate } from '../../src/event-store/write-gate.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import type { ReadStore } from '../../src/read-store/read-store.port.js';
import { systemClock } from '../../src/shared/clock.js';

const event = (type: string): NewEvent => ({
  id: randomUUID(),
  type,
  data: { contract: true },
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 'integrity-contract', role: 'caseworker', agency: 'KI' },
    occurredAt: '2026-01-15T09:00:00.000Z',
  },
});

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function integrityContract(
  name: string,
  open: () => Promise<EventStore> | EventStore,
  options: { skip?: string } = {},
): void {
  const declare = options.skip ? describe.skip : describe;
  declare(
    `${name}: witnessed checkpoints computed over the global log${options.skip ? ` (skipped: ${options.skip})` : ''}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kim-integrity-contract-'));
      const origin = `kim-ledger:contract:${randomUUID()}`;
      const key = signingKeyFromSeed(keyNameFor(origin), randomBytes(32));
      const keys = [{ name: key.name, publicKey: key.publicKey }];
      const witness = new WitnessSet([new DirectoryWitness(join(dir, 'witness'))]);
      let raw: EventStore;
      let readStore: ReadStore;
      const instances: { keeper: PortChainKeeper; ledger: LedgerIntegrity; gate: WriteGate; store: EventStore }[] = [];

      /** One API instance: its own gate and keeper, sharing the event store, the read store and the witness. */
      function instance(holder: string) {
        const gate = new WriteGate('pending');
        const keeper = new PortChainKeeper({
          eventStore: raw,
          readStore,
          gate,
          holder,
          leaseTtlMs: 1500,
          pollMs: 200,
          log: () => undefined,
        });
        const ledger = new LedgerIntegrity({
          origin,
          key,
          keys,
          witness,
          source: keeper,
          gate,
          clock: systemClock,
          checkpointEveryMs: 60_000,
          checkpointEveryEvents: 3,
          accessLogMonths: 24,
          recheckEveryMs: 200,
          log: () => undefined,
        });
        keeper.attach(ledger);
        const created = { keeper, ledger, gate, store: gatedEventStore(raw, gate) };
        instances.push(created);
        return created;
      }

      beforeAll(async () => {
        raw = await open();
        readStore = openSqliteReadStore({ path: join(dir, 'read.db') });
        // Never a fresh log: the contract starts from a store that holds events nobody witnessed.
        await raw.appendToStream(
          `contract-${randomUUID()}`,
          [event('ContractSeeded'), event('ContractSeeded')],
          'no_stream',
        );
      });
      afterAll(async () => {
        for (const { keeper } of instances) await keeper.stop();
        await readStore.close();
        await raw.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it('refuses writes on a log with events but no witnessed checkpoint, until an operator acknowledges it', async () => {
        const a = instance('instance-a');
        await a.keeper.run();
        expect(a.gate.current).toMatchObject({ open: false, reason: expect.stringMatching(/no witnessed checkpoint/) });
        await expect(
          a.store.appendToStream(`contract-${randomUUID()}`, [event('ContractRefused')], 'any'),
        ).rejects.toThrow(/Writes refused/);
        const result = await acknowledgeIncident(a.ledger, raw, {
          reason: 'contract: adopting the shared log',
          operator: 'contract',
          now: new Date(),
          stateAfterAppend: async () =>
            (await inspectThroughPort(raw, { checkpoints: [], witnessedCut: null, collectAll: true })).walk.state,
        });
        expect(result).toMatchObject({ acknowledged: true });
        await until(() => a.gate.current.open, 'the keeper reopens after the acknowledgement');
      });

      it('is kept by exactly one instance; the others follow its verdict and write too', async () => {
        const b = instance('instance-b');
        await b.keeper.run();
        await until(() => b.gate.current.open, 'the second instance follows the keeper');
        expect(instances.filter((i) => i.keeper.isLeader)).toHaveLength(1);
        expect(b.keeper.isLeader).toBe(false);
        const result = await b.store.appendToStream(
          `contract-${randomUUID()}`,
          [event('ContractWritten')],
          'no_stream',
        );
        await instances[0]!.store.appendToStream(
          `access-${randomUUID()}`,
          [event('PersonalDataAccessed')],
          'no_stream',
        );
        await instances[0]!.store.appendToStream(`contract-${randomUUID()}`, [event('ContractWritten')], 'no_stream');
        await until(async () => {
          const { notes } = await instances[0]!.ledger.evidence.read();
          return notes.some((n) => n.kind === 'checkpoint' && n.position >= result.position);
        }, 'a checkpoint covers the appends');
      });

      it('verifies the log against its checkpoints, naming the newest', async () => {
        const { verification, walk } = await instances[0]!.ledger.inspect();
        expect(walk.failure).toBeUndefined();
        expect(verification.checkpoint).toMatchObject({ position: expect.any(String) });
        expect(verification.acknowledged ?? []).toEqual([]);
      });

      it('reports a log that does not extend a witnessed checkpoint, and every instance stops writing', async () => {
        // What a rewritten or restored server looks like from the witness's side: a checkpoint, signed with
        // the log's key, of a history the log does not contain.
        const head = (await raw.headPosition())!;
        const other = { main: randomBytes(32), access: GENESIS_HASH };
        await witness.publish(
          origin,
          signCheckpoint(
            {
              origin,
              kind: 'checkpoint',
              state: { position: head, heads: other, format2From: 1n },
              time: new Date().toISOString(),
            },
            key,
          ),
        );
        const leader = instances.find((i) => i.keeper.isLeader)!;
        const verification = await leader.ledger.verify();
        expect(verification).toMatchObject({
          ok: false,
          firstBadEvent: { reason: expect.stringMatching(/does not extend|fork/) },
        });
        for (const { gate } of instances) await until(() => !gate.current.open, 'every instance refuses');
        for (const { store } of instances) {
          await expect(
            store.appendToStream(`contract-${randomUUID()}`, [event('ContractRefused')], 'any'),
          ).rejects.toThrow(/Writes refused/);
        }
      });
    },
  );
}
