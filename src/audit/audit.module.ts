import type { Provider, Type } from '@nestjs/common';
import { RETENTION_POLICY, retentionPolicyFromEnv } from '../retention/retention-policy.js';
import { AnomaliesController, ReadAnomaliesHandler } from './anomalies.controller.js';
import { ANOMALY_SETTINGS, anomalySettingsFromEnv } from './anomaly-settings.js';
import { AuditTrailController, ReadAuditTrailHandler } from './audit-trail.controller.js';
import { ErasureService } from './erasure.service.js';
import { IntegrityController } from './integrity/integrity.controller.js';
import { IntegrityService } from './integrity/integrity.service.js';
import { ReadModelCheckService } from './integrity/read-model-check.service.js';
import { ReadModelsCurrent } from './read-models-current.js';
import { SubjectAccessService } from './subject-access.service.js';
import { PrivacyPersonsController } from '../privacy/privacy-persons.controller.js';
import { SubjectAccessReportHandler } from '../privacy/subject-access-report.query.js';
import { RightsDeskController } from '../privacy/rights-desk.controller.js';
import { DpoRegistersController } from './registers/dpo-registers.controller.js';
import { DPO_REGISTER_HANDLERS } from './registers/dpo-register-commands.js';
import { RightsRequestRepository } from '../privacy/requests/rights-request.repository.js';
import { RightsRequestsController } from '../privacy/requests/rights-requests.controller.js';
import { RetentionFactsLoader } from '../retention/retention-facts.js';
import { ArchiveHandover } from '../retention/archive-handover.js';
import { RIGHTS_DESK_HANDLERS } from '../privacy/rights-desk-commands.js';
import { RIGHTS_REQUEST_HANDLERS } from '../privacy/requests/rights-request-commands.js';

/**
 * The DPO's tools: audit trail, subject access report, erasure, restriction, verification, anomalies.
 * Given as lists for AppModule rather than as a Nest module of their own, because they use the
 * repositories and the personal-data gate that AppModule provides (a child module could not inject them).
 * Settings come from the environment once, at start, so a wrong value stops the service early.
 */
export const AUDIT_CONTROLLERS: Type[] = [
  AuditTrailController,
  IntegrityController,
  AnomaliesController,
  PrivacyPersonsController,
  RightsDeskController,
  RightsRequestsController,
  DpoRegistersController,
];

export const AUDIT_PROVIDERS: Provider[] = [
  { provide: RETENTION_POLICY, useFactory: () => retentionPolicyFromEnv(process.env) },
  { provide: ANOMALY_SETTINGS, useFactory: () => anomalySettingsFromEnv(process.env) },
  ReadModelsCurrent,
  SubjectAccessService,
  ErasureService,
  RetentionFactsLoader,
  ArchiveHandover,
  ...RIGHTS_DESK_HANDLERS,
  ...RIGHTS_REQUEST_HANDLERS,
  ...DPO_REGISTER_HANDLERS,
  RightsRequestRepository,
  ReadAuditTrailHandler,
  ReadAnomaliesHandler,
  SubjectAccessReportHandler,
  IntegrityService,
  ReadModelCheckService,
];
