import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import { handleInStream } from '../event-sourcing/command-handling.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC } from '../kim-core.module.js';
import type { PersonFileEvent } from '../person-file/person-file.events.js';
import { PersonFileRepository, personStream } from '../person-file/person-file.repository.js';
import { deterministicId } from '../shared/ids.js';
import type { CaseOpened } from './case.events.js';

const MIGRATION_STREAM = 'migration-caselinks';
const PAGE = 1000;

/**
 * Stores of kim-ledger v1 opened cases without telling the person's file (CaseOpenedForPerson came with
 * v2: need to know is decided on the person's stream and the cases it lists). Once per store, before the
 * service serves, every such case is linked by appending the missing fact — nothing is rewritten — and
 * the run is recorded in `migration-caselinks`. Deterministic command ids make a crashed run repeatable.
 */
@Injectable()
export class LinkLegacyCases implements OnApplicationBootstrap {
  private readonly logger = new Logger('migration');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    private readonly persons: PersonFileRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.store.streamRevision(MIGRATION_STREAM)) !== undefined) return;
    // An empty store has nothing to migrate and stays empty (the demo loads only into an empty one).
    if ((await this.store.headPosition()) === undefined) return;
    const linked = await this.linkAll();
    await this.recordCompleted(linked);
    if (linked > 0) this.logger.log(`linked ${linked} cases of an earlier version to their persons' files`);
  }

  /** Links every case whose person's file does not list it yet; the number linked. */
  async linkAll(): Promise<number> {
    let linked = 0;
    let after: bigint | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        maxCount: PAGE,
        filter: { eventTypes: ['CaseOpened'] },
      });
      for (const event of page) linked += await this.link(event.data as CaseOpened['data'], event.metadata.occurredAt);
      if (page.length < PAGE) break;
      after = page.at(-1)!.position;
    }
    return linked;
  }

  private async recordCompleted(linked: number): Promise<void> {
    await this.store
      .appendToStream(
        MIGRATION_STREAM,
        [
          {
            id: deterministicId(MIGRATION_STREAM, 'completed'),
            type: 'MigrationCompleted',
            data: { migration: 'link-cases-to-person-files', linked },
            metadata: {
              schemaVersion: 2,
              commandId: deterministicId(MIGRATION_STREAM, 'completed'),
              correlationId: MIGRATION_STREAM,
              causationId: MIGRATION_STREAM,
              actor: { sub: 'kim-ledger', role: 'admin', agency: 'KI' },
              purpose: 'migration',
              occurredAt: new Date().toISOString(),
            },
          },
        ],
        'no_stream',
      )
      .catch(() => undefined); // another instance recorded it first
  }

  private async link(opened: CaseOpened['data'], at: string): Promise<number> {
    const folded = await this.persons.load(opened.personId);
    if (!folded.state.registered || folded.state.caseIds.includes(opened.caseId)) return 0;
    const envelope: CommandEnvelope = {
      commandId: deterministicId('link-legacy-case', opened.caseId),
      correlationId: MIGRATION_STREAM,
      actor: { sub: 'kim-ledger', role: 'admin', agency: 'KI' },
      purpose: 'migration',
      at,
    };
    // Decided here, not by the person-file decider: the link is a fact of the past, recorded also for a
    // restricted or erased person, whose file must still know the case.
    const fact: PersonFileEvent = {
      type: 'CaseOpenedForPerson',
      data: { personId: opened.personId, caseId: opened.caseId, openedBy: opened.openedBy },
    };
    const outcome = await handleInStream(this.store, this.codec, envelope, {
      streamName: personStream(opened.personId),
      initialState: this.persons.decider.initialState,
      evolve: this.persons.decider.evolve,
      decryptTypes: ['PersonRegistered'],
      decide: (state) => (state.caseIds.includes(opened.caseId) ? [] : [fact]),
    });
    return outcome.events.length;
  }
}
