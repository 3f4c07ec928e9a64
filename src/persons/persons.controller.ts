import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PersonDoc } from '../../projections/persons.projection.js';
import { PERSONS } from '../../projections/persons.projection.js';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
import type { CommandEnvelope } from '../application/event-codec.js';
import { PersonFileService } from '../application/person-file.service.js';
import { PERSONAL_DATA_PROTECTOR, type PersonalDataProtector } from '../application/personal-data-protector.js';
import { Roles } from '../auth/roles.decorator.js';
import { Envelope, ReadCtx, type ReadContext } from '../http/request-context.js';
import { assertMaySeePerson } from '../need-to-know/need-to-know.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { deterministicId } from '../shared/ids.js';
import { RegisterPersonDto } from './person.dtos.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

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

  @ApiDoc({ de: 'Person erfassen', en: 'Register a person', status: 201, ok: 'PersonCreated' })
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

  @ApiDoc({ de: 'Person lesen (protokolliert)', en: 'Read a person (logged)', ok: 'Person' })
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
