import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setRequestClock } from '../../src/http/request-context.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const run = promisify(execFile);
const CLI = 'dist/src/cli/kim.js';
const COMPILED = 'dist/src/cli/commands/retention.command.js';
const caseworker: Caller = { role: 'caseworker', sub: 'cw-retention-cli' };

// The command line runs compiled code in a child process; `npm test` builds it first.
const describeCompiled = existsSync(COMPILED) ? describe : describe.skip;
if (!existsSync(COMPILED)) console.warn(`skipped: ${COMPILED} is missing; run npx tsc -p tsconfig.build.json`);

describeCompiled('kim retention on a data folder (compiled command line)', () => {
  let dataDir: string;
  let duePerson: string;
  let keptPerson: string;

  const kim = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [CLI, 'retention', '--json', ...args], {
      env: { ...process.env, KIM_DATA_DIR: dataDir, KIM_OPERATOR: 'retention-spec' },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as {
      due: { personId: string }[];
      erased: { personId: string }[];
      awaitingArchive: string[];
      failed: unknown[];
    };
  };

  beforeAll(async () => {
    const clock = fixedClock('2010-02-01T09:00:00.000Z');
    setRequestClock(clock);
    const app = await TestApp.start();
    dataDir = app.dataDir;
    const register = async (familyName: string) =>
      (
        await app.request(caseworker, 'POST', '/persons', {
          givenName: 'Alt',
          familyName,
          dateOfBirth: '1970-01-01',
          nationality: 'TR',
          municipality: 'Monheim am Rhein',
          languages: ['tr'],
          residenceStatus: 'Niederlassungserlaubnis',
          participation: PARTICIPATION,
        })
      ).body.personId as string;
    duePerson = await register('Fällig');
    const { caseId } = (
      await app.request(caseworker, 'POST', '/cases', { personId: duePerson, municipality: 'Monheim am Rhein' })
    ).body;
    clock.set('2011-05-05T10:00:00.000Z');
    expect((await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' })).status).toBe(
      200,
    );
    clock.set('2026-11-01T10:00:00.000Z');
    keptPerson = await register('Aktuell');
    setRequestClock(systemClock);
    // Stop the service but keep its data folder: the command line opens the same stores.
    await app.app.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes the archive offer, erases what the archive decided on, and finds nobody due afterwards', async () => {
    const offer = join(dataDir, 'anbietung.csv');
    const listed = await kim('--offer', offer);
    expect(listed.due.map((d) => d.personId)).toEqual([duePerson]);
    const csv = readFileSync(offer, 'utf8');
    expect(csv.startsWith('\uFEFFKennung (pseudonym);Aktenart')).toBe(true);
    // The Kreisarchiv answers in the last column: not worth archiving, destroy.
    const answer = join(dataDir, 'entscheidung.csv');
    writeFileSync(answer, csv.replace(new RegExp(`^(${duePerson};.*);$`, 'm'), '$1;destroy'));
    const erased = await kim('--decisions', answer, '--erase', '--yes');
    expect(erased.erased.map((e) => e.personId)).toEqual([duePerson]);
    expect(erased.failed).toEqual([]);
    expect((await kim()).due).toEqual([]);
    expect(keptPerson).not.toBe(duePerson);
  }, 120_000);

  it('refuses --erase without --yes, and without the archive’s decisions', async () => {
    await expect(kim('--erase')).rejects.toMatchObject({ code: 2 });
    await expect(kim('--erase', '--yes')).rejects.toMatchObject({ code: 2 });
  });
});
