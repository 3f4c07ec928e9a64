import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore, Subscription } from '../event-store/event-store.port.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { PersonalDataCipher } from './personal-data.cipher.js';
import { PERSON_KEYS } from './person-key.store.js';

export const PERSON_KEY_EVICTION = Symbol('PersonKeyEviction');
export const PERSON_KEY_ROTATION = Symbol('PersonKeyRotation');

const log = (message: string) => console.warn(`kim-ledger: ${message}`);

/**
 * Every instance follows the log for PersonErased and drops the person's key from its cache at once —
 * instead of decrypting an erased person until a cache age runs out (issue 13: up to 60 s on another
 * instance). Subscribes from the head at start (the cache starts empty), resumes from the last event seen
 * after a failure; while the feed is down the cipher caches nothing.
 */
export class PersonKeyEviction implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;
  private running?: Promise<void>;
  private stopped = false;
  private after?: bigint;

  constructor(
    private readonly events: EventStore,
    private readonly cipher: PersonalDataCipher,
    private readonly options: { retryMs?: number } = {},
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.after = await this.events.headPosition();
    await this.reshredErased(this.after);
    this.running = this.follow();
  }

  /**
   * After a restore of the key store from a backup, keys of persons erased since the backup are back.
   * Before the service serves anything, every key whose person has a PersonErased event up to `head` is
   * destroyed again (product rule 8: no API yields an erased person's data). Idempotent: a key already
   * gone costs one lookup. Returns the persons whose key came back and was shredded again.
   *
   * The log is read from where this key store was last checked (its ErasureCheck), not from the start: a
   * filtered read of the whole log took 16 s of a 5M-event service's start (issue 19, S1). A key store
   * restored from a backup carries the check of its backup's time, so every erasure after it is read again.
   */
  async reshredErased(head: bigint | undefined): Promise<string[]> {
    if (head === undefined) return [];
    const keys = this.cipher.keyStore;
    const reshredded: string[] = [];
    let after = await this.checkedThrough(head);
    for (;;) {
      const page = await this.events.readAll({
        ...(after === undefined ? {} : { after }),
        maxCount: 1000,
        filter: { eventTypes: ['PersonErased'] },
      });
      const due = page.filter((event) => event.position <= head);
      for (const event of due) {
        const personId = (event.data as { personId?: unknown }).personId;
        if (typeof personId === 'string' && (await keys.hasKey(personId))) {
          await this.cipher.shred(personId);
          reshredded.push(personId);
        }
      }
      if (page.length < 1000 || due.length < page.length) break;
      after = page.at(-1)!.position;
    }
    const [atHead] = await this.events.readAll({ after: head - 1n, maxCount: 1 });
    if (atHead?.position === head) await keys.recordErasureCheck(head, atHead.id);
    if (reshredded.length > 0) log(`re-shredded ${reshredded.length} person key(s) restored after their erasure`);
    return reshredded;
  }

  /** Where the last check of this key store ended, if it was made against this log and not beyond it. */
  private async checkedThrough(head: bigint): Promise<bigint | undefined> {
    const check = await this.cipher.keyStore.erasureCheck();
    if (!check) return undefined;
    const position = BigInt(check.position);
    if (position > head || position < 1n) return undefined;
    const [event] = await this.events.readAll({ after: position - 1n, maxCount: 1 });
    return event?.position === position && event.id === check.eventId ? position : undefined;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
    await this.running;
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      const subscription = this.events.subscribeToAll({
        ...(this.after === undefined ? {} : { after: this.after }),
        filter: { eventTypes: ['PersonErased'] },
      });
      this.subscription = subscription;
      // Live from here on: whatever is erased after `after` reaches this loop.
      this.cipher.setEvictionFeed('live');
      try {
        for await (const event of subscription) {
          const personId = (event.data as { personId?: unknown }).personId;
          if (typeof personId === 'string') this.cipher.evict(personId);
          this.after = event.position;
        }
        if (this.stopped) return;
        throw new Error('the subscription ended');
      } catch (error) {
        if (this.stopped) return;
        this.cipher.setEvictionFeed('down');
        log(`erasure feed interrupted, person keys are not cached until it resumes: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 1000).unref());
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
      }
    }
  }
}

/**
 * Rotates the person keys' epochs: hourly (and at start), in one instance at a time (a lease in the person
 * key store), rewraps keys of older epochs and destroys epoch keys nobody uses (PersonKeyStore.rotate).
 */
export class PersonKeyRotation implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private first?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly cipher: PersonalDataCipher,
    private readonly keyStore: ReadStore,
    private readonly options: { holder: string; everyMs?: number; leaseTtlMs?: number },
  ) {}

  onApplicationBootstrap(): void {
    const run = () => {
      if (this.stopped) return;
      this.running ??= this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => log(`person key rotation failed (retried next hour): ${String(error)}`))
        .finally(() => (this.running = undefined));
    };
    this.first = setTimeout(run, 1000).unref();
    this.timer = setInterval(run, this.options.everyMs ?? 3_600_000).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }

  /** One rotation if this instance gets the lease; undefined when another instance holds it. */
  async runOnce() {
    const lease = `maintenance:${PERSON_KEYS}-rotation`;
    const ttl = this.options.leaseTtlMs ?? 15 * 60_000;
    if (!(await this.keyStore.acquireLease(lease, this.options.holder, ttl))) return undefined;
    try {
      const result = await this.cipher.keyStore.rotate();
      if (result.rewrapped > 0 || result.destroyed.length > 0)
        console.log(
          `kim-ledger: person keys: ${result.rewrapped} rewrapped under epoch ${result.epoch}; epoch keys destroyed: ${
            result.destroyed.join(', ') || 'none'
          }`,
        );
      return result;
    } finally {
      await this.keyStore.releaseLease(lease, this.options.holder);
    }
  }
}
