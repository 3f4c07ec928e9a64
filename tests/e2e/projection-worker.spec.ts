import { rmSync } from 'node:fs';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { embeddedPaths, type Stores } from '../../src/config/stores.js';
import { STORES } from '../../src/kim-core.module.js';
import { leaseName } from '../../src/projection-runner/projection-version.js';
import { ProjectionRunnerService } from '../../src/projection-runner/projection-runner.service.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { PARTICIPATION } from '../support/builders.js';
import { TestApp, type Caller } from '../support/test-app.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-07' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-01' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-01' };

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A person registered, a case opened and assigned to cw-07: the trail shows the assignment at once (the DPO's
 * views wait, bounded, until the worker's projections hold every stored event; no polling here), the team
 * lead's caseload shortly after (read as the projection stands: eventually consistent).
 */
async function assignedCaseShows(app: TestApp, municipality: string): Promise<void> {
  const person = await app.request(caseworker, 'POST', '/persons', {
    givenName: 'Amina',
    familyName: 'Haddad',
    dateOfBirth: '1990-01-01',
    nationality: 'SY',
    municipality,
    languages: ['ar'],
    residenceStatus: '§ 25 Abs. 2 AufenthG',
    participation: PARTICIPATION,
  });
  expect(person.status).toBe(201);
  const opened = await app.request(teamLead, 'POST', '/cases', { personId: person.body.personId, municipality });
  expect(opened.status).toBe(201);
  const assigned = await app.request(teamLead, 'POST', `/cases/${opened.body.caseId}/assign`, {
    caseworkerId: 'cw-07',
  });
  expect(assigned.status).toBe(200);

  const trail = await app.request(dpo, 'GET', `/audit/trail?personId=${person.body.personId}`);
  expect(trail.status).toBe(200);
  expect(JSON.stringify(trail.body)).toContain('CaseAssigned');
  const caseload = await eventually(
    () => app.request(teamLead, 'GET', '/caseload'),
    (r) => r.body.caseworkers?.length > 0,
  );
  expect(caseload.body.caseworkers).toContainEqual(expect.objectContaining({ caseworkerId: 'cw-07', active: 1 }));
}

/**
 * Issue 19: the projections of the embedded service run in a worker thread of their own (the build's
 * dist/src/projection-runner/projection-worker.js, which `npm test` builds first). Reads that come from
 * read models still show what was just written: their waits cross to the worker.
 */
describe('projections in a worker thread (KIM_PROJECTIONS_IN=worker)', () => {
  let app: TestApp;
  let stopped = false;
  beforeAll(async () => {
    app = await TestApp.start({ KIM_PROJECTIONS_IN: 'worker' });
    await app.registerStaff(['cw-07']);
  });
  afterAll(async () => {
    if (!stopped) await app.stop({ keepData: true });
    rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('runs every projection in the worker', async () => {
    const service = app.app.get(ProjectionRunnerService);
    expect(service.runsIn).toBe('worker');
    expect(app.app.get<symbol, Stores>(STORES).embedded?.commitSync).toBe('inline');
    const health = await eventually(
      () => app.request(dpo, 'GET', '/health'),
      (r) => r.body.projections.every((p: { state: string }) => p.state === 'running'),
    );
    expect(health.body.projections.map((p: { name: string }) => p.name).sort()).toEqual(
      ALL_PROJECTIONS.map((p) => p.name).sort(),
    );
    expect(health.body.projections.every((p: { state: string }) => p.state === 'running')).toBe(true);
  });

  it('given a person and an assigned case, then the trail shows it at once and the caseload shortly after', async () => {
    await assignedCaseShows(app, 'Ratingen');
  });

  it('when the service stops, then the worker has released every projection lease', async () => {
    await app.stop({ keepData: true });
    stopped = true;
    const readStore = openSqliteReadStore({ path: embeddedPaths(app.dataDir).read });
    try {
      for (const projection of ALL_PROJECTIONS) {
        expect(await readStore.leaseHolder(leaseName(projection.name))).toBeUndefined();
      }
    } finally {
      await readStore.close();
    }
  });
});

/**
 * KIM_COMMIT_SYNC=off-loop: commits are made durable by an fdatasync off the event loop, and the worker's
 * connection reads no further than what the service reports durable (shared memory). The whole path —
 * setting, store, durability notice, worker cap — must still bring a write into the read models.
 */
describe('projections in a worker thread, commits synced off the event loop (KIM_COMMIT_SYNC=off-loop)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ KIM_PROJECTIONS_IN: 'worker', KIM_COMMIT_SYNC: 'off-loop' });
  });
  afterAll(() => app.stop());

  it('when a read model is read right after the first start, then it answers empty, not 503 (its collection exists before the service answers)', async () => {
    const caseload = await app.request(teamLead, 'GET', '/caseload');
    expect(caseload.status).toBe(200);
    expect(caseload.body.caseworkers).toEqual([]);
  });

  it('given the setting, when a case is assigned, then the trail shows it at once and the caseload shortly after', async () => {
    expect(app.app.get<symbol, Stores>(STORES).embedded?.commitSync).toBe('off-loop');
    await app.registerStaff(['cw-07']);
    await assignedCaseShows(app, 'Velbert');
  });
});
