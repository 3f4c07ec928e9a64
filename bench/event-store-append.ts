/**
 * Append throughput of the embedded event store: group commit versus one transaction per append, for
 * 1, 64 and 256 concurrent writers, each appending 1–3 events per command to its own stream with the
 * exact expected revision. Both modes run in the same process on the same disk, with synchronous=FULL.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/event-store-append.js [seconds-per-run]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../src/event-store/event-store.port.js';
import { openSqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';

const seconds = Number(process.argv[2] ?? 3);

const newEvent = (n: number): NewEvent => ({
  id: randomUUID(),
  type: 'BenchAppended',
  data: { n, personal: { ciphertext: 'x'.repeat(160) } },
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 'bench', role: 'caseworker', agency: 'KI' },
    occurredAt: new Date().toISOString(),
  },
});

async function measure(writers: number, groupCommit: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'kim-es-bench-'));
  const store = openSqliteEventStore({ path: join(dir, 'events.db'), groupCommit });
  let commands = 0;
  let events = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `bench-${w}`;
      let expected: number | 'no_stream' = 'no_stream';
      for (let n = 0; Date.now() < deadline; n++) {
        const batch = Array.from({ length: 1 + ((n + w) % 3) }, () => newEvent(n));
        expected = (await store.appendToStream(stream, batch, expected)).nextExpectedRevision;
        commands += 1;
        events += batch.length;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const verified = await store.verifyChain();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (!verified.ok || verified.events !== events) throw new Error(`chain check failed: ${JSON.stringify(verified)}`);
  return { commandsPerSecond: Math.round(commands / elapsed), eventsPerSecond: Math.round(events / elapsed), commands };
}

console.log(`event store append, ${seconds} s per run, synchronous=FULL, ${tmpdir()}`);
console.log('writers | mode            | commands/s | events/s | commands');
for (const writers of [1, 64, 256]) {
  for (const groupCommit of [false, true]) {
    const r = await measure(writers, groupCommit);
    const mode = groupCommit ? 'group commit' : 'tx per append';
    console.log(
      `${String(writers).padStart(7)} | ${mode.padEnd(15)} | ${String(r.commandsPerSecond).padStart(10)} | ` +
        `${String(r.eventsPerSecond).padStart(8)} | ${r.commands}`,
    );
  }
}
