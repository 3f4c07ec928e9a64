import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '../../../src/auth/auth.guard.js';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { Public } from '../../../src/auth/public.decorator.js';
import { Roles } from '../../../src/auth/roles.decorator.js';
import type { TokenVerifier } from '../../../src/auth/token-verifier.js';
import { UnauthenticatedError } from '../../../src/auth/unauthenticated.error.js';
import { ForbiddenError } from '../../../src/shared/errors.js';

const TEAM_LEAD_AND_DPO: AuthenticatedUser = {
  sub: 'u-01',
  roles: ['team_lead', 'dpo'],
  role: 'team_lead',
  agency: 'KI',
};

/** Accepts exactly one token; the guard's job is where it finds the token and what it does with the user. */
const verifier: TokenVerifier = {
  verify: async (token) => {
    if (token !== 'good.token.value') throw new UnauthenticatedError('bad-signature');
    return TEAM_LEAD_AND_DPO;
  },
};

class Routes {
  @Public()
  health() {}
  anyUser() {}
  @Roles('caseworker')
  caseworkerOnly() {}
  @Roles('caseworker', 'dpo')
  readPerson() {}
}

function call(route: keyof Routes, authorization?: string) {
  const request: { headers: Record<string, string>; user?: AuthenticatedUser } = {
    headers: authorization === undefined ? {} : { authorization },
  };
  const context = {
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  const outcome = new AuthGuard(new Reflector(), verifier).canActivate(context).then(
    (allowed) => ({ allowed, user: request.user }),
    (error: unknown) => ({ error }),
  );
  return outcome as Promise<{ allowed?: boolean; user?: AuthenticatedUser; error?: unknown }>;
}

describe('auth guard', () => {
  describe('when a route is public', () => {
    it('lets a request without a token through', async () => {
      expect(await call('health')).toEqual({ allowed: true, user: undefined });
    });
  });

  describe('when no token or a malformed header is sent', () => {
    it.each([
      [undefined, 'missing-token'],
      ['Basic dXNlcjpwYXNz', 'malformed-token'],
      ['Bearer', 'malformed-token'],
    ])('refuses %s as %s', async (header, reason) => {
      const { error } = await call('anyUser', header);
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as UnauthenticatedError).reason).toBe(reason);
    });
  });

  describe('when the token does not verify', () => {
    it("refuses the request with the verifier's reason", async () => {
      const { error } = await call('anyUser', 'Bearer forged.token.value');
      expect((error as UnauthenticatedError).reason).toBe('bad-signature');
    });
  });

  describe('when the token verifies and the route names no roles', () => {
    it('attaches the user as it came from the token', async () => {
      expect(await call('anyUser', 'bearer good.token.value')).toEqual({ allowed: true, user: TEAM_LEAD_AND_DPO });
    });
  });

  describe("when the caller holds none of the route's roles", () => {
    it('refuses with a forbidden error', async () => {
      expect((await call('caseworkerOnly', 'Bearer good.token.value')).error).toBeInstanceOf(ForbiddenError);
    });
  });

  describe('when the caller holds several roles and the route allows one of the later ones', () => {
    it('records the caller as acting in the role the route allows', async () => {
      const { user } = await call('readPerson', 'Bearer good.token.value');
      expect(user).toEqual({ ...TEAM_LEAD_AND_DPO, role: 'dpo' });
    });
  });
});
