import type { CatalogueV2 } from '../../catalogue/catalogue.js';
import type { ConsentFacts } from '../../legal-basis/consent-facts.js';
import { consentDraftProblems, consentTerms } from '../../legal-basis/consent-v2.rules.js';
import type { PersonFile } from '../person-file.decider.js';
import { assertNever } from '../../shared/decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { ageOn, compareInstants, localDate, requireInstant } from '../../shared/calendar.js';
import type { ConsentCommand } from '../person-file.commands.js';
import type { ConsentDeclarant, ConsentEvent, ConsentScope } from '../person-file.events.js';

/**
 * Consent rules (Einwilligung, § 67b SGB X, Art. 7 DSGVO): the time checks, the scope check, the capacity
 * to consent, the status of a consent at an instant (projections and queries reuse `consentStatus`) and
 * the decisions on consent commands within the person file.
 */

/** Minimum age at which a person can declare consent themselves (Einsichtsfähigkeit, § 36 SGB I). */
export const AGE_OF_CONSENT = 15;

export type ConsentStatus = 'active' | 'withdrawn' | 'expired' | 'not-yet-valid';

/** The part of a consent that decides its status; projections hold the same fields. */
export interface ConsentValidity {
  validFrom: string; // ISO date-time
  validUntil: string; // ISO date, inclusive
  withdrawnAt?: string | null; // ISO date-time
}

/** A granted consent as the person file holds it, and as the transfer policy reads it. */
export type ConsentRecord = ConsentFacts;

/** Status of a consent at an instant. A withdrawal at the very same instant already takes effect. */
export function consentStatus(consent: ConsentValidity, at: string): ConsentStatus {
  if (compareInstants(at, consent.validFrom) < 0) return 'not-yet-valid';
  if (consent.withdrawnAt && compareInstants(consent.withdrawnAt, at) <= 0) return 'withdrawn';
  if (localDate(at) > consent.validUntil) return 'expired';
  return 'active';
}

const nonEmptyTexts = (values: unknown): values is string[] =>
  Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string' && v.trim() !== '');

/**
 * No blanket consent (§ 67b SGB X): at least one recipient, one category and one purpose, each a
 * configured code. Unknown codes are named so the caseworker can correct the form.
 */
export function validateConsentScope(scope: ConsentScope, catalogue: CatalogueV2): void {
  const missing = (['recipients', 'dataCategories', 'purposes'] as const).filter((f) => !nonEmptyTexts(scope[f]));
  if (missing.length > 0) {
    throw new ValidationError(`consent must name at least one of each: ${missing.join(', ')}`, [...missing]);
  }
  const agencies = new Set(catalogue.agencies.map((a) => a.code));
  const categories = new Set(catalogue.dataCategories.map((c) => c.code));
  const unknownAgencies = scope.recipients.filter((r) => !agencies.has(r));
  const unknownCategories = scope.dataCategories.filter((c) => !categories.has(c));
  const problems = [
    ...(unknownAgencies.length ? [`unknown agency: ${unknownAgencies.join(', ')}`] : []),
    ...(unknownCategories.length ? [`unknown data category: ${unknownCategories.join(', ')}`] : []),
  ];
  if (problems.length > 0) {
    const fields = [
      ...(unknownAgencies.length ? ['recipients'] : []),
      ...(unknownCategories.length ? ['dataCategories'] : []),
    ];
    throw new ValidationError(problems.join('; '), fields);
  }
}

/** Who declared it: a representative must be named, so the declaration can be proven later. */
export function validateDeclarant(declaredBy: ConsentDeclarant, representativeName: string | undefined): void {
  if (declaredBy !== 'person' && declaredBy !== 'legal-representative') {
    throw new ValidationError(`declaredBy must be 'person' or 'legal-representative'`, ['declaredBy']);
  }
  if (declaredBy === 'legal-representative' && !representativeName?.trim()) {
    throw new ValidationError('representativeName is required when a legal representative declares', [
      'representativeName',
    ]);
  }
}

/** § 36 SGB I: below 15 a person cannot declare consent themselves; the legal representative must. */
export function assertCapacityToConsent(dateOfBirth: string, declaredBy: ConsentDeclarant, at: string): void {
  if (declaredBy === 'person' && ageOn(dateOfBirth, localDate(at)) < AGE_OF_CONSENT) {
    throw new RuleViolationError('consent-requires-legal-representative');
  }
}

function assertNewConsentId(file: PersonFile, consentId: string): void {
  if (typeof consentId !== 'string' || consentId === '')
    throw new ValidationError('consentId is required', ['consentId']);
  if (file.consents.some((c) => c.consentId === consentId) || file.refusedConsentIds.includes(consentId)) {
    throw new ConflictError(`consent ${consentId} already exists`);
  }
}

/** Decisions on consent commands; the person-file decider has already checked the file is active. */
export function decideConsent(command: ConsentCommand, file: PersonFile, catalogue: CatalogueV2): ConsentEvent[] {
  switch (command.type) {
    case 'GrantConsent': {
      const d = command.data;
      const at = requireInstant(d.at);
      // Consent v2: specific recipients, catalogue purposes, informed, bounded (docs/legal-bases.md).
      const problems = consentDraftProblems(d, catalogue, at);
      if (d.caseId !== undefined && !file.caseIds.includes(d.caseId)) {
        problems.push({ field: 'caseId', de: 'Fall dieser Person angeben', en: 'must be a case of this person' });
      }
      if (problems.length > 0) {
        throw new ValidationError(
          problems.map((p) => `${p.field} ${p.en}`).join('; '),
          problems.map((p) => p.field),
          problems.map((p) => ({ field: p.field, message: `${p.field} ${p.en}` })),
        );
      }
      validateDeclarant(d.declaredBy, d.representativeName);
      assertNewConsentId(file, d.consentId);
      if (file.dateOfBirth) assertCapacityToConsent(file.dateOfBirth, d.declaredBy, at);
      const terms = consentTerms(d);
      const personal = {
        evidenceReference: d.evidence.reference,
        ...(d.declaredBy === 'legal-representative' ? { representativeName: d.representativeName } : {}),
      };
      return [
        {
          type: 'ConsentGranted',
          data: {
            personId: d.personId,
            consentId: d.consentId,
            recipients: terms.recipients,
            dataCategories: terms.dataCategories,
            purposes: terms.purposes,
            validFrom: at,
            validUntil: terms.validUntil,
            mutual: terms.mutual,
            declaredBy: d.declaredBy,
            interpreterPresent: terms.informed.interpreter,
            evidenceKind: d.evidence.kind,
            recordedBy: d.recordedBy,
            informed: terms.informed,
            ...(terms.caseBinding ? { caseBinding: terms.caseBinding } : {}),
            ...(terms.releases.length > 0 ? { releases: terms.releases } : {}),
            ...(terms.provenance.length > 0 ? { provenance: terms.provenance } : {}),
            personal,
          },
        },
      ];
    }
    case 'RefuseConsent': {
      const d = command.data;
      requireInstant(d.at);
      validateConsentScope(d, catalogue);
      validateDeclarant(d.declaredBy, d.representativeName);
      assertNewConsentId(file, d.consentId);
      // No capacity check: a refusal releases nothing, and a young person's "no" is worth recording.
      const { personId, consentId, recipients, dataCategories, purposes, declaredBy, interpreterPresent, recordedBy } =
        d;
      return [
        {
          type: 'ConsentRefused',
          data: {
            personId,
            consentId,
            recipients,
            dataCategories,
            purposes,
            declaredBy,
            interpreterPresent,
            recordedBy,
          },
        },
      ];
    }
    case 'WithdrawConsent': {
      const d = command.data;
      const at = requireInstant(d.at);
      if (file.refusedConsentIds.includes(d.consentId)) {
        throw new ConflictError(`consent ${d.consentId} was refused, there is nothing to withdraw`);
      }
      const consent = file.consents.find((c) => c.consentId === d.consentId);
      if (!consent) throw new NotFoundError(`consent ${d.consentId} not found`);
      if (consent.withdrawnAt) throw new ConflictError(`consent ${d.consentId} is already withdrawn`);
      return [
        {
          type: 'ConsentWithdrawn',
          data: { personId: d.personId, consentId: d.consentId, withdrawnAt: at, personal: { reason: d.reason ?? '' } },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}
