import type { CatalogueV2 } from '../catalogue/catalogue.js';
import type { ProvenanceMark } from './consent-facts.js';

/** A provenance tag as reports and timelines show it: the tag, its labels, who entrusted the data. */
export interface ProvenanceShown {
  tag: string;
  label: { de: string; en: string };
  entrustedBy?: string;
}

/** Labels from the catalogue in force; a tag the county has since removed shows its code. */
export function provenanceShown(marks: readonly ProvenanceMark[], catalogue: CatalogueV2): ProvenanceShown[] {
  return marks.map((m) => {
    const entry = catalogue.provenanceTags.find((t) => t.code === m.tag);
    return {
      tag: m.tag,
      label: { de: entry?.label ?? m.tag, en: entry?.labelEn ?? entry?.label ?? m.tag },
      ...(m.entrustedBy ? { entrustedBy: m.entrustedBy } : {}),
    };
  });
}
