// One "service instance" for tests/integration/projection-lease.spec.ts: runs a counting projection over
// shared embedded stores from compiled code (dist/) and reports its runner state on stdout, one per line.
import { openSqliteEventStore } from '../../dist/src/event-store/sqlite/sqlite-event-store.js';
import { processHolderId } from '../../dist/src/projection-runner/lease-holder.js';
import { ProjectionRunners } from '../../dist/src/projection-runner/projection-runners.js';
import { openSqliteReadStore } from '../../dist/src/read-store/sqlite/sqlite-read-store.js';

// holder `process`: this process's own id, as the service takes it; lease ttl in ms, default 1000.
const [eventsPath, readPath, holderArg, ttlArg] = process.argv.slice(2);
const holder = holderArg === 'process' ? processHolderId() : holderArg;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Not idempotent on purpose: an event applied twice makes `count` too high. Slow, so a kill lands mid-stream. */
const counter = {
  name: 'lease_counter',
  version: 1,
  collections: [{ name: 'lease_counts', indexes: [] }],
  eventTypes: ['Counted'],
  async apply(event, ctx) {
    await sleep(3);
    const doc = (await ctx.get('lease_counts', 'all')) ?? { count: 0, appliedBy: {} };
    doc.count += 1;
    doc.appliedBy[holder] = (doc.appliedBy[holder] ?? 0) + 1;
    ctx.put('lease_counts', 'all', doc);
  },
};

const eventStore = openSqliteEventStore({ path: eventsPath, pollIntervalMs: 50 });
const readStore = openSqliteReadStore({ path: readPath });
const runners = new ProjectionRunners({
  eventStore,
  readStore,
  projections: [counter],
  holder,
  leaseTtlMs: Number(ttlArg ?? 1000),
  renewEveryMs: 250,
  batchSize: 10,
});
runners.start();
let last;
setInterval(() => {
  const { state } = runners.status()[0];
  if (state !== last) process.stdout.write(`${(last = state)}\n`);
}, 20);
process.on('SIGTERM', async () => {
  await runners.stop();
  process.exit(0);
});
