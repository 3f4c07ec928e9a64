import type { CatalogueV2 } from '../catalogue/catalogue.js';
import { consentStanding, isInformed, type ConsentFacts, type ProvenanceMark } from './consent-facts.js';
import type { ConsentRule, LegalBasisRow } from './legal-basis.js';
import type { FailureReason } from './reasons.js';
import { check, failed, held, type ConditionResult, type TransferProposal } from './transfer-verdict.js';

/**
 * The consent row (Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO, § 67b SGB X): one active, informed
 * consent must name the recipient controller and cover every category and the purpose — two partial
 * consents do not add up to a specific release. Data entrusted for personal help (§ 65 SGB VIII) also need
 * the consent of whoever entrusted them.
 */
export interface ConsentOutcome {
  conditions: ConditionResult[];
  consentIds: string[];
}

const STANDING_REASON = {
  withdrawn: 'consent-withdrawn',
  'ended-with-case': 'consent-ended-with-case',
  'not-yet-valid': 'consent-not-yet-valid',
  expired: 'consent-expired',
  'beyond-maximum-validity': 'consent-beyond-maximum-validity',
} as const satisfies Record<string, FailureReason>;

export function consentConditions(
  row: LegalBasisRow,
  transfer: TransferProposal,
  consents: readonly ConsentFacts[],
  marks: readonly ProvenanceMark[],
  catalogue: CatalogueV2,
  at: string,
): ConsentOutcome {
  const rule = row.consent!;
  const centre = catalogue.agencies.find((a) => a.kind === 'integration-centre' && !a.legacy)?.code;
  // A mutual consent also lets the named partner report back to the integration centre.
  const namesRecipient = (c: ConsentFacts) =>
    c.recipients.includes(transfer.toAgency) ||
    (c.mutual && transfer.toAgency === centre && c.recipients.includes(transfer.fromAgency));
  const assess = (c: ConsentFacts, categories: readonly string[]) =>
    contentConditions(c, transfer.purpose, categories, rule, catalogue, at);

  const candidates = consents.filter(namesRecipient);
  if (candidates.length === 0) {
    return {
      conditions: [
        failed('consent-names-recipient', 'no-consent-for-recipient', legacyHint(transfer, consents, catalogue)),
      ],
      consentIds: [],
    };
  }
  // The covering consent, or else the closest one: what it lacks is what a new consent would have to add.
  const ranked = candidates
    .map((consent) => ({ consent, checks: assess(consent, transfer.dataCategories) }))
    .sort(
      (a, b) =>
        failures(a.checks) - failures(b.checks) || Date.parse(b.consent.validFrom) - Date.parse(a.consent.validFrom),
    );
  const best = ranked[0]!;
  const conditions = [held('consent-names-recipient', { consentId: best.consent.consentId }), ...best.checks];
  const consentIds = failures(best.checks) === 0 ? [best.consent.consentId] : [];

  for (const mark of marks.filter((m) => rule.entrusterTags.includes(m.tag))) {
    const categories = mark.categories ?? transfer.dataCategories;
    const details = [`${mark.tag}:${mark.entrustedBy ?? 'unknown-entruster'}`];
    const release = consents.find(
      (c) =>
        mark.entrustedBy !== undefined &&
        c.declaredBy === mark.entrustedBy &&
        namesRecipient(c) &&
        failures(assess(c, categories)) === 0 &&
        (!rule.entrusterConsentMustNameTag || (c.releases ?? []).includes(mark.tag)),
    );
    conditions.push(
      release
        ? held('entruster-consent', { details, consentId: release.consentId })
        : failed('entruster-consent', 'entruster-consent-missing', { details }),
    );
    if (release && !consentIds.includes(release.consentId)) consentIds.push(release.consentId);
  }
  return { conditions, consentIds };
}

const failures = (checks: readonly ConditionResult[]) => checks.filter((c) => !c.held).length;

function contentConditions(
  consent: ConsentFacts,
  purpose: string,
  categories: readonly string[],
  rule: ConsentRule,
  catalogue: CatalogueV2,
  at: string,
): ConditionResult[] {
  const id = { consentId: consent.consentId };
  const standing = consentStanding(consent, at, {
    maxValidityMonths: catalogue.maxConsentValidityMonths,
    capAtMaximumValidity: rule.capAtMaximumValidity,
  });
  const missing = categories.filter((c) => !consent.dataCategories.includes(c));
  return [
    standing === 'active' ? held('consent-active', id) : failed('consent-active', STANDING_REASON[standing], id),
    ...(rule.requireInformed
      ? [{ ...check('consent-informed', isInformed(consent.informed), 'consent-not-informed'), ...id }]
      : []),
    { ...check('consent-covers-categories', missing.length === 0, 'consent-missing-category', missing), ...id },
    {
      ...check('consent-covers-purpose', consent.purposes.includes(purpose), 'consent-missing-purpose', [purpose]),
      ...id,
    },
  ];
}

/** Consents that name only a legacy collective code of the recipient's kind (e.g. SOZIALAMT): say so. */
function legacyHint(transfer: TransferProposal, consents: readonly ConsentFacts[], catalogue: CatalogueV2) {
  const kind = catalogue.agencies.find((a) => a.code === transfer.toAgency)?.kind;
  const legacy = new Set(catalogue.agencies.filter((a) => a.legacy && a.kind === kind).map((a) => a.code));
  const named = [...new Set(consents.flatMap((c) => c.recipients.filter((r) => legacy.has(r))))];
  return named.length > 0 ? { details: named.map((code) => `legacy-recipient:${code}`) } : {};
}
