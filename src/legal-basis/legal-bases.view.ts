import { labelOf, type CatalogueV2, type CodedEntry } from '../catalogue/catalogue.js';
import { ANY, citationOf, type LegalBasisMatrix, type LegalBasisRow, type Scope } from './legal-basis.js';
import type { LegalBasisVerdict } from './transfer-verdict.js';

/**
 * What GET /legal-bases, the Art. 30 record, the DPO's trail and the Art. 15 report show: the matrix and the
 * verdicts with German labels instead of codes. Pure; the HTTP layer only serialises it.
 */
export interface Labelled {
  code: string;
  label: string;
}

export interface LegalBasisView {
  code: string;
  kind: LegalBasisRow['kind'];
  norm: string;
  title: string;
  titleEn?: string;
  regimes: string[];
  senders: Labelled[] | typeof ANY;
  recipients: Labelled[] | typeof ANY;
  dataCategories: Labelled[] | typeof ANY;
  purposes: Labelled[] | typeof ANY;
  foreignersOnly: boolean;
  euCitizens: LegalBasisRow['euCitizens'];
  request: LegalBasisRow['request'];
  specialCategoriesAllowed: boolean;
  blockingProvenance: Labelled[];
  secondPersonApproval: { required: boolean; approverRoles: Labelled[] };
  dpoFlag: boolean;
  justification: LegalBasisRow['justification'];
  attestations: CodedEntry[];
}

type ListName = 'agencies' | 'dataCategories' | 'purposes' | 'roles';

export function legalBasesView(matrix: LegalBasisMatrix, catalogue: CatalogueV2): LegalBasisView[] {
  const labelled = (list: ListName, codes: readonly string[]): Labelled[] =>
    codes.map((code) => ({ code, label: labelOf(catalogue, list, code) }));
  const scope = (list: ListName, s: Scope) => (s === ANY ? ANY : labelled(list, s));
  const tag = (code: string): Labelled => ({
    code,
    label: catalogue.provenanceTags.find((t) => t.code === code)?.label ?? code,
  });
  return matrix.rows.map((row) => ({
    code: row.code,
    kind: row.kind,
    norm: citationOf(row),
    title: row.title,
    ...(row.titleEn ? { titleEn: row.titleEn } : {}),
    regimes: [...row.regimes],
    senders: scope('agencies', row.senders),
    recipients: scope('agencies', row.recipients),
    dataCategories: scope('dataCategories', row.dataCategories),
    purposes: scope('purposes', row.purposes),
    foreignersOnly: row.foreignersOnly,
    euCitizens: row.euCitizens,
    request: row.request,
    specialCategoriesAllowed: row.specialCategoriesAllowed,
    blockingProvenance: row.blockingProvenance.map(tag),
    secondPersonApproval: {
      required: row.secondPersonApproval.required,
      approverRoles: labelled('roles', row.secondPersonApproval.approverRoles),
    },
    dpoFlag: row.dpoFlag,
    justification: row.justification,
    attestations: [...row.attestations],
  }));
}

/** One German line per checked condition, e.g. "✗ Ersuchen liegt vor: Kein Ersuchen". */
export function verdictLines(verdict: LegalBasisVerdict, catalogue: CatalogueV2): string[] {
  const label = (code: string) => labelOf(catalogue, 'reasons', code);
  return verdict.conditions.map((c) => {
    const details = c.details?.length ? ` (${c.details.join(', ')})` : '';
    return c.held ? `✓ ${label(c.condition)}${details}` : `✗ ${label(c.condition)}: ${label(c.reason)}${details}`;
  });
}
