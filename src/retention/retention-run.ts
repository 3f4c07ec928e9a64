import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { RetentionPolicy } from './retention-policy.js';
import { isDue, retentionOf, type RetentionFacts } from './retention.js';

export interface RetentionErasure {
  personId: string;
  erasedAt: string;
  recipientsToNotify: string[];
}

/** One file past its period: what the county archive is offered (§ 10 ArchivG NRW), no personal data. */
export interface RetentionCandidate {
  personId: string;
  recordClass: string;
  basis: 'no-case' | 'cases-closed';
  registeredOn: string;
  lastClosedOn: string | null;
  keptUntil: string;
  dueOn: string;
  municipality: string;
  caseCount: number;
}

export interface RetentionRunOptions {
  readStore: ReadStore;
  policy: RetentionPolicy;
  /** The person's facts from the event log (RetentionFactsLoader): due-ness is decided on events. */
  facts: (personId: string) => Promise<RetentionFacts>;
  /** Pinned in tests; the command line passes the system time. */
  now: Date;
  /** Only for files the archive declined (or took over): erases one through the erasure service. */
  erase?: (candidate: RetentionCandidate) => Promise<RetentionErasure>;
  /** The archive's decision per person; without one a file is offered, not destroyed. */
  decisions?: ReadonlyMap<string, 'archive' | 'destroy'>;
}

export interface RetentionRunResult {
  due: RetentionCandidate[];
  erased: RetentionErasure[];
  /** Due files the archive has not decided on yet: kept, and offered again next run. */
  awaitingArchive: string[];
  failed: { personId: string; error: string }[];
}

/**
 * The core of `kim retention`: lists the files whose period has run out (the read model only lists the
 * persons; each is decided on its events), and erases those the archive decided on. A file the archive
 * takes over is erased here too once handed over — the archive keeps it under its own law. A failure is
 * reported and the run goes on; a repeated run finds erased persons no longer due.
 */
export async function runRetention(options: RetentionRunOptions): Promise<RetentionRunResult> {
  const at = options.now.toISOString();
  const due: RetentionCandidate[] = [];
  let cursor: string | undefined;
  do {
    const page = await options.readStore.find<PersonDoc>(PERSONS, { limit: 500, ...(cursor ? { cursor } : {}) });
    for (const person of page.items) {
      if (person.erased) continue;
      const facts = await options.facts(person.personId);
      if (!isDue(options.policy, facts, at)) continue;
      const retention = retentionOf(options.policy, facts);
      due.push({
        personId: person.personId,
        recordClass: retention.recordClass,
        basis: retention.basis as RetentionCandidate['basis'],
        registeredOn: facts.registeredAt.slice(0, 10),
        lastClosedOn: retention.lastClosedOn ?? null,
        keptUntil: retention.keptUntil!,
        dueOn: retention.dueOn!,
        municipality: person.municipality,
        caseCount: facts.cases.length,
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.personId.localeCompare(b.personId));
  const result: RetentionRunResult = { due, erased: [], awaitingArchive: [], failed: [] };
  if (!options.erase) return result;
  for (const candidate of due) {
    if (!options.decisions?.has(candidate.personId)) {
      result.awaitingArchive.push(candidate.personId);
      continue;
    }
    try {
      result.erased.push(await options.erase(candidate));
    } catch (error) {
      result.failed.push({
        personId: candidate.personId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}

const CSV_FIELDS = [
  'personId',
  'recordClass',
  'basis',
  'registeredOn',
  'lastClosedOn',
  'keptUntil',
  'dueOn',
  'municipality',
  'caseCount',
] as const;

/**
 * Anbietungsliste (§ 10 ArchivG NRW) as CSV the Kreisarchiv reads: semicolon-separated, UTF-8 with BOM
 * (Excel), German header plus the field names, one file per row. The archive answers per row with
 * `archive` or `destroy` in a column `decision` (readArchiveDecisions).
 */
export function archiveOfferCsv(due: readonly RetentionCandidate[]): string {
  const header = [
    'Kennung (pseudonym)',
    'Aktenart',
    'Grundlage',
    'Erfasst am',
    'Letzter Fall abgeschlossen am',
    'Aufbewahrt bis',
    'Fällig ab',
    'Kommune',
    'Anzahl Fälle',
    'Entscheidung (archive|destroy)',
  ];
  const rows = due.map((d) => [...CSV_FIELDS.map((f) => String(d[f] ?? '')), ''].join(';'));
  return `\uFEFF${header.join(';')}\n${[...CSV_FIELDS, 'decision'].join(';')}\n${rows.join('\n')}${rows.length ? '\n' : ''}`;
}

/** The archive's answer: the offer CSV with the last column filled in (or JSON `{ personId: decision }`). */
export function readArchiveDecisions(text: string): Map<string, 'archive' | 'destroy'> {
  const decisions = new Map<string, 'archive' | 'destroy'>();
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) {
    for (const [personId, decision] of Object.entries(JSON.parse(trimmed) as Record<string, unknown>)) {
      if (decision === 'archive' || decision === 'destroy') decisions.set(personId, decision);
    }
    return decisions;
  }
  for (const line of trimmed.split(/\r?\n/)) {
    const cells = line.split(';');
    const decision = cells.at(-1)?.trim();
    if (/^[0-9a-f-]{36}$/i.test(cells[0] ?? '') && (decision === 'archive' || decision === 'destroy')) {
      decisions.set(cells[0]!, decision);
    }
  }
  return decisions;
}
