import type { CatalogueV2 } from '../catalogue/catalogue.js';
import { readJsonConfigFile } from '../catalogue/config-file.js';
import { DEFAULT_LEGAL_BASES } from './default-legal-bases.js';
import type { LegalBasisMatrix } from './legal-basis.js';
import { parseLegalBasisMatrix } from './legal-basis.parser.js';

type Env = Record<string, string | undefined>;

/**
 * The legal-basis matrix in force: the file named in KIM_LEGAL_BASES_FILE, or Kreis Mettmann's defaults.
 * Both are checked against the catalogue in force, so a county catalogue that drops an agency a default
 * row names stops the start too (one line naming the row), instead of refusing transfers later.
 */
export function loadLegalBasisMatrix(catalogue: CatalogueV2, env: Env = process.env): LegalBasisMatrix {
  const raw = readJsonConfigFile(env, 'KIM_LEGAL_BASES_FILE');
  return raw === undefined
    ? parseLegalBasisMatrix(DEFAULT_LEGAL_BASES, catalogue, 'KIM_LEGAL_BASES_FILE (default matrix)')
    : parseLegalBasisMatrix(raw, catalogue, 'KIM_LEGAL_BASES_FILE');
}
