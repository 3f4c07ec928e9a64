import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { committeeCaseloadProjection } from '../../../projections/committee-caseload.projection.js';
import { committeeCasesProjection } from '../../../projections/committee-cases.projection.js';
import { committeeConsentsProjection } from '../../../projections/committee-consents.projection.js';
import { committeeTransfersProjection } from '../../../projections/committee-transfers.projection.js';
import { findingsProjection } from '../../../projections/findings.projection.js';
import { loadConfig } from '../../config/config.js';
import { openSqliteReadStore } from '../../read-store/sqlite/sqlite-read-store.js';
import { buildCommitteeReport } from '../../reports/committee-report.builder.js';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/committee-report.query.dto.js';
import { renderReport } from '../../reports/render-report.js';
import { parsePeriod } from '../../reports/report-period.js';
import { systemClock } from '../../shared/clock.js';
import { KimError } from '../../shared/errors.js';

export const summary = 'write the committee report (Sozialausschuss) for a period as HTML, CSV or JSON';

const USAGE = [
  'usage: npm run kim -- report --period P --out FILE [--format html|csv|json]',
  "  --period P   a quarter '2026-Q3', a year '2026' or a range '2026-01-01..2026-06-30'",
  '  --out FILE   where to write the report',
  '  --format F   html (default, or taken from the file extension), csv or json',
  'Reads the read store at $KIM_DATA_DIR/read.db (default ./data/read.db); the API need not run.',
].join('\n');

const PROJECTIONS = [
  committeeCasesProjection,
  committeeCaseloadProjection,
  committeeConsentsProjection,
  committeeTransfersProjection,
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
  const out = option(args, '--out');
  const extension = out?.split('.').pop()?.toLowerCase();
  const format = (option(args, '--format') ??
    (REPORT_FORMATS as readonly string[]).find((f) => f === extension) ??
    'html') as ReportFormat;
  if (!out || !(REPORT_FORMATS as readonly string[]).includes(format)) {
    console.error(USAGE);
    return 2;
  }
  let period;
  try {
    period = parsePeriod(option(args, '--period'));
  } catch (error) {
    console.error(`kim report: ${(error as Error).message}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const store = openSqliteReadStore({ path: join(process.env.KIM_DATA_DIR ?? './data', 'read.db') });
  try {
    for (const projection of PROJECTIONS) {
      for (const collection of projection.collections) await store.ensureCollection(collection);
      if ((await store.getCheckpoint(projection.name)) === undefined) {
        console.warn(`kim report: projection "${projection.name}" has not run yet; its figures will be empty`);
      }
    }
    const report = await buildCommitteeReport(
      { readStore: store, catalogue: config.catalogue, clock: systemClock },
      period,
    );
    await writeFile(out, renderReport(report, format), 'utf8');
    console.log(`kim report: ${period.label} (${period.from} – ${period.to}) written to ${out} as ${format}`);
    return 0;
  } catch (error) {
    if (error instanceof KimError) {
      console.error(`kim report: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await store.close();
  }
}
