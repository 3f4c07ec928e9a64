import { DEFAULT_CATALOGUE, type Catalogue } from '../../src/config/catalogue.js';
import { buildCommitteeReport } from '../../src/reports/committee-report.builder.js';
import type { CommitteeReport } from '../../src/reports/committee-report.model.js';
import { CELL_KEY_PARAMETERS } from '../../src/reports/disclosure/protection.js';
import { protectCount, protectTable, published } from '../../src/reports/disclosure/suppression.js';
import type { PublishedTable, PublishedValue } from '../../src/reports/report.model.js';
import { monthPeriod, parsePeriod } from '../../src/reports/report-period.js';
import { caseSets } from '../../src/reports/tables/case-sets.js';
import { REPORT_TABLES } from '../../src/reports/tables/index.js';
import { loadReportFacts } from '../../src/reports/tables/report-facts.js';
import type { TableContext } from '../../src/reports/tables/table-registry.js';
import { deps, TEST_KEYS } from '../unit/reports/support/report-harness.js';
import { memoryReadStore } from '../unit/reports/support/memory-read-store.js';
import { DifferencingAttacker } from './disclosure-attacker.js';
import type { Documents } from './projection-harness.js';

/**
 * The red team of issue 17 as code: it collects every committee report a reader may fetch over a history —
 * every month, quarter, half-year and year, now and as each read while its period was under way (one per
 * completed month) — feeds all of them to the DifferencingAttacker, and reports what it pinned. The same
 * attack against the publication before issue 17 (exact counts, `<5`, secondary suppression per table)
 * shows that the attacks are real.
 */
const { maxDeviation: D } = CELL_KEY_PARAMETERS;

export interface AttackSetting {
  docs: Documents;
  /** First and last month with data (YYYY-MM); every month in between is attacked. */
  firstMonth: string;
  lastMonth: string;
  /** The day the attacker asks for the finished reports (YYYY-MM-DD), after `lastMonth`. */
  today: string;
  /** The catalogue the reports are built with: its codes are the rows and columns always shown. */
  catalogue?: Catalogue;
}

export interface Collected {
  report: CommitteeReport;
  range: { from: string; to: string };
}

type Range = { from: string; to: string };

export interface AttackResult {
  singles: number;
  recoveredSingles: string[];
  exact: number;
  /** Non-zero counts pinned to their value (a published 0 is exact by design: it means no record). */
  exactNonZero: number;
  /** Single records the attacker narrowed to "1 or 2". */
  narrowedSingles: number;
  monthsPinnedToOne: string[];
  size: { atoms: number; constraints: number };
}

export function reportAttack(setting: AttackSetting) {
  const { docs } = setting;
  const catalogue = setting.catalogue ?? DEFAULT_CATALOGUE;
  const months: string[] = [];
  for (let m = setting.firstMonth; m <= setting.lastMonth;) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  const monthsIn = (from: string, to: string) => months.filter((m) => m >= from.slice(0, 7) && m <= to.slice(0, 7));
  const firstDay = (month: string) => `${month}-01`;
  const nextMonth = (month: string) => {
    const [y, mm] = month.split('-').map(Number) as [number, number];
    return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  };

  /** Every committee report the attacker can fetch, now and as it read while its period was under way. */
  async function collectReports(observe?: (original: number, perturbed: number) => void): Promise<Collected[]> {
    const codes = new Set<string>();
    for (const m of months) {
      const [y, mm] = m.split('-').map(Number) as [number, number];
      codes
        .add(m)
        .add(`${y}-Q${Math.ceil(mm / 3)}`)
        .add(`${y}-H${mm <= 6 ? 1 : 2}`)
        .add(String(y));
    }
    const asked: { code: string; today: string }[] = [...codes].map((code) => ({ code, today: setting.today }));
    // While under way: on the first day of each month, every period holding the month just completed.
    for (const m of months) {
      const today = firstDay(nextMonth(m));
      for (const code of codes) {
        const p = parsePeriod(code);
        if (p.from <= `${m}-31` && p.to > `${m}-31`) asked.push({ code, today });
      }
    }
    const out: Collected[] = [];
    for (const { code, today } of asked) {
      const report = await buildCommitteeReport(
        deps(docs, `${today}T08:00:00Z`, { catalogue, ...(observe ? { observe } : {}) }),
        parsePeriod(code),
      );
      out.push({ report, range: { from: report.period.from, to: report.period.dataUntil } });
    }
    return out;
  }

  /** The true count of every table row per month: what the attacker is after. */
  async function monthlyTruth(): Promise<Map<string, number>> {
    const truth = new Map<string, number>();
    for (const m of months) {
      const p = monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5)));
      const range = { from: p.from, to: p.to };
      const facts = await loadReportFacts(memoryReadStore(docs), range);
      const ctx: TableContext = {
        facts,
        cases: caseSets(facts.cases, range),
        keys: TEST_KEYS,
        catalogue,
      };
      for (const [family, code, column] of FAMILIES) {
        const entry = REPORT_TABLES.get(code)!;
        if (entry.kind === 'figure') {
          truth.set(atom(family, 'all', m), entry.count(ctx).count);
          continue;
        }
        if (entry.kind !== 'table') continue;
        const t = entry.count(ctx);
        t.rows.forEach((row, i) =>
          t.columns.forEach((col, j) => {
            if (column !== undefined && col.code !== column) return;
            const rowCode = TWO_WAY.has(family) ? `${row.code}×${col.code}` : row.code;
            truth.set(atom(family, rowCode, m), t.cells[i]![j]!.count);
          }),
        );
      }
    }
    return truth;
  }

  /** Additive families: [family, registry code, column]. "Active" counts are not additive over months. */
  const FAMILIES: [string, string, string | undefined][] = [
    ['opened:municipality', 'cases-by-municipality', 'opened'],
    ['closed:municipality', 'cases-by-municipality', 'closed'],
    ['closed:reason', 'closures-by-reason', undefined],
    ['opened:nationality', 'new-cases-by-nationality-group', undefined],
    ['opened:decade', 'new-cases-by-birth-decade', undefined],
    ['consents', 'consents', undefined],
    ['transfers', 'transfers-by-agency-and-basis', undefined],
    ['refused', 'refused-transfers-by-reason', undefined],
    ['achievements', 'special-integration-achievements', undefined],
    ['naturalisation', 'naturalisation-referrals', undefined],
    ['first-counselling', 'first-counselling', undefined],
    // Casework (issue 17, item 3): counts of records dated in a month, additive like the rest.
    ['goals:field', 'cases-by-field-of-action', 'goals-set'],
    ['contacts:channel', 'contacts-by-channel', 'contacts'],
    ['interpreted:channel', 'contacts-by-channel', 'with-interpreter'],
    ['contacts:provider', 'cases-by-provider', 'contacts'],
    ['first-counselling:wait', 'waiting-times', 'first-counselling'],
    ['assigned:wait', 'waiting-times', 'assignment'],
    ['referrals:agency', 'referrals-by-agency-and-outcome', 'made'],
  ];
  const atom = (family: string, row: string, month: string) => `${family}|${row}|${month}`;
  /** Families whose rows are crossed with columns (agency × legal basis). */
  const TWO_WAY = new Set(['transfers']);

  /**
   * Feeds the attacker with what the reports publish. `old`: the publication before issue 17 — exact
   * counts, `<5` for 1–4 and secondary suppression per table — computed from the true counts of the same
   * cells, every row of the universe shown.
   */
  function feed(attacker: DifferencingAttacker, collected: Collected[], truth: Map<string, number>, old: boolean) {
    const rowsOf = new Map<string, string[]>();
    for (const key of truth.keys()) {
      const [family, row] = key.split('|') as [string, string];
      const rows = rowsOf.get(family) ?? rowsOf.set(family, []).get(family)!;
      if (!rows.includes(row)) rows.push(row);
    }
    const atomsOf = (family: string, rows: string[] | 'all', range: { from: string; to: string }) => {
      const list = rows === 'all' ? (rowsOf.get(family) ?? []) : rows;
      return monthsIn(range.from, range.to).flatMap((m) => list.map((r) => atom(family, r, m)));
    };
    const sum = (atoms: string[]) => atoms.reduce((s, a) => s + (truth.get(a) ?? 0), 0);
    const figureSeen = (atoms: string[], value: PublishedValue, label: string) =>
      attacker.observe(atoms, old ? published(protectCount(sum(atoms))) : value, label);

    for (const { report, range } of collected) {
      const where = `${report.period.code}@${range.to}`;
      const tables = new Map(report.sections.flatMap((s) => s.tables).map((t) => [t.code, t]));
      const figure = (code: string) =>
        [...report.headline, ...report.sections.flatMap((s) => s.figures)].find((f) => f.code === code)?.value;
      figureSeen(atomsOf('opened:municipality', 'all', range), figure('cases-opened')!, `${where} opened`);
      figureSeen(atomsOf('closed:municipality', 'all', range), figure('cases-closed')!, `${where} closed`);
      figureSeen(
        atomsOf('naturalisation', 'all', range),
        figure('naturalisation-referrals')!,
        `${where} naturalisation`,
      );
      figureSeen(
        atomsOf('first-counselling', 'all', range),
        report.firstCounselling.cases,
        `${where} first counselling`,
      );
      for (const point of report.trend) {
        const q = parsePeriod(point.code);
        const to = q.to < range.to ? q.to : range.to;
        figureSeen(
          atomsOf('opened:municipality', 'all', { from: q.from, to }),
          point.opened,
          `${where} trend ${point.code}`,
        );
        figureSeen(
          atomsOf('closed:municipality', 'all', { from: q.from, to }),
          point.closed,
          `${where} trend ${point.code}`,
        );
      }
      for (const [family, code, column] of FAMILIES) {
        const t = tables.get(code);
        if (t) (old ? feedOld : feedProtected)(t, family, column, range, where);
      }
    }

    function feedProtected(t: PublishedTable, family: string, column: string | undefined, range: Range, where: string) {
      const twoWay = TWO_WAY.has(family);
      const j = column === undefined ? 0 : t.columns.findIndex((c) => c.code === column);
      const shown = new Set<string>();
      for (const row of t.rows) {
        if (twoWay) {
          t.columns.forEach((c, k) => {
            shown.add(`${row.code}×${c.code}`);
            attacker.observe(atomsOf(family, [`${row.code}×${c.code}`], range), row.values[k]!, `${where} ${t.code}`);
          });
          const rowAtoms = (rowsOf.get(family) ?? []).filter((r) => r.startsWith(`${row.code}×`));
          attacker.observe(atomsOf(family, rowAtoms, range), row.total!, `${where} ${t.code} ${row.code}`);
        } else {
          shown.add(row.code);
          attacker.observe(atomsOf(family, [row.code], range), row.values[j]!, `${where} ${t.code} ${row.code}`);
        }
      }
      // Rows and columns left out were published as 0 throughout.
      for (const r of rowsOf.get(family) ?? [])
        if (!shown.has(r)) attacker.observe(atomsOf(family, [r], range), 0, `${where} ${t.code} ${r} left out`);
      if (!t.totals) return;
      if (twoWay) {
        t.columns.forEach((c, k) => {
          const colAtoms = (rowsOf.get(family) ?? []).filter((r) => r.endsWith(`×${c.code}`));
          attacker.observe(atomsOf(family, colAtoms, range), t.totals![k]!, `${where} ${t.code} total ${c.code}`);
        });
        attacker.observe(atomsOf(family, 'all', range), t.grandTotal!, `${where} ${t.code} grand total`);
      } else {
        attacker.observe(atomsOf(family, 'all', range), t.totals[j]!, `${where} ${t.code} total`);
      }
    }

    function feedOld(t: PublishedTable, family: string, _column: string | undefined, range: Range, where: string) {
      const all = rowsOf.get(family) ?? [];
      const twoWay = TWO_WAY.has(family);
      const rows = twoWay ? [...new Set(all.map((r) => r.split('×')[0]!))] : all;
      const columns = twoWay ? [...new Set(all.map((r) => r.split('×')[1]!))] : ['count'];
      const name = (r: string, c: string) => (twoWay ? `${r}×${c}` : r);
      const values = rows.map((r) => columns.map((c) => sum(atomsOf(family, [name(r, c)], range))));
      const table = protectTable({
        rowKeys: rows,
        columnKeys: columns,
        values,
        rowTotals: twoWay,
        columnTotals: t.totals !== undefined,
      });
      rows.forEach((r, i) => {
        columns.forEach((c, k) =>
          attacker.observe(atomsOf(family, [name(r, c)], range), published(table.cells[i]![k]!), `${where} ${t.code}`),
        );
        if (table.rowTotals)
          attacker.observe(
            atomsOf(
              family,
              columns.map((c) => name(r, c)),
              range,
            ),
            published(table.rowTotals[i]!),
            `${where} ${t.code} ${r}`,
          );
      });
      table.columnTotals?.forEach((total, k) =>
        attacker.observe(
          atomsOf(
            family,
            rows.map((r) => name(r, columns[k]!)),
            range,
          ),
          published(total),
          `${where} total`,
        ),
      );
      if (table.grandTotal)
        attacker.observe(atomsOf(family, 'all', range), published(table.grandTotal), `${where} grand`);
    }

    // Different breakdowns of the same records have the same true total, month by month.
    for (const m of months) {
      const all = (family: string) => (rowsOf.get(family) ?? []).map((r) => atom(family, r, m));
      attacker.same(all('opened:municipality'), all('opened:nationality'), `${m} opened by nationality`);
      attacker.same(all('opened:municipality'), all('opened:decade'), `${m} opened by decade`);
      attacker.same(all('closed:municipality'), all('closed:reason'), `${m} closed by reason`);
      attacker.same(all('contacts:channel'), all('contacts:provider'), `${m} contacts by provider`);
      attacker.same(all('first-counselling'), all('first-counselling:wait'), `${m} first counselling by wait`);
    }
  }

  function attack(collected: Collected[], truth: Map<string, number>, old: boolean): AttackResult {
    const attacker = new DifferencingAttacker(old ? 0 : D);
    for (const key of truth.keys()) attacker.atom(key);
    feed(attacker, collected, truth, old);
    attacker.propagate();
    const pinned = attacker.pinned();
    const singles = [...truth].filter(([, v]) => v === 1).map(([k]) => k);
    for (const [k, v] of pinned) if (truth.get(k) !== v) throw new Error(`attacker reasoning unsound at ${k}`);
    const monthTotal = (family: string, m: string) =>
      attacker.sumInterval([...truth.keys()].filter((k) => k.startsWith(`${family}|`) && k.endsWith(`|${m}`)));
    return {
      singles: singles.length,
      recoveredSingles: singles.filter((k) => pinned.get(k) === 1),
      exact: pinned.size,
      exactNonZero: [...pinned.values()].filter((v) => v > 0).length,
      narrowedSingles: singles.filter((k) => {
        const [lo, hi] = attacker.interval(k);
        return lo === 1 && hi === 2;
      }).length,
      monthsPinnedToOne: months.filter((m) => {
        const [lo, hi] = monthTotal('opened:municipality', m);
        return lo === 1 && hi === 1;
      }),
      size: attacker.size,
    };
  }

  return { months, collectReports, monthlyTruth, attack };
}
