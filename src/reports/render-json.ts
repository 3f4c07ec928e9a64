import type { CommitteeReport } from './committee-report.model.js';

/** The report as JSON: published values only (`<5` and `x` stay strings). */
export const renderJson = (report: CommitteeReport): string => `${JSON.stringify(report, null, 2)}\n`;
