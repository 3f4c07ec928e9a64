import { REASON_LABELS, type ReasonCode } from '../legal-basis/reasons.js';

/**
 * German texts of the reason codes the API answers with (403, 409, 422). People read German labels, not
 * codes; the code stays beside the text for programs. Transfer reasons are the legal-basis
 * vocabulary's (src/legal-basis/reasons.ts, also in GET /catalogue) and are looked up there first.
 */
export const REASONS_DE: Record<string, string> = {
  'no-need-to-know':
    'Kein Zugriff: Ihnen ist kein Fall dieser Person zugewiesen, und Sie haben keine Vertretungsberechtigung.',
  role: 'Ihre Rolle erlaubt diese Aktion nicht.',
  'other-agency': 'Sie sehen nur Übermittlungen an Ihre eigene Stelle.',
  'person-restricted': 'Die Verarbeitung dieser Person ist eingeschränkt (Art. 18 DSGVO).',
  'person-erased': 'Die Daten dieser Person wurden gelöscht.',
  'request-overdue':
    'Die Monatsfrist ist bereits abgelaufen; eine Verlängerung ist nicht mehr möglich (Art. 12 Abs. 3 DSGVO).',
  'four-eyes-same-person':
    'Eine Löschung gibt eine andere Person frei als die, die sie beantragt hat (Vier-Augen-Prinzip).',
  'case-closed': 'Der Fall ist abgeschlossen.',
  'caseload-limit-reached':
    'Die Fallzahlgrenze der Fallmanagerin / des Fallmanagers ist erreicht (1:80 je Vollzeitstelle).',
  'case-of-another-person': 'Der genannte Fall gehört zu einer anderen Person.',
  'caseworker-not-in-staff-register': 'Die Fallmanagerin / der Fallmanager steht nicht im Personalverzeichnis.',
  'caseworker-not-active': 'Die Fallmanagerin / der Fallmanager ist zu diesem Datum nicht im Dienst.',
  'idempotency-key-reused':
    'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet; bitte einen neuen Schlüssel verwenden.',
  'consent-requires-legal-representative':
    'Unter 15 Jahren muss die gesetzliche Vertretung einwilligen (§ 36 SGB I entsprechend).',
  'transfer-was-refused': 'Diese Übermittlung wurde abgelehnt.',
  'person-has-open-case':
    'Für diese Person ist bereits ein Fall offen. Einen weiteren Fall eröffnet nur die Teamleitung mit Begründung.',
  'goals-need-final-review':
    'Der Fall hat Ziele ohne abschließende Bewertung der Zielerreichung; bitte jedes Ziel zum Abschluss bewerten.',
  'interpreter-not-bound-to-confidentiality':
    'Die Dolmetscherin / der Dolmetscher muss vor dem Kontakt zur Verschwiegenheit verpflichtet sein (§ 203 Abs. 4 StGB).',
  'parallel-case-needs-team-lead': 'Einen weiteren offenen Fall für dieselbe Person eröffnet nur die Teamleitung.',
  'agency-without-transfer':
    'An diese Stelle wurden keine Daten übermittelt; eine Stelle wird nur mit erfolgter Übermittlung genannt.',
  'referral-without-delivered-transfer':
    'Eine Weitervermittlung setzt eine erfolgte (zulässige, zugestellte) Übermittlung an dieselbe Stelle voraus.',
  'referral-transfer-other-agency': 'Die genannte Übermittlung ging an eine andere Stelle.',
  'referral-transfer-other-case': 'Die genannte Übermittlung gehört zu einem anderen Fall.',
};

/** A transfer verdict's reason ('consent-missing-category:health') in German, with its detail. */
export const transferReasonDe = (reason: string): string | undefined => {
  const [code, ...detail] = reason.split(':');
  const label = REASON_LABELS[code as ReasonCode]?.de;
  return label && (detail.length > 0 ? `${label} (${detail.join(':')}).` : `${label}.`);
};

export const germanReasons = (reasons: readonly string[], lookup: (code: string) => string | undefined) =>
  reasons.map((code) => lookup(code) ?? REASONS_DE[code.split(':')[0]!] ?? code);
