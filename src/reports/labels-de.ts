import type { Catalogue } from '../config/catalogue.js';

/** German labels of the committee report; unknown codes are shown as they are rather than dropped. */
export const CLOSE_REASON_LABELS: Record<string, string> = {
  'goals-achieved': 'Ziele erreicht',
  'referred-to-regular-services': 'In Regeldienste übergeleitet',
  'moved-away': 'Verzogen',
  'no-longer-reachable': 'Nicht mehr erreichbar',
  'participant-ended': 'Durch Teilnehmende beendet',
  naturalised: 'Eingebürgert',
  other: 'Sonstiges',
};

export const REFUSAL_REASON_LABELS: Record<string, string> = {
  'no-consent-for-recipient': 'Keine Einwilligung für die empfangende Stelle',
  'consent-missing-category': 'Datenkategorie nicht von der Einwilligung umfasst',
  'consent-missing-purpose': 'Zweck nicht von der Einwilligung umfasst',
  'special-category-requires-explicit-consent': 'Gesundheitsdaten ohne ausdrückliche Einwilligung (Art. 9 DSGVO)',
  'welfare-association-requires-consent': 'Wohlfahrtsverband nur mit Einwilligung',
  'youth-office-entrusted-data-requires-entruster-consent': 'Anvertraute Daten (§ 65 SGB VIII)',
  'justification-required': 'Begründung für gesetzliche Grundlage fehlt',
  'unknown-legal-basis': 'Unbekannte Rechtsgrundlage',
  'unknown-recipient-agency': 'Unbekannte empfangende Stelle',
  'unknown-data-category': 'Unbekannte Datenkategorie',
  'person-restricted': 'Verarbeitung eingeschränkt (Art. 18 DSGVO)',
  'person-erased': 'Person gelöscht (Art. 17 DSGVO)',
  'sender-is-recipient': 'Absender ist Empfänger',
  withdrawn: 'Einwilligung widerrufen',
  expired: 'Einwilligung abgelaufen',
  'not-yet-valid': 'Einwilligung noch nicht gültig',
};

export const ACHIEVEMENT_LABELS: Record<string, string> = {
  'volunteer-fire-brigade': 'Freiwillige Feuerwehr',
  'elder-care': 'Ehrenamt in der Altenhilfe',
  'sports-club-coach': 'Übungsleitung im Sportverein',
  'language-mentor': 'Sprachpatenschaft',
  'parents-council': 'Elternvertretung',
  'integration-council': 'Integrationsrat',
  other: 'Sonstige Integrationsleistung',
};

export const CONSENT_ROW_LABELS = {
  granted: 'Einwilligungen erteilt',
  refused: 'Einwilligungen verweigert',
  withdrawn: 'Einwilligungen widerrufen',
  expired: 'Einwilligungen abgelaufen',
} as const;

export const legalBasisLabel = (basis: string) => (basis === 'consent' ? 'Einwilligung' : basis.replace('§', '§ '));

export const agencyLabel = (catalogue: Catalogue, code: string) =>
  catalogue.agencies.find((a) => a.code === code)?.label ?? code;

export const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;

export const germanNumber = (value: number, digits = 0) =>
  value.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });
