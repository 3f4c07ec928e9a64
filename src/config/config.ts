import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CATALOGUE, type Catalogue } from './catalogue.js';
import { integrityConfig, type IntegrityConfig } from '../audit/integrity/integrity-config.js';

/**
 * Validated configuration. Every variable is documented in .env.example. A wrong value stops the
 * service at start with one clear line instead of failing on the first request.
 */
export interface KimConfig {
  port: number;
  dataDir: string;
  eventStore: { driver: 'sqlite' } | { driver: 'esdb'; connectionString: string };
  readStore: { driver: 'sqlite' } | { driver: 'mongo'; uri: string };
  masterKey?: string;
  identity: { mode: 'local' } | { mode: 'oidc'; issuer: string; audience: string };
  corsOrigins: string[];
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  instanceId: string;
  catalogue: Catalogue;
  /** Witnessed checkpoints and access-log expiry (product rules 9 and 12). */
  integrity: IntegrityConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name] ?? fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, schemes: readonly string[]): string {
  const raw = env[name];
  if (!raw) throw new ConfigError(`${name} is required for this store driver`);
  // Not `new URL`: cluster connection strings list several hosts (esdb://a:2113,b:2113, mongodb://m1,m2,m3/kim).
  const match = /^([a-z][a-z0-9+]*):\/\/(?:[^@/?]*@)?([^/?#]*)/i.exec(raw);
  if (!match || !schemes.includes(match[1]!.toLowerCase())) {
    throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, got "${redact(raw)}"`);
  }
  const hosts = match[2]!.split(',');
  if (hosts.some((h) => !/^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(h))) {
    throw new ConfigError(`${name} names no host (or an invalid one): "${redact(raw)}"`);
  }
  return raw;
}

/** Never print passwords of connection strings in error messages. */
const redact = (raw: string) => raw.replace(/\/\/([^@/]*)@/, '//***@');

function catalogue(env: Env): Catalogue {
  const file = env.KIM_CATALOGUE_FILE;
  const base = file ? (JSON.parse(readFileSync(file, 'utf8')) as Catalogue) : DEFAULT_CATALOGUE;
  const limit = integer(env, 'KIM_CASELOAD_LIMIT', base.caseloadLimit, 1, 1000);
  for (const key of ['agencies', 'municipalities', 'dataCategories', 'statutoryBases'] as const) {
    if (!Array.isArray(base[key]) || base[key].length === 0) {
      throw new ConfigError(`KIM_CATALOGUE_FILE: "${key}" must be a non-empty list`);
    }
  }
  return { ...base, caseloadLimit: limit };
}

export function loadConfig(env: Env = process.env): KimConfig {
  const eventDriver = oneOf(env, 'KIM_EVENT_STORE', ['sqlite', 'esdb'] as const, 'sqlite');
  const readDriver = oneOf(env, 'KIM_READ_STORE', ['sqlite', 'mongo'] as const, 'sqlite');
  const masterKey = env.KIM_MASTER_KEY || undefined;
  if (masterKey !== undefined && Buffer.from(masterKey, 'base64').length !== 32) {
    throw new ConfigError('KIM_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  const issuer = env.OIDC_ISSUER;
  if (issuer) url(env, 'OIDC_ISSUER', ['https', 'http']);
  if (issuer && !env.OIDC_AUDIENCE) throw new ConfigError('OIDC_AUDIENCE is required when OIDC_ISSUER is set');
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir: resolve(env.KIM_DATA_DIR || './data'),
    eventStore:
      eventDriver === 'esdb'
        ? { driver: 'esdb', connectionString: url(env, 'EVENTSTORE_CONNECTION_STRING', ['esdb', 'esdb+discover', 'kurrentdb']) }
        : { driver: 'sqlite' },
    readStore:
      readDriver === 'mongo' ? { driver: 'mongo', uri: url(env, 'MONGODB_URI', ['mongodb', 'mongodb+srv']) } : { driver: 'sqlite' },
    ...(masterKey ? { masterKey } : {}),
    identity: issuer ? { mode: 'oidc', issuer, audience: env.OIDC_AUDIENCE! } : { mode: 'local' },
    corsOrigins: (env.KIM_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    rateLimitPerMinute: integer(env, 'KIM_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
    bodyLimitBytes: integer(env, 'KIM_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    instanceId: env.KIM_INSTANCE_ID || `${hostname()}-${process.pid}`,
    catalogue: catalogue(env),
    integrity: integrityConfig(env, resolve(env.KIM_DATA_DIR || './data'), (message) => new ConfigError(message)),
  };
}
