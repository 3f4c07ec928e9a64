import type { TransferLaw } from '../../config/config.js';
import { rowOf } from '../../legal-basis/legal-basis.js';
import { ValidationError } from '../../shared/errors.js';
import type { TransferData } from '../person-file.commands.js';

/**
 * The codes of a transfer request must name agencies and categories of the catalogue and a row of the
 * legal-basis matrix (400). Shapes are checked at the edge; whether the transfer is lawful is decided by the
 * policy and recorded (422) — also for a legacy collective code, which the catalogue still knows.
 */
export function validateTransferCodes(d: TransferData['data'], law: TransferLaw): void {
  const problems: [string, string][] = [];
  const agencies = new Set(law.catalogue.agencies.map((a) => a.code));
  const categories = new Set(law.catalogue.dataCategories.map((c) => c.code));
  if (!agencies.has(d.fromAgency)) problems.push(['fromAgency', `unknown agency: ${d.fromAgency}`]);
  if (!agencies.has(d.toAgency)) problems.push(['toAgency', `unknown agency: ${d.toAgency}`]);
  const unknown = d.dataCategories.filter((c) => !categories.has(c));
  if (unknown.length > 0) problems.push(['dataCategories', `unknown data category: ${unknown.join(', ')}`]);
  if (!rowOf(law.matrix, d.legalBasis)) {
    problems.push(['legalBasis', `unknown legal basis: ${d.legalBasis} (see GET /legal-bases)`]);
  }
  if (problems.length > 0) {
    throw ValidationError.of(problems);
  }
}
