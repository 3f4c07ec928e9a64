import Database from 'better-sqlite3';
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from '../lib/context.js';
import { generatedStore } from '../lib/generated-store.js';
import type { Row } from '../lib/results.js';
import { median, nowMs, percentile, repeat, round } from '../lib/stats.js';

/**
 * The limits of this machine, measured in the same run as the figures compared with them:
 * F (fdatasync of 4 KiB appends), W1 (raw single-row commits, WAL, synchronous=FULL),
 * C (raw event-row inserts with the stream index, no fsync, 1,000-row transactions) and
 * RP (raw ordered scan of a generated events table with JSON.parse). H is measured with B7.
 */
/** Rate and p99 latency of one 4 KiB append + fdatasync: the floor under any durable commit. */
function fdatasyncRate(ctx: BenchContext, run: number): { rate: number; p99: number } {
  const path = join(ctx.dir, `fdatasync-${run}.bin`);
  const fd = openSync(path, 'a');
  const block = Buffer.alloc(4096, 7);
  const latencies: number[] = [];
  const end = nowMs() + ctx.seconds * 1000;
  const start = nowMs();
  while (nowMs() < end) {
    const t0 = nowMs();
    writeSync(fd, block);
    fdatasyncSync(fd);
    latencies.push(nowMs() - t0);
  }
  const rate = latencies.length / ((nowMs() - start) / 1000);
  closeSync(fd);
  rmSync(path);
  return { rate, p99: percentile(latencies, 99) };
}

function rawCommitRate(ctx: BenchContext, run: number): number {
  const path = join(ctx.dir, `w1-${run}.db`);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const payload = 'x'.repeat(500);
  let n = 0;
  const start = nowMs();
  const end = start + ctx.seconds * 1000;
  while (nowMs() < end) {
    insert.run(payload); // autocommit: one transaction, one WAL fsync per row
    n++;
  }
  const rate = n / ((nowMs() - start) / 1000);
  db.close();
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  return rate;
}

/** The same table shape as the event store (integer stream key, unique (stream, revision)). */
function rawInsertRate(ctx: BenchContext, run: number): number {
  const path = join(ctx.dir, `c-${run}.db`);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL, revision INTEGER NOT NULL,
    id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
    hash BLOB NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const data = JSON.stringify({ caseId: 'c', personal: { ct: 'x'.repeat(500) } });
  const meta = JSON.stringify({ schemaVersion: 1, actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' } });
  const hash = Buffer.alloc(32, 1);
  const revisions = new Map<number, number>();
  const writeBatch = db.transaction((from: number) => {
    for (let p = from; p < from + 1000; p++) {
      const stream = p % 5000;
      const revision = (revisions.get(stream) ?? -1) + 1;
      revisions.set(stream, revision);
      insert.run(p, stream, revision, `id-${p}`, 'CaseActionRecorded', data, meta, '2026-01-01T00:00:00.000Z', hash);
    }
  });
  let position = 1;
  const start = nowMs();
  const end = start + ctx.seconds * 1000;
  while (nowMs() < end) {
    writeBatch(position);
    position += 1000;
  }
  const rate = (position - 1) / ((nowMs() - start) / 1000);
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return rate;
}

function rawScanRate(eventsPath: string): number {
  const db = new Database(eventsPath, { readonly: true });
  const scan = db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position');
  let n = 0;
  const start = nowMs();
  for (const row of scan.iterate() as Iterable<{ data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    n++;
  }
  const rate = n / ((nowMs() - start) / 1000);
  db.close();
  return rate;
}

export const calibrationBench: Benchmark = {
  id: 'CAL',
  title: 'Calibration: limits of this machine in this run',
  async run(ctx) {
    const fsync = await repeat(ctx.runs, async (i) => fdatasyncRate(ctx, i));
    const f = fsync.map((r) => r.rate);
    const w1 = await repeat(ctx.runs, async (i) => rawCommitRate(ctx, i));
    const c = await repeat(ctx.runs, async (i) => rawInsertRate(ctx, i));
    const store = await generatedStore(ctx, ctx.storeSizes[0]!);
    rawScanRate(store.eventsPath); // warm the page cache, as a rebuild on a running server would find it
    const rp = await repeat(ctx.runs, async () => rawScanRate(store.eventsPath));
    const row = (id: string, metric: string, runs: number[], unit: string, workload: string): Row => ({
      id,
      metric,
      value: round(median(runs)),
      unit,
      runs: runs.map((r) => round(r)),
      workload,
    });
    return {
      rows: [
        row('F', 'fdatasync rate', f, '/s', `4 KiB append + fdatasync, ${ctx.seconds} s, ${ctx.dir}`),
        {
          id: 'F',
          metric: 'fdatasync p99 (not a limit)',
          value: round(median(fsync.map((r) => r.p99)), 2),
          unit: 'ms',
          workload: 'the same loop; the floor under the p99 of any durable single commit',
        },
        row(
          'W1',
          'raw single-row commits',
          w1,
          'commits/s',
          'better-sqlite3, WAL, synchronous=FULL, autocommit INSERT of 500 B',
        ),
        row(
          'C',
          'raw event-row inserts',
          c,
          'rows/s',
          'events table + (stream, revision) index, synchronous=OFF, 1,000 rows/tx',
        ),
        row(
          'RP',
          'raw ordered scan + JSON.parse',
          rp,
          'rows/s',
          `${store.events.toLocaleString('en')} generated events, warm cache`,
        ),
      ],
    };
  },
};
