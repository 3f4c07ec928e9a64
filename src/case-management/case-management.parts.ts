import type { Provider, Type } from '@nestjs/common';
import { AssignCaseHandler } from './assign-case.js';
import { CaseloadRepository, CaseRepository } from './case.repository.js';
import { CaseloadController } from './caseload.controller.js';
import { CasesController } from './cases.controller.js';
import { CloseCaseHandler, ReopenCaseHandler } from './close-and-reopen.js';
import { LinkLegacyCases } from './link-legacy-cases.js';
import { CaseList } from './list-cases.js';
import { OpenCaseHandler } from './open-case.js';
import { AgreePlanHandler, RecordContactHandler, ReviewGoalHandler } from './plan/plan-handlers.js';
import { PlanController } from './plan/plan.controller.js';
import { WaitingListController } from '../staff/waiting-list.js';
import { TaskList, TasksController } from '../tasks/tasks.controller.js';
import { ReadCaseHandler } from './read-case.js';
import { RecordActionHandler } from './record-action.js';

/** Case management's HTTP edge and its command and query handlers, for AppModule. */
export const CASE_MANAGEMENT_CONTROLLERS: Type[] = [
  WaitingListController,
  CasesController,
  CaseloadController,
  PlanController,
  TasksController,
];

export const CASE_MANAGEMENT_PROVIDERS: Provider[] = [
  CaseRepository,
  CaseloadRepository,
  OpenCaseHandler,
  AssignCaseHandler,
  RecordActionHandler,
  CloseCaseHandler,
  ReopenCaseHandler,
  ReadCaseHandler,
  LinkLegacyCases,
  CaseList,
  AgreePlanHandler,
  ReviewGoalHandler,
  RecordContactHandler,
  TaskList,
];
