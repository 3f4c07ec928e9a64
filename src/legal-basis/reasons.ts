/**
 * The vocabulary of a transfer verdict: every condition the policy checks and every reason it gives, each
 * with a German label (shown to caseworkers, the DPO and in the Art. 15 report) and an English one (for
 * the bilingual 422 answer). Code owns the codes; the catalogue may relabel them.
 *
 * A condition code says what holds ("recipient-allowed-by-basis"); when it fails, the condition carries one
 * of its failure reasons ("recipient-not-allowed-by-basis").
 */
export interface Label {
  de: string;
  en: string;
}

export const CONDITIONS = {
  'person-not-erased': { de: 'Person nicht gelöscht', en: 'person not erased' },
  'person-not-restricted': { de: 'Verarbeitung nicht eingeschränkt (Art. 18 DSGVO)', en: 'processing not restricted' },
  'basis-known': { de: 'Rechtsgrundlage in der Matrix', en: 'legal basis in the matrix' },
  'basis-applies-in-regime': {
    de: 'Rechtsgrundlage gilt im Rechtsregime des Absenders',
    en: "legal basis applies in the sender's regime",
  },
  'sender-allowed-by-basis': { de: 'Absender von der Rechtsgrundlage erfasst', en: 'sender covered by the basis' },
  'sender-is-not-recipient': { de: 'Absender ist nicht der Empfänger', en: 'sender is not the recipient' },
  'recipient-known': { de: 'Empfänger im Katalog', en: 'recipient in the catalogue' },
  'recipient-specific': { de: 'Empfänger ist eine bestimmte Stelle', en: 'recipient is a specific controller' },
  'recipient-allowed-by-basis': {
    de: 'Empfänger von der Rechtsgrundlage erfasst',
    en: 'recipient covered by the basis',
  },
  'recipient-public-body': { de: 'Empfänger ist öffentliche Stelle', en: 'recipient is a public body' },
  'categories-known': { de: 'Datenkategorien im Katalog', en: 'data categories in the catalogue' },
  'categories-allowed-by-basis': {
    de: 'Datenkategorien von der Rechtsgrundlage erfasst',
    en: 'data categories covered by the basis',
  },
  'purpose-known': { de: 'Zweck im Katalog', en: 'purpose in the catalogue' },
  'purpose-allowed-by-basis': { de: 'Zweck von der Rechtsgrundlage erfasst', en: 'purpose covered by the basis' },
  'special-categories-permitted': {
    de: 'Besondere Kategorien (Art. 9 DSGVO) zulässig oder nicht betroffen',
    en: 'special categories (Art. 9 GDPR) permitted or not concerned',
  },
  'person-is-foreigner': {
    de: 'Person ist Ausländer/in im Sinne der Norm',
    en: 'person is a foreigner under the norm',
  },
  'request-on-file': { de: 'Ersuchen liegt vor', en: 'official request on file' },
  'request-from-authority': { de: 'Ersuchen der zuständigen Behörde', en: 'request from the competent authority' },
  'request-reference-given': { de: 'Aktenzeichen des Ersuchens angegeben', en: 'request reference given' },
  'request-received-date-valid': { de: 'Eingangsdatum des Ersuchens gültig', en: 'request receipt date valid' },
  'justification-sufficient': { de: 'Begründung ausreichend', en: 'justification sufficient' },
  'attestations-given': { de: 'Erforderliche Feststellungen getroffen', en: 'required attestations given' },
  'no-blocking-provenance': {
    de: 'Keine Herkunft der Daten steht entgegen',
    en: 'no provenance of the data stands against it',
  },
  'consent-names-recipient': { de: 'Einwilligung nennt den Empfänger', en: 'a consent names the recipient' },
  'consent-active': { de: 'Einwilligung wirksam', en: 'consent in force' },
  'consent-informed': {
    de: 'Aufklärung dokumentiert (Sprache, Formular, Dolmetschung)',
    en: 'information documented (language, form, interpreter)',
  },
  'consent-covers-categories': { de: 'Einwilligung deckt alle Datenkategorien', en: 'consent covers every category' },
  'consent-covers-purpose': { de: 'Einwilligung deckt den Zweck', en: 'consent covers the purpose' },
  'entruster-consent': {
    de: 'Einwilligung der anvertrauenden Person (§ 65 SGB VIII)',
    en: 'consent of whoever entrusted the data (§ 65 SGB VIII)',
  },
  'second-person-approved': { de: 'Freigabe durch eine zweite Person', en: 'approved by a second person' },
} as const satisfies Record<string, Label>;

export type ConditionCode = keyof typeof CONDITIONS;

export const FAILURE_REASONS = {
  'person-erased': { de: 'Person gelöscht', en: 'person erased' },
  'person-restricted': { de: 'Verarbeitung eingeschränkt (Art. 18 DSGVO)', en: 'processing restricted (Art. 18 GDPR)' },
  'basis-unknown': { de: 'Rechtsgrundlage nicht in der Matrix', en: 'legal basis not in the matrix' },
  'basis-not-in-regime': {
    de: 'Rechtsgrundlage gilt nicht im Rechtsregime des Absenders',
    en: "legal basis does not apply in the sender's regime",
  },
  'sender-not-allowed-by-basis': {
    de: 'Absender von der Rechtsgrundlage nicht erfasst',
    en: 'sender not covered by the basis',
  },
  'sender-is-recipient': { de: 'Absender ist der Empfänger', en: 'sender is the recipient' },
  'recipient-unknown': { de: 'Empfänger nicht im Katalog', en: 'recipient not in the catalogue' },
  'recipient-legacy-code': {
    de: 'Empfänger nicht näher bezeichnet (alter Sammelcode)',
    en: 'recipient unspecified (legacy code)',
  },
  'recipient-not-allowed-by-basis': {
    de: 'Empfänger von der Rechtsgrundlage nicht erfasst',
    en: 'recipient not covered by the basis',
  },
  'recipient-private-body-consent-only': {
    de: 'Private Stelle: nur mit Einwilligung',
    en: 'private body: consent is the only basis',
  },
  'category-unknown': { de: 'Datenkategorie nicht im Katalog', en: 'data category not in the catalogue' },
  'no-data-category': { de: 'Keine Datenkategorie angegeben', en: 'no data category named' },
  'category-not-allowed-by-basis': {
    de: 'Datenkategorie von der Rechtsgrundlage nicht erfasst',
    en: 'data category not covered by the basis',
  },
  'purpose-unknown': { de: 'Zweck nicht im Katalog', en: 'purpose not in the catalogue' },
  'purpose-not-allowed-by-basis': {
    de: 'Zweck von der Rechtsgrundlage nicht erfasst',
    en: 'purpose not covered by the basis',
  },
  'special-category-not-allowed': {
    de: 'Besondere Kategorie (Art. 9 DSGVO) auf dieser Grundlage unzulässig',
    en: 'special category (Art. 9 GDPR) not allowed on this basis',
  },
  'person-is-german': { de: 'Person ist Deutsche/r', en: 'person is a German national' },
  'person-is-eu-citizen': {
    de: 'Unionsbürger/in (FreizügG/EU) von der Rechtsgrundlage ausgenommen',
    en: 'EU citizen (FreizügG/EU) excluded from the basis',
  },
  'nationality-unknown': { de: 'Staatsangehörigkeit nicht bekannt', en: 'nationality not known' },
  'request-missing': { de: 'Kein Ersuchen', en: 'no official request' },
  'request-authority-mismatch': {
    de: 'Ersuchen nicht von der zuständigen Behörde',
    en: 'request not from the competent authority',
  },
  'request-reference-missing': { de: 'Aktenzeichen des Ersuchens fehlt', en: 'request reference missing' },
  'request-date-invalid': {
    de: 'Eingangsdatum des Ersuchens fehlt oder ungültig',
    en: 'request date missing or invalid',
  },
  'request-date-in-future': {
    de: 'Eingangsdatum des Ersuchens liegt in der Zukunft',
    en: 'request date in the future',
  },
  'request-too-old': { de: 'Ersuchen zu alt', en: 'request too old' },
  'justification-missing': { de: 'Begründung fehlt', en: 'justification missing' },
  'justification-too-short': { de: 'Begründung zu kurz', en: 'justification too short' },
  'attestation-missing': { de: 'Erforderliche Feststellung fehlt', en: 'required attestation missing' },
  'provenance-blocks-basis': {
    de: 'Herkunft der Daten steht der Übermittlung entgegen (§ 88 AufenthG, § 76 SGB X, § 65 SGB VIII)',
    en: 'provenance of the data blocks this basis',
  },
  'no-consent-for-recipient': { de: 'Keine Einwilligung für diesen Empfänger', en: 'no consent for this recipient' },
  'consent-withdrawn': { de: 'Einwilligung widerrufen', en: 'consent withdrawn' },
  'consent-expired': { de: 'Einwilligung abgelaufen', en: 'consent expired' },
  'consent-not-yet-valid': { de: 'Einwilligung noch nicht wirksam', en: 'consent not yet valid' },
  'consent-ended-with-case': { de: 'Einwilligung mit Fallabschluss beendet', en: 'consent ended when the case closed' },
  'consent-beyond-maximum-validity': {
    de: 'Höchstdauer der Einwilligung überschritten',
    en: 'maximum consent validity exceeded',
  },
  'consent-not-informed': {
    de: 'Aufklärung nicht dokumentiert (Sprache, Formular, Dolmetschung)',
    en: 'information not documented',
  },
  'consent-missing-category': { de: 'Einwilligung deckt Datenkategorie nicht', en: 'consent lacks a data category' },
  'consent-missing-purpose': { de: 'Einwilligung deckt den Zweck nicht', en: 'consent lacks the purpose' },
  'entruster-consent-missing': {
    de: 'Einwilligung der anvertrauenden Person fehlt (§ 65 SGB VIII)',
    en: 'consent of the entruster missing (§ 65 SGB VIII)',
  },
  'approval-pending': { de: 'Freigabe durch zweite Person ausstehend', en: 'second-person approval pending' },
  'approver-is-requester': {
    de: 'Freigabe durch die anfragende Person selbst unzulässig',
    en: 'the requester cannot approve',
  },
  'approver-role-not-allowed': {
    de: 'Freigebende Person hat nicht die erforderliche Rolle',
    en: 'approver lacks the required role',
  },
} as const satisfies Record<string, Label>;

export type FailureReason = keyof typeof FAILURE_REASONS;
export type ReasonCode = ConditionCode | FailureReason;

export const REASON_LABELS: Readonly<Record<ReasonCode, Label>> = { ...CONDITIONS, ...FAILURE_REASONS };
export const REASON_CODES = Object.keys(REASON_LABELS) as ReasonCode[];
