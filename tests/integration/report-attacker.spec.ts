import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoCounty } from '../../src/demo/demo-loader.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { buildCommitteeReport } from '../../src/reports/committee-report.builder.js';
import { CELL_KEY_PARAMETERS } from '../../src/reports/disclosure/protection.js';
import { parsePeriod, PeriodError } from '../../src/reports/report-period.js';
import { loadStateFields } from '../../src/reports/state/state-fields.js';
import { buildStateReport } from '../../src/reports/state/state-report.builder.js';
import { REPORT_TABLES } from '../../src/reports/tables/index.js';
import type { Documents } from '../support/projection-harness.js';
import { loadConfig } from '../../src/config/config.js';
import { reportAttack, type AttackResult, type Collected } from '../support/report-attack.js';
import { projectAll } from '../unit/reports/support/committee-events.js';
import { deps } from '../unit/reports/support/report-harness.js';

/**
 * The red team's attacks of issue 17, replayed against the protected reports of the demo county
 * (`npm run kim -- demo`, seed 42, at scale 0.4: ~260 active cases, so small cells are common).
 *
 * The attacker (tests/support/report-attack.ts) collects every report it may fetch — the committee
 * report for every month, quarter, half-year and year of the two years, and the same reports as they
 * read while each period was under way (one per completed month) — and combines them all: month =
 * quarter − other months, cell = total − other cells, breakdown against breakdown, every period against
 * its parts. It must not pin any true count to exactly 1 (a single record), any non-zero count to its
 * value, or any month to a single new case. The state figures publish the same cells with the same
 * numbers (checked below), so they add nothing to combine. The same attacker against the publication
 * before issue 17 (exact counts, `<5`, secondary suppression per table) shows the attacks are real.
 */
const { maxDeviation: D } = CELL_KEY_PARAMETERS;
const events: RecordedEvent[] = [];
let docs: Documents;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kim-attacker-'));
  await loadDemoCounty({ seed: 42, scale: 0.4, dataDir, onEvent: (e) => events.push(e) });
  docs = await projectAll(events);
}, 900_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the differencing attacks of issue 17 against the demo county', () => {
  let truth: Map<string, number>;
  let collected: Collected[];
  let attack: ReturnType<typeof reportAttack>['attack'];
  const deviations: number[] = [];
  let protectedResult: AttackResult;
  let oldResult: AttackResult;

  beforeAll(async () => {
    // The history runs to September 2026; consents run out later, and October and November have ended too.
    // The demo writes catalogue v2 codes and matrix rows: the reports use the service's catalogue.
    const red = reportAttack({
      docs,
      firstMonth: '2024-10',
      lastMonth: '2026-11',
      today: '2026-12-02',
      catalogue: loadConfig({}).catalogue,
    });
    attack = red.attack;
    truth = await red.monthlyTruth();
    collected = await red.collectReports((original, perturbed) => deviations.push(perturbed - original));
    protectedResult = attack(collected, truth, false);
    oldResult = attack(collected, truth, true);
  }, 600_000);

  it('cannot ask for a day range: 01.01.–02.06.2025 and 01.01.–03.06.2025 are both refused', () => {
    for (const range of ['2025-01-01..2025-06-02', '2025-01-01..2025-06-03', '2025-06-03'])
      expect(() => parsePeriod(range)).toThrow(PeriodError);
  });

  it('recovers no single record by combining every published report (months, quarters, half-years, years, while under way)', () => {
    const report = {
      reports: collected.length,
      ...protectedResult.size,
      'month cells holding exactly one record': protectedResult.singles,
      'of them recovered (protected)': protectedResult.recoveredSingles.length,
      'of them recovered (old rule: exact counts, <5)': oldResult.recoveredSingles.length,
      'of them narrowed to 1 or 2 (protected)': protectedResult.narrowedSingles,
      'month cells pinned to a non-zero value (protected)': protectedResult.exactNonZero,
      'month cells pinned to a non-zero value (old rule)': oldResult.exactNonZero,
    };
    console.log(`attacker: ${JSON.stringify(report, null, 2)}`);
    expect(protectedResult.singles).toBeGreaterThan(50);
    expect(protectedResult.recoveredSingles).toEqual([]);
    expect(protectedResult.exactNonZero).toBe(0);
    expect(protectedResult.monthsPinnedToOne).toEqual([]);
    // The attack has teeth: against the old publication it pins counts and recovers single records.
    expect(oldResult.exactNonZero).toBeGreaterThan(100);
    expect(oldResult.recoveredSingles.length).toBeGreaterThan(0);
  });

  it('measures how much the protection moves the published figures', () => {
    const n = deviations.length;
    const changed = deviations.filter((d) => d !== 0).length;
    const mad = deviations.reduce((s, d) => s + Math.abs(d), 0) / n;
    const histogram = Object.fromEntries(
      [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((d) => [
        d,
        `${((100 * deviations.filter((x) => x === d).length) / n).toFixed(1)} %`,
      ]),
    );
    console.log(
      `protection: ${n} published counts, mean absolute deviation ${mad.toFixed(3)}, changed ${((100 * changed) / n).toFixed(1)} %, ` +
        `max |deviation| ${Math.max(...deviations.map(Math.abs))}, distribution ${JSON.stringify(histogram)}`,
    );
    expect(Math.max(...deviations.map(Math.abs))).toBeLessThanOrEqual(D);
    expect(Math.abs(deviations.reduce((s, d) => s + d, 0) / n)).toBeLessThan(0.1);
  });

  it('reads the same before and after one new case: a month is published only once it has ended', async () => {
    const today = '2026-09-15T08:00:00Z';
    const periods = ['2026', '2026-H2', '2026-Q3', '2026-08'];
    const before = await Promise.all(periods.map((p) => buildCommitteeReport(deps(docs, today), parsePeriod(p))));
    const last = events.at(-1)!;
    const added: RecordedEvent[] = [
      {
        ...last,
        id: 'new-case-registered',
        type: 'PersonRegistered',
        streamName: 'person-new',
        revision: 0,
        position: last.position + 1n,
        data: {
          personId: 'new',
          residue: { municipality: 'Heiligenhaus', birthYearBand: '2000-2004', nationality: 'SY' },
        },
        metadata: { ...last.metadata, occurredAt: '2026-09-14T09:00:00.000Z' },
      },
      {
        ...last,
        id: 'new-case-opened',
        type: 'CaseOpened',
        streamName: 'case-new',
        revision: 0,
        position: last.position + 2n,
        data: { caseId: 'new', personId: 'new', municipality: 'Heiligenhaus', openedBy: 'cw-01' },
        metadata: { ...last.metadata, occurredAt: '2026-09-14T09:30:00.000Z' },
      },
    ];
    const withCase = await projectAll([...events, ...added]);
    const after = await Promise.all(periods.map((p) => buildCommitteeReport(deps(withCase, today), parsePeriod(p))));
    after.forEach((r, i) => expect({ ...r, generatedAt: '' }).toEqual({ ...before[i]!, generatedAt: '' }));
  });

  it('reads the same across erasure: the residue keeps each record and its key', async () => {
    const persons = [
      ...new Set(events.filter((e) => e.type === 'CaseOpened').map((e) => String(e.data.personId))),
    ].slice(0, 25);
    const last = events.at(-1)!;
    const erased = persons.map((personId, i): RecordedEvent => ({
      ...last,
      id: `erased-${i}`,
      type: 'PersonErased',
      streamName: `person-${personId}`,
      revision: 10_000,
      position: last.position + BigInt(i + 1),
      data: { personId, reason: 'Art. 17', recipientsToNotify: [] },
      metadata: { ...last.metadata, occurredAt: '2026-11-20T09:00:00.000Z' },
    }));
    const afterErasure = await projectAll([...events, ...erased]);
    for (const code of ['2025', '2026-Q1', '2025-06']) {
      const before = await buildCommitteeReport(deps(docs, '2026-12-02T08:00:00Z'), parsePeriod(code));
      const after = await buildCommitteeReport(deps(afterErasure, '2026-12-02T08:00:00Z'), parsePeriod(code));
      expect({ ...after, generatedAt: '' }).toEqual({ ...before, generatedAt: '' });
    }
  });

  it('publishes the state figures under the same protection: a figure both reports show is the same number', async () => {
    const fields = loadStateFields({}, REPORT_TABLES);
    const state = await buildStateReport(deps(docs, '2026-12-02T08:00:00Z'), 2025, fields);
    const year = collected.find((c) => c.report.period.code === '2025' && c.report.period.complete)!.report;
    const value = (code: string) => {
      const f = state.fields.find((x) => x.code === code)!;
      return 'value' in f ? f.value : undefined;
    };
    expect(value('teilnehmende-neu')).toEqual(year.headline.find((h) => h.code === 'cases-opened')!.value);
    expect(value('teilnahmen-beendet')).toEqual(year.headline.find((h) => h.code === 'cases-closed')!.value);
  });
});
