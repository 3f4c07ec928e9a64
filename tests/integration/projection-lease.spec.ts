import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { ProjectionRunners } from '../../src/projection-runner/projection-runners.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { testMetadata } from '../support/projection-harness.js';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The child runs compiled code; rebuild dist/ when a source it uses is newer (jest may run without `npm test`). */
function ensureBuilt() {
  const pairs = [
    'projection-runner/projection-runner',
    'projection-runner/projection-runners',
    'read-store/sqlite/sqlite-read-store',
  ];
  const stale = pairs.some((p) => {
    const out = join(root, 'dist/src', `${p}.js`);
    return !existsSync(out) || statSync(out).mtimeMs < statSync(join(root, 'src', `${p}.ts`)).mtimeMs;
  });
  if (stale) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
    } catch {
      // tsc still emits when other files have type errors; the existence check below decides.
    }
  }
  if (!existsSync(join(root, 'dist/src/projection-runner/projection-runners.js'))) throw new Error('build failed');
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kim-lease-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a projection run by two instances', () => {
  describe('in one process, when the holder stops', () => {
    it('runs in one instance only and the standby takes over', async () => {
      const events = openSqliteEventStore({ path: join(dir, 'events.db') });
      const stores = [
        openSqliteReadStore({ path: join(dir, 'read.db') }),
        openSqliteReadStore({ path: join(dir, 'read.db') }),
      ];
      const noop: ProjectionDefinition = {
        name: 'noop',
        version: 1,
        collections: [],
        eventTypes: ['X'],
        apply: () => undefined,
      };
      const [a, b] = stores.map(
        (readStore, i) =>
          new ProjectionRunners({
            eventStore: events,
            readStore,
            projections: [noop],
            holder: `h${i}`,
            leaseTtlMs: 600,
            renewEveryMs: 150,
          }),
      ) as [ProjectionRunners, ProjectionRunners];
      a.start();
      await until(() => a.status()[0]!.state === 'running', 'a running');
      b.start();
      await until(() => b.status()[0]!.state === 'standby', 'b standby');
      await a.stop();
      await until(() => b.status()[0]!.state === 'running', 'b running');
      await b.stop();
      for (const s of stores) await s.close();
      await events.close();
    });
  });

  describe('in two processes, when the holder is killed mid-stream', () => {
    const children: ChildProcess[] = [];
    afterEach(() => children.forEach((c) => c.kill('SIGKILL')));

    function child(holder: string, leaseTtlMs = 1000) {
      const proc = spawn(
        process.execPath,
        [
          join(root, 'tests/support/lease-child.mjs'),
          join(dir, 'events.db'),
          join(dir, 'read.db'),
          holder,
          String(leaseTtlMs),
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(proc);
      const states: string[] = [];
      proc.stdout!.on('data', (chunk: Buffer) => states.push(...chunk.toString().split('\n').filter(Boolean)));
      return { proc, states };
    }

    it('lets the standby take over after expiry and applies every event exactly once', async () => {
      ensureBuilt();
      const events = openSqliteEventStore({ path: join(dir, 'events.db') });
      const total = 600;
      for (let i = 0; i < total; i += 50) {
        const batch = Array.from({ length: 50 }, () => ({
          id: randomUUID(),
          type: 'Counted',
          data: {},
          metadata: testMetadata(),
        }));
        await events.appendToStream(`count-${i}`, batch, 'no_stream');
      }
      const read = openSqliteReadStore({ path: join(dir, 'read.db') });
      const count = async () =>
        (await read.get<{ count: number }>('lease_counts', 'all').catch(() => undefined))?.count ?? 0;

      const a = child('holder-a');
      await until(() => a.states.includes('running'), 'holder-a running');
      const b = child('holder-b');
      await until(() => b.states.includes('standby'), 'holder-b standby');
      await until(async () => (await count()) >= total / 4, 'a quarter applied by holder-a');
      expect(b.states).not.toContain('running');
      a.proc.kill('SIGKILL');
      const killedAt = await count();
      expect(killedAt).toBeLessThan(total);

      // More events after the kill, for the new holder to pick up live.
      const more = Array.from({ length: 20 }, () => ({
        id: randomUUID(),
        type: 'Counted',
        data: {},
        metadata: testMetadata(),
      }));
      const last = (await events.appendToStream('count-late', more, 'no_stream')).position;
      await until(async () => ((await read.getCheckpoint('lease_counter')) ?? 0n) >= last, 'holder-b caught up');

      const doc = (await read.get<{ count: number; appliedBy: Record<string, number> }>('lease_counts', 'all'))!;
      expect(b.states).toContain('running');
      expect(doc.count).toBe(total + 20);
      expect(doc.appliedBy['holder-a']! + doc.appliedBy['holder-b']!).toBe(total + 20);
      expect(doc.appliedBy['holder-b']).toBeGreaterThan(0);
      await read.close();
      await events.close();
    });

    it('lets a process restarted on the same host take over the killed one’s lease at once, long before expiry', async () => {
      ensureBuilt();
      const events = openSqliteEventStore({ path: join(dir, 'events.db') });
      const counted = (n: number) =>
        Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Counted', data: {}, metadata: testMetadata() }));
      await events.appendToStream('count-early', counted(100), 'no_stream');
      const read = openSqliteReadStore({ path: join(dir, 'read.db') });
      const count = async () =>
        (await read.get<{ count: number }>('lease_counts', 'all').catch(() => undefined))?.count ?? 0;
      const minute = 60_000;

      const first = child('process', minute);
      await until(async () => (await count()) >= 20, 'the first process applying');
      first.proc.kill('SIGKILL');
      await new Promise((resolve) => first.proc.once('exit', resolve));
      const last = (await events.appendToStream('count-late', counted(20), 'no_stream')).position;
      const second = child('process', minute);
      // Bounded well inside the killed holder's minute-long lease: only a takeover can get there in time.
      await until(
        async () => ((await read.getCheckpoint('lease_counter')) ?? 0n) >= last,
        'the restart caught up',
        minute / 3,
      );

      expect(second.states).toContain('running');
      expect(await count()).toBe(120);
      await read.close();
      await events.close();
    });
  });
});
