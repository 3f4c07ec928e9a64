import type { KimConfig } from '../config/config.js';

/**
 * The console's session and sign-in settings, read once at start (a wrong value stops the service).
 * Env: KIM_CONSOLE_IDLE_MINUTES (30), KIM_CONSOLE_SESSION_HOURS (8), KIM_CONSOLE_LOGIN_LINK_MINUTES (5),
 * KIM_PUBLIC_URL (the address users type, e.g. https://kim.kreis-mettmann.de; needed for OIDC),
 * KIM_CONSOLE_OIDC_CLIENT_ID (kim-console), KIM_CONSOLE_OIDC_CLIENT_SECRET (only for a confidential client).
 */
export interface ConsoleSettings {
  idleMs: number;
  absoluteMs: number;
  loginLinkMs: number;
  /** Without a trailing slash; undefined = derived from the request (embedded default). */
  publicUrl?: string;
  /** Present when the county's OIDC provider signs users in. */
  oidc?: { issuer: string; clientId: string; clientSecret?: string };
  /** Where `kim console-login` leaves its one-time tickets (embedded default only). */
  dataDir: string;
}

export const CONSOLE_SETTINGS = Symbol('ConsoleSettings');

function minutes(env: Record<string, string | undefined>, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return value;
}

export function consoleSettingsFrom(
  config: Pick<KimConfig, 'identity' | 'dataDir'>,
  env: Record<string, string | undefined> = process.env,
): ConsoleSettings {
  const publicUrl = env.KIM_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) {
    throw new Error(`KIM_PUBLIC_URL must be an http(s) address like https://kim.example.de, got "${publicUrl}"`);
  }
  const clientSecret = env.KIM_CONSOLE_OIDC_CLIENT_SECRET || undefined;
  return {
    idleMs: minutes(env, 'KIM_CONSOLE_IDLE_MINUTES', 30, 24 * 60) * 60_000,
    absoluteMs: minutes(env, 'KIM_CONSOLE_SESSION_HOURS', 8, 24) * 3_600_000,
    loginLinkMs: minutes(env, 'KIM_CONSOLE_LOGIN_LINK_MINUTES', 5, 60) * 60_000,
    ...(publicUrl ? { publicUrl } : {}),
    ...(config.identity.mode === 'oidc'
      ? {
          oidc: {
            issuer: config.identity.issuer,
            clientId: env.KIM_CONSOLE_OIDC_CLIENT_ID || 'kim-console',
            ...(clientSecret ? { clientSecret } : {}),
          },
        }
      : {}),
    dataDir: config.dataDir,
  };
}
