import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { EVENT_CODEC } from '../../kim-core.module.js';
import type { EventCodec } from '../../event-sourcing/event-codec.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { NameIndex } from '../../personal-data/name-index.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import type { PersonFileEvent } from '../person-file.events.js';
import { PersonFileRepository, personStream } from '../person-file.repository.js';
import type { UpdatePersonDto } from './person.dtos.js';

export class UpdatePersonCommand extends Command<{ personId: string; recorded: string[] }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly body: UpdatePersonDto,
  ) {
    super();
  }
}

const NAME_FIELDS = ['givenName', 'familyName', 'dateOfBirth'];

/**
 * PATCH /persons/{id}: a caseworker with need to know (not while restricted: Art. 18 binds them), or the
 * privacy officer on a request (also while restricted: verifying accuracy ends a restriction of Art.
 * 18(1)(a)). A corrected name or date of birth is re-indexed for the duplicate and findings checks.
 */
@CommandHandler(UpdatePersonCommand)
export class UpdatePersonHandler implements ICommandHandler<UpdatePersonCommand> {
  constructor(
    private readonly files: PersonFileRepository,
    private readonly access: PersonAccess,
    private readonly names: NameIndex,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
  ) {}

  async execute({ envelope, personId, body }: UpdatePersonCommand) {
    await this.access.requireForCommand(envelope.actor, personId, envelope.at, {
      whileRestricted: envelope.actor.role === 'privacy_officer',
    });
    const { reason, requestId, residence, rechtskreis, disputed, ...changes } = body;
    const outcome = await this.files.execute(envelope, personId, {
      type: 'UpdatePersonData',
      data: {
        personId,
        reason,
        updatedBy: envelope.actor.sub,
        ...(requestId ? { requestId } : {}),
        changes,
        ...(residence ? { residence } : {}),
        ...(rechtskreis !== undefined ? { rechtskreis } : {}),
        ...(disputed ? { disputed } : {}),
        at: envelope.at,
      },
    });
    if (Object.keys(changes).some((f) => NAME_FIELDS.includes(f))) await this.reindex(personId);
    return { personId, recorded: outcome.events.map((e) => e.type) };
  }

  /** The current names: registration, then each rectification in order. */
  private async reindex(personId: string) {
    const current: Record<string, unknown> = {};
    for (const recorded of await this.events.readStream(personStream(personId))) {
      if (recorded.type !== 'PersonRegistered' && recorded.type !== 'PersonDataRectified') continue;
      const event = (await this.codec.decode(recorded)) as PersonFileEvent;
      if (event.type === 'PersonRegistered') Object.assign(current, event.data.personal);
      if (event.type === 'PersonDataRectified') Object.assign(current, event.data.personal?.changes);
    }
    const { givenName, familyName, dateOfBirth } = current as Record<string, string>;
    if (givenName && familyName && dateOfBirth)
      await this.names.index(personId, { givenName, familyName, dateOfBirth });
  }
}
