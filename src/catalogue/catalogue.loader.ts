import { fail } from './config-checks.js';
import { readJsonConfigFile } from './config-file.js';
import { SENDER_REGIMES, type CatalogueV2, type SenderRegime } from './catalogue.js';
import { parseCatalogue } from './catalogue.parser.js';
import { DEFAULT_CATALOGUE_V2 } from './default-catalogue.js';

type Env = Record<string, string | undefined>;

/**
 * The catalogue in force: Kreis Mettmann's defaults, or the file named in KIM_CATALOGUE_FILE; then the
 * single-value overrides KIM_SENDER_REGIME, KIM_CONSENT_MAX_MONTHS and KIM_CASELOAD_LIMIT. A bad value
 * stops the start with one line naming it.
 */
export function loadCatalogue(env: Env = process.env): CatalogueV2 {
  const raw = readJsonConfigFile(env, 'KIM_CATALOGUE_FILE');
  const base = raw === undefined ? DEFAULT_CATALOGUE_V2 : parseCatalogue(raw, 'KIM_CATALOGUE_FILE');
  return {
    ...base,
    senderRegime: regime(env, base.senderRegime),
    maxConsentValidityMonths: integer(env, 'KIM_CONSENT_MAX_MONTHS', base.maxConsentValidityMonths, 1, 120),
    caseloadLimit: integer(env, 'KIM_CASELOAD_LIMIT', base.caseloadLimit, 1, 1000),
  };
}

function regime(env: Env, fallback: SenderRegime): SenderRegime {
  const raw = env.KIM_SENDER_REGIME;
  if (raw === undefined || raw === '') return fallback;
  if (!(SENDER_REGIMES as readonly string[]).includes(raw)) {
    fail('KIM_SENDER_REGIME', `must be one of ${SENDER_REGIMES.join(', ')}, got "${raw}"`);
  }
  return raw as SenderRegime;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
