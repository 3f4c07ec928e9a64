import type { Catalogue } from '../../config/catalogue.js';
import { ValidationError } from '../../shared/errors.js';
import type { TransferData } from '../person-file.commands.js';
import { CONSENT_BASIS } from './transfer-policy.js';

/**
 * The codes of a transfer request must name configured agencies, categories and bases (400). Shapes are
 * checked at the edge; whether the transfer is lawful is decided by the policy and recorded (422).
 */
export function validateTransferCodes(d: TransferData['data'], catalogue: Catalogue): void {
  const problems: [string, string][] = [];
  const agencies = new Set(catalogue.agencies.map((a) => a.code));
  const categories = new Set(catalogue.dataCategories.map((c) => c.code));
  if (!agencies.has(d.fromAgency)) problems.push(['fromAgency', `unknown agency: ${d.fromAgency}`]);
  if (!agencies.has(d.toAgency)) problems.push(['toAgency', `unknown agency: ${d.toAgency}`]);
  const unknown = d.dataCategories.filter((c) => !categories.has(c));
  if (unknown.length > 0) problems.push(['dataCategories', `unknown data category: ${unknown.join(', ')}`]);
  if (d.legalBasis !== CONSENT_BASIS && !catalogue.statutoryBases.includes(d.legalBasis)) {
    problems.push(['legalBasis', `unknown legal basis: ${d.legalBasis}`]);
  }
  if (problems.length > 0) {
    throw ValidationError.of(problems);
  }
}
