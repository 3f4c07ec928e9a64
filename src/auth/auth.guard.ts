import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../shared/errors.js';
import type { Role } from '../shared/roles.js';
import { TOKEN_VERIFIER } from './auth.tokens.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';
import { verifyRequestOnce, type RequestWithHeaders } from './request-verification.js';
import { SESSION_CREDENTIAL, type SessionCredential } from './session-credential.js';
import type { TokenVerifier } from './token-verifier.js';

interface HttpRequest extends RequestWithHeaders {
  method: string;
  user?: AuthenticatedUser;
}

/**
 * Global guard: every route needs a verified bearer token (or a console session) unless marked @Public(),
 * and the caller must hold one of the route's @Roles(). Tokens are never logged, not even on failure.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Optional() @Inject(SESSION_CREDENTIAL) private readonly session?: SessionCredential,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    // Only HTTP is served; any other transport added later must bring its own authentication.
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    // The console's session cookie counts only where no Authorization header is sent (see docs/console.md);
    // otherwise the rate limiter may have verified this request's token already: the outcome is shared.
    const fromSession = request.headers.authorization === undefined ? await this.session?.userFor(request) : undefined;
    const user = fromSession ?? (await verifyRequestOnce(request, this.verifier));
    // Known before the role check, so a refusal is recorded with the real actor, not as anonymous.
    request.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed?.length) request.user = actingAs(user, allowed);
    return true;
  }
}

/**
 * A person holding several roles acts in the first of them that the route allows, so the audit trail
 * records the capacity actually used (§ 78a SGB X input control), not just the token's first role.
 */
function actingAs(user: AuthenticatedUser, allowed: readonly Role[]): AuthenticatedUser {
  const role = user.roles.find((r) => allowed.includes(r));
  if (!role) throw new ForbiddenError(`this action requires the role ${allowed.join(' or ')}`, ['role']);
  return { ...user, role };
}
