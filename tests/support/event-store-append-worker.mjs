// Child process for tests/integration/event-store-crash.spec.ts (plain .mjs: tests cannot spawn TS).
// Appends from many concurrent writers to the compiled SQLite event store and prints one line per
// ACKNOWLEDGED append, only after its promise resolved:  ack <stream> <last revision> <id,id,...>
// It never stops on its own; the test kills it with SIGKILL.
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../../dist/src/event-store/sqlite/sqlite-event-store.js';

const [path, writersArg = '64'] = process.argv.slice(2);
const store = openSqliteEventStore({ path });
const writers = Number(writersArg);
const hotStreams = ['hot-1', 'hot-2'];

const newEvent = (stream, n) => ({
  id: randomUUID(),
  type: 'CrashTestAppended',
  data: { stream, n, padding: 'x'.repeat(200 + (n % 300)) },
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 'crash-worker', role: 'caseworker', agency: 'KI' },
    occurredAt: new Date().toISOString(),
  },
});

// Most writers own a stream and pass the exact expected revision; some race on shared streams, so
// ConcurrencyErrors (rolled back per savepoint inside a group commit) happen during the crash too.
async function writer(index) {
  const contended = index % 8 === 0;
  const stream = contended ? hotStreams[index % hotStreams.length] : `crash-${index}-${randomUUID()}`;
  let expected = contended ? ((await store.streamRevision(stream)) ?? 'no_stream') : 'no_stream';
  for (let n = 0; ; n++) {
    const events = Array.from({ length: 1 + (n % 3) }, () => newEvent(stream, n));
    try {
      const result = await store.appendToStream(stream, events, expected);
      process.stdout.write(`ack ${stream} ${result.nextExpectedRevision} ${events.map((e) => e.id).join(',')}\n`);
      expected = result.nextExpectedRevision;
    } catch (error) {
      if (error?.name !== 'ConcurrencyError') throw error;
      expected = (await store.streamRevision(stream)) ?? 'no_stream';
    }
  }
}

for (let i = 0; i < writers; i++)
  writer(i).catch((error) => {
    process.stderr.write(`writer ${i} failed: ${error?.stack ?? error}\n`);
    process.exit(3);
  });
