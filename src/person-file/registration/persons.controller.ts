import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

  @Post()
  @Roles('caseworker')
  register(@Body() body: RegisterPersonDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RegisterPersonCommand(envelope, body));
  }

  @Get(':id')
  @Roles('caseworker', 'privacy_officer')
  async read(@Param('id', new ParseUUIDPipe()) personId: string, @ReadCtx() reader: ReadContext) {
    const { personal, ...person } = await this.queries.execute(new ReadPersonQuery(reader, personId));
    return { ...person, ...personal };
  }
}
