import { anomaliesProjection } from './anomalies.projection.js';
import { auditTrailProjection } from './audit-trail.projection.js';
import { caseloadProjection } from './caseload.projection.js';
import { casesProjection } from './cases.projection.js';
import { committeeCaseloadProjection } from './committee-caseload.projection.js';
import { committeeCasesProjection } from './committee-cases.projection.js';
import { committeeCaseworkProjection } from './committee-casework.projection.js';
import { committeeConsentsProjection } from './committee-consents.projection.js';
import { committeeReferralsProjection } from './committee-referrals.projection.js';
import { committeeTransfersProjection } from './committee-transfers.projection.js';
import { consentsProjection } from './consents.projection.js';
import { deputyGrantsProjection } from './deputy-grants.projection.js';
import { documentsProjection } from './documents.projection.js';
import { erasuresProjection } from './erasures.projection.js';
import { dpoRegistersProjection } from './dpo-registers.projection.js';
import { findingsProjection } from './findings.projection.js';
import { rightsRequestsProjection } from './rights-requests.projection.js';
import { personsProjection } from './persons.projection.js';
import { referralsProjection } from './referrals.projection.js';
import type { ProjectionDefinition } from './projection.js';
import { staffProjection } from './staff.projection.js';
import { tasksProjection } from './tasks.projection.js';
import { transfersProjection } from './transfers.projection.js';

/** Every read model the service keeps; the runner and `kim rebuild` take them from here. */
export const ALL_PROJECTIONS: readonly ProjectionDefinition<any>[] = [
  personsProjection,
  consentsProjection,
  casesProjection,
  caseloadProjection,
  transfersProjection,
  auditTrailProjection,
  committeeCasesProjection,
  committeeCaseloadProjection,
  committeeConsentsProjection,
  committeeTransfersProjection,
  committeeCaseworkProjection,
  committeeReferralsProjection,
  anomaliesProjection,
  findingsProjection,
  staffProjection,
  tasksProjection,
  documentsProjection,
  erasuresProjection,
  rightsRequestsProjection,
  dpoRegistersProjection,
  referralsProjection,
  deputyGrantsProjection,
];
