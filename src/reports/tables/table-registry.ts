import type { Catalogue } from '../../config/catalogue.js';
import type { CountCell } from '../disclosure/cell-key.js';
import { publishCountTable, type CountTable, type Protection } from '../disclosure/protection.js';
import type { RecordKeys } from '../disclosure/record-keys.js';
import type { PublishedTable } from '../report.model.js';
import type { CaseSets } from './case-sets.js';
import type { ReportFacts } from './report-facts.js';

/**
 * The registry of everything a report can publish, by stable code: count tables and single figures,
 * each computed from the fact documents and published only through the disclosure control. The
 * committee report lists codes per section, the state report's field list names codes; a code that
 * names data not yet recorded is registered as `not-recorded` with what it needs, and reported as
 * "nicht erfasst" — never with an invented figure. Round two (casework: referrals, plans and goals,
 * contacts, providers, staff FTE) turns those entries into computed ones; nothing else changes.
 */
export interface TableContext {
  facts: ReportFacts;
  /** The cases of the report's period. */
  cases: CaseSets;
  keys: RecordKeys;
  catalogue: Catalogue;
}

interface Described {
  code: string;
  title: string;
}

export interface TableDefinition extends Described {
  kind: 'table';
  rowHeader: string;
  count(ctx: TableContext): Omit<CountTable, 'code' | 'title' | 'rowHeader'>;
  /**
   * Columns derived from the published counts (a share, cases per FTE), appended after them and marked
   * `derived`: computed from published values only, so they tell nothing the counts do not.
   */
  derive?(published: PublishedTable, ctx: TableContext): PublishedTable;
}

export interface FigureDefinition extends Described {
  kind: 'figure';
  count(ctx: TableContext): CountCell;
}

/** A table that is no count of records, published in its own way (staff FTE sums, see staff-tables.ts). */
export interface ComputedDefinition extends Described {
  kind: 'computed';
  publish(ctx: TableContext, protection: Protection): Omit<PublishedTable, 'code' | 'title'>;
}

/** A figure whose data the ledger does not record yet. */
export interface NotRecordedDefinition extends Described {
  kind: 'not-recorded';
  /** What must be recorded first, in German, e.g. "Geschlecht der Teilnehmenden". */
  needs: string;
}

export type RegistryEntry = TableDefinition | FigureDefinition | ComputedDefinition | NotRecordedDefinition;

/** Publishes a table or computed entry under the disclosure control; `title` overrides its own. */
export function publishEntry(
  entry: TableDefinition | ComputedDefinition,
  ctx: TableContext,
  protection: Protection,
  title = entry.title,
): PublishedTable {
  if (entry.kind === 'computed') return { code: entry.code, title, ...entry.publish(ctx, protection) };
  const counted = publishCountTable(protection, {
    code: entry.code,
    title,
    rowHeader: entry.rowHeader,
    ...entry.count(ctx),
  });
  return entry.derive ? entry.derive(counted, ctx) : counted;
}

export class TableRegistry {
  private readonly entries = new Map<string, RegistryEntry>();

  constructor(entries: readonly RegistryEntry[]) {
    for (const entry of entries) {
      if (this.entries.has(entry.code)) throw new Error(`table registry: code "${entry.code}" twice`);
      this.entries.set(entry.code, entry);
    }
  }

  get(code: string): RegistryEntry | undefined {
    return this.entries.get(code);
  }

  table(code: string): TableDefinition {
    const entry = this.entries.get(code);
    if (entry?.kind !== 'table') throw new Error(`table registry: "${code}" is not a computed table`);
    return entry;
  }

  figure(code: string): FigureDefinition {
    const entry = this.entries.get(code);
    if (entry?.kind !== 'figure') throw new Error(`table registry: "${code}" is not a computed figure`);
    return entry;
  }

  codes(): string[] {
    return [...this.entries.keys()];
  }
}
