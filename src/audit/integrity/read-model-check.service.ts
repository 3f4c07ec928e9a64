import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../../projections/projection.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { PROJECTIONS } from '../../projection-runner/projection-runner.tokens.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { checkReadModels, type ReadModelCheck } from './read-model-check.js';

/** The admin endpoint's side of `kim verify --read-models`; one check at a time (it costs a rebuild). */
@Injectable()
export class ReadModelCheckService {
  private running?: Promise<ReadModelCheck>;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTIONS) private readonly projections: readonly ProjectionDefinition[],
  ) {}

  check(): Promise<ReadModelCheck> {
    this.running ??= checkReadModels({
      eventStore: this.eventStore,
      readStore: this.readStore,
      projections: this.projections,
    }).finally(() => (this.running = undefined));
    return this.running;
  }
}
