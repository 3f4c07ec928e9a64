/**
 * Nationality groups for the statistical residue. A single nationality in a small municipality can
 * identify a person; a group of countries cannot, so only the group is kept for the committee.
 */
export const NATIONALITY_GROUPS = {
  'eu-eea': 'EU/EWR/Schweiz',
  'europe-other': 'Übriges Europa (inkl. Türkei, Ukraine)',
  'middle-east': 'Naher und Mittlerer Osten',
  'asia-other': 'Übriges Asien',
  africa: 'Afrika',
  americas: 'Amerika',
  oceania: 'Australien und Ozeanien',
  stateless: 'Staatenlos / ungeklärt',
  other: 'Sonstige',
} as const;
export type NationalityGroup = keyof typeof NATIONALITY_GROUPS;

const MEMBERS: Record<Exclude<NationalityGroup, 'other'>, string> = {
  'eu-eea': 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH',
  'europe-other': 'AL AD BA BY GE AM AZ XK MD MC ME MK RU SM RS TR UA GB VA',
  'middle-east': 'AF IR IQ SY LB JO IL PS SA YE OM AE QA BH KW EG',
  'asia-other': 'PK IN BD LK NP CN JP KR KP MN VN TH LA KH MM MY SG ID PH KZ KG TJ TM UZ BT MV TL BN',
  africa:
    'DZ AO BJ BW BF BI CV CM CF TD KM CD CG CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW',
  americas: 'AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR TT US UY VE',
  oceania: 'AU NZ FJ PG WS TO VU SB KI TV NR PW MH FM',
  stateless: 'XX XA XB XC',
};

const BY_CODE = new Map<string, NationalityGroup>(
  Object.entries(MEMBERS).flatMap(([group, codes]) =>
    codes.split(' ').map((code) => [code, group as NationalityGroup] as const),
  ),
);

/** Accepts an ISO 3166-1 alpha-2 code or an already grouped value. */
export function nationalityGroup(value: string | undefined): NationalityGroup {
  if (!value) return 'stateless';
  if (value in NATIONALITY_GROUPS) return value as NationalityGroup;
  return BY_CODE.get(value.toUpperCase()) ?? 'other';
}

/** '1990-1994' → '1990–1999'; the report publishes decades, coarser than the stored 5-year band. */
export function birthDecade(band: string | undefined): string {
  const year = Number(band?.slice(0, 4));
  if (!Number.isInteger(year) || year < 1900) return 'unbekannt';
  const start = year - (year % 10);
  return `${start}–${start + 9}`;
}
