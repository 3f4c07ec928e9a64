/**
 * The projection worker thread (issue 19): every projection of the embedded service, on connections of its
 * own to the event and read store files, so that applying and committing read-model batches never holds up
 * a request. Started by ProjectionWorkerHost; speaks projection-worker.protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { openSqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { openSqliteReadStore } from '../read-store/sqlite/sqlite-read-store.js';
import { ProjectionRunners } from './projection-runners.js';
import {
  commitCounter,
  COUNT,
  SLEEPING,
  writerPositions,
  type FromProjectionWorker,
  type ProjectionWorkerData,
  type ToProjectionWorker,
} from './projection-worker.protocol.js';

/** How often the worker reports its runners' states and checkpoints when they changed. */
const STATUS_EVERY_MS = 100;

const port = parentPort!;
const send = (message: FromProjectionWorker) => port.postMessage(message);
const data = workerData as ProjectionWorkerData;

// Reads only: the service's connection writes the log and copies its WAL.
const positions = writerPositions(data.commits);
const eventStore = openSqliteEventStore({
  path: data.eventsPath,
  checkpointWal: false,
  // Durable first, then committed: the writer raises committed before a commit and durable after its sync.
  writerDurability: () => ({
    durableThrough: Atomics.load(positions, 1),
    committedThrough: Atomics.load(positions, 0),
  }),
});
const readStore = openSqliteReadStore({ path: data.readPath, durability: 'normal', checkpointInWorker: true });
const runners = new ProjectionRunners({
  eventStore,
  readStore,
  projections: ALL_PROJECTIONS,
  log: (line) => send({ kind: 'log', line }),
});

let reported = '';
const report = () => {
  const statuses = runners.status();
  const text = JSON.stringify(statuses);
  if (text !== reported) send({ kind: 'status', statuses });
  reported = text;
};
const reporter = setInterval(report, STATUS_EVERY_MS);

port.on('message', (message: ToProjectionWorker) => {
  switch (message.kind) {
    case 'wait':
      return void runners
        .waitFor(BigInt(message.position), {
          ...(message.projections ? { projections: message.projections } : {}),
          ...(message.eventTypes ? { eventTypes: message.eventTypes } : {}),
          ...(message.timeoutMs !== undefined ? { timeoutMs: message.timeoutMs } : {}),
        })
        .then(
          () => send({ kind: 'waited', id: message.id }),
          (error: unknown) =>
            send({ kind: 'waited', id: message.id, error: error instanceof Error ? error.message : String(error) }),
        );
    case 'stop':
      return void stop();
  }
});

let stopping = false;

async function stop(): Promise<void> {
  stopping = true;
  clearInterval(reporter);
  await runners.stop();
  report();
  await eventStore.close();
  await readStore.close();
  send({ kind: 'stopped' });
  port.close();
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
/** ES2024, in V8 since Node 16; the TypeScript library we target does not declare it yet. */
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** While commits come, the next look after this pause: they gather instead of waking us one by one. */
const LOOK_EVERY_MS = 1;
/** Looks without a commit before the worker sleeps until notified (about 100 ms of quiet). */
const LOOKS_BEFORE_SLEEP = 50;

/**
 * Wakes the subscriptions whenever the service has counted a commit since the last look. While commits
 * come, the worker looks every millisecond and the request thread pays one atomic add per commit; only
 * after a quiet spell does it sleep and ask to be notified (Atomics.notify on every commit cost the
 * request thread 30–80 µs a time, a message ~100 µs).
 */
async function followCommits(): Promise<void> {
  const commits = commitCounter(data.commits);
  let seen = Atomics.load(commits, COUNT);
  let quietLooks = 0;
  while (!stopping) {
    const now = Atomics.load(commits, COUNT);
    if (now !== seen) {
      seen = now;
      quietLooks = 0;
      eventStore.noticeCommitElsewhere();
    }
    if (quietLooks < LOOKS_BEFORE_SLEEP) {
      quietLooks += 1;
      await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
      continue;
    }
    Atomics.store(commits, SLEEPING, 1);
    // Looked at again after saying so: a commit counted in between is seen here or notified (both atomic).
    if (Atomics.load(commits, COUNT) === seen) {
      const waited = waitAsync(commits, COUNT, seen, STATUS_EVERY_MS);
      if (waited.async) await waited.value;
    }
    Atomics.store(commits, SLEEPING, 0);
  }
}

runners.start();
report();
void followCommits();
