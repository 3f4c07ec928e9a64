import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditEntry } from '../../projections/audit-trail.projection.js';
import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import { caseTimeline } from '../case-management/case-timeline.query.js';
import { CONSENTS, type ConsentDoc } from '../../projections/consents.projection.js';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { TRANSFERS, type TransferDoc } from '../../projections/transfers.projection.js';
import { sealed } from '../personal-data/sealed.js';
import { consentStatus } from '../person-file/consents/consent.rules.js';
import { READ_STORE, type Document, type FindQuery, type ReadStore } from '../read-store/read-store.port.js';
import { RETENTION_POLICY, type RetentionPolicy } from '../retention/retention-policy.js';
import { RetentionFactsLoader } from '../retention/retention-facts.js';
import { retentionOf } from '../retention/retention.js';
import { NotFoundError } from '../shared/errors.js';
import type { SubjectAccessReport } from './subject-access.report.js';
import { verdictInGerman } from '../legal-basis/verdict-de.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import type { KimConfig } from '../config/config.js';
import { participationLabel } from '../person-file/registration/participation.rules.js';
import { provenanceShown } from '../legal-basis/provenance-labels.js';

/** Documents written before the matrix carry neither norm nor conditions. */
const verdictOf = (t: TransferDoc) =>
  verdictInGerman({ basis: { code: t.legalBasis, norm: t.norm ?? null }, conditions: t.conditions ?? [] });

/**
 * Art. 15 DSGVO: what is held about a person, for which purposes, who received it on which basis, and
 * who looked at it. Personal details stay sealed; the report is served through the PersonalDataGate.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
    private readonly retentionFacts: RetentionFactsLoader,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  async report(personId: string, at: string): Promise<SubjectAccessReport> {
    const person = await this.readStore.get<PersonDoc>(PERSONS, personId);
    if (!person) throw new NotFoundError(`person ${personId} not found`);
    const [cases, consents, transfers, trail, retention] = await Promise.all([
      this.all<CaseDoc>(CASES, { filter: { personId }, sort: { field: 'openedAt', direction: 'asc' } }),
      this.all<ConsentDoc>(CONSENTS, { filter: { personId }, sort: { field: 'validFrom', direction: 'asc' } }),
      this.all<TransferDoc>(TRANSFERS, { filter: { personId }, sort: { field: 'at', direction: 'asc' } }),
      this.all<AuditEntry>(AUDIT_TRAIL, { filter: { personId }, sort: { field: 'seq', direction: 'asc' } }),
      this.retentionFacts.load(personId).then(({ facts }) => retentionOf(this.policy, facts)),
    ]);
    // Personal data stay sealed here; the PersonalDataGate opens them after the read is logged.
    const open = async (personal: unknown) => sealed(personId, personal);
    const erasure = trail.find((e) => e.eventType === 'PersonErased');
    const catalogue = this.config.law.catalogue;
    const basis = person.participation ?? { kind: 'not-recorded' as const };

    const accesses = trail.filter((e) => e.action === 'access');
    const purposes = new Map<string, Set<string>>();
    const note = (purpose: string, source: string) =>
      purposes.set(purpose, (purposes.get(purpose) ?? new Set()).add(source));
    consents.filter((c) => c.kind === 'granted').forEach((c) => c.purposes.forEach((p) => note(p, 'Einwilligung')));
    transfers.filter((t) => t.allowed).forEach((t) => note(t.purpose, 'Übermittlung'));
    if (cases.length > 0) note('case-management', 'Casemanagement');
    accesses.forEach((a) => a.purpose && note(a.purpose, 'Zugriff'));

    return {
      generatedAt: at,
      personId,
      status: {
        registeredAt: person.registeredAt,
        municipality: person.municipality,
        restricted: person.restricted,
        erased: person.erased,
        ...(person.erasedAt ? { erasedAt: person.erasedAt } : {}),
        ...(erasure ? { recipientsNotifiedOfErasure: (erasure.details.recipientsToNotify as string[]) ?? [] } : {}),
      },
      participation: {
        ...(basis.kind === 'not-recorded'
          ? { kind: basis.kind }
          : basis.kind === 'consent'
            ? {
                kind: basis.kind,
                code: basis.code,
                norm: basis.norm,
                informed: basis.informed,
                evidenceKind: basis.evidenceKind,
                declaredBy: basis.declaredBy,
              }
            : // Who documented it is staff: not disclosed by identity (CJEU C-579/21).
              { kind: basis.kind, code: basis.code, norm: basis.norm }),
        label: participationLabel(basis, catalogue),
        ...(person.participationWithdrawnAt ? { withdrawnAt: person.participationWithdrawnAt } : {}),
        ...(person.participationRecordedAt
          ? { recordedAt: person.participationRecordedAt, evidence: await open(person.participationPersonal) }
          : {}),
      },
      personalData: (await open(person.personal)) ?? {},
      purposes: [...purposes].map(([purpose, sources]) => ({ purpose, sources: [...sources] })),
      cases: await Promise.all(
        cases.map(async (c) => ({
          caseId: c.caseId,
          status: c.status,
          municipality: c.municipality,
          openedAt: c.openedAt,
          ...(c.closedAt ? { closedAt: c.closedAt, closeReason: c.closeReason } : {}),
          assigned: Boolean(c.assignee),
          actions: await Promise.all(
            (await caseTimeline(this.readStore, c.caseId))
              .filter((t) => t.type === 'CaseActionRecorded')
              .map(async (t) => ({
                actionType: t.actionType,
                actionDate: t.actionDate,
                agencies: t.agencies ?? [],
                ...(t.provenance?.length ? { provenance: provenanceShown(t.provenance, catalogue) } : {}),
                ...(t.personal !== undefined ? { personal: await open(t.personal) } : {}),
              })),
          ),
        })),
      ),
      consents: await Promise.all(
        consents.map(async ({ personal, withdrawalPersonal, ...c }) => ({
          consentId: c.consentId,
          kind: c.kind,
          status: c.kind === 'refused' ? 'refused' : consentStatus({ ...c, validUntil: c.validUntil! }, at),
          recipients: c.recipients,
          dataCategories: c.dataCategories,
          purposes: c.purposes,
          validFrom: c.validFrom,
          ...(c.validUntil ? { validUntil: c.validUntil } : {}),
          declaredBy: c.declaredBy,
          ...(c.evidenceKind ? { evidenceKind: c.evidenceKind } : {}),
          ...(c.provenance?.length ? { provenance: provenanceShown(c.provenance, catalogue) } : {}),
          ...(personal !== undefined ? { evidence: await open(personal) } : {}),
          history: [
            { at: c.validFrom, event: c.kind === 'granted' ? 'erteilt' : 'verweigert' },
            ...(c.withdrawnAt ? [{ at: c.withdrawnAt, event: 'widerrufen' }] : []),
          ],
          ...(c.withdrawnAt ? { withdrawnAt: c.withdrawnAt, withdrawal: await open(withdrawalPersonal) } : {}),
        })),
      ),
      recipients: await Promise.all(
        transfers
          .filter((t) => t.allowed)
          .map(async (t) => ({
            transferId: t.transferId,
            toAgency: t.toAgency,
            at: t.at,
            legalBasis: t.legalBasis,
            dataCategories: t.dataCategories,
            purpose: t.purpose,
            ...(t.acknowledgedAt ? { acknowledgedAt: t.acknowledgedAt } : {}),
            justification: await open(t.personal),
            rechtsgrundlage: verdictOf(t).rechtsgrundlage,
          })),
      ),
      refusedTransfers: transfers
        .filter((t) => !t.allowed)
        .map((t) => ({
          transferId: t.transferId,
          toAgency: t.toAgency,
          at: t.at,
          legalBasis: t.legalBasis,
          dataCategories: t.dataCategories,
          purpose: t.purpose,
          requestedBy: t.requestedBy,
          status: t.status ?? 'refused',
          reasons: t.reasons,
          ...verdictOf(t),
        })),
      // Staff by role and agency, not by identity (CJEU C-579/21).
      accesses: accesses.map((a) => ({
        at: a.at,
        role: a.actorRole,
        agency: a.actorAgency,
        purpose: a.purpose,
        endpoint: String(a.details.endpoint ?? ''),
        dataCategories: (a.details.dataCategories as string[]) ?? [],
        position: a.position,
      })),
      refusedAccesses: trail
        .filter((e) => e.action === 'access-denied')
        .map((e) => ({
          at: e.at,
          role: e.actorRole,
          agency: e.actorAgency,
          endpoint: String(e.details.endpoint ?? ''),
          position: e.position,
        })),
      rectifications: await Promise.all(
        trail
          .filter((e) => e.action === 'person-rectified' || e.action === 'person-data-disputed')
          .map(async (e) => ({
            at: e.at,
            kind: e.action === 'person-rectified' ? ('rectified' as const) : ('disputed' as const),
            fields: (e.details.fields as string[]) ?? [],
            role: e.actorRole,
            agency: e.actorAgency,
          })),
      ),
      corrections: (person.corrections ?? []).map((c) => sealed(personId, c)),
      residence: trail
        .filter((e) => e.action === 'residence-status-recorded')
        .map((e) => ({
          at: e.at,
          status: String(e.details.status),
          validUntil: e.details.validUntil as string | undefined,
        })),
      sources: [
        { source: 'registration' as const, at: person.registeredAt },
        ...(consents.length > 0 ? [{ source: 'consent' as const, at: consents[0]!.validFrom }] : []),
        ...(cases.length > 0 ? [{ source: 'casework' as const, at: cases[0]!.openedAt }] : []),
      ],
      retention: {
        ...retention,
        label: this.policy.kimFile.label,
        yearsAfterLastClosure: this.policy.kimFile.yearsAfterLastClosure,
        monthsWithoutCase: this.policy.kimFile.monthsWithoutCase,
      },
    };
  }

  private async all<D extends Document>(collection: string, query: FindQuery): Promise<D[]> {
    const items: D[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.readStore.find<D>(collection, { ...query, limit: 1000, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}
