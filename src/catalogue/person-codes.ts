/**
 * Coded person data (issue 16 item 6, product section 3 "optional: residence status code, gender"), with
 * the German labels the console and the Art. 15 report show. Codes are stable; labels may change.
 */
export const GENDERS = {
  female: 'weiblich',
  male: 'männlich',
  diverse: 'divers',
  'not-stated': 'keine Angabe',
} as const;
export type Gender = keyof typeof GENDERS;

/** Rechtskreis: the benefit regime the person draws on (state figures: SGB II, SGB XII, AsylbLG, SGB III, none). */
export const RECHTSKREISE = {
  'sgb-ii': 'SGB II (Bürgergeld)',
  'sgb-xii': 'SGB XII (Sozialhilfe)',
  asylblg: 'AsylbLG',
  'sgb-iii': 'SGB III (Arbeitsförderung)',
  none: 'kein Leistungsbezug',
} as const;
export type Rechtskreis = keyof typeof RECHTSKREISE;

/** How the person came to KIM (access route at intake). */
export const ACCESS_ROUTES = {
  'self-referred': 'aus eigener Initiative',
  auslaenderbehoerde: 'über die Ausländerbehörde',
  jobcenter: 'über das Jobcenter',
  sozialamt: 'über ein Sozialamt',
  'welfare-association': 'über einen Wohlfahrtsverband',
  'migration-counselling': 'über die Migrationsberatung',
  other: 'sonstiger Zugang',
} as const;
export type AccessRoute = keyof typeof ACCESS_ROUTES;

/** Residence status groups (AufenthG); permits with an end date carry `validUntil`. */
export const RESIDENCE_STATUSES = {
  german: 'deutsche Staatsangehörigkeit',
  'eu-free-movement': 'EU-Freizügigkeit',
  settlement: 'Niederlassungserlaubnis / Daueraufenthalt-EU',
  'residence-humanitarian': 'Aufenthaltserlaubnis aus humanitären Gründen (§§ 22–26 AufenthG)',
  'residence-temporary-protection': 'Aufenthaltserlaubnis zum vorübergehenden Schutz (§ 24 AufenthG)',
  'residence-employment': 'Aufenthaltserlaubnis zur Erwerbstätigkeit (§§ 18–21 AufenthG)',
  'residence-family': 'Aufenthaltserlaubnis aus familiären Gründen (§§ 27–36 AufenthG)',
  'residence-education': 'Aufenthaltserlaubnis zu Ausbildung oder Studium (§§ 16–17 AufenthG)',
  'residence-other': 'sonstige Aufenthaltserlaubnis',
  gestattung: 'Aufenthaltsgestattung (§ 55 AsylG)',
  duldung: 'Duldung (§ 60a AufenthG)',
  fiktion: 'Fiktionsbescheinigung (§ 81 AufenthG)',
  unknown: 'ungeklärt',
} as const;
export type ResidenceStatusCode = keyof typeof RESIDENCE_STATUSES;

export const codesOf = <T extends object>(table: T) => Object.keys(table) as (keyof T & string)[];
