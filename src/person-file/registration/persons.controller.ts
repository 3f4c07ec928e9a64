import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { RegisterPersonDto } from './person.dtos.js';
import { ReadPersonQuery } from './read-person.js';
import { RegisterPersonCommand } from './register-person.js';

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiDoc({ de: 'Person erfassen', en: 'Register a person', status: 201, ok: 'PersonCreated' })
  @Post()
  @Roles('caseworker')
  register(@Body() body: RegisterPersonDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RegisterPersonCommand(envelope, body));
  }

  @ApiDoc({ de: 'Person lesen (protokolliert)', en: 'Read a person (logged)', ok: 'Person', errors: [404, 410] })
  @Get(':id')
  @Roles('caseworker', 'privacy_officer')
  async read(@Param('id', new ParseUUIDPipe()) personId: string, @ReadCtx() reader: ReadContext) {
    const { personal, ...person } = await this.queries.execute(new ReadPersonQuery(reader, personId));
    return { ...person, ...personal };
  }
}
