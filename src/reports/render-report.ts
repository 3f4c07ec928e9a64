import { assertNever } from '../shared/decider.js';
import type { CommitteeReport } from './committee-report.model.js';
import type { ReportFormat } from './committee-report.query.dto.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function renderReport(report: CommitteeReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    default:
      return assertNever(format);
  }
}

export const reportFileName = (report: CommitteeReport, format: ReportFormat) =>
  `kim-sozialausschuss-${report.period.code}.${format}`;
