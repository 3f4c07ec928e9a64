/**
 * Crash durability of the embedded event store: a child process appends from many concurrent writers and
 * prints each acknowledged append; we SIGKILL it mid-run, reopen the store and demand every acknowledged
 * event back exactly once, no torn rows, and a chain that verifies.
 *
 * kill -9 is not a power cut: it proves that nothing acknowledged is lost when the PROCESS dies (the data
 * were handed to the OS), not that they reached the disk. Surviving power loss rests on synchronous=FULL
 * (an fsync of the WAL at every COMMIT before any promise resolves), see sqlite-schema.ts; testing it needs
 * a VM or a fault-injecting block device, which this suite does not have.
 *
 * The child runs the compiled store from dist/ (`npm test` builds first).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const worker = join(root, 'tests/support/event-store-append-worker.mjs');
const compiled = join(root, 'dist/src/event-store/sqlite');
const WRITERS = 64;
const KILL_AFTER_ACKS = 3000;
const KILL_AFTER_MS = 4000;

interface Ack {
  stream: string;
  lastRevision: number;
  ids: string[];
}

function assertCompiledStoreIsCurrent(): void {
  const stale = 'the child process runs dist/: build it with `npx tsc -p tsconfig.build.json`';
  if (!existsSync(join(compiled, 'sqlite-event-store.js'))) throw new Error(stale);
  const sources = join(root, 'src/event-store/sqlite');
  const newestSource = Math.max(...readdirSync(sources).map((f) => statSync(join(sources, f)).mtimeMs));
  // Only outputs of current sources count: tsc leaves the output of a moved or deleted file behind.
  const oldestBuild = Math.min(
    ...readdirSync(compiled)
      .filter((f) => f.endsWith('.js') && existsSync(join(sources, f.replace(/\.js$/, '.ts'))))
      .map((f) => statSync(join(compiled, f)).mtimeMs),
  );
  if (newestSource > oldestBuild) throw new Error(`dist/ is older than src/event-store/sqlite: ${stale}`);
}

/** Runs the worker until enough appends were acknowledged (or time passed), then kill -9. */
function runAndKill(path: string): Promise<{ acks: Ack[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, path, String(WRITERS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let count = 0;
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(kill, KILL_AFTER_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      count += chunk.toString('utf8').split('\n').length - 1;
      if (count >= KILL_AFTER_ACKS) kill();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      // Only complete lines count: the last one may have been cut by the kill.
      const lines = stdout.split('\n').slice(0, -1);
      const acks = lines.map((line) => {
        const [, stream, revision, ids] = line.split(' ');
        return { stream: stream!, lastRevision: Number(revision), ids: ids!.split(',') };
      });
      resolve({ acks, signal, stderr });
    });
  });
}

describe('an event store whose writing process is killed with SIGKILL mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kim-es-crash-'));
  const path = join(dir, 'events.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append exactly once, with no torn record, and its chain verifies', async () => {
    assertCompiledStoreIsCurrent();
    const { acks, signal, stderr } = await runAndKill(path);
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(acks.length).toBeGreaterThan(0);

    const raw = new Database(path);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const store = openSqliteEventStore({ path });
    try {
      const all = await store.readAll(); // parses every stored row: a torn record would throw here
      const byId = new Map<string, { stream: string; revision: number; count: number }>();
      for (const e of all) {
        const seen = byId.get(e.id);
        byId.set(e.id, { stream: e.streamName, revision: e.revision, count: (seen?.count ?? 0) + 1 });
      }
      let lost = 0;
      let misplaced = 0;
      for (const ack of acks) {
        ack.ids.forEach((id, i) => {
          const stored = byId.get(id);
          if (!stored) lost += 1;
          else if (stored.stream !== ack.stream || stored.revision !== ack.lastRevision - ack.ids.length + 1 + i)
            misplaced += 1;
        });
      }
      const acknowledgedEvents = acks.reduce((sum, a) => sum + a.ids.length, 0);
      console.log(
        `acknowledged appends lost: ${lost} of ${acknowledgedEvents} events in ${acks.length} appends ` +
          `(${all.length} events stored, ${WRITERS} writers, killed with ${signal})`,
      );
      expect(lost).toBe(0);
      expect(misplaced).toBe(0);
      expect([...byId.values()].filter((e) => e.count > 1)).toEqual([]);
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      await expect(store.verifyChain()).resolves.toEqual({ ok: true, events: all.length });
    } finally {
      await store.close();
    }
  }, 15_000);
});
