import { REASON_CODES, REASON_LABELS } from '../legal-basis/reasons.js';
import type { CatalogueAgency, CatalogueV2 } from './catalogue.js';

/**
 * Kreis Mettmann's catalogue (product.md §1, version 2). A county replaces it with a JSON file of the same
 * shape named in KIM_CATALOGUE_FILE (see docs/legal-bases.md).
 */
const MUNICIPALITIES = [
  ['Erkrath', 'ERKRATH'],
  ['Haan', 'HAAN'],
  ['Heiligenhaus', 'HEILIGENHAUS'],
  ['Hilden', 'HILDEN'],
  ['Langenfeld', 'LANGENFELD'],
  ['Mettmann', 'METTMANN'],
  ['Monheim am Rhein', 'MONHEIM_AM_RHEIN'],
  ['Ratingen', 'RATINGEN'],
  ['Velbert', 'VELBERT'],
  ['Wülfrath', 'WUELFRATH'],
] as const;

const publicBody = (code: string, label: string, kind: CatalogueAgency['kind'], socialCodeBody: boolean) =>
  ({ code, label, kind, publicBody: true, socialCodeBody, legacy: false }) satisfies CatalogueAgency;

const welfareAssociation = (code: string, label: string): CatalogueAgency => ({
  code,
  label,
  kind: 'welfare-association',
  publicBody: false,
  socialCodeBody: false,
  legacy: false,
});

export const DEFAULT_CATALOGUE_V2: CatalogueV2 = {
  version: 2,
  agencies: [
    // The KI sends; whether its KIM records are Sozialdaten is the sender regime, not an agency attribute.
    publicBody('KI', 'Kommunales Integrationszentrum Kreis Mettmann', 'integration-centre', false),
    publicBody('JOBCENTER_IP', 'Jobcenter – Integration Point (SGB II)', 'jobcenter', true),
    publicBody('AGENTUR_FUER_ARBEIT', 'Agentur für Arbeit (SGB III)', 'employment-agency', true),
    publicBody('AUSLAENDERBEHOERDE', 'Ausländerbehörde', 'immigration-authority', false),
    publicBody('EINBUERGERUNGSBEHOERDE', 'Einbürgerungsbehörde', 'naturalisation-authority', false),
    publicBody('SCHULAMT', 'Schulamt', 'school-authority', false),
    publicBody('JUGENDAMT', 'Jugendamt (SGB VIII)', 'youth-office', true),
    ...MUNICIPALITIES.map(([name, key]) => ({
      ...publicBody(`SOZIALAMT_${key}`, `Sozialamt der Stadt ${name}`, 'social-office', true),
      municipality: name,
    })),
    welfareAssociation('WV_AWO', 'Arbeiterwohlfahrt (AWO)'),
    welfareAssociation('WV_CARITAS', 'Caritasverband'),
    welfareAssociation('WV_DIAKONIE', 'Diakonie'),
    welfareAssociation('WV_DRK', 'Deutsches Rotes Kreuz (DRK)'),
    welfareAssociation('WV_PARITAET', 'Der Paritätische'),
    // v1 collective codes: each stood for several controllers, so no consent naming them is specific.
    { ...publicBody('SOZIALAMT', 'Sozialamt', 'social-office', true), legacy: true },
    { ...welfareAssociation('WOHLFAHRTSVERBAND', 'Wohlfahrtsverband'), legacy: true },
  ],
  municipalities: MUNICIPALITIES.map(([name]) => ({ code: name, label: name })),
  dataCategories: [
    { code: 'identity', label: 'Identität', labelEn: 'identity', special: false, possiblySpecial: false },
    {
      code: 'residence-status',
      label: 'Aufenthaltsstatus',
      labelEn: 'residence status',
      special: false,
      possiblySpecial: false,
    },
    {
      code: 'employment',
      label: 'Beschäftigung und Leistungen',
      labelEn: 'employment and benefits',
      special: false,
      possiblySpecial: false,
    },
    { code: 'education', label: 'Bildung und Schule', labelEn: 'education', special: false, possiblySpecial: false },
    {
      code: 'family-youth-welfare',
      label: 'Familie und Jugendhilfe',
      labelEn: 'family and youth welfare',
      special: false,
      possiblySpecial: false,
    },
    {
      code: 'language-skills',
      label: 'Sprachkenntnisse',
      labelEn: 'language skills',
      special: false,
      possiblySpecial: false,
    },
    { code: 'health', label: 'Gesundheit (Art. 9 DSGVO)', labelEn: 'health', special: true, possiblySpecial: false },
    // Free-text notes routinely hold health, religion or asylum grounds (legal.md, Art. 6, 9 DSGVO).
    {
      code: 'case-notes',
      label: 'Fallvermerke (möglicherweise Art. 9 DSGVO)',
      labelEn: 'case notes',
      special: false,
      possiblySpecial: true,
    },
  ],
  purposes: [
    { code: 'labour-market-integration', label: 'Arbeitsmarktintegration', labelEn: 'labour-market integration' },
    {
      code: 'residence-law-procedure',
      label: 'Aufenthaltsrechtliches Verfahren',
      labelEn: 'residence-law procedure',
    },
    { code: 'naturalisation', label: 'Einbürgerung', labelEn: 'naturalisation' },
    { code: 'child-protection', label: 'Kinderschutz', labelEn: 'child protection' },
    { code: 'social-benefits', label: 'Sozialleistungen', labelEn: 'social benefits' },
    { code: 'schooling', label: 'Schule und Bildung', labelEn: 'schooling' },
    { code: 'language-course', label: 'Sprach- und Integrationskurs', labelEn: 'language course' },
    { code: 'housing', label: 'Wohnen', labelEn: 'housing' },
    { code: 'health-care', label: 'Gesundheitsversorgung', labelEn: 'health care' },
    { code: 'counselling', label: 'Beratung', labelEn: 'counselling' },
  ],
  reasons: REASON_CODES.map((code) => ({ code, label: REASON_LABELS[code].de, labelEn: REASON_LABELS[code].en })),
  roles: [
    { code: 'caseworker', label: 'Fallmanager/in (Casemanagement)', labelEn: 'case manager' },
    { code: 'team_lead', label: 'Teamleitung Casemanagement', labelEn: 'team lead' },
    { code: 'agency_officer', label: 'Sachbearbeitung einer Partnerstelle', labelEn: 'agency officer' },
    { code: 'privacy_officer', label: 'Datenschutzkoordination', labelEn: 'privacy officer' },
    { code: 'dpo', label: 'Datenschutzbeauftragte/r', labelEn: 'data protection officer' },
    { code: 'committee', label: 'Ausschuss (Sozialausschuss, Kreistag)', labelEn: 'committee' },
    { code: 'admin', label: 'Betrieb (Administration)', labelEn: 'operations' },
  ],
  fieldsOfAction: [
    { code: 'residence', label: 'Aufenthalt', labelEn: 'residence' },
    { code: 'language', label: 'Sprache', labelEn: 'language' },
    { code: 'work-recognition', label: 'Arbeit und Anerkennung', labelEn: 'work and recognition' },
    { code: 'education-school', label: 'Bildung und Schule', labelEn: 'education and school' },
    { code: 'childcare', label: 'Kita (Kindertagesbetreuung)', labelEn: 'childcare' },
    { code: 'housing', label: 'Wohnen', labelEn: 'housing' },
    { code: 'health', label: 'Gesundheit', labelEn: 'health' },
    { code: 'finances', label: 'Finanzen', labelEn: 'finances' },
    { code: 'family', label: 'Familie', labelEn: 'family' },
  ],
  provenanceTags: [
    {
      code: 'from-203-professional',
      label: 'Von Berufsgeheimnisträger/in (§ 203 StGB) erlangt',
      labelEn: 'from a professional bound to secrecy (§ 203 StGB)',
      needsEntruster: false,
    },
    {
      code: 'entrusted-youth-office',
      label: 'Dem Jugendamt zur persönlichen Hilfe anvertraut (§ 65 SGB VIII)',
      labelEn: 'entrusted to the youth office for personal help (§ 65 SGB VIII)',
      needsEntruster: true,
    },
    {
      code: 'received-social-data',
      label: 'Von einem Sozialleistungsträger übermittelt (§ 78 SGB X)',
      labelEn: 'received from a social-benefit body (§ 78 SGB X)',
      needsEntruster: false,
    },
  ],
  // The KI's own processing needs a basis too, not only transfers (legal.md, Art. 6, 9 DSGVO; § 3 DSG NRW).
  participationBases: [
    {
      code: 'participation-consent',
      kind: 'consent',
      norm: 'Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO i. V. m. § 67b SGB X',
      label: 'Einwilligung in die Teilnahme am Casemanagement (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X)',
      labelEn: 'consent to take part in case management',
      justificationMinLength: 0,
    },
    {
      code: 'public-task-kim',
      kind: 'public-task',
      norm: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW, § 9 TIntG NRW',
      label:
        'Öffentliche Aufgabe: Kommunales Integrationsmanagement (Art. 6 Abs. 1 lit. e DSGVO, § 3 DSG NRW, § 9 TIntG NRW)',
      labelEn: 'public task: municipal integration management',
      justificationMinLength: 20,
    },
  ],
  // EU member states (without DE), the other EEA states and Switzerland: FreizügG/EU, not the AufenthG.
  // prettier-ignore
  euNationalities: [
    'AT', 'BE', 'BG', 'CY', 'CZ', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV',
    'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO', 'CH',
  ],
  maxConsentValidityMonths: 24,
  // The Sozialgeheimnis (§ 35 SGB I) closes the list of transfer powers (§ 67d SGB X); DSG NRW § 8 would not.
  senderRegime: 'sgb',
  caseloadLimit: 80,
};
