import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { personStream } from '../person-file/person-file.repository.js';
import type { LoadedAccessFacts } from '../personal-data/person-access.js';
import { PersonAccess } from '../personal-data/person-access.js';
import { NotFoundError } from '../shared/errors.js';
import type { RetentionFacts } from './retention.js';

/**
 * Retention facts from the event log: the person's folded stream, the streams of the cases it lists, and
 * the registration time (PersonRegistered's metadata, read without decrypting anything).
 */
@Injectable()
export class RetentionFactsLoader {
  constructor(
    private readonly access: PersonAccess,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async load(personId: string): Promise<{ facts: RetentionFacts; file: LoadedAccessFacts }> {
    const file = await this.access.facts(personId);
    if (!file.person.registered) throw new NotFoundError(`person ${personId} not found`);
    const [first] = await this.events.readStream(personStream(personId), { maxCount: 1 });
    return {
      file,
      facts: {
        personId,
        registeredAt: first!.metadata.occurredAt,
        erased: file.person.erased,
        ...(file.person.litigationHold !== undefined ? { litigationHold: file.person.litigationHold } : {}),
        cases: [...file.cases.entries()].map(([caseId, c]) => ({
          caseId,
          status: c.status,
          ...(c.closedAt ? { closedAt: c.closedAt } : {}),
        })),
      },
    };
  }
}
