import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ANOMALY_FACTS } from '../../../projections/anomalies.projection.js';
import { BREACHES } from '../../../projections/dpo-registers.projection.js';
import { handleInStream } from '../../event-sourcing/command-handling.js';
import type { CommandEnvelope, EventCodec } from '../../event-sourcing/event-codec.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { EVENT_CODEC } from '../../kim-core.module.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { NotFoundError } from '../../shared/errors.js';
import { deterministicId } from '../../shared/ids.js';
import { ReadModelsCurrent } from '../read-models-current.js';
import { decideBreachAssessment, decideBreachRecord, evolveBreach, initialBreach } from './breach.decider.js';
import type { AnomalyReviewDto, AssessBreachDto, RecordBreachDto } from './dpo-registers.dtos.js';
import { anomalyReviewStream, breachStream, type DpoRegisterEvent } from './dpo-registers.events.js';

export class ReviewAnomalyCommand extends Command<{ eventId: string; reviewed: true; breachId?: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly eventId: string,
    readonly body: AnomalyReviewDto,
  ) {
    super();
  }
}

export class RecordBreachCommand extends Command<{ breachId: string; deadline: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: RecordBreachDto,
  ) {
    super();
  }
}

export class AssessBreachCommand extends Command<{ breachId: string; status: 'assessed'; risk: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly breachId: string,
    readonly body: AssessBreachDto,
  ) {
    super();
  }
}

/** The anomaly must exist in the DPO's view (a read model, waited for); the review is the DPO's own fact. */
@CommandHandler(ReviewAnomalyCommand)
export class ReviewAnomalyHandler implements ICommandHandler<ReviewAnomalyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  async execute({ envelope, eventId, body }: ReviewAnomalyCommand) {
    await this.current.await();
    const page = await this.readStore.find(ANOMALY_FACTS, { filter: { eventId }, limit: 1 });
    if (page.items.length === 0) throw new NotFoundError(`anomaly ${eventId} not found`);
    if (body.breachId && !(await this.readStore.get(BREACHES, body.breachId))) {
      throw new NotFoundError(`breach ${body.breachId} not found`);
    }
    const link = body.breachId ? { breachId: body.breachId } : {};
    await handleInStream<undefined, DpoRegisterEvent>(this.store, this.codec, envelope, {
      streamName: anomalyReviewStream(eventId),
      initialState: () => undefined,
      evolve: (state) => state,
      decide: () => [
        { type: 'AnomalyReviewed', data: { eventId, note: body.note, reviewedBy: envelope.actor.sub, ...link } },
      ],
    });
    return { eventId, reviewed: true as const, ...link };
  }
}

@CommandHandler(RecordBreachCommand)
export class RecordBreachHandler implements ICommandHandler<RecordBreachCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
  ) {}

  async execute({ envelope, body }: RecordBreachCommand) {
    const breachId = deterministicId(envelope.commandId, 'breach');
    await handleInStream(this.store, this.codec, envelope, {
      streamName: breachStream(breachId),
      initialState: initialBreach,
      evolve: evolveBreach,
      decide: (state) =>
        decideBreachRecord(
          {
            breachId,
            discoveredAt: body.discoveredAt,
            description: body.description,
            anomalyEventIds: body.anomalyEventIds ?? [],
            ...(body.personCount !== undefined ? { personCount: body.personCount } : {}),
            recordedBy: envelope.actor.sub,
          },
          state,
          envelope.at,
        ),
    });
    return { breachId, deadline: new Date(Date.parse(body.discoveredAt) + 72 * 3_600_000).toISOString() };
  }
}

@CommandHandler(AssessBreachCommand)
export class AssessBreachHandler implements ICommandHandler<AssessBreachCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
  ) {}

  async execute({ envelope, breachId, body }: AssessBreachCommand) {
    await handleInStream(this.store, this.codec, envelope, {
      streamName: breachStream(breachId),
      initialState: initialBreach,
      evolve: evolveBreach,
      decide: (state) => decideBreachAssessment({ breachId, ...body, assessedBy: envelope.actor.sub }, state),
    });
    return { breachId, status: 'assessed' as const, risk: body.risk };
  }
}

export const DPO_REGISTER_HANDLERS = [ReviewAnomalyHandler, RecordBreachHandler, AssessBreachHandler];
