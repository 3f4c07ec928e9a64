import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ALL_PROJECTIONS } from '../projections/index.js';
import { CaseService } from './application/case.service.js';
import { PersonFileService } from './application/person-file.service.js';
import { PROJECTION_PROGRESS, ProjectionSync, type ProjectionProgress } from './application/projection-sync.js';
import { AuthGuard } from './auth/auth.guard.js';
import { TOKEN_VERIFIER } from './auth/auth.tokens.js';
import { tokenVerifierFor } from './auth/token-verifier.factory.js';
import { CaseloadController } from './cases/caseload.controller.js';
import { CasesController } from './cases/cases.controller.js';
import type { KimConfig } from './config/config.js';
import { ConsentsController } from './consents/consents.controller.js';
import { HealthController } from './health/health.controller.js';
import { HTTP_METRICS, HttpMetrics } from './metrics/http-metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ErrorResponseFilter } from './http/error-response.filter.js';
import { KimCoreModule } from './kim-core.module.js';
import { PersonsController } from './persons/persons.controller.js';
import { ProjectionRunnerService } from './projection-runner/projection-runner.service.js';
import { PROJECTIONS } from './projection-runner/projection-runner.tokens.js';
import { TransfersController } from './transfers/transfers.controller.js';
import { AUDIT_CONTROLLERS, AUDIT_PROVIDERS } from './audit/audit.module.js';
import { FINDINGS_AND_REPORT_CONTROLLERS, FINDINGS_PROVIDERS } from './findings/findings.module-parts.js';
import { CONSOLE_CONTROLLERS, CONSOLE_PROVIDERS } from './console/console.module-parts.js';

@Module({})
export class AppModule {
  static forRoot(config: KimConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [KimCoreModule.forRoot(config), CqrsModule.forRoot()],
      controllers: [HealthController, MetricsController, PersonsController, ConsentsController, CasesController, CaseloadController, TransfersController, ...AUDIT_CONTROLLERS, ...FINDINGS_AND_REPORT_CONTROLLERS, ...CONSOLE_CONTROLLERS],
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => tokenVerifierFor(config.identity, config.dataDir) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
        ProjectionRunnerService,
        { provide: HTTP_METRICS, useValue: new HttpMetrics() },
        {
          provide: PROJECTION_PROGRESS,
          useFactory: (runners: ProjectionRunnerService): ProjectionProgress => ({
            waitFor: (position, timeoutMs, projections, eventTypes) =>
              runners
                .waitFor(position, { timeoutMs, projections, ...(eventTypes ? { eventTypes } : {}) })
                .then(() => true, () => false),
          }),
          inject: [ProjectionRunnerService],
        },
        ProjectionSync,
        PersonFileService,
        CaseService,
        ...AUDIT_PROVIDERS,
        ...FINDINGS_PROVIDERS,
        ...CONSOLE_PROVIDERS,
      ],
    };
  }
}
