/**
 * Issue item 3, long variant: the races run across TWO service processes on one data folder, requests
 * alternating between them. The in-process stream lock cannot help here; only the event store's expected
 * revision decides. Reads across instances are eventually consistent (each projection runs in one process
 * under a lease), so a 404 on a just-created record is retried briefly — counted, never hidden.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedPaths } from '../../src/config/stores.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import {
  lastCaseloadSlot,
  twoEditsOfOneCase,
  withdrawalVersusTransfer,
  type RaceDriver,
  type RaceResult,
} from '../support/reliability-races.js';
import { report, runSeed } from '../support/reliability-report.js';
import { assertDistIsCurrent, SpawnedServer } from '../support/reliability-server.js';

describe('racing commands on two service processes sharing one data folder', () => {
  const base = mkdtempSync(join(tmpdir(), 'kim-rel-race2-'));
  const dataDir = join(base, 'data');
  const servers = [new SpawnedServer(dataDir), new SpawnedServer(dataDir)];
  let store: SqliteEventStore;
  let driver: RaceDriver;
  let turn = 0;
  let retried404 = 0;
  const seed = runSeed();

  beforeAll(async () => {
    assertDistIsCurrent();
    await servers[0]!.start(); // the first start creates keys and schema; the second joins
    await servers[1]!.start();
    store = openSqliteEventStore({
      path: embeddedPaths(dataDir).events,
      chainHeadPath: join(base, 'observer-head.json'),
    });
    driver = {
      request: async (caller, method, path, body, headers) => {
        const server = servers[turn++ % 2]!;
        for (let attempt = 0; ; attempt++) {
          const answer = await server.request(caller, method, path, body, headers);
          if (answer.status !== 404 || attempt >= 30) return answer;
          retried404 += 1;
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      stream: (name) => store.readStream(name),
    };
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    rmSync(base, { recursive: true, force: true });
  });

  const expectClean = (scenario: string, n: number, result: RaceResult) => {
    report({
      scenario,
      variant: 'long',
      seed,
      n,
      figures: [
        ...result.figures,
        { label: 'invariant violations', value: result.violations },
        { label: '5xx answers', value: result.serverErrors },
        { label: '404s retried while the other instance caught up', value: retried404 },
      ],
      caveats: ['two processes, one SQLite file (WAL): decided by the expected revision of the append'],
    });
    expect(result.problems).toEqual([]);
    expect(result.violations).toBe(0);
    expect(result.serverErrors).toBe(0);
  };

  it(
    'never lets a transfer rely on a consent withdrawn before it',
    async () => {
      expectClean('race-withdrawal-transfer-2proc', 100, await withdrawalVersusTransfer(driver, 100));
    },
    5 * 60_000,
  );

  it(
    'lets exactly one of two If-Match edits win, records both free edits once and nothing after a close',
    async () => {
      expectClean('race-two-edits-2proc', 60, await twoEditsOfOneCase(driver, 60));
    },
    5 * 60_000,
  );

  it(
    'gives the 80th caseload slot to exactly one of 32 racing assignments',
    async () => {
      expectClean('race-last-caseload-slot-2proc', 32, await lastCaseloadSlot(driver, 80, 32));
    },
    5 * 60_000,
  );
});
