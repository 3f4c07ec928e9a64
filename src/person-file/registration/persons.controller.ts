import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PersonDoc } from '../../../projections/persons.projection.js';
import { PERSONS } from '../../../projections/persons.projection.js';
import { ACCESS_LOG, type AccessLog } from '../../personal-data/access-log.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonFileService } from '../person-file.service.js';
import { PERSONAL_DATA_PROTECTOR, type PersonalDataProtector } from '../../event-sourcing/personal-data-protector.js';
import { Roles } from '../../auth/roles.decorator.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { assertMaySeePerson } from '../../personal-data/need-to-know.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { deterministicId } from '../../shared/ids.js';
import { RegisterPersonDto } from './person.dtos.js';

export const PERSON_CATEGORIES = ['identity', 'residence-status', 'language-skills'];

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly personFiles: PersonFileService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PERSONAL_DATA_PROTECTOR) private readonly protector: PersonalDataProtector,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {}

  @Post()
  @Roles('caseworker')
  async register(@Body() body: RegisterPersonDto, @Envelope() envelope: CommandEnvelope) {
    const personId = deterministicId(envelope.commandId, 'person');
    await this.personFiles.execute(envelope, personId, {
      type: 'RegisterPerson',
      data: { ...body, personId, registeredBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId };
  }

  @Get(':id')
  @Roles('caseworker', 'dpo')
  async read(@Param('id', new ParseUUIDPipe()) personId: string, @ReadCtx() read: ReadContext) {
    const doc = assertMaySeePerson(read.user, await this.readStore.get<PersonDoc>(PERSONS, personId), personId);
    const { personal } = await this.protector.decryptEventData({ personId, personal: doc.personal });
    await this.accessLog.recordAccess({ ...read, personIds: [personId], dataCategories: PERSON_CATEGORIES });
    return {
      personId,
      ...(personal as Record<string, unknown>),
      municipality: doc.municipality,
      registeredAt: doc.registeredAt,
      caseIds: doc.caseIds,
      restricted: doc.restricted,
      erased: doc.erased,
    };
  }
}
