export const ROLES = [
  'caseworker',
  'team_lead',
  'agency_officer',
  'privacy_officer',
  'dpo',
  'committee',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
