import { Inject, Injectable } from '@nestjs/common';
import { ERASURES, type ErasureDoc } from '../../projections/erasures.projection.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { PersonFileRepository, personStream } from '../person-file/person-file.repository.js';
import { PERSONAL_DATA_CIPHER, type PersonalDataCipher } from '../crypto/personal-data.cipher.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { RETENTION_POLICY, type RetentionPolicy } from '../retention/retention-policy.js';
import { RetentionFactsLoader } from '../retention/retention-facts.js';
import { holdsOf } from '../retention/retention.js';
import { deterministicId } from '../shared/ids.js';
import { NotFoundError } from '../shared/errors.js';
import type { PersonErased } from '../person-file/person-file.events.js';
import { compactReadStore } from './read-store-compaction.js';
import { ReadModelsCurrent } from './read-models-current.js';
import { NameIndex } from '../personal-data/name-index.js';
import { FindingsService } from '../findings/findings.service.js';

export interface ErasureResult {
  personId: string;
  erasedAt: string;
  /** Agencies that received the person's data earlier and must be told (Art. 19 DSGVO). */
  recipientsToNotify: string[];
}

/**
 * Art. 17 DSGVO by crypto-shredding, with four eyes (product rule 8): a privacy officer requests
 * (ErasureRequested), another privacy officer or a team lead approves; PersonErased is stored first, then
 * the person's key is destroyed, then the read store's WAL is truncated so no copy of the wrapped key
 * lingers on disk. Holds are judged on the person's events at each step. A crash between the steps is
 * repaired by asking again: a recorded erasure is completed (shred and compaction are idempotent).
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly personFiles: PersonFileRepository,
    private readonly retentionFacts: RetentionFactsLoader,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
    private readonly current: ReadModelsCurrent,
    private readonly names: NameIndex,
    private readonly findings: FindingsService,
  ) {}

  /** The county's own duties at this moment, from the person's and their cases' events. */
  async holds(personId: string, at: string): Promise<string[]> {
    const { facts } = await this.retentionFacts.load(personId);
    return holdsOf(this.policy, facts, at);
  }

  async request(envelope: CommandEnvelope, personId: string, body: { reason: string; requestId?: string }) {
    const erasureId = deterministicId(envelope.commandId, 'erasure', personId);
    await this.personFiles.execute(envelope, personId, {
      type: 'RequestErasure',
      data: {
        personId,
        erasureId,
        reason: body.reason,
        requestedBy: envelope.actor.sub,
        ...(body.requestId ? { requestId: body.requestId } : {}),
        holds: await this.holds(personId, envelope.at),
        at: envelope.at,
      },
    });
    return { erasureId, personId, status: 'awaiting-approval' as const };
  }

  async approve(envelope: CommandEnvelope, erasureId: string) {
    const personId = await this.personOf(erasureId);
    const earlier = await this.recordedErasure(personId);
    if (earlier?.erasureId === erasureId)
      return { erasureId, status: 'erased', ...(await this.complete(envelope, personId, earlier)) };
    const outcome = await this.personFiles.execute(envelope, personId, {
      type: 'ApproveErasure',
      data: {
        personId,
        erasureId,
        decidedBy: envelope.actor.sub,
        holds: await this.holds(personId, envelope.at),
        at: envelope.at,
      },
    });
    const erased = outcome.events.find((e): e is PersonErased => e.type === 'PersonErased');
    if (!erased) throw new Error('an approved erasure produced no PersonErased event');
    const result = await this.complete(envelope, personId, {
      erasedAt: envelope.at,
      recipientsToNotify: erased.data.recipientsToNotify,
    });
    return { erasureId, status: 'erased' as const, ...result };
  }

  async reject(envelope: CommandEnvelope, erasureId: string, reason: string) {
    const personId = await this.personOf(erasureId);
    await this.personFiles.execute(envelope, personId, {
      type: 'RejectErasure',
      data: { personId, erasureId, decidedBy: envelope.actor.sub, reason, holds: [], at: envelope.at },
    });
    return { erasureId, personId, status: 'rejected' as const };
  }

  /**
   * The retention run (`kim retention`) after the archive declined the file (§ 10 ArchivG NRW): the
   * county's deletion policy decided, so no second person is asked; the run checks the holds itself.
   */
  async eraseExpired(envelope: CommandEnvelope, personId: string, reason: string): Promise<ErasureResult> {
    const earlier = await this.recordedErasure(personId);
    if (earlier) return this.complete(envelope, personId, earlier);
    const outcome = await this.personFiles.execute(envelope, personId, {
      type: 'ErasePerson',
      data: { personId, reason, erasedBy: envelope.actor.sub, at: envelope.at },
    });
    const erased = outcome.events.find((e): e is PersonErased => e.type === 'PersonErased');
    if (!erased) throw new Error('erasure produced no PersonErased event');
    return this.complete(envelope, personId, {
      erasedAt: envelope.at,
      recipientsToNotify: erased.data.recipientsToNotify,
    });
  }

  /** The erasures read model only locates the person; if it lags behind the request, it is waited for once. */
  private async personOf(erasureId: string): Promise<string> {
    let doc = await this.readStore.get<ErasureDoc>(ERASURES, erasureId);
    if (!doc) {
      await this.current.await();
      doc = await this.readStore.get<ErasureDoc>(ERASURES, erasureId);
    }
    if (!doc) throw new NotFoundError(`erasure ${erasureId} not found`);
    return doc.personId;
  }

  private async complete(
    envelope: CommandEnvelope,
    personId: string,
    erasure: Omit<ErasureResult, 'personId'>,
  ): Promise<ErasureResult> {
    // Findings that named the person lose the name (issue 15 item 8), found with the person's name tokens;
    // then the tokens go, before the shred, so the key store's compaction takes them along.
    await this.findings.redactPerson(envelope, personId);
    await this.names.remove(personId);
    await this.cipher.shred(personId);
    await compactReadStore(this.readStore);
    return { personId, erasedAt: erasure.erasedAt, recipientsToNotify: erasure.recipientsToNotify };
  }

  /** PersonErased carries no personal data, so it is read without the codec (the key may be gone already). */
  private async recordedErasure(
    personId: string,
  ): Promise<(Omit<ErasureResult, 'personId'> & { erasureId?: string }) | undefined> {
    const stream = await this.events.readStream(personStream(personId));
    const event = stream.find((e) => e.type === 'PersonErased');
    if (!event) return undefined;
    const data = event.data as PersonErased['data'];
    return {
      erasedAt: event.metadata.occurredAt,
      recipientsToNotify: data.recipientsToNotify,
      ...(data.erasureId ? { erasureId: data.erasureId } : {}),
    };
  }
}
