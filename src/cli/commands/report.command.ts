import { writeFile } from 'node:fs/promises';
import { committeeCaseloadProjection } from '../../../projections/committee-caseload.projection.js';
import { committeeCasesProjection } from '../../../projections/committee-cases.projection.js';
import { committeeCaseworkProjection } from '../../../projections/committee-casework.projection.js';
import { committeeConsentsProjection } from '../../../projections/committee-consents.projection.js';
import { committeeReferralsProjection } from '../../../projections/committee-referrals.projection.js';
import { committeeTransfersProjection } from '../../../projections/committee-transfers.projection.js';
import { findingsProjection } from '../../../projections/findings.projection.js';
import { loadConfig } from '../../config/config.js';
import { embeddedPaths } from '../../config/stores.js';
import { openSqliteReadStore } from '../../read-store/sqlite/sqlite-read-store.js';
import { buildCommitteeReport } from '../../reports/committee-report.builder.js';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/committee-report.query.dto.js';
import { countyRecordKeys } from '../../reports/disclosure/county-record-keys.js';
import { renderReport } from '../../reports/render-report.js';
import { germanDay, parsePeriod } from '../../reports/report-period.js';
import { renderStateCsv, renderStateJson } from '../../reports/state/render-state.js';
import { loadStateFields } from '../../reports/state/state-fields.js';
import { buildStateReport } from '../../reports/state/state-report.builder.js';
import { REPORT_TABLES } from '../../reports/tables/index.js';
import { systemClock } from '../../shared/clock.js';
import { KimError } from '../../shared/errors.js';

export const summary = 'write the committee report (Sozialausschuss) or the state figures (--state) as a file';

const USAGE = [
  'usage: npm run kim -- report --period P --out FILE [--format html|csv|json]',
  '       npm run kim -- report --state --year YYYY --out FILE [--format csv|json]',
  "  --period P   whole months: a month '2026-03', a quarter '2026-Q2', a half-year '2026-H1' or a year '2026'",
  '  --state      the state figures (Landesprogramm KIM) of one year; field list from $KIM_STATE_FIELDS_FILE',
  '  --year YYYY  the year of the state figures',
  '  --out FILE   where to write the report',
  '  --format F   committee: html (default), csv or json; state: csv (default) or json; else from the file extension',
  'A period still under way covers its completed months. Reads the read store at $KIM_DATA_DIR/read.db and',
  'the report secret from $KIM_DATA_DIR/keys.db (default ./data); the API need not run.',
].join('\n');

const PROJECTIONS = [
  committeeCasesProjection,
  committeeCaseloadProjection,
  committeeConsentsProjection,
  committeeTransfersProjection,
  committeeCaseworkProjection,
  committeeReferralsProjection,
  findingsProjection,
];

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const state = args.includes('--state');
  const out = option(args, '--out');
  const extension = out?.split('.').pop()?.toLowerCase();
  const formats: readonly string[] = state ? ['csv', 'json'] : REPORT_FORMATS;
  const format = option(args, '--format') ?? formats.find((f) => f === extension) ?? (state ? 'csv' : 'html');
  const year = option(args, '--year');
  if (!out || !formats.includes(format) || (state && !/^\d{4}$/.test(year ?? ''))) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  const paths = embeddedPaths(config.dataDir);
  const store = openSqliteReadStore({ path: paths.read });
  const keyStore = openSqliteReadStore({ path: paths.keys, durability: 'full' });
  try {
    for (const projection of PROJECTIONS) {
      for (const collection of projection.collections) await store.ensureCollection(collection);
      if ((await store.getCheckpoint(projection.name)) === undefined) {
        console.warn(`kim report: projection "${projection.name}" has not run yet; its figures will be empty`);
      }
    }
    const recordKeys = await countyRecordKeys({
      keyStore,
      dataDir: config.dataDir,
      clock: systemClock,
      ...(config.masterKey ? { masterKey: config.masterKey } : {}),
    });
    const deps = { readStore: store, catalogue: config.catalogue, clock: systemClock, recordKeys };
    if (state) {
      const report = await buildStateReport(deps, Number(year), loadStateFields(process.env, REPORT_TABLES));
      await writeFile(out, format === 'json' ? renderStateJson(report) : renderStateCsv(report), 'utf8');
      console.log(
        `kim report: state figures ${report.year} (${germanDay(report.period.from)} – ${germanDay(report.period.dataUntil)}) written to ${out} as ${format}`,
      );
      return 0;
    }
    const report = await buildCommitteeReport(deps, parsePeriod(option(args, '--period')));
    await writeFile(out, renderReport(report, format as ReportFormat), 'utf8');
    const p = report.period;
    console.log(
      `kim report: ${p.label} (${germanDay(p.from)} – ${germanDay(p.dataUntil)}${p.complete ? '' : ', completed months only'}) written to ${out} as ${format}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof KimError || (error instanceof Error && error.name === 'StateFieldsError')) {
      console.error(`kim report: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await store.close();
    await keyStore.close();
  }
}
