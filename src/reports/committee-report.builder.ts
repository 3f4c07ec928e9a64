import type { Catalogue } from '../config/catalogue.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { CommitteeReport, CommitteeSection, PublishedFinding, TrendPoint } from './committee-report.model.js';
import { germanDate } from './committee-documents.js';
import { createProtection, disclosureStatement, publishFigure, type Protection } from './disclosure/protection.js';
import { memoisedForOneReport, type RecordKeys } from './disclosure/record-keys.js';
import { protectCount, published } from './disclosure/suppression.js';
import { coded, germanLabel } from './labels-de.js';
import type { PublishedFigure } from './report.model.js';
import { publishable, trailingQuarters, type ReportPeriod } from './report-period.js';
import { caseSets, median } from './tables/case-sets.js';
import { caseloadFigures } from './tables/caseload-figures.js';
import { REPORT_TABLES } from './tables/index.js';
import { loadReportFacts } from './tables/report-facts.js';
import { publishEntry, type TableContext, type TableRegistry } from './tables/table-registry.js';

const TREND_QUARTERS = 8;
/** A median over fewer cases would move visibly with one case: withheld, and shown in whole days. */
const MIN_CASES_FOR_MEDIAN = 10;

export interface ReportDependencies {
  readStore: ReadStore;
  catalogue: Catalogue;
  clock: Clock;
  /** Record keys under the county's report secret (disclosure/report-secret.ts). */
  recordKeys: RecordKeys;
  /** Test hook: sees every count before and after protection. */
  observe?: Protection['observe'];
  registry?: TableRegistry;
}

/** What the committee report shows, by section: table and figure codes of the registry, in order. */
export const COMMITTEE_LAYOUT: { code: string; title: string; tables: string[]; figures?: string[] }[] = [
  {
    code: 'cases',
    title: 'Fälle nach Kommune',
    tables: [
      'cases-by-municipality',
      'closures-by-reason',
      'new-cases-by-birth-decade',
      'new-cases-by-nationality-group',
    ],
  },
  {
    code: 'consents-and-transfers',
    title: 'Einwilligungen und Datenübermittlungen',
    tables: ['consents', 'transfers-by-agency-and-basis', 'refused-transfers-by-reason'],
  },
  {
    code: 'baustein-3',
    title: 'Baustein 3: Besondere Integrationsleistungen und Einbürgerung',
    tables: ['special-integration-achievements'],
    figures: ['naturalisation-referrals'],
  },
  {
    code: 'goals',
    title: 'Integrationspläne: Ziele und Zielerreichung nach Handlungsfeld',
    tables: ['cases-by-field-of-action', 'goal-attainment-by-field-of-action'],
  },
  {
    code: 'contacts-and-waiting',
    title: 'Kontakte und Wartezeiten',
    tables: ['contacts-by-channel', 'waiting-times'],
  },
  {
    code: 'providers',
    title: 'Träger, Personal und Betreuungsschlüssel',
    tables: ['cases-by-provider', 'staff-fte-by-baustein-and-provider'],
  },
  {
    code: 'referrals',
    title: 'Verweisungen an Regeldienste',
    tables: ['referrals-by-agency-and-outcome'],
  },
];

const HEADLINE = ['cases-opened', 'cases-active', 'cases-active-at-end', 'cases-closed'];

/** Builds the committee report for a period from the read-model documents (see committee-documents.ts). */
export async function buildCommitteeReport(
  deps: ReportDependencies,
  requested: ReportPeriod,
): Promise<CommitteeReport> {
  const { readStore: store, catalogue } = deps;
  const registry = deps.registry ?? REPORT_TABLES;
  const period = publishable(requested, germanDate(deps.clock.now().toISOString()));
  const range = { from: period.from, to: period.dataUntil };
  const trend = trailingQuarters(period.dataUntil, TREND_QUARTERS);
  const caseRange = { from: trend[0]!.from < range.from ? trend[0]!.from : range.from, to: range.to };
  const facts = await loadReportFacts(store, range, caseRange);
  const protection = createProtection(deps.recordKeys, deps.observe);
  const keys = memoisedForOneReport(deps.recordKeys);
  const ctx: TableContext = { facts, cases: caseSets(facts.cases, range), keys, catalogue };

  const figure = (code: string, context: TableContext = ctx): PublishedFigure => {
    const definition = registry.figure(code);
    return { code, label: definition.title, value: publishFigure(protection, definition.count(context)) };
  };
  const headline = HEADLINE.map((code) => figure(code));
  const sections: CommitteeSection[] = COMMITTEE_LAYOUT.map((section) => {
    const entries = section.tables.map((code) => registry.get(code));
    return {
      code: section.code,
      title: section.title,
      tables: entries.flatMap((e) =>
        e?.kind === 'table' || e?.kind === 'computed' ? [publishEntry(e, ctx, protection)] : [],
      ),
      figures: (section.figures ?? []).map((code) => figure(code)),
      notRecorded: entries.flatMap((e) =>
        e?.kind === 'not-recorded'
          ? [{ code: e.code, title: e.title, value: 'nicht erfasst' as const, needs: e.needs }]
          : [],
      ),
    };
  });

  const activeAtEnd = headline.find((h) => h.code === 'cases-active-at-end')!.value;
  const days = facts.firstCounselling.map((c) => c.daysToFirstCounselling ?? 0);
  const middle = days.length >= MIN_CASES_FOR_MEDIAN ? median(days) : null;

  return {
    title: 'Kommunales Integrationsmanagement – Bericht für den Sozialausschuss',
    period,
    generatedAt: deps.clock.now().toISOString(),
    headline,
    sections,
    caseload: await caseloadFigures(store, range, catalogue.caseloadLimit, activeAtEnd),
    firstCounselling: {
      cases: figure('first-counselling').value,
      medianDays: middle === null ? null : Math.round(middle),
    },
    trend: trend.map((q): TrendPoint => {
      const to = q.to < range.to ? q.to : range.to;
      const quarter: TableContext = { ...ctx, cases: caseSets(facts.cases, { from: q.from, to }) };
      return {
        code: q.code,
        label: `${q.code.slice(5)}/${q.code.slice(0, 4)}`,
        complete: to === q.to,
        opened: figure('cases-opened', quarter).value,
        active: figure('cases-active', quarter).value,
        closed: figure('cases-closed', quarter).value,
      };
    }),
    findings: facts.findings
      .sort((a, b) => a.recordedOn.localeCompare(b.recordedOn) || a.findingId.localeCompare(b.findingId))
      .map((f): PublishedFinding => ({
        code: f.findingId,
        topic: coded(catalogue, 'findingTopic', f.topic),
        title: f.title,
        description: f.description,
        agencies: f.agencies.map((a) => coded(catalogue, 'agency', a)),
        municipalities: f.municipalities.map((m) => germanLabel(catalogue, 'municipality', m)),
        // The caseworker's own statement, not a count of records: shown as GET /findings shows it.
        caseCount: published(protectCount(f.caseCount)),
        recordedOn: f.recordedOn,
      })),
    disclosure: disclosureStatement(protection),
    notes: [
      'Die Auslastung der Fallmanagerinnen und Fallmanager wird nur als Durchschnitt und Höchstwert ausgewiesen, nie für eine einzelne Person.',
      'Die Zahlen beruhen auf anonymisierten Kennzahlen (Kommune, Geburtsjahrzehnt, Staatsangehörigkeitsgruppe, Daten des Verfahrens); sie ändern sich nicht, wenn personenbezogene Daten später gelöscht werden.',
    ],
  };
}
