import { addRecord, countRecords, emptyCell, type CountCell } from '../disclosure/cell-key.js';
import type { RecordKind } from '../disclosure/record-keys.js';
import { FAILURE_REASONS } from '../../legal-basis/reasons.js';
import { germanLabel, type LabelKind } from '../labels-de.js';
import type { Coded } from '../report.model.js';
import type { FigureDefinition, RegistryEntry, TableContext, TableDefinition } from './table-registry.js';

/**
 * Consents, transfers and Baustein 3 actions. The record of a consent figure is the consent, of a
 * transfer figure the transfer, of an action figure the action: each counted once, keyed by its own id.
 */
function listByCode<T>(
  ctx: TableContext,
  items: readonly T[],
  kind: RecordKind,
  id: (item: T) => string,
  category: (item: T) => string,
  labels: LabelKind,
  fixedRows: readonly string[] = [],
): { rows: Coded[]; cells: CountCell[][] } {
  const codes = [...new Set([...fixedRows, ...items.map(category)])];
  const sorted = [
    ...fixedRows,
    ...codes.filter((c) => !fixedRows.includes(c)).sort((a, b) => a.localeCompare(b, 'de')),
  ];
  const index = new Map(sorted.map((c, i) => [c, i]));
  const cells = sorted.map(() => [emptyCell()]);
  for (const item of items) addRecord(cells[index.get(category(item))!]![0]!, ctx.keys.of(kind, id(item)));
  return { rows: sorted.map((code) => ({ code, label: germanLabel(ctx.catalogue, labels, code) })), cells };
}

const consents: TableDefinition = {
  kind: 'table',
  code: 'consents',
  title: 'Einwilligungen (Schweigepflichtentbindungen)',
  rowHeader: 'Vorgang',
  count(ctx) {
    const { recorded, withdrawn, runningOut } = ctx.facts.consents;
    const ids = (docs: { consentId: string }[]) =>
      countRecords(
        ctx.keys,
        'consent',
        docs.map((d) => d.consentId),
      );
    // Expired: ran out in the period without having been withdrawn before. The period has ended (reports
    // show completed months only), so every consent running out in it has run out.
    const expired = runningOut.filter((c) => c.withdrawnOn === undefined || c.withdrawnOn > c.validUntil!);
    return {
      rows: [
        { code: 'granted', label: 'Einwilligungen erteilt' },
        { code: 'refused', label: 'Einwilligungen verweigert' },
        { code: 'withdrawn', label: 'Einwilligungen widerrufen' },
        { code: 'expired', label: 'Einwilligungen abgelaufen' },
      ],
      columns: [{ code: 'count', label: 'Anzahl' }],
      cells: [
        [ids(recorded.filter((c) => c.outcome === 'granted'))],
        [ids(recorded.filter((c) => c.outcome === 'refused'))],
        [ids(withdrawn)],
        [ids(expired)],
      ],
      note: 'Die Zeilen sind verschiedene Vorgänge und werden deshalb nicht summiert.',
    };
  },
};

const FAILURE_REASON_CODES = Object.keys(FAILURE_REASONS);

/** Known codes first, so rows do not come and go with the period's records (see CountTable.dropEmpty). */
const LEGACY_REFUSAL_REASONS = new Set([
  'no-consent-for-recipient',
  'consent-missing-category',
  'consent-missing-purpose',
  'consent-expired',
  'consent-withdrawn',
  'consent-not-yet-valid',
  'person-restricted',
  'person-erased',
  'sender-is-recipient',
]);
const REFUSAL_REASONS = [
  'no-consent-for-recipient',
  'consent-missing-category',
  'consent-missing-purpose',
  'consent-expired',
  'consent-withdrawn',
  'consent-not-yet-valid',
  'special-category-requires-explicit-consent',
  'welfare-association-requires-consent',
  'youth-office-entrusted-data-requires-entruster-consent',
  'justification-required',
  'unknown-legal-basis',
  'unknown-recipient-agency',
  'unknown-data-category',
  'person-restricted',
  'person-erased',
  'sender-is-recipient',
  // The legal-basis matrix (issue 14): every failure reason it can give is a known row.
  ...FAILURE_REASON_CODES.filter((code) => !LEGACY_REFUSAL_REASONS.has(code)),
];
const ACHIEVEMENT_KINDS = [
  'volunteer-fire-brigade',
  'elder-care',
  'sports-club-coach',
  'language-mentor',
  'parents-council',
  'integration-council',
  'other',
];

/** Codes of a catalogue list, whatever shape its entries have (v1 strings, v2 objects with `code`). */
function catalogueCodes(ctx: TableContext, ...lists: string[]): string[] {
  return lists.flatMap((name) => {
    const list = (ctx.catalogue as unknown as Record<string, unknown>)[name];
    return Array.isArray(list)
      ? list.flatMap((e: unknown) =>
          typeof e === 'string'
            ? [e]
            : typeof (e as { code?: unknown })?.code === 'string'
              ? [(e as { code: string }).code]
              : [],
        )
      : [];
  });
}

const transfersByAgencyAndBasis: TableDefinition = {
  kind: 'table',
  code: 'transfers-by-agency-and-basis',
  title: 'Datenübermittlungen nach empfangender Stelle und Rechtsgrundlage',
  rowHeader: 'Empfangende Stelle',
  count(ctx) {
    const moved = ctx.facts.transfers.filter((t) => t.outcome === 'transferred');
    const agencies = [...new Set([...catalogueCodes(ctx, 'agencies'), ...moved.map((t) => t.toAgency)])].sort();
    const bases = [
      ...new Set([
        'consent',
        ...catalogueCodes(ctx, 'statutoryBases', 'legalBases'),
        ...moved.map((t) => t.legalBasis),
      ]),
    ].sort((a, b) => (a === 'consent' ? -1 : b === 'consent' ? 1 : a.localeCompare(b)));
    const row = new Map(agencies.map((a, i) => [a, i]));
    const column = new Map(bases.map((b, j) => [b, j]));
    const cells = agencies.map(() => bases.map(() => emptyCell()));
    for (const t of moved)
      addRecord(cells[row.get(t.toAgency)!]![column.get(t.legalBasis)!]!, ctx.keys.of('transfer', t.transferId));
    return {
      rows: agencies.map((code) => ({ code, label: germanLabel(ctx.catalogue, 'agency', code) })),
      columns: bases.map((code) => ({ code, label: germanLabel(ctx.catalogue, 'legalBasis', code) })),
      cells,
      rowTotals: true,
      columnTotals: true,
      dropEmpty: 'rows-and-columns',
    };
  },
};

const refusedTransfersByReason: TableDefinition = {
  kind: 'table',
  code: 'refused-transfers-by-reason',
  title: 'Abgelehnte Übermittlungen nach Grund',
  rowHeader: 'Grund der Ablehnung',
  count(ctx) {
    // A refusal can have several reasons; it is counted once, under its first, so the list adds up.
    const refused = ctx.facts.transfers.filter((t) => t.outcome === 'refused');
    return {
      ...listByCode(
        ctx,
        refused,
        'transfer',
        (t) => t.transferId,
        (t) => t.reasons[0] ?? 'unknown',
        'refusalReason',
        REFUSAL_REASONS,
      ),
      columns: [{ code: 'count', label: 'Ablehnungen' }],
      columnTotals: true,
      dropEmpty: 'rows',
    };
  },
};

const achievements: TableDefinition = {
  kind: 'table',
  code: 'special-integration-achievements',
  title: 'Besondere Integrationsleistungen (Baustein 3)',
  rowHeader: 'Art der Leistung',
  count(ctx) {
    const done = ctx.facts.actions.filter((a) => a.kind === 'achievement');
    return {
      ...listByCode(
        ctx,
        done,
        'action',
        (a) => a.actionId,
        (a) => a.achievementKind ?? 'other',
        'achievement',
        ACHIEVEMENT_KINDS,
      ),
      columns: [{ code: 'count', label: 'Anzahl' }],
      columnTotals: true,
      dropEmpty: 'rows',
    };
  },
};

const naturalisationReferrals: FigureDefinition = {
  kind: 'figure',
  code: 'naturalisation-referrals',
  title: 'Verweisungen an die Einbürgerungsbehörde',
  count: (ctx) =>
    countRecords(
      ctx.keys,
      'action',
      ctx.facts.actions.filter((a) => a.kind === 'naturalisation-referral').map((a) => a.actionId),
    ),
};

const transfersTotal: FigureDefinition = {
  kind: 'figure',
  code: 'transfers',
  title: 'Datenübermittlungen',
  count: (ctx) =>
    countRecords(
      ctx.keys,
      'transfer',
      ctx.facts.transfers.filter((t) => t.outcome === 'transferred').map((t) => t.transferId),
    ),
};

export const PROCESS_TABLES: RegistryEntry[] = [
  consents,
  transfersByAgencyAndBasis,
  refusedTransfersByReason,
  achievements,
  naturalisationReferrals,
  transfersTotal,
];
