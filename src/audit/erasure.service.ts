import { Inject, Injectable } from '@nestjs/common';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { PersonFileRepository, personStream } from '../person-file/person-file.repository.js';
import { PERSONAL_DATA_CIPHER, type PersonalDataCipher } from '../crypto/personal-data.cipher.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { RETENTION_POLICY, type RetentionPolicy } from '../retention/retention-policy.js';
import { legalHoldOf } from '../retention/retention.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import type { PersonErased } from '../person-file/person-file.events.js';
import { compactReadStore } from './read-store-compaction.js';
import { ReadModelsCurrent } from './read-models-current.js';

export interface ErasureResult {
  personId: string;
  erasedAt: string;
  /** Agencies that received the person's data earlier and must be told (Art. 19 DSGVO). */
  recipientsToNotify: string[];
}

/**
 * Art. 17 DSGVO by crypto-shredding: PersonErased is stored first (the pseudonymous fact and the
 * recipients to notify), then the person's key is destroyed, then the read store's WAL is truncated so
 * no copy of the wrapped key lingers on disk. A crash between the steps is repaired by asking again:
 * an already recorded erasure is completed (shred and compaction are idempotent), not refused.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly personFiles: PersonFileRepository,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
    private readonly current: ReadModelsCurrent,
  ) {}

  async erase(envelope: CommandEnvelope, personId: string, reason: string): Promise<ErasureResult> {
    const earlier = await this.recordedErasure(personId);
    if (earlier) return this.complete(personId, earlier);
    // The legal hold is judged on the read models: let them include every case action and transfer first.
    await this.current.await();
    const person = await this.readStore.get<PersonDoc>(PERSONS, personId);
    if (!person) throw new NotFoundError(`person ${personId} not found`);
    const hold = await legalHoldOf(this.readStore, this.policy, personId, new Date(envelope.at));
    if (hold) throw new ConflictError(hold);
    const outcome = await this.personFiles.execute(envelope, personId, {
      type: 'ErasePerson',
      data: { personId, reason, erasedBy: envelope.actor.sub, at: envelope.at },
    });
    const erased = outcome.events.find((e): e is PersonErased => e.type === 'PersonErased');
    if (!erased) throw new Error('erasure produced no PersonErased event');
    return this.complete(personId, { erasedAt: envelope.at, recipientsToNotify: erased.data.recipientsToNotify });
  }

  private async complete(personId: string, erasure: Omit<ErasureResult, 'personId'>): Promise<ErasureResult> {
    await this.cipher.shred(personId);
    await compactReadStore(this.readStore);
    return { personId, ...erasure };
  }

  /** PersonErased carries no personal data, so it is read without the codec (the key may be gone already). */
  private async recordedErasure(personId: string): Promise<Omit<ErasureResult, 'personId'> | undefined> {
    const stream = await this.events.readStream(personStream(personId));
    const event = stream.find((e) => e.type === 'PersonErased');
    if (!event) return undefined;
    const data = event.data as PersonErased['data'];
    return { erasedAt: event.metadata.occurredAt, recipientsToNotify: data.recipientsToNotify };
  }
}
