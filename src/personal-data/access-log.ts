import { randomUUID } from 'node:crypto';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Actor } from '../shared/event-metadata.js';
import { CURRENT_SCHEMA_VERSION } from '../event-sourcing/event-codec.js';
import { StoreUnavailableError } from '../shared/errors.js';
import type { AccessDenied, PersonalDataAccessed } from './access.events.js';

export const ACCESS_LOG = Symbol('AccessLog');

export interface AccessRecord {
  actor: Actor;
  correlationId: string;
  personIds: string[];
  dataCategories: string[];
  purpose: string;
  endpoint: string;
  method: string;
  at: string;
  /** Need to know: the ground on which each person was shown (rule 6); recorded why the read was allowed. */
  grounds?: Record<string, string>;
  /** The console page behind the API call, when the console made it (issue #18). */
  page?: string;
}

/**
 * Product rule 4: every response carrying data about a person is logged BEFORE it is sent. The append
 * is awaited; if it fails, the caller's request fails (fail closed) instead of serving an unlogged read.
 */
export class AccessLog {
  constructor(private readonly store: EventStore) {}

  async recordAccess(record: AccessRecord): Promise<void> {
    if (record.personIds.length === 0) return;
    const event: PersonalDataAccessed = {
      type: 'PersonalDataAccessed',
      data: {
        personIds: [...new Set(record.personIds)],
        dataCategories: record.dataCategories,
        purpose: record.purpose,
        endpoint: record.endpoint,
        method: record.method,
        ...(record.grounds ? { grounds: record.grounds } : {}),
        ...(record.page ? { page: record.page } : {}),
      },
    };
    await this.append(`access-${record.correlationId}`, event, record);
  }

  async recordDenied(record: Omit<AccessRecord, 'dataCategories' | 'purpose'> & { status: 401 | 403; reason: string }) {
    const event: AccessDenied = {
      type: 'AccessDenied',
      data: {
        status: record.status,
        endpoint: record.endpoint,
        method: record.method,
        reason: record.reason,
        sub: record.actor.sub,
        personIds: record.personIds,
      },
    };
    await this.append(`security-${record.correlationId}`, event, { ...record, purpose: 'security' });
  }

  private async append(
    streamName: string,
    event: PersonalDataAccessed | AccessDenied,
    record: { actor: Actor; correlationId: string; at: string; purpose: string },
  ) {
    const id = randomUUID();
    try {
      await this.appendOne(streamName, id, event, record);
    } catch (error) {
      // Fail closed (rule 4): the caller's read is refused with 503, whatever the store threw.
      throw error instanceof StoreUnavailableError
        ? error
        : new StoreUnavailableError('event store', 'access log', error);
    }
  }

  private async appendOne(
    streamName: string,
    id: string,
    event: PersonalDataAccessed | AccessDenied,
    record: { actor: Actor; correlationId: string; at: string; purpose: string },
  ) {
    await this.store.appendToStream(
      streamName,
      [
        {
          id,
          type: event.type,
          data: event.data as unknown as Record<string, unknown>,
          metadata: {
            schemaVersion: CURRENT_SCHEMA_VERSION,
            commandId: id,
            correlationId: record.correlationId,
            causationId: record.correlationId,
            actor: record.actor,
            purpose: record.purpose,
            occurredAt: record.at,
          },
        },
      ],
      'any',
    );
  }
}
