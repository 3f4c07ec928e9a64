import { userFromClaims } from '../../../src/auth/authenticated-user.js';
import { UnauthenticatedError } from '../../../src/auth/unauthenticated.error.js';

const reasonOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof UnauthenticatedError ? error.reason : `unexpected ${String(error)}`;
  }
  return 'accepted';
};

describe('user from token claims', () => {
  describe('when roles sit in the roles claim next to roles of other applications', () => {
    it('keeps the recognised ones in order and acts in the first', () => {
      const user = userFromClaims({
        sub: 'tl-01',
        roles: ['uma_authorization', 'team_lead', 'caseworker'],
        agency: 'KI',
      });
      expect(user.roles).toEqual(['team_lead', 'caseworker']);
      expect(user.role).toBe('team_lead');
    });
  });

  describe('when roles come only as Keycloak realm roles', () => {
    it('reads realm_access.roles', () => {
      expect(userFromClaims({ sub: 'dpo-01', realm_access: { roles: ['offline_access', 'dpo'] } }).role).toBe('dpo');
    });
  });

  describe('when no role is recognised', () => {
    it('refuses the token', () => {
      expect(reasonOf(() => userFromClaims({ sub: 'x', roles: ['superuser'] }))).toBe('no-recognised-role');
      expect(reasonOf(() => userFromClaims({ sub: 'x' }))).toBe('no-recognised-role');
    });
  });

  describe.each(['caseworker', 'team_lead', 'dpo', 'admin', 'committee'])('when a %s has no agency claim', (role) => {
    it('belongs to the integration centre KI', () => {
      expect(userFromClaims({ sub: 'u-01', roles: [role] }).agency).toBe('KI');
    });
  });

  describe('when an agency officer has no agency claim', () => {
    it('refuses the token rather than guess the agency', () => {
      expect(reasonOf(() => userFromClaims({ sub: 'ao-01', roles: ['agency_officer'] }))).toBe('agency-missing');
      expect(reasonOf(() => userFromClaims({ sub: 'ao-01', roles: ['caseworker', 'agency_officer'] }))).toBe(
        'agency-missing',
      );
    });
  });

  describe('when an agency officer names an agency', () => {
    it('carries it, with name and municipality', () => {
      expect(
        userFromClaims({
          sub: 'ao-01',
          roles: ['agency_officer'],
          agency: 'JOBCENTER_IP',
          name: 'Jana Nowak',
          municipality: 'Ratingen',
        }),
      ).toEqual({
        sub: 'ao-01',
        name: 'Jana Nowak',
        roles: ['agency_officer'],
        role: 'agency_officer',
        agency: 'JOBCENTER_IP',
        municipality: 'Ratingen',
      });
    });
  });

  describe('when a claim has the wrong type', () => {
    it('refuses the token', () => {
      expect(reasonOf(() => userFromClaims({ sub: 'cw-01', roles: ['caseworker'], agency: 42 }))).toBe(
        'invalid-claims',
      );
      expect(reasonOf(() => userFromClaims({ roles: ['caseworker'] }))).toBe('invalid-claims');
    });
  });
});
