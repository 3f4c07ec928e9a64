import { ValidationPipe, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { AppModule } from './app.module.js';
import { parseJsonBody } from './http/json-body.parser.js';
import { rateLimitKey } from './http/rate-limit-key.js';
import type { KimConfig } from './config/config.js';
import { ValidationError } from './shared/errors.js';
import { HTTP_METRICS, type HttpMetrics } from './metrics/http-metrics.js';
import { enrichDocument } from './openapi/enrich-document.js';

/**
 * Builds the HTTP application on Fastify (measured here: ~5× the throughput of Express). Shared by
 * main.ts, the end-to-end tests and the benchmarks, so all of them exercise the same pipeline.
 */
export async function createApp(
  config: KimConfig,
  options: { logger?: LogLevel[] | false; docsUi?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Prototype pollution is refused outright (400), not silently stripped; JSON bodies are checked by
    // parseJsonBody below (with a field message), these settings are the second line.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => crypto.randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: options.logger ?? ['error', 'warn', 'log'],
    bufferLogs: false,
    // Nest's default parsers would also read form-encoded bodies; the API takes JSON only (below).
    bodyParser: false,
  });
  // Commands and queries speak JSON only; any other body is 415 rather than a confusing 400.
  app.getHttpAdapter().getInstance().removeContentTypeParser(['text/plain']);
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, parseJsonBody);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
  // CORS is closed unless origins are configured: the API serves back-office clients, not browsers elsewhere.
  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => rateLimitKey(request.headers.authorization, request.ip),
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
  // The console (src/console) sits beside the API at /console and calls it like any client.
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics', 'console', 'console/{*path}'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: (errors) => {
        const fields = errors.map((e) => e.property);
        const messages = errors.flatMap(function flatten(e): string[] {
          return [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(flatten)];
        });
        return new ValidationError(messages.join('; ') || 'invalid request', fields);
      },
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
