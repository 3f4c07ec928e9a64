/**
 * Issue 13, item 3: are the read models what the log says they are? Rebuilds every projection into shadow
 * collections (`<collection>__verify`) up to the live projection's own checkpoint, in one pass over the log,
 * then compares both sides document by document: a digest per collection (sha256 over id and canonical JSON
 * of each document, in id order) and the ids that are missing, extra or changed in the live collection.
 * A DPO trail with deleted rows, an edited caseload or a forged consent register shows up here; the hash
 * chain cannot see them, the read models are outside it. The live projections keep running meanwhile: when
 * one moved on during the comparison, the differing documents are compared again at its new checkpoint.
 */
import { createHash } from 'node:crypto';
import type { ProjectionDefinition } from '../../../projections/projection.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { applyBatch } from '../../projection-runner/apply-batch.js';
import type { CollectionSpec, Document, ReadStore } from '../../read-store/read-store.port.js';

export const VERIFY_SUFFIX = '__verify';
const PAGE = 1000;
const LISTED = 20;
const RECHECKS = 3;

export interface CollectionComparison {
  name: string;
  live: { documents: number; digest: string };
  rebuilt: { documents: number; digest: string };
  /** Ids in the rebuilt collection but not in the live one (first 20). */
  missing: string[];
  /** Ids in the live collection the log does not account for (first 20). */
  extra: string[];
  /** Ids whose documents differ (first 20). */
  changed: string[];
  differences: number;
}

export interface ProjectionComparison {
  name: string;
  /** The live checkpoint both sides were compared at. */
  checkpoint?: string;
  ok: boolean;
  collections: CollectionComparison[];
}

export interface ReadModelCheck {
  ok: boolean;
  checkedAt: string;
  projections: ProjectionComparison[];
  /** Names of the collections that differ. */
  differing: string[];
}

interface ShadowCapable extends ReadStore {
  ensureShadowCollection?(spec: CollectionSpec): Promise<void>;
  dropCollections?(names: readonly string[]): Promise<void>;
}

const shadow = (name: string) => `${name}${VERIFY_SUFFIX}`;

/** JSON with keys sorted at every level: equal documents give equal text whatever order a store keeps. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const docHash = (doc: Document) => createHash('sha256').update(canonicalJson(doc)).digest();

export async function checkReadModels(options: {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly ProjectionDefinition[];
  names?: readonly string[];
  now?: () => Date;
}): Promise<ReadModelCheck> {
  const { eventStore, projections } = options;
  const readStore = options.readStore as ShadowCapable;
  const selected = options.names?.length
    ? projections.filter((p) => options.names!.includes(p.name))
    : [...projections];
  const targets = new Map<string, bigint | undefined>();
  for (const projection of selected) {
    targets.set(projection.name, await readStore.getCheckpoint(projection.name));
    await prepare(readStore, projection);
  }
  await fill(eventStore, readStore, selected, targets);
  const results: ProjectionComparison[] = [];
  try {
    for (const projection of selected) {
      let target = targets.get(projection.name);
      const collections: CollectionComparison[] = [];
      for (const spec of projection.collections) collections.push(await compare(readStore, spec.name));
      // The live projection kept running: look again at what differed, with the shadow at its new checkpoint.
      for (let round = 0; round < RECHECKS && collections.some((c) => c.differences > 0); round++) {
        const now = await readStore.getCheckpoint(projection.name);
        if (now === target) break;
        target = now;
        await fill(eventStore, readStore, [projection], new Map([[projection.name, now]]));
        for (const comparison of collections) if (comparison.differences > 0) await recheck(readStore, comparison);
      }
      results.push({
        name: projection.name,
        ...(target !== undefined ? { checkpoint: String(target) } : {}),
        ok: collections.every((c) => c.differences === 0),
        collections,
      });
    }
  } finally {
    const names = selected.flatMap((p) => p.collections.map((c) => shadow(c.name)));
    if (readStore.dropCollections) await readStore.dropCollections(names);
    for (const projection of selected)
      await readStore.reset(shadow(projection.name), readStore.dropCollections ? [] : names);
  }
  const differing = results.flatMap((p) => p.collections.filter((c) => c.differences > 0).map((c) => c.name));
  return {
    ok: differing.length === 0,
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    projections: results,
    differing,
  };
}

async function prepare(readStore: ShadowCapable, projection: ProjectionDefinition): Promise<void> {
  const names = projection.collections.map((c) => shadow(c.name));
  if (readStore.dropCollections) await readStore.dropCollections(names);
  await readStore.reset(shadow(projection.name), readStore.dropCollections ? [] : names);
  for (const spec of projection.collections) {
    const copy = { ...spec, name: shadow(spec.name) };
    await (readStore.ensureShadowCollection
      ? readStore.ensureShadowCollection(copy)
      : readStore.ensureCollection(copy));
  }
}

/** One pass over the log, each projection's shadow up to its own target position. */
async function fill(
  eventStore: EventStore,
  readStore: ReadStore,
  projections: readonly ProjectionDefinition[],
  targets: Map<string, bigint | undefined>,
): Promise<void> {
  const active = [];
  let after: bigint | undefined;
  for (const projection of projections) {
    const target = targets.get(projection.name);
    const from = await readStore.getCheckpoint(shadow(projection.name));
    if (target !== undefined && (from === undefined || from < target)) active.push({ projection, target, from });
  }
  if (active.length === 0) return;
  const lowest = active
    .map((a) => a.from)
    .reduce<bigint | undefined>(
      (a, b) => (a === undefined || b === undefined ? undefined : a < b ? a : b),
      active[0]!.from,
    );
  after = lowest;
  const until = active.map((a) => a.target).reduce((a, b) => (a > b ? a : b));
  const eventTypes = [...new Set(active.flatMap((a) => a.projection.eventTypes))];
  for (;;) {
    const events = await eventStore.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: 5000,
      filter: { eventTypes },
    });
    const within = events.filter((e) => e.position <= until);
    for (const { projection, target, from } of active) {
      const mine = within.filter((e) => e.position <= target && (from === undefined || e.position > from));
      if (mine.length > 0)
        await applyBatch(projection, mine, readStore, { checkpointName: shadow(projection.name), storedName: shadow });
    }
    if (events.length < 5000 || within.length < events.length) return;
    after = events.at(-1)!.position;
  }
}

interface Digest {
  documents: number;
  hash: ReturnType<typeof createHash>;
}

interface Scannable extends ReadStore {
  scanDocuments?(
    collection: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<{ id: string; doc: Document }[]>;
}

/**
 * The documents of a collection in id order with their hashes. A store that can list ids (the embedded
 * one) gives real ids; through the port alone documents come without them, and are numbered instead —
 * the digests still tell whether the collections are equal, the names of what differs are then positions.
 */
async function* entries(readStore: Scannable, collection: string): AsyncGenerator<[string, Buffer]> {
  if (readStore.scanDocuments) {
    let after: string | undefined;
    for (;;) {
      const page = await readStore.scanDocuments(collection, after, PAGE);
      for (const { id, doc } of page) yield [id, docHash(doc)];
      if (page.length < PAGE) return;
      after = page.at(-1)!.id;
    }
  }
  let cursor: string | undefined;
  let n = 0;
  for (;;) {
    const page = await readStore.find<Document>(collection, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const doc of page.items) yield [`#${String(++n).padStart(12, '0')}`, docHash(doc)];
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

async function* counted(readStore: ReadStore, collection: string, digest: Digest): AsyncGenerator<[string, Buffer]> {
  for await (const [id, hash] of entries(readStore, collection)) {
    digest.documents += 1;
    digest.hash.update(hash);
    yield [id, hash];
  }
}

/** Merges both sides in id order, comparing document hashes. */
async function compare(readStore: ReadStore, name: string): Promise<CollectionComparison> {
  const live: Digest = { documents: 0, hash: createHash('sha256') };
  const rebuilt: Digest = { documents: 0, hash: createHash('sha256') };
  const result: CollectionComparison = {
    name,
    live: { documents: 0, digest: '' },
    rebuilt: { documents: 0, digest: '' },
    missing: [],
    extra: [],
    changed: [],
    differences: 0,
  };
  const note = (list: string[], id: string) => {
    result.differences += 1;
    if (list.length < LISTED) list.push(id);
  };
  const a = counted(readStore, name, live);
  const b = counted(readStore, shadow(name), rebuilt);
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value[0] < y.value[0])) {
      note(result.extra, x.value![0]);
      x = await a.next();
    } else if (x.done || y.value[0] < x.value[0]) {
      note(result.missing, y.value[0]);
      y = await b.next();
    } else {
      if (!x.value[1].equals(y.value[1])) note(result.changed, x.value[0]);
      x = await a.next();
      y = await b.next();
    }
  }
  result.live = { documents: live.documents, digest: live.hash.digest('hex') };
  result.rebuilt = { documents: rebuilt.documents, digest: rebuilt.hash.digest('hex') };
  return result;
}

/** Compares again only the documents that differed. */
async function recheck(readStore: ReadStore, comparison: CollectionComparison): Promise<void> {
  const ids = [...comparison.missing, ...comparison.extra, ...comparison.changed];
  if (ids.some((id) => id.startsWith('#'))) return; // numbered, not named: nothing to look up again
  const [live, rebuilt] = await Promise.all([
    readStore.getMany<Document>(comparison.name, ids),
    readStore.getMany<Document>(shadow(comparison.name), ids),
  ]);
  const still = (id: string) => {
    const a = live.get(id);
    const b = rebuilt.get(id);
    return !a || !b ? a !== b : !docHash(a).equals(docHash(b));
  };
  const before = comparison.missing.length + comparison.extra.length + comparison.changed.length;
  comparison.missing = comparison.missing.filter(still);
  comparison.extra = comparison.extra.filter(still);
  comparison.changed = comparison.changed.filter(still);
  const after = comparison.missing.length + comparison.extra.length + comparison.changed.length;
  // Only the listed ids were looked at again; unlisted differences stay counted.
  comparison.differences -= before - after;
}
