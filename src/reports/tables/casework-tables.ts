import { ATTAINMENT_CODES, CONTACT_CHANNELS } from '../../case-management/plan/casework.config.js';
import { daysBetween, type CaseFactDoc, type CaseWorkDoc } from '../committee-documents.js';
import { addRecord, emptyCell, type CountCell } from '../disclosure/cell-key.js';
import { germanLabel, type LabelKind } from '../labels-de.js';
import type { Coded, PublishedValue } from '../report.model.js';
import { wasActiveOn } from './case-sets.js';
import { MIN_STAFF, publishedStaffFte, staffProviders } from './staff-tables.js';
import type { RegistryEntry, TableContext, TableDefinition } from './table-registry.js';

/**
 * The committee figures of the casework (issue 17, item 3): goals per field of action, contacts,
 * waiting times, figures per provider, referrals per agency. Every count is a count of records (goal,
 * contact, case, referral — each keyed by its own id) and passes the Cell Key Method, `<5` and secondary
 * suppression like every other table. Waiting times are published as banded counts, never as medians
 * (docs/reports.md, "Waiting times: bands, not medians"); shares and cases per FTE are derived from
 * published values only.
 */

/** Rows from a fixed list plus codes the data add, so a row's presence never tells of a record. */
function rowsOf(ctx: TableContext, fixed: readonly string[], data: Iterable<string>, labels: LabelKind): Coded[] {
  const codes = [...fixed, ...[...new Set(data)].filter((c) => !fixed.includes(c)).sort()];
  return codes.map((code) => ({ code, label: germanLabel(ctx.catalogue, labels, code) }));
}

/** A rows × columns grid of empty cells and a function that adds a record to one of them. */
function grid(rows: Coded[], columns: Coded[]) {
  const rowIndex = new Map(rows.map((r, i) => [r.code, i]));
  const columnIndex = new Map(columns.map((c, j) => [c.code, j]));
  const cells: CountCell[][] = rows.map(() => columns.map(() => emptyCell()));
  const add = (row: string, column: string, key: number) => {
    const i = rowIndex.get(row);
    const j = columnIndex.get(column);
    if (i !== undefined && j !== undefined) addRecord(cells[i]![j]!, key);
  };
  return { cells, add };
}

const fieldCodes = (ctx: TableContext): string[] => {
  const list = (ctx.catalogue as unknown as { fieldsOfAction?: unknown }).fieldsOfAction;
  const fromCatalogue = Array.isArray(list)
    ? list.flatMap((e: unknown) =>
        typeof (e as { code?: unknown })?.code === 'string' ? [(e as { code: string }).code] : [],
      )
    : [];
  return fromCatalogue.length > 0
    ? fromCatalogue
    : [
        'residence',
        'language',
        'work-recognition',
        'education-school',
        'childcare',
        'housing',
        'health',
        'finances',
        'family',
      ];
};

const inRange = (ctx: TableContext, day: string) => day >= ctx.facts.range.from && day <= ctx.facts.range.to;

const casesByFieldOfAction: TableDefinition = {
  kind: 'table',
  code: 'cases-by-field-of-action',
  title: 'Vereinbarte Ziele und Fälle nach Handlungsfeld',
  rowHeader: 'Handlungsfeld',
  count(ctx) {
    const goals = ctx.facts.casework.goalsSet;
    const rows = rowsOf(
      ctx,
      fieldCodes(ctx),
      goals.map((g) => g.fieldOfAction),
      'fieldOfAction',
    );
    const columns = [
      { code: 'goals-set', label: 'Vereinbarte Ziele' },
      { code: 'cases', label: 'Fälle mit vereinbarten Zielen' },
    ];
    const { cells, add } = grid(rows, columns);
    const counted = new Set<string>();
    for (const g of goals) {
      add(g.fieldOfAction, 'goals-set', ctx.keys.of('goal', g.goalId));
      // A case counts once per field, however many goals it agreed there.
      if (counted.has(`${g.fieldOfAction}\u0000${g.caseId}`)) continue;
      counted.add(`${g.fieldOfAction}\u0000${g.caseId}`);
      add(g.fieldOfAction, 'cases', ctx.keys.of('case', g.caseId));
    }
    return {
      rows,
      columns,
      cells,
      dropEmpty: 'rows',
      note: 'Ziele, die im Zeitraum erstmals in einem Integrationsplan vereinbart wurden. Ein Fall mit Zielen in mehreren Handlungsfeldern zählt in jedem; die Zeilen werden deshalb nicht summiert.',
    };
  },
};

const goalAttainment: TableDefinition = {
  kind: 'table',
  code: 'goal-attainment-by-field-of-action',
  title: 'Zielerreichung nach Handlungsfeld',
  rowHeader: 'Handlungsfeld',
  count(ctx) {
    const goals = ctx.facts.casework.goalsReviewed;
    const rows = rowsOf(
      ctx,
      fieldCodes(ctx),
      goals.map((g) => g.fieldOfAction),
      'fieldOfAction',
    );
    const latest = goals.map((g) => ({ g, review: g.reviews.filter((r) => inRange(ctx, r.on)).pop()! }));
    const columns = rowsOf(
      ctx,
      ATTAINMENT_CODES,
      latest.map((l) => l.review.attainment),
      'attainment',
    );
    const { cells, add } = grid(rows, columns);
    for (const { g, review } of latest) add(g.fieldOfAction, review.attainment, ctx.keys.of('goal', g.goalId));
    return {
      rows,
      columns,
      cells,
      rowTotals: true,
      columnTotals: true,
      rowTotalLabel: 'Überprüfte Ziele',
      dropEmpty: 'rows-and-columns',
      note: 'Jedes im Zeitraum überprüfte Ziel zählt einmal, mit dem Ergebnis seiner letzten Überprüfung im Zeitraum.',
    };
  },
};

/**
 * Contacts by channel with the share held with an interpreter. The share is derived from the two
 * published counts of its row — never from true counts — and shown from 10 published contacts on.
 */
const contactsByChannel: TableDefinition = {
  kind: 'table',
  code: 'contacts-by-channel',
  title: 'Kontakte nach Kontaktart und Anteil mit Sprachmittlung',
  rowHeader: 'Kontaktart',
  count(ctx) {
    const contacts = ctx.facts.casework.contacts;
    const rows = rowsOf(
      ctx,
      CONTACT_CHANNELS,
      contacts.map((c) => c.channel),
      'contactChannel',
    );
    const columns = [
      { code: 'contacts', label: 'Kontakte' },
      { code: 'with-interpreter', label: 'davon mit Sprachmittlung' },
    ];
    const { cells, add } = grid(rows, columns);
    for (const c of contacts) {
      const key = ctx.keys.of('contact', c.contactId);
      add(c.channel, 'contacts', key);
      if (c.interpreter) add(c.channel, 'with-interpreter', key);
    }
    return { rows, columns, cells, columnTotals: true, dropEmpty: 'rows' };
  },
  derive(table) {
    const share = (all: PublishedValue | undefined, part: PublishedValue | undefined): PublishedValue =>
      typeof all === 'number' && typeof part === 'number' && all >= MIN_FOR_SHARE
        ? Math.round((Math.min(part, all) / all) * 1000) / 10
        : 'x';
    return {
      ...table,
      columns: [...table.columns, { code: 'interpreter-share', label: 'Anteil mit Sprachmittlung (%)', derived: true }],
      rows: table.rows.map((r) => ({ ...r, values: [...r.values, share(r.values[0], r.values[1])] })),
      ...(table.totals ? { totals: [...table.totals, share(table.totals[0], table.totals[1])] } : {}),
      note: `Der Anteil ist aus den ausgewiesenen (überlagerten) Zahlen berechnet und wird ab ${MIN_FOR_SHARE} Kontakten gezeigt.`,
    };
  },
};

/** Fewer published contacts than this and a share would move visibly with one contact. */
const MIN_FOR_SHARE = 10;

/** Bands of waiting days (whole days, both ends inclusive). */
export const WAIT_BANDS: readonly { code: string; label: string; upTo: number }[] = [
  { code: '0-7', label: 'bis 7 Tage', upTo: 7 },
  { code: '8-14', label: '8 bis 14 Tage', upTo: 14 },
  { code: '15-30', label: '15 bis 30 Tage', upTo: 30 },
  { code: '31-60', label: '31 bis 60 Tage', upTo: 60 },
  { code: '61-90', label: '61 bis 90 Tage', upTo: 90 },
  { code: '91+', label: 'mehr als 90 Tage', upTo: Infinity },
];

export const waitBand = (days: number) => WAIT_BANDS.find((b) => Math.max(0, days) <= b.upTo)!.code;

/**
 * Waiting times as banded counts of cases: opening → first counselling (cases first counselled in the
 * period), opening or reopening → assignment (stays on the waiting list that ended with an assignment in
 * the period), and the waiting list at the end of the period by the days waited so far.
 */
const waitingTimes: TableDefinition = {
  kind: 'table',
  code: 'waiting-times',
  title: 'Wartezeiten (Fälle nach Wartezeit in Tagen)',
  rowHeader: 'Wartezeit',
  count(ctx) {
    const { from, to } = ctx.facts.range;
    const rows = WAIT_BANDS.map((b) => ({ code: b.code, label: b.label }));
    const columns = [
      { code: 'first-counselling', label: 'Aufnahme bis erste Beratung' },
      { code: 'assignment', label: 'Aufnahme bis Zuweisung an Fallmanagement' },
      { code: 'waiting-at-end', label: 'Auf der Warteliste am Ende des Zeitraums' },
    ];
    const { cells, add } = grid(rows, columns);
    const caseKey = (caseId: string) => ctx.keys.of('case', caseId);
    for (const c of ctx.facts.firstCounselling)
      add(waitBand(c.daysToFirstCounselling ?? 0), 'first-counselling', caseKey(c.caseId));
    for (const doc of ctx.facts.casework.waits) {
      for (const w of doc.waits) {
        if (w.assigned && w.until !== null && w.until >= from && w.until <= to)
          add(waitBand(w.days ?? daysBetween(w.since, w.until)), 'assignment', caseKey(doc.caseId));
        if (w.since <= to && (w.until === null || w.until > to))
          add(waitBand(daysBetween(w.since, to)), 'waiting-at-end', caseKey(doc.caseId));
      }
    }
    return {
      rows,
      columns,
      cells,
      columnTotals: true,
      note: 'Wartezeiten werden als Fallzahlen je Zeitspanne ausgewiesen, nicht als Median: jede Zahl ist wie alle anderen geschützt.',
    };
  },
};

/** The holder of a case on a day: the case manager's pseudonym, '' while unassigned. */
function holderOn(work: CaseWorkDoc | undefined, day: string): string {
  let holder = '';
  for (const h of work?.holders ?? []) if (h.from <= day) holder = h.staffKey;
  return holder;
}

/**
 * Cases and contacts per provider (Träger: KI, cities, welfare associations, Ausländerbehörde) of the
 * case manager who held the case — at the end of the period, or last within it — with the case
 * managers' FTE in Baustein 2 (staff-tables.ts) and the cases at the end of the period per FTE.
 */
const casesByProvider: TableDefinition = {
  kind: 'table',
  code: 'cases-by-provider',
  title: 'Fälle, Kontakte und Betreuungsschlüssel nach Träger',
  rowHeader: 'Träger',
  count(ctx) {
    const { staff, work, contacts } = ctx.facts.casework;
    const to = ctx.facts.range.to;
    const providerOf = new Map(staff.map((s) => [s.staffKey, s.provider]));
    const provider = (key: string) => (key === '' ? 'unassigned' : (providerOf.get(key) ?? 'unknown'));
    const rows = rowsOf(ctx, [...staffProviders(ctx), 'unassigned', 'unknown'], providerOf.values(), 'provider');
    const columns = [
      { code: 'active', label: 'Im Zeitraum betreute Fälle' },
      { code: 'active-at-end', label: 'Aktive Fälle am Ende des Zeitraums' },
      { code: 'contacts', label: 'Kontakte' },
    ];
    const { cells, add } = grid(rows, columns);
    const caseKey = (doc: CaseFactDoc) => ctx.keys.of('case', doc.caseId);
    for (const doc of ctx.cases.active) {
      const lastDay = wasActiveOn(doc, to) ? to : (doc.intervals.at(-1)?.to ?? to);
      add(provider(holderOn(work.get(doc.caseId), lastDay)), 'active', caseKey(doc));
    }
    for (const doc of ctx.cases.activeAtEnd)
      add(provider(holderOn(work.get(doc.caseId), to)), 'active-at-end', caseKey(doc));
    for (const c of contacts) add(provider(c.staffKey), 'contacts', ctx.keys.of('contact', c.contactId));
    return { rows, columns, cells, columnTotals: true, dropEmpty: 'rows' };
  },
  derive(table, ctx) {
    const fte = publishedStaffFte(ctx);
    const perFte = (cases: PublishedValue | undefined, posts: PublishedValue): PublishedValue =>
      typeof cases === 'number' && typeof posts === 'number' && posts > 0 ? Math.round((cases / posts) * 10) / 10 : 'x';
    const extra = (code: string, atEnd: PublishedValue | undefined): PublishedValue[] => {
      const posts = fte.baustein2.get(code) ?? 0;
      return [posts, perFte(atEnd, posts)];
    };
    return {
      ...table,
      columns: [
        ...table.columns,
        { code: 'fte', label: 'Stellen im Fallmanagement (VZÄ, Baustein 2)', derived: true },
        { code: 'cases-per-fte', label: 'Aktive Fälle am Ende je VZÄ', derived: true },
      ],
      rows: table.rows.map((r) => ({ ...r, values: [...r.values, ...extra(r.code, r.values[1])] })),
      ...(table.totals
        ? { totals: [...table.totals, fte.baustein2Total, perFte(table.totals[1], fte.baustein2Total)] }
        : {}),
      note: `Träger der Fallmanagerin oder des Fallmanagers, die den Fall am Ende des Zeitraums (oder zuletzt im Zeitraum) betreute, laut Personalregister. Stellenanteile werden nur aus mindestens ${MIN_STAFF} Personen ausgewiesen („x“ sonst); Fälle je VZÄ sind aus den ausgewiesenen Zahlen berechnet (Obergrenze 1:${ctx.catalogue.caseloadLimit} je Vollzeitstelle).`,
    };
  },
};

const REFERRAL_OUTCOMES = ['accepted', 'started', 'completed', 'declined'];

/**
 * Referrals per agency: those made in the period, and those whose latest feedback in the period has
 * each outcome. Rows are the catalogue's agencies plus any the data add.
 */
const referralsByAgency: TableDefinition = {
  kind: 'table',
  code: 'referrals-by-agency-and-outcome',
  title: 'Verweisungen nach Stelle und Rückmeldung',
  rowHeader: 'Stelle',
  count(ctx) {
    const { referralsMade: made, referralsAnswered: answered } = ctx.facts.casework;
    const latest = answered.map((r) => ({ r, outcome: r.feedback.filter((f) => inRange(ctx, f.on)).pop()!.outcome }));
    const agencies = (ctx.catalogue.agencies ?? []).map((a) => a.code).filter((a) => a !== 'KI');
    const rows = rowsOf(
      ctx,
      agencies,
      [...made, ...answered].map((r) => r.agency),
      'agency',
    );
    const columns = [
      { code: 'made', label: 'Verweisungen' },
      ...rowsOf(
        ctx,
        REFERRAL_OUTCOMES,
        latest.map((l) => l.outcome),
        'referralOutcome',
      ).map((c) => ({ ...c, label: `Rückmeldung: ${c.label}` })),
    ];
    const { cells, add } = grid(rows, columns);
    for (const r of made) add(r.agency, 'made', ctx.keys.of('referral', r.referralId));
    for (const { r, outcome } of latest) add(r.agency, outcome, ctx.keys.of('referral', r.referralId));
    return {
      rows,
      columns,
      cells,
      columnTotals: true,
      dropEmpty: 'rows',
      note: 'Rückmeldungen zählen im Zeitraum, in dem die Stelle sie gegeben hat, mit der letzten Rückmeldung im Zeitraum; sie gehören nicht immer zu Verweisungen desselben Zeitraums.',
    };
  },
};

export const CASEWORK_TABLES: RegistryEntry[] = [
  casesByFieldOfAction,
  goalAttainment,
  contactsByChannel,
  waitingTimes,
  casesByProvider,
  referralsByAgency,
];
