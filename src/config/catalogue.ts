/**
 * The county's lists: agencies, municipalities, data categories, statutory bases, purposes. They are
 * configuration, not code (product section 1); these are Kreis Mettmann's defaults and can be replaced
 * by a JSON file named in KIM_CATALOGUE_FILE.
 */
export interface DataCategory {
  code: string;
  label: string;
  /** Art. 9 DSGVO special category: transferable only under an explicit consent naming it. */
  special: boolean;
}

export interface Catalogue {
  agencies: { code: string; label: string; publicBody: boolean }[];
  municipalities: string[];
  dataCategories: DataCategory[];
  /** Statutory bases a transfer may cite instead of consent, each needing a written justification. */
  statutoryBases: string[];
  caseloadLimit: number;
}

export const DEFAULT_CATALOGUE: Catalogue = {
  agencies: [
    { code: 'KI', label: 'Kommunales Integrationszentrum / Kreissozialamt', publicBody: true },
    { code: 'JOBCENTER_IP', label: 'Jobcenter (Integration Point, SGB II)', publicBody: true },
    { code: 'AGENTUR_FUER_ARBEIT', label: 'Agentur für Arbeit (SGB III)', publicBody: true },
    { code: 'AUSLAENDERBEHOERDE', label: 'Ausländerbehörde', publicBody: true },
    { code: 'EINBUERGERUNGSBEHOERDE', label: 'Einbürgerungsbehörde', publicBody: true },
    { code: 'SCHULAMT', label: 'Schulamt', publicBody: true },
    { code: 'JUGENDAMT', label: 'Jugendamt (SGB VIII)', publicBody: true },
    { code: 'SOZIALAMT', label: 'Sozialamt der Stadt (AsylbLG)', publicBody: true },
    { code: 'WOHLFAHRTSVERBAND', label: 'Wohlfahrtsverband', publicBody: false },
  ],
  municipalities: [
    'Erkrath',
    'Haan',
    'Heiligenhaus',
    'Hilden',
    'Langenfeld',
    'Mettmann',
    'Monheim am Rhein',
    'Ratingen',
    'Velbert',
    'Wülfrath',
  ],
  dataCategories: [
    { code: 'identity', label: 'Identität', special: false },
    { code: 'residence-status', label: 'Aufenthaltsstatus', special: false },
    { code: 'employment', label: 'Beschäftigung und Leistungen', special: false },
    { code: 'education', label: 'Bildung und Schule', special: false },
    { code: 'family-youth-welfare', label: 'Familie und Jugendhilfe', special: false },
    { code: 'language-skills', label: 'Sprachkenntnisse', special: false },
    { code: 'health', label: 'Gesundheit (Art. 9 DSGVO)', special: true },
    { code: 'case-notes', label: 'Fallvermerke', special: false },
  ],
  statutoryBases: ['SGB X §69', 'SGB X §71', 'AufenthG §87'],
  caseloadLimit: 80,
};
