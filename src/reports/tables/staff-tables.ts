import type { StaffFactDoc } from '../committee-documents.js';
import { germanLabel } from '../labels-de.js';
import type { PublishedValue } from '../report.model.js';
import { MIN_CASE_MANAGERS } from './caseload-figures.js';
import type { ComputedDefinition, TableContext } from './table-registry.js';

/**
 * Staff in full-time equivalents (VZÄ) per provider and Baustein, from the staff register as it stands
 * (pseudonyms, committee-casework projection). These are sums of FTE shares of employees, not counts of
 * participants' records, so the Cell Key Method does not apply; staff are people too, so a cell (and a
 * total) is shown only when at least MIN_STAFF people make it up — the rule of the caseload figures —
 * and further cells are withheld (`x`) wherever a shown total would give a withheld cell back.
 */
export const MIN_STAFF = MIN_CASE_MANAGERS;

const BAUSTEINE = [1, 2, 3];

/** Providers listed whether or not they have staff: the KI, the Ausländerbehörde, the cities, the welfare associations. */
export function staffProviders(ctx: TableContext): string[] {
  const agencies = (ctx.catalogue.agencies ?? []).map((a) => a.code);
  return ['KI', 'AUSLAENDERBEHOERDE', ...ctx.catalogue.municipalities, ...agencies.filter((a) => a.startsWith('WV_'))];
}

const activeAtEnd = (s: StaffFactDoc, day: string) =>
  (s.activeFrom === undefined || s.activeFrom <= day) && (s.activeUntil === undefined || s.activeUntil >= day);

interface StaffFigures {
  providers: string[];
  /** values[provider][baustein], then the row total; the last row holds the column totals and the grand total. */
  values: PublishedValue[][];
}

const memo = new WeakMap<object, StaffFigures>();

function staffFigures(ctx: TableContext): StaffFigures {
  const cached = memo.get(ctx.facts);
  if (cached) return cached;
  const staff = ctx.facts.casework.staff.filter((s) => activeAtEnd(s, ctx.facts.range.to) && s.fte > 0);
  const fixed = staffProviders(ctx);
  const providers = [...fixed, ...[...new Set(staff.map((s) => s.provider))].filter((p) => !fixed.includes(p)).sort()];
  const rows = providers.length;
  const columns = BAUSTEINE.length;
  // fte and heads over the full grid with a totals row and column.
  const fte = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  const heads = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (const s of staff) {
    const i = providers.indexOf(s.provider);
    const j = BAUSTEINE.indexOf(s.baustein);
    if (j < 0) continue;
    for (const [r, c] of [
      [i, j],
      [i, columns],
      [rows, j],
      [rows, columns],
    ] as const) {
      fte[r]![c]! += s.fte;
      heads[r]![c]! += 1;
    }
  }
  const withheld = heads.map((line) => line.map((n) => n > 0 && n < MIN_STAFF));
  suppressSecondary(fte, heads, withheld);
  const values = fte.map((line, r) =>
    line.map((v, c): PublishedValue => (withheld[r]![c] ? 'x' : Math.round(v * 10) / 10)),
  );
  const figures = { providers, values };
  memo.set(ctx.facts, figures);
  return figures;
}

/**
 * A withheld cell must not follow from its line's shown total minus the other shown cells: where a line
 * with a shown total holds exactly one withheld non-empty cell, the smallest other non-empty cell is
 * withheld too (or, with none left, the total). Repeats until nothing changes; lines are the rows and
 * columns of the grid including the totals row and column.
 */
function suppressSecondary(fte: number[][], heads: number[][], withheld: boolean[][]) {
  const rows = fte.length - 1;
  const columns = fte[0]!.length - 1;
  const lines: [number, number][][] = [
    ...Array.from({ length: rows + 1 }, (_, r) =>
      Array.from({ length: columns + 1 }, (_, c) => [r, c] as [number, number]),
    ),
    ...Array.from({ length: columns + 1 }, (_, c) =>
      Array.from({ length: rows + 1 }, (_, r) => [r, c] as [number, number]),
    ),
  ];
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const total = line[line.length - 1]!;
      if (withheld[total[0]]![total[1]]) continue;
      const parts = line.slice(0, -1).filter(([r, c]) => heads[r]![c]! > 0);
      const hidden = parts.filter(([r, c]) => withheld[r]![c]);
      if (hidden.length !== 1) continue;
      const next =
        parts.filter(([r, c]) => !withheld[r]![c]).sort((a, b) => fte[a[0]]![a[1]]! - fte[b[0]]![b[1]]!)[0] ?? total;
      withheld[next[0]]![next[1]] = true;
      changed = true;
    }
  }
}

/** The published FTE of Baustein 2 per provider and in total, for the caseload per FTE. */
export function publishedStaffFte(ctx: TableContext): {
  baustein2: Map<string, PublishedValue>;
  baustein2Total: PublishedValue;
} {
  const { providers, values } = staffFigures(ctx);
  const j = BAUSTEINE.indexOf(2);
  return {
    baustein2: new Map(providers.map((p, i) => [p, values[i]![j]!])),
    baustein2Total: values[providers.length]![j]!,
  };
}

export const STAFF_TABLES: ComputedDefinition[] = [
  {
    kind: 'computed',
    code: 'staff-fte-by-baustein-and-provider',
    title: 'Personal in Vollzeitäquivalenten nach Träger und Baustein',
    publish(ctx) {
      const { providers, values } = staffFigures(ctx);
      const rows = providers.map((code, i) => ({
        code,
        label: germanLabel(ctx.catalogue, 'provider', code),
        values: values[i]!.slice(0, -1),
        total: values[i]![BAUSTEINE.length]!,
      }));
      const shown = rows.filter((r) => [...r.values, r.total].some((v) => v !== 0));
      const last = values[providers.length]!;
      return {
        rowHeader: 'Träger',
        columns: BAUSTEINE.map((b) => ({
          code: `baustein-${b}`,
          label: `Baustein ${b} (VZÄ)`,
          derived: true as const,
        })),
        measure: 'fte' as const,
        rows: shown,
        totals: last.slice(0, -1),
        grandTotal: last[BAUSTEINE.length]!,
        rowTotalLabel: 'Insgesamt (VZÄ)',
        note: `Stellenanteile der am Ende des Zeitraums tätigen Beschäftigten laut Personalregister, in Vollzeitäquivalenten. Werte aus weniger als ${MIN_STAFF} Personen sind mit „x“ gesperrt.`,
      };
    },
  },
];
