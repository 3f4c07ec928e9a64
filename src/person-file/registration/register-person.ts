import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { deterministicId } from '../../shared/ids.js';
import { NameIndex } from '../../personal-data/name-index.js';
import { PersonFileRepository } from '../person-file.repository.js';
import type { RegisterPersonDto } from './person.dtos.js';

export class RegisterPersonCommand extends Command<{ personId: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: RegisterPersonDto,
  ) {
    super();
  }
}

/** POST /persons: the registering caseworker sees the person until a case of theirs is assigned (rule 6). */
@CommandHandler(RegisterPersonCommand)
export class RegisterPersonHandler implements ICommandHandler<RegisterPersonCommand> {
  constructor(
    private readonly files: PersonFileRepository,
    private readonly names: NameIndex,
  ) {}

  async execute({ envelope, body }: RegisterPersonCommand) {
    const personId = deterministicId(envelope.commandId, 'person');
    const outcome = await this.files.execute(envelope, personId, {
      type: 'RegisterPerson',
      data: { ...body, personId, registeredBy: envelope.actor.sub, at: envelope.at },
    });
    const registered = outcome.events.find((e) => e.type === 'PersonRegistered');
    // For the duplicate check and the findings check; a replayed registration indexes the same tokens again.
    await this.names.index(personId, body);
    return { personId: registered?.data.personId ?? personId };
  }
}
