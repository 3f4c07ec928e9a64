import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { PersonFileRepository } from '../person-file/person-file.repository.js';
import { Roles } from '../auth/roles.decorator.js';
import { Envelope } from '../http/request-context.js';
import { DpoReasonDto } from './audit.dtos.js';
import { ErasureService } from './erasure.service.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/persons/:id')
export class AuditPersonsController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly personFiles: PersonFileRepository,
  ) {}

  /** Art. 17 DSGVO: 409 with the reason while a retention duty holds the file. */
  @ApiDoc({ de: 'Person löschen (Art. 17 DSGVO)', en: 'Erase a person (Art. 17 GDPR)', ok: 'Erasure', errors: [409] })
  @Post('erase')
  @HttpCode(200)
  @Roles('dpo')
  erase(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.erasure.erase(envelope, personId, body.reason);
  }

  /** Art. 18 DSGVO / § 84 SGB X: transfers are refused and only the DPO may read until lifted. */
  @ApiDoc({
    de: 'Verarbeitung einschränken (Art. 18 DSGVO)',
    en: 'Restrict processing (Art. 18 GDPR)',
    ok: 'Restriction',
    errors: [409, 422],
  })
  @Post('restrict')
  @HttpCode(200)
  @Roles('dpo')
  async restrict(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    await this.personFiles.execute(envelope, personId, {
      type: 'RestrictPerson',
      data: { personId, reason: body.reason, restrictedBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId, restricted: true, at: envelope.at };
  }

  @ApiDoc({ de: 'Einschränkung aufheben', en: 'Lift a restriction', ok: 'Restriction', errors: [409, 422] })
  @Post('lift-restriction')
  @HttpCode(200)
  @Roles('dpo')
  async lift(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    await this.personFiles.execute(envelope, personId, {
      type: 'LiftPersonRestriction',
      data: { personId, reason: body.reason, liftedBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId, restricted: false, at: envelope.at };
  }
}
