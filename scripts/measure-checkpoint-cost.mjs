#!/usr/bin/env node
// A quick A/B of what witnessed checkpoints cost the append path (issue 13); the real benchmark is
// `npm run bench` (B1/B2). Three variants, alternated round by round on fresh stores in a temp folder:
//   base     — an older build's writer (format 1, chain-head file only), if a build root is given
//   chain    — this build's writer (format 2 lanes, trusted-state check), no checkpoints
//   witnessed— this build as the service runs it: anchored, gated, a signed checkpoint to a directory
//              witness every 1,000 events (fsynced), the interval timer running
// Workloads: one writer appending one event at a time (like B1), and 64 concurrent writers (like B2).
//
//   npm run build && node scripts/measure-checkpoint-cost.mjs [base-build-root] [rounds=3]
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const base = process.argv[2] ? resolve(process.argv[2]) : undefined;
const rounds = Number(process.argv[3] ?? 3);
const here = resolve('.');
const load = (root, p) => import(join(root, 'dist/src', p));
const ours = await load(here, 'event-store/sqlite/sqlite-event-store.js');
const baseStore = base ? await load(base, 'event-store/sqlite/sqlite-event-store.js') : undefined;
const { LedgerIntegrity } = await load(here, 'audit/integrity/ledger-integrity.js');
const { SqliteChainSource } = await load(here, 'audit/integrity/sqlite-chain-source.js');
const { DirectoryWitness } = await load(here, 'audit/integrity/directory-witness.js');
const { WitnessSet } = await load(here, 'audit/integrity/witness.js');
const { signingKeyFromSeed } = await load(here, 'audit/integrity/checkpoint-note.js');
const { WriteGate } = await load(here, 'event-store/write-gate.js');
const { systemClock } = await load(here, 'shared/clock.js');

const metadata = () => ({
  schemaVersion: 1,
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
  occurredAt: new Date().toISOString(),
});
const newEvent = (i) => ({
  id: randomUUID(),
  type: i % 3 === 0 ? 'PersonalDataAccessed' : 'CaseActionRecorded',
  data: { i, note: 'x'.repeat(200) },
  metadata: metadata(),
});
const streamOf = (i) => (i % 3 === 0 ? `access-${randomUUID()}` : `case-${i % 50}`);

async function open(variant, dir) {
  const path = join(dir, 'data', 'events.db');
  if (variant === 'base') return { store: baseStore.openSqliteEventStore({ path }), close: (s) => s.close() };
  if (variant === 'chain') return { store: ours.openSqliteEventStore({ path }), close: (s) => s.close() };
  const gate = new WriteGate('pending');
  const store = ours.openSqliteEventStore({ path, gate, anchored: true });
  const key = signingKeyFromSeed('measure', randomBytes(32));
  const ledger = new LedgerIntegrity({
    origin: 'measure',
    key,
    keys: [{ name: key.name, publicKey: key.publicKey }],
    witness: new WitnessSet([new DirectoryWitness(join(dir, 'witness'))]),
    source: new SqliteChainSource(store),
    gate,
    clock: systemClock,
    checkpointEveryMs: 60_000,
    checkpointEveryEvents: 1000,
    accessLogMonths: 24,
    log: () => undefined,
  });
  await ledger.start({ verify: false });
  return {
    store,
    close: async (s) => {
      await ledger.stop();
      await s.close();
    },
  };
}

async function oneWriter(variant, n) {
  const dir = mkdtempSync(join(tmpdir(), 'kim-ab-'));
  const { store, close } = await open(variant, dir);
  const times = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await store.appendToStream(streamOf(i), [newEvent(i)], 'any');
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  await close(store);
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  return { perSecond: n / seconds, p99: times[Math.floor(times.length * 0.99)] };
}

async function manyWriters(variant, writers, each) {
  const dir = mkdtempSync(join(tmpdir(), 'kim-ab-'));
  const { store, close } = await open(variant, dir);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) await store.appendToStream(streamOf(w * each + i), [newEvent(i)], 'any');
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await close(store);
  rmSync(dir, { recursive: true, force: true });
  return { perSecond: (writers * each) / seconds };
}

const variants = [...(base ? ['base'] : []), 'chain', 'witnessed'];
const results = Object.fromEntries(variants.map((v) => [v, { one: [], p99: [], many: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const variant of round % 2 ? [...variants].reverse() : variants) {
    const one = await oneWriter(variant, 5000);
    const many = await manyWriters(variant, 64, 300);
    results[variant].one.push(one.perSecond);
    results[variant].p99.push(one.p99);
    results[variant].many.push(many.perSecond);
    console.log(
      `round ${round + 1} ${variant.padEnd(9)} one writer ${Math.round(one.perSecond)} appends/s (p99 ${one.p99.toFixed(2)} ms), 64 writers ${Math.round(many.perSecond)} events/s`,
    );
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('\nmedians');
for (const variant of variants) {
  const r = results[variant];
  console.log(
    `${variant.padEnd(9)} one writer ${Math.round(median(r.one))} appends/s (p99 ${median(r.p99).toFixed(2)} ms), 64 writers ${Math.round(median(r.many))} events/s`,
  );
}
