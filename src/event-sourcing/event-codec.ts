import type { NewEvent, RecordedEvent } from '../event-store/event-store.port.js';
import type { DomainEvent } from '../shared/decider.js';
import type { EventMetadata } from '../shared/event-metadata.js';
import { deterministicId } from '../shared/ids.js';
import type { PersonalDataProtector } from './personal-data-protector.js';

/**
 * Version 2 (kim-ledger v2): CaseClosed carries `closedAt`. Version 3 (issues 14 and 16): transfers carry the
 * legal-basis verdict (row, norm, conditions) and the request; consents the `informed` block; CaseOpened carries
 * `openedOn`. Version 4 (issue 14 item 5): PersonRegistered carries the participation basis; consents and case
 * actions may carry provenance tags. Older events are upcast when read (case.upcasters.ts,
 * person-file.upcasters.ts).
 */
export const CURRENT_SCHEMA_VERSION = 4;

/**
 * Upcasters turn the data of an old schema version into the current shape when read, so stored events
 * are never rewritten. Keyed by event type; applied while `schemaVersion` is below the current one.
 */
export type Upcaster = (
  data: Record<string, unknown>,
  fromVersion: number,
  recorded: RecordedEvent,
) => Record<string, unknown>;

export interface CommandEnvelope {
  commandId: string;
  correlationId: string;
  actor: EventMetadata['actor'];
  purpose?: string;
  /** ISO time the command was accepted; the decider's notion of "now". */
  at: string;
}

/** Translates domain events to stored events and back, encrypting personal data on the way in. */
export class EventCodec {
  constructor(
    private readonly protector: PersonalDataProtector,
    private readonly upcasters: Partial<Record<string, Upcaster>> = {},
  ) {}

  async encode(
    events: readonly DomainEvent[],
    streamName: string,
    command: CommandEnvelope,
    extra: { legalBasis?: string; occurredAt?: (event: DomainEvent) => string | undefined } = {},
  ): Promise<NewEvent[]> {
    return Promise.all(
      events.map(async (event, index) => {
        const data = event.data as Record<string, unknown>;
        const legalBasis = extra.legalBasis ?? (typeof data.legalBasis === 'string' ? data.legalBasis : undefined);
        const metadata: EventMetadata = {
          schemaVersion: CURRENT_SCHEMA_VERSION,
          commandId: command.commandId,
          correlationId: command.correlationId,
          causationId: command.commandId,
          actor: command.actor,
          ...(command.purpose ? { purpose: command.purpose } : {}),
          ...(legalBasis ? { legalBasis } : {}),
          occurredAt: extra.occurredAt?.(event) ?? command.at,
        };
        return {
          // Derived from the command: a retried command produces the very same event ids.
          id: deterministicId(command.commandId, streamName, String(index)),
          type: event.type,
          data: await this.protector.encryptEventData(data),
          metadata,
        };
      }),
    );
  }

  /**
   * `decrypt: false` leaves `personal` as ciphertext: deciding rarely needs personal data, and skipping
   * the decryption keeps loading a long stream cheap.
   */
  async decode<E extends DomainEvent>(recorded: RecordedEvent, options: { decrypt?: boolean } = {}): Promise<E> {
    let data = options.decrypt === false ? recorded.data : await this.protector.decryptEventData(recorded.data);
    const upcast = this.upcasters[recorded.type];
    if (upcast && recorded.metadata.schemaVersion < CURRENT_SCHEMA_VERSION) {
      data = upcast(data, recorded.metadata.schemaVersion, recorded);
    }
    return { type: recorded.type, data } as E;
  }
}
