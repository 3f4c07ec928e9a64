import { ValidationPipe, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { AppModule } from './app.module.js';
import { parseJsonBody } from './http/json-body.parser.js';
import { DOCUMENT_UPLOAD_BODY_LIMIT, DOCUMENT_UPLOAD_CONTENT_TYPE } from './documents/document.rules.js';
import { API_SECURITY_HEADERS } from './http/security-headers.js';
import { bucketKind, rateLimitBucket } from './http/rate-limit-key.js';
import { TOKEN_VERIFIER } from './auth/auth.tokens.js';
import { verifiedCallerOrNone } from './auth/request-verification.js';
import { SESSION_CREDENTIAL, type SessionCredential } from './auth/session-credential.js';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { KimConfig } from './config/config.js';
import { fromClassValidator } from './http/field-messages.js';
import type { Clock } from './shared/clock.js';
import { HTTP_METRICS, type HttpMetrics } from './metrics/http-metrics.js';
import { enrichDocument } from './openapi/enrich-document.js';
import { keepValidationRules } from './http/validation-rules-once.js';

/**
 * Builds the HTTP application on Fastify (measured here: ~5× the throughput of Express). Shared by
 * main.ts, the end-to-end tests and the benchmarks, so all of them exercise the same pipeline.
 */
export async function createApp(
  config: KimConfig,
  options: { logger?: LogLevel[] | false; docsUi?: boolean; clock?: Clock; eventClock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Prototype pollution is refused outright (400), not silently stripped; JSON bodies are checked by
    // parseJsonBody below (with a field message), these settings are the second line.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => crypto.randomUUID(),
    // Behind a load balancer the client address (per-address rate limit, refusal counts) comes from
    // X-Forwarded-For, but only as far as the listed proxies vouch for it.
    ...(config.trustProxy.length > 0 ? { trustProxy: config.trustProxy } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.eventClock ? { eventClock: options.eventClock } : {}),
    }),
    adapter,
    {
      logger: options.logger ?? ['error', 'warn', 'log'],
      bufferLogs: false,
      // Nest's default parsers would also read form-encoded bodies; the API takes JSON only (below).
      bodyParser: false,
    },
  );
  // Commands and queries speak JSON only; any other body is 415 rather than a confusing 400.
  app.getHttpAdapter().getInstance().removeContentTypeParser(['text/plain']);
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, parseJsonBody);
  // Document uploads (POST /persons/{id}/documents) are JSON too, within a limit of their own.
  app.useBodyParser(DOCUMENT_UPLOAD_CONTENT_TYPE, { bodyLimit: DOCUMENT_UPLOAD_BODY_LIMIT }, parseJsonBody);
  // Helmet's headers, computed once (src/http/security-headers.ts), set on every answer.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(API_SECURITY_HEADERS);
      done();
    });
  // CORS is closed unless origins are configured: the API serves back-office clients, not browsers elsewhere.
  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false });
  // Buckets are decided after the token is verified (the guard reuses the outcome): a verified user is
  // limited per user, anything else per client address with a smaller allowance.
  const verifier = app.get<TokenVerifier>(TOKEN_VERIFIER);
  const session = app.get<SessionCredential>(SESSION_CREDENTIAL);
  await app.register(rateLimit, {
    max: (_request, key) =>
      bucketKind(key) === 'user' ? config.rateLimitPerMinute : config.rateLimitUnauthenticatedPerMinute,
    timeWindow: '1 minute',
    keyGenerator: async (request) =>
      rateLimitBucket(await verifiedCallerOrNone(request, verifier, session), request.ip).key,
    allowList: (request) => request.url === '/health',
  });
  const metrics = app.get<HttpMetrics>(HTTP_METRICS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request, reply) => {
      metrics.record(
        request.method,
        request.routeOptions?.url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    });
  // Operations endpoints answer at the root (probes, Prometheus) and under the API prefix alike; the console
  // (src/console) sits beside the API at /console and calls it like any client.
  app.setGlobalPrefix('api/v1', {
    exclude: ['health', 'metrics', 'api/v1/health', 'api/v1/metrics', 'console', 'console/{*path}'],
  });
  keepValidationRules();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: fromClassValidator,
    }),
  );
  // Standard errors, X-Purpose, Idempotency-Key and catalogue enums are added in one place (src/openapi).
  const document = enrichDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('kim-ledger')
        .setDescription(
          'Kommunales Integrationsmanagement: event-sourced case management with data protection built in',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
    config.catalogue,
  );
  // The JSON document is always served at /api/docs-json; the browsable UI can be left out (tests).
  SwaggerModule.setup('api/docs', app, document, { ui: options.docsUi ?? true, raw: ['json'] });
  return app;
}
