import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { AssessBreachCommand, RecordBreachCommand, ReviewAnomalyCommand } from './dpo-register-commands.js';
import type { FastifyReply } from 'fastify';
import { loadCatalogue } from '../../catalogue/catalogue.loader.js';
import { loadLegalBasisMatrix } from '../../legal-basis/legal-basis.loader.js';
import { controllerInfoFromEnv } from '../../privacy/art15/controller-info.js';
import { RETENTION_POLICY, type RetentionPolicy } from '../../retention/retention-policy.js';
import { ReportQueryDto } from '../audit.dtos.js';
import { recordOfProcessing } from './record-of-processing.js';
import { recordOfProcessingHtml } from './record-of-processing.html.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BREACHES, type BreachDoc } from '../../../projections/dpo-registers.projection.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { readAll } from '../../reports/read-all.js';
import { ReadModelsCurrent } from '../read-models-current.js';
import { AnomalyReviewDto, AssessBreachDto, RecordBreachDto } from './dpo-registers.dtos.js';

/**
 * The DPO's registers (issue 15 item 10): anomalies marked reviewed with a note, and the breach register
 * (Art. 33 DSGVO) with its 72-hour clock. The DPO documents (review, breach record); the controller's
 * decision — risk and notification — is the privacy officer's (Art. 38(6): the DPO decides no processing).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class DpoRegistersController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  @ApiDoc({
    de: 'Auffälligkeit als geprüft markieren',
    en: 'Mark an anomaly reviewed',
    ok: 'AnomalyReview',
    errors: [404],
  })
  @Post('anomalies/:eventId/review')
  @HttpCode(200)
  @Roles('dpo')
  review(
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Body() body: AnomalyReviewDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new ReviewAnomalyCommand(envelope, eventId, body));
  }

  @ApiDoc({
    de: 'Datenschutzverletzung erfassen (Art. 33 DSGVO)',
    en: 'Record a personal data breach (Art. 33 GDPR)',
    ok: 'BreachCreated',
    status: 201,
  })
  @Post('breaches')
  @Roles('dpo', 'privacy_officer')
  recordBreach(@Body() body: RecordBreachDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RecordBreachCommand(envelope, body));
  }

  @ApiDoc({
    de: 'Datenschutzverletzung bewerten und Meldung erfassen',
    en: 'Assess a breach and record its notification',
    ok: 'BreachState',
    errors: [409],
  })
  @Post('breaches/:breachId/assess')
  @HttpCode(200)
  @Roles('privacy_officer')
  assess(
    @Param('breachId', new ParseUUIDPipe()) breachId: string,
    @Body() body: AssessBreachDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new AssessBreachCommand(envelope, breachId, body));
  }

  /** Art. 30 DSGVO, German, generated from the configuration in force (catalogue, matrix, retention). */
  @ApiDoc({
    de: 'Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)',
    en: 'Record of processing activities (Art. 30 GDPR)',
    ok: 'RecordOfProcessing',
  })
  @Get('record-of-processing')
  @Roles('dpo', 'privacy_officer')
  @ApiProduces('application/json', 'text/html')
  recordOfProcessing(
    @Query() query: ReportQueryDto,
    @ReadCtx() reader: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const catalogue = loadCatalogue(process.env);
    const record = recordOfProcessing(
      catalogue,
      loadLegalBasisMatrix(catalogue, process.env),
      this.policy,
      controllerInfoFromEnv(process.env),
      Number(process.env.KIM_ACCESS_LOG_MONTHS ?? 24),
      reader.at,
    );
    if (query.format !== 'html') return record;
    void reply.header('content-type', 'text/html; charset=utf-8');
    return recordOfProcessingHtml(record);
  }

  /** The register with the 72-hour clock: open breaches past their deadline are `overdue`. */
  @ApiDoc({ de: 'Register der Datenschutzverletzungen', en: 'Breach register', ok: 'Breaches' })
  @Get('breaches')
  @Roles('dpo', 'privacy_officer')
  async breaches(@ReadCtx() reader: ReadContext) {
    await this.current.await();
    const now = Date.parse(reader.at);
    const items = (await readAll<BreachDoc>(this.readStore, BREACHES))
      .sort((a, b) => b.discoveredAt.localeCompare(a.discoveredAt))
      .map((b) => ({
        ...b,
        hoursLeft: b.status === 'open' ? Math.floor((Date.parse(b.deadline) - now) / 3_600_000) : null,
        overdue: b.status === 'open' && Date.parse(b.deadline) < now,
      }));
    return { items };
  }
}
