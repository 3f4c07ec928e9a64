import { CommitteeReportController } from '../reports/committee-report.controller.js';
import { StateReportController } from '../reports/state/state-report.controller.js';
import { FindingsController } from './findings.controller.js';
import { FindingsService } from './findings.service.js';

/** What AppModule registers for findings and the committee report (app.module.ts is owned elsewhere). */
export const FINDINGS_AND_REPORT_CONTROLLERS = [FindingsController, CommitteeReportController, StateReportController];
export const FINDINGS_PROVIDERS = [FindingsService];
