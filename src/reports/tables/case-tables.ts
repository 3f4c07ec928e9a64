import type { CaseFactDoc } from '../committee-documents.js';
import { addRecord, countRecords, emptyCell, type CountCell } from '../disclosure/cell-key.js';
import type { RecordKeys } from '../disclosure/record-keys.js';
import { germanLabel } from '../labels-de.js';
import { birthDecade, NATIONALITY_GROUPS, nationalityGroup } from '../nationality-groups.js';
import type { Coded } from '../report.model.js';
import type { FigureDefinition, RegistryEntry, TableContext, TableDefinition } from './table-registry.js';

/** Figures and tables about cases (Fälle). Each case is one record; its key derives from the case id. */
const caseKey = (keys: RecordKeys, doc: CaseFactDoc) => keys.of('case', doc.caseId);

const caseCount = (ctx: TableContext, docs: readonly CaseFactDoc[]): CountCell =>
  countRecords(
    ctx.keys,
    'case',
    docs.map((d) => d.caseId),
  );

/** One column of counts over categories: each case lands in the row its category names. */
function byCategory(
  ctx: TableContext,
  docs: readonly CaseFactDoc[],
  rows: Coded[],
  category: (doc: CaseFactDoc) => string,
): CountCell[][] {
  const index = new Map(rows.map((r, i) => [r.code, i]));
  const cells = rows.map(() => [emptyCell()]);
  for (const doc of docs) {
    const i = index.get(category(doc));
    if (i !== undefined) addRecord(cells[i]![0]!, caseKey(ctx.keys, doc));
  }
  return cells;
}

const figure = (code: string, title: string, count: FigureDefinition['count']): FigureDefinition => ({
  kind: 'figure',
  code,
  title,
  count,
});

export const CASE_FIGURES: FigureDefinition[] = [
  figure('cases-opened', 'Neu aufgenommene Fälle', (ctx) => caseCount(ctx, ctx.cases.opened)),
  figure('cases-active', 'Im Zeitraum betreute Fälle', (ctx) => caseCount(ctx, ctx.cases.active)),
  figure('cases-active-at-end', 'Aktive Fälle am Ende des Zeitraums', (ctx) => caseCount(ctx, ctx.cases.activeAtEnd)),
  figure('cases-closed', 'Abgeschlossene Fälle', (ctx) =>
    countRecords(
      ctx.keys,
      'case',
      ctx.cases.closures.map((c) => c.doc.caseId),
    ),
  ),
  figure('first-counselling', 'Fälle mit erster Beratung im Zeitraum', (ctx) =>
    caseCount(ctx, ctx.facts.firstCounselling),
  ),
];

const municipalityRows = (ctx: TableContext, docs: readonly CaseFactDoc[]): Coded[] =>
  [...new Set([...ctx.catalogue.municipalities, ...docs.map((c) => c.municipality)])].map((m) => ({
    code: m,
    label: germanLabel(ctx.catalogue, 'municipality', m),
  }));

const casesByMunicipality: TableDefinition = {
  kind: 'table',
  code: 'cases-by-municipality',
  title: 'Fälle nach Kommune',
  rowHeader: 'Kommune',
  count(ctx) {
    const rows = municipalityRows(ctx, ctx.cases.active);
    const index = new Map(rows.map((r, i) => [r.code, i]));
    const cells = rows.map(() => [emptyCell(), emptyCell(), emptyCell()]);
    const add = (municipality: string, column: number, key: number) =>
      addRecord(cells[index.get(municipality)!]![column]!, key);
    for (const doc of ctx.cases.opened) add(doc.municipality, 0, caseKey(ctx.keys, doc));
    for (const doc of ctx.cases.active) add(doc.municipality, 1, caseKey(ctx.keys, doc));
    for (const c of ctx.cases.closures) add(c.doc.municipality, 2, caseKey(ctx.keys, c.doc));
    return {
      rows,
      columns: [
        { code: 'opened', label: 'Neu aufgenommen' },
        { code: 'active', label: 'Im Zeitraum betreut' },
        { code: 'closed', label: 'Abgeschlossen' },
      ],
      cells,
      columnTotals: true,
    };
  },
};

const closuresByReason: TableDefinition = {
  kind: 'table',
  code: 'closures-by-reason',
  title: 'Abschlüsse nach Grund',
  rowHeader: 'Grund',
  count(ctx) {
    const known = ['goals-achieved', 'referred-to-regular-services', 'moved-away', 'no-longer-reachable'];
    const codes = [
      ...new Set([...known, 'participant-ended', 'naturalised', 'other', ...ctx.cases.closures.map((c) => c.reason)]),
    ];
    const rows = codes.map((code) => ({ code, label: germanLabel(ctx.catalogue, 'closeReason', code) }));
    const index = new Map(codes.map((c, i) => [c, i]));
    const cells = rows.map(() => [emptyCell()]);
    for (const c of ctx.cases.closures) addRecord(cells[index.get(c.reason)!]![0]!, caseKey(ctx.keys, c.doc));
    return { rows, columns: [{ code: 'count', label: 'Abschlüsse' }], cells, columnTotals: true, dropEmpty: 'rows' };
  },
};

const nationalityRows = (ctx: TableContext): Coded[] =>
  Object.keys(NATIONALITY_GROUPS).map((code) => ({
    code,
    label: germanLabel(ctx.catalogue, 'nationalityGroup', code),
  }));

const newCasesByNationalityGroup: TableDefinition = {
  kind: 'table',
  code: 'new-cases-by-nationality-group',
  title: 'Neu aufgenommene Fälle nach Staatsangehörigkeitsgruppe',
  rowHeader: 'Staatsangehörigkeitsgruppe',
  count(ctx) {
    const rows = nationalityRows(ctx);
    return {
      rows,
      columns: [{ code: 'count', label: 'Fälle' }],
      cells: byCategory(ctx, ctx.cases.opened, rows, (d) => nationalityGroup(d.nationalityGroup)),
      columnTotals: true,
    };
  },
};

/** Decades from a fixed list, so a row's presence never depends on the period's cases alone. */
const FIXED_DECADES = Array.from({ length: 9 }, (_, i) => `${1930 + i * 10}–${1939 + i * 10}`);

const decadeRows = (docs: readonly CaseFactDoc[]): Coded[] =>
  [...new Set([...FIXED_DECADES, ...docs.map((d) => birthDecade(d.birthYearBand))])]
    .sort((a, b) => (a === 'unbekannt' ? 1 : b === 'unbekannt' ? -1 : a.localeCompare(b, 'de')))
    .map((code) => ({ code, label: code === 'unbekannt' ? 'Geburtsjahr unbekannt' : code }));

const newCasesByBirthDecade: TableDefinition = {
  kind: 'table',
  code: 'new-cases-by-birth-decade',
  title: 'Neu aufgenommene Fälle nach Geburtsjahrzehnt',
  rowHeader: 'Geburtsjahrzehnt',
  count(ctx) {
    const rows = decadeRows(ctx.cases.opened);
    return {
      rows,
      columns: [{ code: 'count', label: 'Fälle' }],
      cells: byCategory(ctx, ctx.cases.opened, rows, (d) => birthDecade(d.birthYearBand)),
      columnTotals: true,
      dropEmpty: 'rows',
    };
  },
};

/** Participants of a year, for the state: every case open in it (one case per person as a rule). */
const participantsByMunicipality: TableDefinition = {
  kind: 'table',
  code: 'participants-by-municipality',
  title: 'Teilnehmende nach Kommune',
  rowHeader: 'Kommune',
  count(ctx) {
    const rows = municipalityRows(ctx, ctx.cases.active);
    return {
      rows,
      columns: [{ code: 'count', label: 'Teilnehmende' }],
      cells: byCategory(ctx, ctx.cases.active, rows, (d) => d.municipality),
      columnTotals: true,
    };
  },
};

const participantsByNationalityGroup: TableDefinition = {
  kind: 'table',
  code: 'participants-by-nationality-group',
  title: 'Teilnehmende nach Staatsangehörigkeitsgruppe',
  rowHeader: 'Staatsangehörigkeitsgruppe',
  count(ctx) {
    const rows = nationalityRows(ctx);
    return {
      rows,
      columns: [{ code: 'count', label: 'Teilnehmende' }],
      cells: byCategory(ctx, ctx.cases.active, rows, (d) => nationalityGroup(d.nationalityGroup)),
      columnTotals: true,
    };
  },
};

/**
 * Age at the end of the period, as exactly as the statistical residue allows: it keeps five-year birth
 * bands only, so each row is a band of birth years with the ages it spans on the last day of the period.
 */
const participantsByAgeBand: TableDefinition = {
  kind: 'table',
  code: 'participants-by-age-band',
  title: 'Teilnehmende nach Altersgruppe (Geburtsjahrgänge in Fünfjahresgruppen)',
  rowHeader: 'Geburtsjahrgänge (Alter am Ende des Zeitraums)',
  count(ctx) {
    const year = Number(ctx.facts.range.to.slice(0, 4));
    const fixed = Array.from({ length: 18 }, (_, i) => `${1930 + i * 5}-${1934 + i * 5}`);
    const bands = [...new Set([...fixed, ...ctx.cases.active.map((d) => d.birthYearBand)])].sort();
    const rows = bands.map((band) => {
      const [first, last] = band.split('-').map(Number);
      const label =
        Number.isInteger(first) && Number.isInteger(last)
          ? `${first}–${last} (${Math.max(0, year - last!)}–${year - first!} Jahre)`
          : 'Geburtsjahr unbekannt';
      return { code: band, label };
    });
    return {
      rows,
      columns: [{ code: 'count', label: 'Teilnehmende' }],
      cells: byCategory(ctx, ctx.cases.active, rows, (d) => d.birthYearBand),
      columnTotals: true,
      dropEmpty: 'rows',
      note: 'Das Alter ergibt sich aus dem Geburtsjahrgang; gespeichert sind nur Fünfjahresgruppen, nicht das Geburtsdatum.',
    };
  },
};

const participantsByOutcome: TableDefinition = {
  kind: 'table',
  code: 'participants-ended-by-reason',
  title: 'Beendete Teilnahmen nach Grund',
  rowHeader: 'Grund',
  count: (ctx) => ({ ...closuresByReason.count(ctx), columns: [{ code: 'count', label: 'Teilnehmende' }] }),
};

export const CASE_TABLES: RegistryEntry[] = [
  ...CASE_FIGURES,
  casesByMunicipality,
  closuresByReason,
  newCasesByNationalityGroup,
  newCasesByBirthDecade,
  participantsByMunicipality,
  participantsByNationalityGroup,
  participantsByAgeBand,
  participantsByOutcome,
];
