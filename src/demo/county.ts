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
  SOZIALAMT: 'soz-01',
  WOHLFAHRTSVERBAND: 'wv-01',
};

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
    purpose: 'recognition-of-qualifications',
    share: 0.25,
    mutual: true,
  },
  {
    recipient: 'AUSLAENDERBEHOERDE',
    dataCategories: ['identity', 'residence-status'],
    purpose: 'residence-matters',
    share: 0.35,
    mutual: false,
  },
  {
    recipient: 'SCHULAMT',
    dataCategories: ['identity', 'education'],
    purpose: 'school-enrolment',
    share: 0.2,
    mutual: true,
  },
  {
    recipient: 'WOHLFAHRTSVERBAND',
    dataCategories: ['identity', 'language-skills', 'case-notes'],
    purpose: 'social-counselling',
    share: 0.3,
    mutual: false,
  },
  {
    recipient: 'SOZIALAMT',
    dataCategories: ['identity', 'residence-status'],
    purpose: 'benefit-application',
    share: 0.1,
    mutual: false,
  },
];

/** Statutory transfers a KI may lawfully make without consent, each with its written justification. */
export const STATUTORY_TRANSFERS = [
  {
    toAgency: 'JOBCENTER_IP',
    legalBasis: 'SGB X §69',
    dataCategories: ['identity', 'employment'],
    purpose: 'benefit-application',
    justification:
      'Erforderlich zur Erfüllung der gesetzlichen Aufgabe nach SGB II (Leistungsantrag), § 69 Abs. 1 Nr. 1 SGB X',
  },
  {
    toAgency: 'AUSLAENDERBEHOERDE',
    legalBasis: 'AufenthG §87',
    dataCategories: ['identity', 'residence-status'],
    purpose: 'residence-matters',
    justification: 'Unterrichtungspflicht nach § 87 Abs. 2 AufenthG, Aufenthaltsrecht betroffen',
  },
  {
    toAgency: 'AUSLAENDERBEHOERDE',
    legalBasis: 'SGB X §71',
    dataCategories: ['identity'],
    purpose: 'residence-matters',
    justification: 'Mitteilung nach § 71 Abs. 2 SGB X auf Ersuchen der Ausländerbehörde',
  },
] as const;

/** Requests the policy must refuse: no consent, health data without explicit consent, a welfare association under a statute. */
export const REFUSED_TRANSFERS = [
  {
    kind: 'no-consent',
    toAgency: 'JUGENDAMT',
    legalBasis: 'consent',
    dataCategories: ['identity', 'family-youth-welfare'],
    purpose: 'child-welfare',
  },
  {
    kind: 'health-statutory',
    toAgency: 'JOBCENTER_IP',
    legalBasis: 'SGB X §69',
    dataCategories: ['identity', 'health'],
    purpose: 'labour-market-integration',
    justification: 'Arbeitsfähigkeit klären',
  },
  {
    kind: 'welfare-statutory',
    toAgency: 'WOHLFAHRTSVERBAND',
    legalBasis: 'SGB X §69',
    dataCategories: ['identity', 'case-notes'],
    purpose: 'social-counselling',
    justification: 'Weiterleitung an die Migrationsberatung',
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
  ['WOHLFAHRTSVERBAND', 'Migrationsberatung des Wohlfahrtsverbands vermittelt', 2],
  ['SOZIALAMT', 'Antrag beim Sozialamt vorbereitet', 1],
];

export const CLOSE_REASON_WEIGHTS = [
  ['goals-achieved', 8],
  ['referred-to-regular-services', 5],
  ['moved-away', 3],
  ['no-longer-reachable', 2],
  ['participant-ended', 2],
  ['other', 1],
] as const;
