import type { ProvenanceMark } from './consent-facts.js';
import type { LegalBasisMatrix } from './legal-basis.js';
import type { TransferProposal } from './transfer-verdict.js';

/**
 * The provenance marks that apply to this transfer: the request's own (those that concern a category it
 * sends) and the matrix's implicit ones (e.g. case notes come from a § 203 StGB professional), merged per
 * tag and entruster.
 */
export function effectiveProvenance(t: TransferProposal, matrix: LegalBasisMatrix): ProvenanceMark[] {
  const implicit = matrix.settings.implicitProvenance
    .filter((p) => t.dataCategories.includes(p.category) && (p.sender === undefined || p.sender === t.fromAgency))
    .map((p): ProvenanceMark => ({
      tag: p.tag,
      categories: [p.category],
      ...(p.entrustedBy ? { entrustedBy: p.entrustedBy } : {}),
    }));
  const merged = new Map<string, ProvenanceMark>();
  for (const mark of [...(t.provenance ?? []), ...implicit]) {
    const categories = mark.categories?.filter((c) => t.dataCategories.includes(c));
    if (categories && categories.length === 0) continue;
    const key = `${mark.tag}|${mark.entrustedBy ?? ''}`;
    const before = merged.get(key);
    const union =
      before === undefined
        ? categories
        : before.categories && categories
          ? [...new Set([...before.categories, ...categories])]
          : undefined;
    merged.set(key, {
      tag: mark.tag,
      ...(mark.entrustedBy ? { entrustedBy: mark.entrustedBy } : {}),
      ...(union ? { categories: union } : {}),
    });
  }
  return [...merged.values()];
}
