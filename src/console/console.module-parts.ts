import type { Provider, Type } from '@nestjs/common';
import { SESSION_CREDENTIAL } from '../auth/session-credential.js';
import type { KimConfig } from '../config/config.js';
import { CLOCK, KIM_CONFIG } from '../kim-core.module.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import { loadConsoleAssets } from './console-assets.js';
import { ConsoleCredential } from './console-credential.js';
import { ConsolePagesController } from './console-pages.controller.js';
import { ConsoleSessionController } from './console-session.controller.js';
import { ConsoleSessions } from './console-sessions.js';
import { CONSOLE_ASSETS, CONSOLE_SESSIONS, OIDC_CLIENT, OIDC_SIGN_INS } from './console.tokens.js';
import { CONSOLE_SETTINGS, consoleSettingsFrom, type ConsoleSettings } from './console.settings.js';
import { OidcClient } from './oidc-client.js';
import { OidcSignIns } from './oidc-sign-ins.js';

/**
 * The web console (issue #18, product section 5): its pages, its sign-in, and its session as a second
 * credential of the API's AuthGuard. Lists for AppModule, like the audit parts.
 */
export const CONSOLE_CONTROLLERS: Type[] = [ConsoleSessionController, ConsolePagesController];

export const CONSOLE_PROVIDERS: Provider[] = [
  { provide: CONSOLE_SETTINGS, useFactory: (config: KimConfig) => consoleSettingsFrom(config), inject: [KIM_CONFIG] },
  {
    provide: CONSOLE_SESSIONS,
    useFactory: (store: ReadStore, clock: Clock, settings: ConsoleSettings) =>
      new ConsoleSessions(store, clock, { idleMs: settings.idleMs, absoluteMs: settings.absoluteMs }),
    inject: [READ_STORE, CLOCK, CONSOLE_SETTINGS],
  },
  {
    provide: OIDC_SIGN_INS,
    useFactory: (store: ReadStore, clock: Clock) => new OidcSignIns(store, clock),
    inject: [READ_STORE, CLOCK],
  },
  {
    provide: OIDC_CLIENT,
    useFactory: (settings: ConsoleSettings) => (settings.oidc ? new OidcClient(settings.oidc) : null),
    inject: [CONSOLE_SETTINGS],
  },
  { provide: CONSOLE_ASSETS, useFactory: () => loadConsoleAssets() },
  {
    provide: SESSION_CREDENTIAL,
    useFactory: (sessions: ConsoleSessions) => new ConsoleCredential(sessions),
    inject: [CONSOLE_SESSIONS],
  },
];
