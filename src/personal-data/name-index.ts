import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import type { KimConfig } from '../config/config.js';
import { loadOrCreateMasterKey } from '../crypto/master-key.js';
import { PERSONAL_DATA_CIPHER, type PersonalDataCipher } from '../crypto/personal-data.cipher.js';
import { KIM_CONFIG, STORES } from '../kim-core.module.js';
import type { Stores } from '../config/stores.js';
import type { ReadStore } from '../read-store/read-store.port.js';

/** Keyed tokens of registered persons' names, in the key store: shredded with the person (erasure). */
export const NAME_TOKENS = 'name_tokens';
/** Marks that every person registered before the index existed has been indexed. */
const BACKFILLED = 'backfill-complete';

interface NameTokenDoc {
  [key: string]: unknown;
  personId: string;
  token: string;
  kind: 'given' | 'family';
  /** Keyed too: the duplicate check compares name and date of birth without storing either. */
  dob: string;
}

/** Lower case, without diacritics, split at anything that is not a letter; short particles are ignored. */
export function nameTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('de')
    .split(/[^\p{L}]+/u)
    .filter((t) => t.length >= 3);
}

/**
 * A keyed index of name tokens (HMAC-SHA256 under a key derived from the master key): answers "is this a
 * registered person's name?" without decrypting anyone and without storing a name in the clear. Used by
 * the duplicate check before registering (issue 16 item 6) and by the findings check (issue 15 item 8).
 * The entries live in the key store and are deleted before the person's key is shredded, so the
 * compaction after the shred takes them along.
 */
@Injectable()
export class NameIndex implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('name-index');
  private key?: Buffer;
  private backfilling?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  private get store(): ReadStore {
    return this.stores.keyStore;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.ensureCollection({ name: NAME_TOKENS, indexes: ['personId', 'token'] });
    // Persons registered before the index existed are indexed in the background, until one run completes.
    if (!(await this.store.get(NAME_TOKENS, BACKFILLED))) {
      this.backfilling = this.backfill().catch((error: unknown) =>
        this.logger.warn(`backfill failed: ${String(error)}`),
      );
    }
  }

  /** A shutdown (or a command-line run ending) stops the backfill between persons; the next start resumes it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.backfilling;
  }

  private async hmac(value: string): Promise<string> {
    this.key ??= createHmac(
      'sha256',
      await loadOrCreateMasterKey({ env: this.config.masterKey, dataDir: this.config.dataDir }),
    )
      .update('kim-name-index-v1')
      .digest();
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }

  async index(personId: string, names: { givenName: string; familyName: string; dateOfBirth: string }) {
    await this.remove(personId);
    const dob = await this.hmac(`dob:${names.dateOfBirth}`);
    const docs = [
      ...nameTokens(names.givenName).map((t) => ['given', t] as const),
      ...nameTokens(names.familyName).map((t) => ['family', t] as const),
    ];
    const changes = await Promise.all(
      docs.map(async ([kind, t]) => {
        const token = await this.hmac(`name:${t}`);
        return {
          op: 'upsert' as const,
          collection: NAME_TOKENS,
          id: `${personId}:${kind}:${token}`,
          doc: { personId, token, kind, dob } satisfies NameTokenDoc,
        };
      }),
    );
    if (changes.length > 0) await this.store.commit(changes);
  }

  async remove(personId: string): Promise<void> {
    const page = await this.store.find<NameTokenDoc>(NAME_TOKENS, { filter: { personId }, limit: 500 });
    if (page.items.length === 0) return;
    const ids = page.ids ?? page.items.map((d) => `${d.personId}:${d.kind}:${d.token}`);
    await this.store.commit(ids.map((id) => ({ op: 'delete' as const, collection: NAME_TOKENS, id })));
  }

  /** Persons whose name has every token of `name` and whose date of birth is `dateOfBirth`. */
  async matches(name: string, dateOfBirth: string): Promise<string[]> {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    const dob = await this.hmac(`dob:${dateOfBirth}`);
    let candidates: Set<string> | undefined;
    for (const t of tokens) {
      const hits = await this.withToken(await this.hmac(`name:${t}`));
      const ids = new Set(hits.filter((h) => h.dob === dob).map((h) => h.personId));
      candidates = candidates ? new Set([...candidates].filter((id) => ids.has(id))) : ids;
    }
    return [...(candidates ?? [])];
  }

  /** The persons one of whose family-name tokens appears in `text` (findings must stay anonymous). */
  async familyNamesIn(text: string): Promise<string[]> {
    const found = new Set<string>();
    for (const t of new Set(nameTokens(text))) {
      for (const hit of await this.withToken(await this.hmac(`name:${t}`))) {
        if (hit.kind === 'family') found.add(hit.personId);
      }
    }
    return [...found];
  }

  /** Where in `text` a name token of this person stands (start, end), for the redaction of findings. */
  async rangesOf(personId: string, text: string): Promise<[number, number][]> {
    const own = new Set(
      (await this.store.find<NameTokenDoc>(NAME_TOKENS, { filter: { personId }, limit: 500 })).items.map(
        (d) => d.token,
      ),
    );
    if (own.size === 0) return [];
    const ranges: [number, number][] = [];
    for (const match of text.matchAll(/\p{L}+/gu)) {
      const [token] = nameTokens(match[0]);
      if (token && own.has(await this.hmac(`name:${token}`))) ranges.push([match.index, match.index + match[0].length]);
    }
    return ranges;
  }

  private async withToken(token: string): Promise<NameTokenDoc[]> {
    return (await this.store.find<NameTokenDoc>(NAME_TOKENS, { filter: { token }, limit: 500 })).items;
  }

  private async backfill(): Promise<void> {
    let cursor: string | undefined;
    let count = 0;
    do {
      const page = await this.stores.readStore.find<PersonDoc>(PERSONS, { limit: 200, ...(cursor ? { cursor } : {}) });
      for (const person of page.items) {
        if (this.stopped) return;
        if (person.erased) continue;
        const opened = await this.cipher.decryptEventData({ personId: person.personId, personal: person.personal });
        const names = opened.personal as { givenName?: string; familyName?: string; dateOfBirth?: string };
        if (names.givenName && names.familyName && names.dateOfBirth) {
          await this.index(person.personId, names as Required<typeof names>);
          count++;
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    await this.store.commit([
      { op: 'upsert', collection: NAME_TOKENS, id: BACKFILLED, doc: { personId: '', token: '', kind: 'marker' } },
    ]);
    if (count > 0) this.logger.log(`indexed the names of ${count} persons registered before the index existed`);
  }
}
