import { DEFAULT_CATALOGUE_V2 } from '../catalogue/default-catalogue.js';

/**
 * The invented staff and the typical paperwork of the KIM in Kreis Mettmann: which municipality a case
 * manager covers, who at the partner agencies acknowledges receipt, the usual consent forms and the
 * usual reasons to send data. Municipality weights follow the population roughly (2023, in thousands).
 */
export const MUNICIPALITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Ratingen', 87],
  ['Velbert', 81],
  ['Langenfeld', 59],
  ['Hilden', 55],
  ['Erkrath', 44],
  ['Monheim am Rhein', 41],
  ['Mettmann', 39],
  ['Haan', 30],
  ['Heiligenhaus', 26],
  ['Wülfrath', 21],
];

export const TEAM_LEAD = 'tl-01';
export const PRIVACY_OFFICER = 'dsk-01';
export const caseworkerIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `cw-${String(i + 1).padStart(2, '0')}`);

/** Officers of the partner agencies who acknowledge receipt of transfers. */
export const AGENCY_OFFICERS: Record<string, string> = {
  JOBCENTER_IP: 'jc-01',
  AGENTUR_FUER_ARBEIT: 'aa-01',
  AUSLAENDERBEHOERDE: 'abh-01',
  EINBUERGERUNGSBEHOERDE: 'ebh-01',
  SCHULAMT: 'sa-01',
  JUGENDAMT: 'ja-01',
  WV_CARITAS: 'wv-01',
  WV_AWO: 'wv-02',
};

/** Product.md §1: one social office per municipality, each its own controller. */
export const socialOfficeOf = (municipality: string): string =>
  DEFAULT_CATALOGUE_V2.agencies.find((a) => a.kind === 'social-office' && a.municipality === municipality && !a.legacy)!
    .code;

/** The recipient a form names; `SOCIAL_OFFICE` stands for the participant's own municipality's office. */
export const SOCIAL_OFFICE = 'SOCIAL_OFFICE';
export const recipientFor = (code: string, municipality: string): string =>
  code === SOCIAL_OFFICE ? socialOfficeOf(municipality) : code;

/** The information sheet and consent form in use, and the languages the KI informs in (§ 67b Abs. 2 SGB X). */
export const CONSENT_FORM_VERSION = 'KI-EW-2026-01';
export const INFORMATION_LANGUAGES = ['de', 'ar', 'tr', 'uk', 'fa', 'ru'] as const;

export interface ConsentForm {
  recipient: string;
  dataCategories: string[];
  purpose: string;
  /** Share of participants who sign this form at intake. */
  share: number;
  mutual: boolean;
}

export const CONSENT_FORMS: readonly ConsentForm[] = [
  {
    recipient: 'JOBCENTER_IP',
    dataCategories: ['identity', 'employment', 'language-skills'],
    purpose: 'labour-market-integration',
    share: 0.7,
    mutual: true,
  },
  {
    recipient: 'AGENTUR_FUER_ARBEIT',
    dataCategories: ['identity', 'employment'],
    purpose: 'labour-market-integration',
    share: 0.25,
    mutual: true,
  },
  {
    recipient: 'AUSLAENDERBEHOERDE',
    dataCategories: ['identity', 'residence-status'],
    purpose: 'residence-law-procedure',
    share: 0.35,
    mutual: false,
  },
  {
    recipient: 'SCHULAMT',
    dataCategories: ['identity', 'education'],
    purpose: 'schooling',
    share: 0.2,
    mutual: true,
  },
  {
    recipient: 'WV_CARITAS',
    dataCategories: ['identity', 'language-skills', 'case-notes'],
    purpose: 'counselling',
    share: 0.3,
    mutual: false,
  },
  {
    recipient: SOCIAL_OFFICE,
    dataCategories: ['identity', 'residence-status'],
    purpose: 'social-benefits',
    share: 0.1,
    mutual: false,
  },
];

/**
 * Statutory transfers a KI may lawfully make without consent (rows of the legal-basis matrix), each with its
 * written justification. The one to the Ausländerbehörde answers its request and waits for the team lead.
 */
export const STATUTORY_TRANSFERS = [
  {
    toAgency: 'JOBCENTER_IP',
    legalBasis: 'sgb10-69',
    dataCategories: ['identity', 'employment'],
    purpose: 'social-benefits',
    justification:
      'Erforderlich zur Erfüllung der gesetzlichen Aufgabe nach SGB II (Leistungsantrag), § 69 Abs. 1 Nr. 1 SGB X',
  },
  {
    toAgency: 'AGENTUR_FUER_ARBEIT',
    legalBasis: 'sgb10-69',
    dataCategories: ['identity', 'employment'],
    purpose: 'labour-market-integration',
    justification: 'Anmeldung zur Arbeitsvermittlung nach SGB III, Angaben zur Beschäftigung erforderlich',
  },
  {
    toAgency: 'AUSLAENDERBEHOERDE',
    legalBasis: 'sgb10-71-2',
    dataCategories: ['identity', 'residence-status'],
    purpose: 'residence-law-procedure',
    justification: 'Mitteilung nach § 71 Abs. 2 SGB X auf Ersuchen der Ausländerbehörde im Einzelfall',
    request: { authority: 'AUSLAENDERBEHOERDE', reference: 'ABH-32-' },
    attestations: ['request-within-authority-tasks'],
  },
] as const;

/**
 * Requests the policy must refuse: no consent, health data under § 69 SGB X, a welfare association under a
 * statute, case notes to the Ausländerbehörde without a request and with "." as justification (issue 14).
 */
export const REFUSED_TRANSFERS = [
  {
    kind: 'no-consent',
    toAgency: 'JUGENDAMT',
    legalBasis: 'consent',
    dataCategories: ['identity', 'family-youth-welfare'],
    purpose: 'child-protection',
  },
  {
    kind: 'health-statutory',
    toAgency: 'JOBCENTER_IP',
    legalBasis: 'sgb10-69',
    dataCategories: ['identity', 'health'],
    purpose: 'labour-market-integration',
    justification: 'Arbeitsfähigkeit klären',
  },
  {
    kind: 'welfare-statutory',
    toAgency: 'WV_CARITAS',
    legalBasis: 'sgb10-69',
    dataCategories: ['identity', 'case-notes'],
    purpose: 'counselling',
    justification: 'Weiterleitung an die Migrationsberatung',
  },
  {
    kind: 'case-notes-to-immigration-authority',
    toAgency: 'AUSLAENDERBEHOERDE',
    legalBasis: 'sgb10-71-2',
    dataCategories: ['identity', 'case-notes'],
    purpose: 'residence-law-procedure',
    justification: '.',
  },
] as const;

export const ACHIEVEMENTS: readonly (readonly [string, string, number])[] = [
  ['volunteer-fire-brigade', 'Aktives Mitglied der Freiwilligen Feuerwehr, Grundlehrgang bestanden', 3],
  ['elder-care', 'Ehrenamtliche Begleitung im Seniorenzentrum, 12 Monate', 3],
  ['sports-club-coach', 'Übungsleiterin im Sportverein, C-Lizenz erworben', 3],
  ['language-mentor', 'Sprachpatenschaft für neu zugewanderte Familien', 2],
  ['parents-council', 'Gewählte Elternvertretung an der Grundschule', 2],
  ['integration-council', 'Mitglied im Integrationsrat der Stadt', 1],
];

export const COUNSELLING_TOPICS = [
  'Beratung zu Sprachkurs und Anerkennung des Abschlusses',
  'Begleitung zum Termin im Jobcenter vorbereitet',
  'Unterstützung bei der Wohnungssuche',
  'Beratung zum Integrationskurs (B1) und Kinderbetreuung',
  'Klärung der Unterlagen für die Aufenthaltserlaubnis',
  'Bewerbungsunterlagen gemeinsam erstellt',
  'Beratung zu Schulanmeldung der Kinder',
  'Vermittlung in Praktikum besprochen',
  'Unterstützung beim Antrag auf Anerkennung der Berufsqualifikation',
  'Gespräch zur beruflichen Orientierung',
];

export const REFERRALS: readonly (readonly [string, string, number])[] = [
  ['JOBCENTER_IP', 'Vermittlung an das Integration Point zur Arbeitsaufnahme', 5],
  ['AGENTUR_FUER_ARBEIT', 'Anerkennungsberatung der Agentur für Arbeit vermittelt', 2],
  ['SCHULAMT', 'Schulanmeldung über das Schulamt angestoßen', 2],
  ['WV_CARITAS', 'Migrationsberatung der Caritas vermittelt', 2],
  [SOCIAL_OFFICE, 'Antrag beim Sozialamt vorbereitet', 1],
];

export const CLOSE_REASON_WEIGHTS = [
  ['goals-achieved', 8],
  ['referred-to-regular-services', 5],
  ['moved-away', 3],
  ['no-longer-reachable', 2],
  ['participant-ended', 2],
  ['other', 1],
] as const;
