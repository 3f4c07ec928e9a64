import type { JWTPayload } from 'jose';
import { INTEGRATION_CENTRE } from '../shared/agencies.js';
import { isRole, type Role } from '../shared/roles.js';
import { UnauthenticatedError } from './unauthenticated.error.js';

/** The caller as the application sees it, taken from a verified token's claims. */
export interface AuthenticatedUser {
  sub: string;
  name?: string;
  /** All recognised roles, in the order the token lists them. */
  roles: Role[];
  /** The capacity the caller acts in: the first recognised role (the guard may narrow it to the route's). */
  role: Role;
  agency: string;
  municipality?: string;
}

/** Roles that belong to the integration centre itself, so a missing `agency` claim means KI. */
const INTEGRATION_CENTRE_ROLES: readonly Role[] = [
  'caseworker',
  'team_lead',
  'privacy_officer',
  'dpo',
  'admin',
  'committee',
];

/**
 * Claims used: `sub`, `name`, `roles` (or Keycloak's `realm_access.roles`), `agency`, `municipality`.
 * Unknown roles are ignored rather than refused, since an identity provider serves other applications too.
 */
export function userFromClaims(claims: JWTPayload): AuthenticatedUser {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('invalid-claims');
  const roles = [...new Set(roleClaim(claims).filter(isRole))];
  const role = roles[0];
  if (!role) throw new UnauthenticatedError('no-recognised-role');
  const agency = optionalString(claims.agency);
  // An agency officer acts for one recipient agency (rule 6); guessing it would widen what they see.
  if (!agency && roles.some((r) => !INTEGRATION_CENTRE_ROLES.includes(r)))
    throw new UnauthenticatedError('agency-missing');
  const name = optionalString(claims.name);
  const municipality = optionalString(claims.municipality);
  return {
    sub,
    ...(name ? { name } : {}),
    roles,
    role,
    agency: agency ?? INTEGRATION_CENTRE,
    ...(municipality ? { municipality } : {}),
  };
}

function roleClaim(claims: JWTPayload): unknown[] {
  if (Array.isArray(claims.roles)) return claims.roles;
  // Some providers emit a single role as a string.
  if (typeof claims.roles === 'string') return claims.roles.split(' ');
  const realm = claims.realm_access as { roles?: unknown } | undefined;
  return Array.isArray(realm?.roles) ? realm.roles : [];
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UnauthenticatedError('invalid-claims');
  return value === '' ? undefined : value;
}
