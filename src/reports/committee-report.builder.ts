import { FINDINGS, type FindingDoc } from '../../projections/findings.projection.js';
import type { Catalogue } from '../config/catalogue.js';
import { FINDING_TOPICS } from '../findings/findings.events.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import { caseloadFigures } from './caseload-figures.js';
import { closuresIn, countBy, median, openedIn, wasActiveIn, wasActiveOn } from './case-figures.js';
import {
  COMMITTEE_COLLECTIONS as C,
  germanDate,
  type ActionFactDoc,
  type CaseFactDoc,
  type ConsentFactDoc,
  type TransferFactDoc,
} from './committee-documents.js';
import type { CommitteeReport } from './committee-report.model.js';
import {
  ACHIEVEMENT_LABELS,
  agencyLabel,
  CLOSE_REASON_LABELS,
  CONSENT_ROW_LABELS,
  label,
  legalBasisLabel,
  REFUSAL_REASON_LABELS,
} from './labels-de.js';
import { birthDecade, NATIONALITY_GROUPS, nationalityGroup } from './nationality-groups.js';
import { publishList, publishTable } from './publish-table.js';
import { readAll } from './read-all.js';
import { trailingQuarters, type ReportPeriod } from './report-period.js';
import { protectCount, published } from './suppression.js';

const TREND_QUARTERS = 8;
const count = (n: number) => published(protectCount(n));
const sortedKeys = (map: Map<string, number>) => [...map.keys()].sort((a, b) => a.localeCompare(b, 'de'));

export interface ReportDependencies {
  readStore: ReadStore;
  catalogue: Catalogue;
  clock: Clock;
}

/** Builds the committee report for a period from the read-model documents (see committee-documents.ts). */
export async function buildCommitteeReport(deps: ReportDependencies, period: ReportPeriod): Promise<CommitteeReport> {
  const { readStore: store, catalogue } = deps;
  const trend = trailingQuarters(period, TREND_QUARTERS);
  const earliest = trend[0]!.from < period.from ? trend[0]!.from : period.from;
  const latest = trend.at(-1)!.to > period.to ? trend.at(-1)!.to : period.to;
  const cases = await readAll<CaseFactDoc>(store, C.cases, {
    openedOn: { lte: latest },
    activeUntil: { gte: earliest },
  });
  const active = cases.filter((c) => wasActiveIn(c, period.from, period.to));
  const opened = active.filter((c) => openedIn(c, period));
  const closures = active.flatMap((c) => closuresIn(c, period).map((closure) => ({ ...closure, doc: c })));

  const municipalities = [...new Set([...catalogue.municipalities, ...active.map((c) => c.municipality)])];
  const byMunicipality = publishTable({
    key: 'cases-by-municipality',
    title: 'Fälle nach Kommune',
    rows: municipalities.map((m) => ({ key: m, label: m })),
    columns: [
      { key: 'opened', label: 'Neu aufgenommen' },
      { key: 'active', label: 'Im Zeitraum betreut' },
      { key: 'closed', label: 'Abgeschlossen' },
    ],
    values: municipalities.map((m) => [
      opened.filter((c) => c.municipality === m).length,
      active.filter((c) => c.municipality === m).length,
      closures.filter((c) => c.doc.municipality === m).length,
    ]),
  });

  const reasons = countBy(closures, (c) => c.reason);
  const closeReasonKeys = [...new Set([...Object.keys(CLOSE_REASON_LABELS), ...reasons.keys()])];
  const nationality = countBy(opened, (c) => nationalityGroup(c.nationalityGroup));
  const decades = countBy(opened, (c) => birthDecade(c.birthYearBand));

  const firstCounselling = await readAll<CaseFactDoc>(store, C.cases, {
    firstCounsellingOn: { gte: period.from, lte: period.to },
  });
  const days = firstCounselling.map((c) => c.daysToFirstCounselling ?? 0);

  const [consents, transfers, actions, findings, caseload] = await Promise.all([
    consentFigures(store, period, germanDate(deps.clock.now().toISOString())),
    readAll<TransferFactDoc>(store, C.transfers, { on: { gte: period.from, lte: period.to } }),
    readAll<ActionFactDoc>(store, C.actions, { on: { gte: period.from, lte: period.to } }),
    readAll<FindingDoc>(store, FINDINGS, { recordedOn: { gte: period.from, lte: period.to } }),
    caseloadFigures(store, period, catalogue.caseloadLimit),
  ]);
  const moved = transfers.filter((t) => t.outcome === 'transferred');
  const agencies = [...new Set(moved.map((t) => t.toAgency))].sort();
  const bases = [...new Set(moved.map((t) => t.legalBasis))].sort((a, b) =>
    a === 'consent' ? -1 : b === 'consent' ? 1 : a.localeCompare(b),
  );
  // A refusal can have several reasons; it is counted once, under its first, so the list adds up.
  const refusals = countBy(
    transfers.filter((t) => t.outcome === 'refused'),
    (t) => t.reasons[0] ?? 'unknown',
  );
  const achievements = countBy(
    actions.filter((a) => a.kind === 'achievement'),
    (a) => a.achievementKind ?? 'other',
  );

  return {
    title: 'Kommunales Integrationsmanagement – Bericht für den Sozialausschuss',
    period,
    generatedAt: deps.clock.now().toISOString(),
    headline: {
      opened: count(opened.length),
      activeInPeriod: count(active.length),
      activeAtEnd: count(active.filter((c) => wasActiveOn(c, period.to)).length),
      closed: count(closures.length),
    },
    byMunicipality,
    closuresByReason: publishList(
      'closures-by-reason',
      'Abschlüsse nach Grund',
      'Abschlüsse',
      closeReasonKeys.map((k) => ({ key: k, label: label(CLOSE_REASON_LABELS, k), value: reasons.get(k) ?? 0 })),
    ),
    newCasesByNationalityGroup: publishList(
      'new-cases-by-nationality-group',
      'Neu aufgenommene Fälle nach Staatsangehörigkeitsgruppe',
      'Fälle',
      Object.entries(NATIONALITY_GROUPS).map(([k, l]) => ({ key: k, label: l, value: nationality.get(k) ?? 0 })),
    ),
    newCasesByBirthDecade: publishList(
      'new-cases-by-birth-decade',
      'Neu aufgenommene Fälle nach Geburtsjahrzehnt',
      'Fälle',
      sortedKeys(decades).map((k) => ({ key: k, label: k, value: decades.get(k)! })),
    ),
    caseload,
    consents: publishList(
      'consents',
      'Einwilligungen (Schweigepflichtentbindungen)',
      'Anzahl',
      (Object.keys(CONSENT_ROW_LABELS) as (keyof typeof CONSENT_ROW_LABELS)[]).map((k) => ({
        key: k,
        label: CONSENT_ROW_LABELS[k],
        value: consents[k],
      })),
      { note: 'Die Zeilen sind verschiedene Vorgänge und werden deshalb nicht summiert.', total: false },
    ),
    transfers: publishTable({
      key: 'transfers-by-agency-and-basis',
      title: 'Datenübermittlungen nach empfangender Stelle und Rechtsgrundlage',
      rows: agencies.map((a) => ({ key: a, label: agencyLabel(catalogue, a) })),
      columns: bases.map((b) => ({ key: b, label: legalBasisLabel(b) })),
      values: agencies.map((a) => bases.map((b) => moved.filter((t) => t.toAgency === a && t.legalBasis === b).length)),
      rowTotals: true,
      columnTotals: true,
    }),
    refusedTransfers: publishList(
      'refused-transfers-by-reason',
      'Abgelehnte Übermittlungen nach Grund',
      'Ablehnungen',
      sortedKeys(refusals).map((k) => ({ key: k, label: label(REFUSAL_REASON_LABELS, k), value: refusals.get(k)! })),
    ),
    achievements: publishList(
      'special-integration-achievements',
      'Besondere Integrationsleistungen (Baustein 3)',
      'Anzahl',
      sortedKeys(achievements).map((k) => ({
        key: k,
        label: label(ACHIEVEMENT_LABELS, k),
        value: achievements.get(k)!,
      })),
    ),
    naturalisationReferrals: count(actions.filter((a) => a.kind === 'naturalisation-referral').length),
    firstCounselling: {
      cases: count(days.length),
      // A median over fewer than five cases would describe individuals: it is withheld.
      medianDays: days.length > 4 ? median(days) : null,
    },
    trend: trend.map((q) => {
      const inQuarter = cases.filter((c) => wasActiveIn(c, q.from, q.to));
      return {
        key: q.key,
        label: `${q.key.slice(5)}/${q.key.slice(0, 4)}`,
        opened: count(inQuarter.filter((c) => openedIn(c, q)).length),
        active: count(inQuarter.length),
        closed: count(inQuarter.reduce((s, c) => s + closuresIn(c, q).length, 0)),
      };
    }),
    findings: findings
      .sort((a, b) => a.recordedOn.localeCompare(b.recordedOn))
      .map((f) => ({
        topic: f.topic,
        topicLabel: label(FINDING_TOPICS, f.topic),
        title: f.title,
        description: f.description,
        agencies: f.agencies.map((a) => agencyLabel(catalogue, a)),
        municipalities: f.municipalities,
        caseCount: count(f.caseCount),
        recordedOn: f.recordedOn,
      })),
    notes: [
      'Fallzahlen von 1 bis 4 werden als „<5“ ausgewiesen. Mit „x“ gesperrte Werte verhindern, dass solche Zahlen aus Zeilen- oder Spaltensummen zurückgerechnet werden können.',
      'Die Auslastung der Fallmanagerinnen und Fallmanager wird nur als Durchschnitt und Höchstwert ausgewiesen, nie für eine einzelne Person.',
      'Die Zahlen beruhen auf anonymisierten Kennzahlen (Kommune, Geburtsjahrzehnt, Staatsangehörigkeitsgruppe, Daten des Verfahrens); sie ändern sich nicht, wenn personenbezogene Daten später gelöscht werden.',
    ],
  };
}

/** `today` is the German day of the report: a consent valid until today (inclusive) has not run out yet. */
async function consentFigures(store: ReadStore, period: ReportPeriod, today: string) {
  const range = { gte: period.from, lte: period.to };
  const recorded = await readAll<ConsentFactDoc>(store, C.consents, { recordedOn: range });
  const withdrawn = await readAll<ConsentFactDoc>(store, C.consents, { withdrawnOn: range });
  const runningOut = await readAll<ConsentFactDoc>(store, C.consents, { validUntil: range, outcome: 'granted' });
  return {
    granted: recorded.filter((c) => c.outcome === 'granted').length,
    refused: recorded.filter((c) => c.outcome === 'refused').length,
    withdrawn: withdrawn.length,
    // Expired: ran out in the period, before the report was made, without having been withdrawn before.
    expired: runningOut.filter(
      (c) => c.validUntil! < today && (c.withdrawnOn === undefined || c.withdrawnOn > c.validUntil!),
    ).length,
  };
}
