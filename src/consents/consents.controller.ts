import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CONSENTS, type ConsentDoc } from '../../projections/consents.projection.js';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
import type { CommandEnvelope } from '../application/event-codec.js';
import { PersonFileService } from '../application/person-file.service.js';
import { PERSONAL_DATA_PROTECTOR, type PersonalDataProtector } from '../application/personal-data-protector.js';
import { Roles } from '../auth/roles.decorator.js';
import { Envelope, ReadCtx, User, type ReadContext, type RequestUser } from '../http/request-context.js';
import { assertMaySeePerson } from '../need-to-know/need-to-know.js';
import { ReasonDto } from '../persons/person.dtos.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ValidationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import { GrantConsentDto } from './consent.dtos.js';
import { consentStatus } from './consent.rules.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** Einwilligungen: record, refuse, withdraw, list with status (§ 67b SGB X, Art. 7 DSGVO). */
@ApiTags('consents')
@ApiBearerAuth()
@Controller('persons/:personId/consents')
export class ConsentsController {
  constructor(
    private readonly personFiles: PersonFileService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PERSONAL_DATA_PROTECTOR) private readonly protector: PersonalDataProtector,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {}

  @ApiDoc({ de: 'Einwilligung erfassen', en: 'Record a consent', status: 201, ok: 'ConsentCreated', errors: [409, 422] })
  @Post()
  @Roles('caseworker')
  async grant(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Body() body: GrantConsentDto,
    @Envelope() envelope: CommandEnvelope,
    @User() user: RequestUser,
  ) {
    await this.assertCaseworkerMaySee(user, personId);
    const consentId = deterministicId(envelope.commandId, 'consent');
    const common = {
      personId,
      consentId,
      recipients: body.recipients,
      dataCategories: body.dataCategories,
      purposes: body.purposes,
      declaredBy: body.declaredBy ?? 'person',
      ...(body.representativeName ? { representativeName: body.representativeName } : {}),
      interpreterPresent: body.interpreterPresent ?? false,
      recordedBy: envelope.actor.sub,
      at: envelope.at,
    };
    if (body.refused) {
      await this.personFiles.execute(envelope, personId, { type: 'RefuseConsent', data: common });
      return { consentId, refused: true };
    }
    if (!body.validUntil) throw new ValidationError('validUntil is required for a consent', ['validUntil']);
    if (!body.evidence) throw new ValidationError('evidence is required for a consent (signed form or electronic declaration)', ['evidence']);
    await this.personFiles.execute(envelope, personId, {
      type: 'GrantConsent',
      data: { ...common, validUntil: body.validUntil, mutual: body.mutual ?? false, evidence: body.evidence },
    });
    return { consentId };
  }

  @ApiDoc({ de: 'Einwilligung widerrufen', en: 'Withdraw a consent', ok: 'ConsentWithdrawn', errors: [409] })
  @Post(':consentId/withdraw')
  @HttpCode(200)
  @Roles('caseworker')
  async withdraw(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
    @Body() body: ReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @User() user: RequestUser,
  ) {
    await this.assertCaseworkerMaySee(user, personId);
    await this.personFiles.execute(envelope, personId, {
      type: 'WithdrawConsent',
      data: { personId, consentId, reason: body.reason, withdrawnBy: envelope.actor.sub, at: envelope.at },
    });
    return { consentId, status: 'withdrawn', withdrawnAt: envelope.at };
  }

  @ApiDoc({ de: 'Einwilligungen einer Person (protokolliert)', en: 'Consents of a person (logged)', ok: 'ConsentList' })
  @Get()
  @Roles('caseworker', 'dpo')
  async list(@Param('personId', new ParseUUIDPipe()) personId: string, @ReadCtx() read: ReadContext) {
    assertMaySeePerson(read.user, await this.readStore.get<PersonDoc>(PERSONS, personId), personId);
    const page = await this.readStore.find<ConsentDoc>(CONSENTS, {
      filter: { personId },
      sort: { field: 'validFrom', direction: 'asc' },
      limit: 500,
    });
    const consents = await Promise.all(
      page.items.map(async ({ personal, withdrawalPersonal, ...consent }) => ({
        ...consent,
        status: consent.kind === 'refused' ? 'refused' : consentStatus({ ...consent, validUntil: consent.validUntil! }, read.at),
        evidence: (await this.protector.decryptEventData({ personId, personal })).personal,
        ...(withdrawalPersonal ? { withdrawal: (await this.protector.decryptEventData({ personId, personal: withdrawalPersonal })).personal } : {}),
      })),
    );
    await this.accessLog.recordAccess({ ...read, personIds: [personId], dataCategories: ['consents'] });
    return { personId, consents };
  }

  private async assertCaseworkerMaySee(user: RequestUser, personId: string) {
    assertMaySeePerson(user, await this.readStore.get<PersonDoc>(PERSONS, personId), personId);
  }
}
