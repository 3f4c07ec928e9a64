import { REASON_LABELS, type ReasonCode } from './reasons.js';
import type { ConditionResult } from './transfer-verdict.js';

/**
 * A recorded verdict in German for the DPO's audit trail and the Art. 15 report: the row and its norm,
 * and one line per failed condition ("Ersuchen liegt vor: Kein Ersuchen"). Transfers decided before the
 * matrix (schema < 3) have no norm and no conditions: they read "<code> (vor der Rechtsgrundlagen-Matrix)".
 */
export interface RecordedVerdict {
  basis: { code: string; norm: string | null; title?: string | null };
  conditions: readonly ConditionResult[];
}

export interface VerdictInGerman {
  rechtsgrundlage: string;
  nichtErfuellt: string[];
}

const label = (code: string): string => REASON_LABELS[code as ReasonCode]?.de ?? code;

export function verdictInGerman(verdict: RecordedVerdict): VerdictInGerman {
  const { code, norm } = verdict.basis;
  const basis = code === 'consent' ? 'Einwilligung' : code;
  return {
    rechtsgrundlage: norm ? `${basis} (${norm})` : `${basis} (vor der Rechtsgrundlagen-Matrix)`,
    nichtErfuellt: verdict.conditions
      .filter((c) => !c.held)
      .map((c) => `${label(c.condition)}: ${label(c.reason)}${c.details?.length ? ` (${c.details.join(', ')})` : ''}`),
  };
}
