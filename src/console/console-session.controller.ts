import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_VERIFIER } from '../auth/auth.tokens.js';
import { Public } from '../auth/public.decorator.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { UnauthenticatedError } from '../auth/unauthenticated.error.js';
import { ForbiddenError } from '../shared/errors.js';
import {
  clearedSessionCookies,
  OIDC_STATE_COOKIE,
  readCookie,
  serializeCookie,
  sessionCookie,
  sessionSecretOf,
} from './console-cookie.js';
import { sameSecret, type ConsoleSession, type ConsoleSessions } from './console-sessions.js';
import { CONSOLE_SECURITY_HEADERS } from './console-csp.js';
import { CONSOLE_SESSIONS, OIDC_CLIENT, OIDC_SIGN_INS } from './console.tokens.js';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './console.settings.js';
import { redeemLoginTicket } from './login-tickets.js';
import type { OidcClient } from './oidc-client.js';
import { OIDC_PENDING_MS, type OidcSignIns } from './oidc-sign-ins.js';

export class LoginLinkDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'ticket must be the code from the login link' })
  ticket!: string;
}

export class OidcReturnQueryDto {
  @IsOptional() @IsString() @MaxLength(2000) code?: string;
  @IsOptional() @IsString() @MaxLength(200) state?: string;
  @IsOptional() @IsString() @MaxLength(200) error?: string;
  @IsOptional() @IsString() @MaxLength(2000) error_description?: string;
  @IsOptional() @IsString() @MaxLength(500) session_state?: string;
  @IsOptional() @IsString() @MaxLength(500) iss?: string;
}

/**
 * Signing in and out of the console. Two ways in: the county's OIDC provider (authorization code with
 * PKCE), or on the embedded default a one-time login link from `kim console-login`. Both end in a
 * server-side session whose secret sits in an httpOnly, SameSite=Strict cookie (Secure on https).
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleSessionController {
  private readonly logger = new Logger('console');

  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(CONSOLE_SESSIONS) private readonly sessions: ConsoleSessions,
    @Inject(OIDC_SIGN_INS) private readonly signIns: OidcSignIns,
    @Inject(OIDC_CLIENT) private readonly oidc: OidcClient | null,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  /** Who is signed in (and the CSRF token the page sends back), or how one may sign in. */
  @Get('sitzung')
  async current(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    const secret = sessionSecretOf(request.headers.cookie);
    const session = secret ? await this.sessions.resolve(secret) : undefined;
    if (!session) return { signedIn: false, signIn: this.ways() };
    return this.describe(session);
  }

  /** Redeems a one-time login link (embedded default only). */
  @Post('sitzung/link')
  @HttpCode(200)
  async redeem(
    @Body() body: LoginLinkDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (this.oidc) throw new ForbiddenError('login links are off: this county signs in with its identity provider');
    const user = await redeemLoginTicket(this.settings.dataDir, body.ticket);
    if (!user) throw new UnauthenticatedError('invalid-session');
    const { secret, session } = await this.sessions.create(user, 'login-link');
    this.logger.log(`console sign-in by login link: ${user.sub} (${user.roles.join(', ')})`);
    void reply.header('cache-control', 'no-store').header('set-cookie', this.cookieFor(request, secret));
    return this.describe(session);
  }

  @Post('sitzung/abmelden')
  @HttpCode(200)
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const secret = sessionSecretOf(request.headers.cookie);
    const session = secret ? await this.sessions.resolve(secret) : undefined;
    const csrf = request.headers['x-csrf-token'];
    if (secret && session) {
      if (!sameSecret(Array.isArray(csrf) ? csrf[0] : csrf, session.csrfToken)) {
        throw new UnauthenticatedError('csrf-token-mismatch');
      }
      await this.sessions.destroy(secret);
    }
    void reply.header('cache-control', 'no-store').header('set-cookie', clearedSessionCookies(this.secure(request)));
    const endSession =
      session?.via === 'oidc' ? await this.oidc?.endSessionUrl(`${this.base(request)}/console`) : undefined;
    return { signedIn: false, ...(endSession ? { redirect: endSession } : {}) };
  }

  /** Starts the OIDC sign-in: to the provider with state, nonce and the PKCE challenge. */
  @Get('oidc/anmelden')
  async startOidc(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.oidc) throw new ForbiddenError('no OIDC provider is configured (OIDC_ISSUER)');
    const { url, pending } = await this.oidc.authorizationUrl(this.redirectUri(request));
    await this.signIns.remember(pending);
    const binding = serializeCookie(OIDC_STATE_COOKIE, pending.state, {
      secure: this.secure(request),
      sameSite: 'Lax',
      path: '/console/oidc',
      maxAge: OIDC_PENDING_MS / 1000,
    });
    void reply.header('cache-control', 'no-store').header('set-cookie', binding).redirect(url, 302);
  }

  /**
   * The provider's redirect back. Answers a small page that moves on to /console by itself: a cookie set
   * with SameSite=Strict during a navigation that came from another site is not sent on its redirect.
   */
  @Get('oidc/rueckkehr')
  async finishOidc(@Query() query: OidcReturnQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const secure = this.secure(request);
    const unbind = serializeCookie(OIDC_STATE_COOKIE, '', {
      secure,
      sameSite: 'Lax',
      path: '/console/oidc',
      maxAge: 0,
    });
    void reply.headers(CONSOLE_SECURITY_HEADERS).header('cache-control', 'no-store');
    const bound = readCookie(request.headers.cookie, OIDC_STATE_COOKIE);
    const pending =
      this.oidc && query.state && bound && sameSecret(query.state, bound)
        ? await this.signIns.take(query.state)
        : undefined;
    if (!this.oidc || !pending || !query.code || query.error) {
      if (query.error) this.logger.warn(`console OIDC sign-in refused by the provider: ${query.error}`);
      void reply.status(401).header('set-cookie', unbind).type('text/html; charset=utf-8');
      return reply.send(
        moveOnPage('Die Anmeldung ist fehlgeschlagen oder abgelaufen. Bitte erneut anmelden.', '/console'),
      );
    }
    try {
      const { accessToken } = await this.oidc.exchange(query.code, this.redirectUri(request), pending);
      const verified = await this.verifier.verify(accessToken);
      const { secret } = await this.sessions.create(
        {
          sub: verified.sub,
          ...(verified.name ? { name: verified.name } : {}),
          roles: verified.roles,
          agency: verified.agency,
          ...(verified.municipality ? { municipality: verified.municipality } : {}),
        },
        'oidc',
      );
      this.logger.log(`console sign-in by OIDC: ${verified.sub} (${verified.roles.join(', ')})`);
      void reply.header('set-cookie', [unbind, this.cookieFor(request, secret)]).type('text/html; charset=utf-8');
      return reply.send(moveOnPage('Angemeldet. Die Konsole wird geöffnet …', '/console'));
    } catch (error) {
      this.logger.warn(`console OIDC sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      void reply.status(401).header('set-cookie', unbind).type('text/html; charset=utf-8');
      return reply.send(moveOnPage('Die Anmeldung ist fehlgeschlagen. Bitte erneut anmelden.', '/console'));
    }
  }

  private describe(session: ConsoleSession) {
    return {
      signedIn: true,
      user: {
        sub: session.user.sub,
        ...(session.user.name ? { name: session.user.name } : {}),
        roles: session.user.roles,
        agency: session.user.agency,
      },
      csrfToken: session.csrfToken,
      via: session.via,
      idleMinutes: Math.round(this.settings.idleMs / 60_000),
      expiresAt: new Date(session.absoluteExpiresAt).toISOString(),
    };
  }

  private ways() {
    return this.oidc
      ? { oidc: '/console/oidc/anmelden' }
      : { loginLink: 'npm run kim -- console-login --role dpo --sub dsb-1' };
  }

  private cookieFor(request: FastifyRequest, secret: string) {
    return sessionCookie(secret, this.secure(request), Math.round(this.settings.absoluteMs / 1000));
  }

  private secure(request: FastifyRequest) {
    return (this.settings.publicUrl ?? '').startsWith('https:') || request.protocol === 'https';
  }

  private base(request: FastifyRequest) {
    return this.settings.publicUrl ?? `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`;
  }

  private redirectUri(request: FastifyRequest) {
    return `${this.base(request)}/console/oidc/rueckkehr`;
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A page without script (the CSP allows none inline) that moves on by a same-site navigation. */
function moveOnPage(message: string, to: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1;url=${escapeHtml(to)}">
<title>KIM-Konsole</title><link rel="stylesheet" href="/console/assets/kern/kern.min.css"></head>
<body><main class="kern-container"><p class="kern-body">${escapeHtml(message)}</p>
<p class="kern-body"><a class="kern-link" href="${escapeHtml(to)}">Weiter zur Konsole</a></p></main></body></html>`;
}
