import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonFileRepository } from '../../person-file/person-file.repository.js';
import { NotFoundError } from '../../shared/errors.js';
import { deterministicId } from '../../shared/ids.js';
import { RightsRequestRepository } from './rights-request.repository.js';
import type { RegisterRightsRequestDto } from './rights-requests.dtos.js';
import type { RightsRequestOutcome } from './rights-request.events.js';

type RequestState = { requestId: string; status: 'none' | 'open' | 'closed'; dueOn: string | undefined };

export class RegisterRightsRequestCommand extends Command<{ requestId: string; dueOn: string | undefined }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: RegisterRightsRequestDto,
  ) {
    super();
  }
}

export class ExtendRightsRequestCommand extends Command<RequestState> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly requestId: string,
    readonly months: number,
    readonly reason: string,
  ) {
    super();
  }
}

export class CloseRightsRequestCommand extends Command<RequestState> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly requestId: string,
    readonly outcome: RightsRequestOutcome,
  ) {
    super();
  }
}

/** A request about an erased person can still be registered (e.g. asking whether the erasure happened). */
@CommandHandler(RegisterRightsRequestCommand)
export class RegisterRightsRequestHandler implements ICommandHandler<RegisterRightsRequestCommand> {
  constructor(
    private readonly requests: RightsRequestRepository,
    private readonly persons: PersonFileRepository,
  ) {}

  async execute({ envelope, body }: RegisterRightsRequestCommand) {
    const person = await this.persons.load(body.personId);
    if (!person.state.registered) throw new NotFoundError(`person ${body.personId} not found`);
    const requestId = deterministicId(envelope.commandId, 'rights-request');
    await this.requests.execute(envelope, requestId, {
      type: 'RegisterRightsRequest',
      data: { requestId, ...body, registeredBy: envelope.actor.sub, at: envelope.at },
    });
    return { requestId, dueOn: (await this.requests.load(requestId)).state.dueOn };
  }
}

@CommandHandler(ExtendRightsRequestCommand)
export class ExtendRightsRequestHandler implements ICommandHandler<ExtendRightsRequestCommand> {
  constructor(private readonly requests: RightsRequestRepository) {}

  async execute({ envelope, requestId, months, reason }: ExtendRightsRequestCommand) {
    await this.requests.execute(envelope, requestId, {
      type: 'ExtendRightsRequest',
      data: { requestId, months, reason, extendedBy: envelope.actor.sub, at: envelope.at },
    });
    const { state } = await this.requests.load(requestId);
    return { requestId, status: state.status, dueOn: state.dueOn };
  }
}

@CommandHandler(CloseRightsRequestCommand)
export class CloseRightsRequestHandler implements ICommandHandler<CloseRightsRequestCommand> {
  constructor(private readonly requests: RightsRequestRepository) {}

  async execute({ envelope, requestId, outcome }: CloseRightsRequestCommand) {
    await this.requests.execute(envelope, requestId, {
      type: 'CloseRightsRequest',
      data: { requestId, outcome, closedBy: envelope.actor.sub, at: envelope.at },
    });
    const { state } = await this.requests.load(requestId);
    return { requestId, status: state.status, dueOn: state.dueOn };
  }
}

export const RIGHTS_REQUEST_HANDLERS = [
  RegisterRightsRequestHandler,
  ExtendRightsRequestHandler,
  CloseRightsRequestHandler,
];
