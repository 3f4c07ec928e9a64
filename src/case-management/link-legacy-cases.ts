import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import { handleInStream } from '../event-sourcing/command-handling.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import type { Stores } from '../config/stores.js';
import { EVENT_CODEC, STORES } from '../kim-core.module.js';
import type { PersonFileEvent } from '../person-file/person-file.events.js';
import { PersonFileRepository, personStream } from '../person-file/person-file.repository.js';
import { deterministicId } from '../shared/ids.js';
import type { CaseOpened } from './case.events.js';

const MIGRATION_STREAM = 'migration-caselinks';
const PAGE = 1000;

/**
 * Stores of kim-ledger v1 opened cases without telling the person's file (CaseOpenedForPerson came with
 * v2: need to know is decided on the person's stream and the cases it lists). Once per store, as soon as
 * its integrity is established, every such case is linked by appending the missing fact — nothing is rewritten — and
 * the run is recorded in `migration-caselinks`. Deterministic command ids make a crashed run repeatable.
 */
@Injectable()
export class LinkLegacyCases implements OnApplicationBootstrap {
  private readonly logger = new Logger('migration');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(STORES) private readonly stores: Stores,
    private readonly persons: PersonFileRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nothing is written to a store whose integrity is not established yet (rule 9): wait for the gate.
    const gate = this.stores.gate;
    if (gate.current.open) return this.migrate();
    const stop = gate.onChange((state) => {
      if (!state.open) return;
      stop();
      this.migrate().catch((error: unknown) =>
        this.logger.error(`linking cases of an earlier version failed: ${String(error)}`),
      );
    });
  }

  private async migrate(): Promise<void> {
    if ((await this.store.streamRevision(MIGRATION_STREAM)) !== undefined) return;
    const { linked, legacy } = await this.scan();
    // A store written by version 2 only has nothing to migrate and records nothing.
    if (legacy > 0) await this.recordCompleted(linked);
    if (linked > 0) this.logger.log(`linked ${linked} cases of an earlier version to their persons' files`);
  }

  /** Links every case of version 1 whose person's file does not list it yet; the number linked. */
  async linkAll(): Promise<number> {
    return (await this.scan()).linked;
  }

  /**
   * Version 1 cases precede every version 2 case in the log (the upgrade happens once), so the scan stops
   * at the first CaseOpened of schema 2: on a store of version 2 that is its first case.
   */
  private async scan(): Promise<{ linked: number; legacy: number }> {
    let linked = 0;
    let legacy = 0;
    let after: bigint | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        maxCount: PAGE,
        filter: { eventTypes: ['CaseOpened'] },
      });
      for (const event of page) {
        if (event.metadata.schemaVersion >= 2) return { linked, legacy };
        legacy += 1;
        linked += await this.link(event.data as CaseOpened['data'], event.metadata.occurredAt);
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.position;
    }
    return { linked, legacy };
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
