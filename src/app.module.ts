import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ALL_PROJECTIONS } from '../projections/index.js';
import { AUDIT_CONTROLLERS, AUDIT_PROVIDERS } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { TOKEN_VERIFIER } from './auth/auth.tokens.js';
import { tokenVerifierFor } from './auth/token-verifier.factory.js';
import { CASE_MANAGEMENT_CONTROLLERS, CASE_MANAGEMENT_PROVIDERS } from './case-management/case-management.parts.js';
import type { KimConfig } from './config/config.js';
import { FINDINGS_AND_REPORT_CONTROLLERS, FINDINGS_PROVIDERS } from './findings/findings.module-parts.js';
import type { Clock } from './shared/clock.js';
import { HealthController } from './health/health.controller.js';
import { ErrorResponseFilter } from './http/error-response.filter.js';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './http/idempotency.store.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { KimCoreModule, STORES } from './kim-core.module.js';
import { HTTP_METRICS, HttpMetrics } from './metrics/http-metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { PERSON_FILE_CONTROLLERS, PERSON_FILE_PROVIDERS } from './person-file/person-file.parts.js';
import { LawController } from './law/law.controller.js';
import { PersonAccess } from './personal-data/person-access.js';
import { PersonalDataGate } from './personal-data/personal-data-gate.js';
import { UNAUTHENTICATED_REFUSALS, UnauthenticatedRefusals } from './http/unauthenticated-refusals.js';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port.js';
import { ProjectionRunnerService } from './projection-runner/projection-runner.service.js';
import { PROJECTIONS } from './projection-runner/projection-runner.tokens.js';
import {
  PROJECTION_PROGRESS,
  ReadModelFreshness,
  type ProjectionProgress,
} from './projection-runner/read-model-freshness.js';
import type { Stores } from './config/stores.js';
import { StaffController, RecordStaffMemberHandler } from './staff/staff.controller.js';
import { StaffRegister } from './staff/staff.repository.js';
import { CONSOLE_CONTROLLERS, CONSOLE_PROVIDERS } from './console/console.module-parts.js';
import { DOCUMENT_CONTROLLERS, DOCUMENT_PROVIDERS } from './documents/documents.js';

/**
 * The application: each feature contributes its controllers (HTTP edge) and providers (command and query
 * handlers, repositories); commands and queries go through @nestjs/cqrs' buses. The personal-data gate,
 * the idempotency interceptor, authentication and the error shape are global, so no route can forget them.
 */
@Module({})
export class AppModule {
  static forRoot(config: KimConfig, options: { clock?: Clock; eventClock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [KimCoreModule.forRoot(config, options), CqrsModule.forRoot()],
      controllers: [
        HealthController,
        MetricsController,
        ...PERSON_FILE_CONTROLLERS,
        LawController,
        ...CASE_MANAGEMENT_CONTROLLERS,
        ...DOCUMENT_CONTROLLERS,
        StaffController,
        ...AUDIT_CONTROLLERS,
        ...FINDINGS_AND_REPORT_CONTROLLERS,
        ...CONSOLE_CONTROLLERS,
      ],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          useFactory: () =>
            tokenVerifierFor(config.identity, config.dataDir, { maxTokenAgeSeconds: config.tokenMaxAgeSeconds }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        {
          provide: IDEMPOTENCY_STORE,
          useFactory: async (stores: Stores) => {
            const store = new IdempotencyStore(stores.readStore, config.idempotencyKeyHours);
            await store.init();
            return store;
          },
          inject: [STORES],
        },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        {
          provide: UNAUTHENTICATED_REFUSALS,
          useFactory: (store: EventStore) => new UnauthenticatedRefusals(store, { instanceId: config.instanceId }),
          inject: [EVENT_STORE],
        },
        { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
        ProjectionRunnerService,
        { provide: HTTP_METRICS, useValue: new HttpMetrics() },
        {
          provide: PROJECTION_PROGRESS,
          useFactory: (runners: ProjectionRunnerService): ProjectionProgress => ({
            waitFor: (position, timeoutMs, projections) =>
              runners.waitFor(position, { timeoutMs, projections }).then(
                () => true,
                () => false,
              ),
          }),
          inject: [ProjectionRunnerService],
        },
        ReadModelFreshness,
        PersonAccess,
        PersonalDataGate,
        StaffRegister,
        RecordStaffMemberHandler,
        ...PERSON_FILE_PROVIDERS,
        ...CASE_MANAGEMENT_PROVIDERS,
        ...DOCUMENT_PROVIDERS,
        ...AUDIT_PROVIDERS,
        ...FINDINGS_PROVIDERS,
        ...CONSOLE_PROVIDERS,
      ],
    };
  }
}
