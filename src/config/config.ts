import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalogue } from './catalogue.js';
import { toLegacyCatalogue, type CatalogueV2 } from '../catalogue/catalogue.js';
import { loadCatalogue } from '../catalogue/catalogue.loader.js';
import type { LegalBasisMatrix } from '../legal-basis/legal-basis.js';
import { loadLegalBasisMatrix } from '../legal-basis/legal-basis.loader.js';
import { ConfigError } from '../shared/config-error.js';
import type { AccessSettings } from '../personal-data/need-to-know.js';
import { integrityConfig, type IntegrityConfig } from '../audit/integrity/integrity-config.js';

/**
 * Validated configuration. Every variable is documented in .env.example. A wrong value stops the
 * service at start with one clear line instead of failing on the first request.
 */
export interface KimConfig {
  port: number;
  dataDir: string;
  eventStore: { driver: 'sqlite'; commitSync: CommitSync } | { driver: 'esdb'; connectionString: string };
  readStore: { driver: 'sqlite' } | { driver: 'mongo'; uri: string };
  masterKey?: string;
  identity: { mode: 'local' } | { mode: 'oidc'; issuer: string; audience: string };
  /**
   * `production` (KIM_PROFILE, or NODE_ENV=production as the image sets it) refuses what is only safe on a
   * developer's machine: the local identity and a master key generated into the data folder.
   */
  profile: 'production' | 'development';
  /** Longest accepted time since a token's `iat`, in seconds (also bounds tokens valid for years). */
  tokenMaxAgeSeconds: number;
  /** Person keys: where they live apart from the read models, and how long one key epoch lasts. */
  keys: {
    /** Folder of the embedded key store (keys.db: epoch keys, and person keys on the embedded default). */
    dir: string;
    /** MongoDB database of the person keys when the read store is MongoDB (never the read models' one). */
    mongoDatabase: string;
    epochDays: number;
  };
  corsOrigins: string[];
  /** Addresses or CIDR ranges of proxies whose X-Forwarded-For is believed; empty = none. */
  trustProxy: string[];
  rateLimitPerMinute: number;
  /** Requests per minute and client address that carry no verified token. */
  rateLimitUnauthenticatedPerMinute: number;
  bodyLimitBytes: number;
  instanceId: string;
  /** The catalogue in the shape older readers use (labels, municipalities, caseload), derived from `law`. */
  catalogue: Catalogue;
  /** Catalogue v2 and the legal-basis matrix in force (KIM_CATALOGUE_FILE, KIM_LEGAL_BASES_FILE; issue 14). */
  law: TransferLaw;
  /** Need to know (rule 6 v2): grace after closure, longest deputy grant. */
  access: AccessSettings;
  /** How long an Idempotency-Key and its first answer are kept (hours). */
  idempotencyKeyHours: number;
  /** Witnessed checkpoints and access-log expiry (product rules 9 and 12). */
  integrity: IntegrityConfig;
  /**
   * Where the projections run (KIM_PROJECTIONS_IN): `worker` — a worker thread of their own on the embedded
   * stores, so request handling never waits behind a batch of read-model writes (issue 19); `main` — on the
   * request thread; `auto` (default) — the worker when both stores are embedded and the service runs from
   * its build, else the request thread.
   */
  projectionsIn?: 'auto' | 'worker' | 'main';
}

export { ConfigError };

/**
 * How the embedded event store makes a commit durable (KIM_COMMIT_SYNC). `inline` (default): SQLite's
 * synchronous=FULL, the fsync inside COMMIT on the request thread. `off-loop`: synchronous=NORMAL and an
 * fdatasync of the WAL on libuv's thread pool before anyone is answered (wal-syncer.ts); as durable, and
 * the request thread does not wait in the fsync. Measured on 2026-12-03 (quick runs): many concurrent
 * writers gain (64/256 writers 3.86/4.67 × the naive peer), one writer at a time loses (B1 0.41 against
 * 0.65 × the naive peer). README, "Durability of the embedded store".
 */
export type CommitSync = 'inline' | 'off-loop';

/** What a transfer is decided against: the catalogue v2, the legal-basis matrix and the sender regime. */
export interface TransferLaw {
  catalogue: CatalogueV2;
  matrix: LegalBasisMatrix;
}

/** A malformed catalogue or matrix stops the start with one line naming the entry or row. */
export function loadTransferLaw(env: Env = process.env): TransferLaw {
  const catalogue = loadCatalogue(env);
  return { catalogue, matrix: loadLegalBasisMatrix(catalogue, env) };
}

const statutoryCodes = (law: TransferLaw) => law.matrix.rows.filter((r) => r.kind === 'statutory').map((r) => r.code);

type Env = Record<string, string | undefined>;

function projectionsIn(env: Env, embedded: boolean): NonNullable<KimConfig['projectionsIn']> {
  const value = oneOf(env, 'KIM_PROJECTIONS_IN', ['auto', 'worker', 'main'] as const, 'auto');
  if (value === 'worker' && !embedded)
    throw new ConfigError('KIM_PROJECTIONS_IN=worker needs the embedded event and read stores (SQLite)');
  return value;
}

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
    throw new ConfigError(
      `${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, got "${redact(raw)}"`,
    );
  }
  const hosts = match[2]!.split(',');
  if (hosts.some((h) => !/^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(h))) {
    throw new ConfigError(`${name} names no host (or an invalid one): "${redact(raw)}"`);
  }
  return raw;
}

/** MongoDB database names: no `/\\. "$`, at most 63 bytes (MongoDB's naming restrictions). */
function mongoDatabaseName(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(raw))
    throw new ConfigError(`${name} must be a database name of letters, digits, _ and -, got "${raw}"`);
  return raw;
}

/** Never print passwords of connection strings in error messages. */
const redact = (raw: string) => raw.replace(/\/\/([^@/]*)@/, '//***@');

/**
 * The installed @eventstore/db-client (6.2.1) parses `esdb://` and `esdb+discover://` only
 * (src/Client/parseConnectionString.ts: `expected = "esdb:// or esdb+discover://"`); the `kurrentdb://`
 * family belongs to its successor @kurrent/kurrentdb-client. Refused here with one line rather than by
 * the client at the first connection.
 */
function eventStoreConnectionString(env: Env): string {
  const raw = env.EVENTSTORE_CONNECTION_STRING ?? '';
  const scheme = /^(kurrentdb|kurrent|kdb)(\+discover)?:\/\//i.exec(raw);
  if (scheme) {
    const esdb = `esdb${scheme[2] ? '+discover' : ''}:`;
    throw new ConfigError(
      `EVENTSTORE_CONNECTION_STRING: ${scheme[0]} needs the KurrentDB client; the installed @eventstore/db-client accepts esdb:// and esdb+discover:// only — write ${esdb}${redact(`//${raw.slice(scheme[0].length)}`)}`,
    );
  }
  return url(env, 'EVENTSTORE_CONNECTION_STRING', ['esdb', 'esdb+discover']);
}

/** KIM_MASTER_KEY, or the content of KIM_MASTER_KEY_FILE (a container secret such as /run/secrets/…). */
function masterKeyOf(env: Env): string | undefined {
  if (env.KIM_MASTER_KEY && env.KIM_MASTER_KEY_FILE)
    throw new ConfigError('set KIM_MASTER_KEY or KIM_MASTER_KEY_FILE, not both');
  let masterKey = env.KIM_MASTER_KEY || undefined;
  if (env.KIM_MASTER_KEY_FILE) {
    try {
      masterKey = readFileSync(env.KIM_MASTER_KEY_FILE, 'utf8').trim() || undefined;
    } catch (error) {
      throw new ConfigError(
        `KIM_MASTER_KEY_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    if (!masterKey) throw new ConfigError('KIM_MASTER_KEY_FILE is empty');
  }
  const name = env.KIM_MASTER_KEY_FILE ? 'KIM_MASTER_KEY_FILE' : 'KIM_MASTER_KEY';
  if (masterKey !== undefined && Buffer.from(masterKey, 'base64').length !== 32) {
    throw new ConfigError(`${name} must be 32 bytes in base64 (openssl rand -base64 32)`);
  }
  return masterKey;
}

function profileOf(env: Env): KimConfig['profile'] {
  if (env.KIM_PROFILE) return oneOf(env, 'KIM_PROFILE', ['production', 'development'] as const, 'development');
  return env.NODE_ENV === 'production' ? 'production' : 'development';
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

export function loadConfig(env: Env = process.env): KimConfig {
  const eventDriver = oneOf(env, 'KIM_EVENT_STORE', ['sqlite', 'esdb'] as const, 'sqlite');
  const readDriver = oneOf(env, 'KIM_READ_STORE', ['sqlite', 'mongo'] as const, 'sqlite');
  const profile = profileOf(env);
  const masterKey = masterKeyOf(env);
  const issuer = env.OIDC_ISSUER;
  if (issuer) url(env, 'OIDC_ISSUER', ['https', 'http']);
  if (issuer && !env.OIDC_AUDIENCE) throw new ConfigError('OIDC_AUDIENCE is required when OIDC_ISSUER is set');
  if (profile === 'production') {
    // The local identity's signing key sits in the data folder: whoever can read it mints any role.
    if (!issuer)
      throw new ConfigError(
        'OIDC_ISSUER is required in production (the local identity is for the embedded default only)',
      );
    // A generated master.key would sit in the data volume beside what it protects, and be backed up with it.
    if (!masterKey) throw new ConfigError('KIM_MASTER_KEY (or KIM_MASTER_KEY_FILE) is required in production');
  }
  if (
    profile === 'production' &&
    eventDriver === 'esdb' &&
    /[?&]tls=false(&|$)/i.test(env.EVENTSTORE_CONNECTION_STRING ?? '')
  )
    // The client's default is TLS (connection string option `tls`, default true); off is for a developer's machine.
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING: tls=false is refused in production (EventStoreDB runs secure)',
    );
  if (eventDriver === 'esdb' && env.KIM_COMMIT_SYNC)
    throw new ConfigError('KIM_COMMIT_SYNC applies to the embedded event store only (EventStoreDB syncs itself)');
  const dataDir = resolve(env.KIM_DATA_DIR || './data');
  const law = loadTransferLaw(env);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir,
    eventStore:
      eventDriver === 'esdb'
        ? { driver: 'esdb', connectionString: eventStoreConnectionString(env) }
        : { driver: 'sqlite', commitSync: oneOf(env, 'KIM_COMMIT_SYNC', ['inline', 'off-loop'] as const, 'inline') },
    readStore:
      readDriver === 'mongo'
        ? { driver: 'mongo', uri: url(env, 'MONGODB_URI', ['mongodb', 'mongodb+srv']) }
        : { driver: 'sqlite' },
    ...(masterKey ? { masterKey } : {}),
    identity: issuer ? { mode: 'oidc', issuer, audience: env.OIDC_AUDIENCE! } : { mode: 'local' },
    profile,
    tokenMaxAgeSeconds: integer(env, 'KIM_TOKEN_MAX_AGE_SECONDS', 12 * 3600, 60, 7 * 24 * 3600),
    keys: {
      dir: resolve(env.KIM_KEY_DIR || dataDir),
      mongoDatabase: mongoDatabaseName(env, 'KIM_KEY_DATABASE', 'kim_keys'),
      epochDays: integer(env, 'KIM_KEY_EPOCH_DAYS', 30, 1, 366),
    },
    corsOrigins: list(env.KIM_CORS_ORIGINS),
    trustProxy: list(env.KIM_TRUST_PROXY),
    rateLimitPerMinute: integer(env, 'KIM_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
    rateLimitUnauthenticatedPerMinute: integer(env, 'KIM_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', 120, 1, 1_000_000),
    bodyLimitBytes: integer(env, 'KIM_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    instanceId: env.KIM_INSTANCE_ID || `${hostname()}-${process.pid}`,
    catalogue: toLegacyCatalogue(law.catalogue, statutoryCodes(law)),
    law,
    access: {
      graceDaysAfterClosure: integer(env, 'KIM_ACCESS_GRACE_DAYS', 30, 0, 365),
      deputyGrantMaxDays: integer(env, 'KIM_DEPUTY_GRANT_MAX_DAYS', 92, 1, 366),
    },
    idempotencyKeyHours: integer(env, 'KIM_IDEMPOTENCY_KEY_HOURS', 24, 1, 24 * 30),
    integrity: integrityConfig(env, resolve(env.KIM_DATA_DIR || './data'), (message) => new ConfigError(message)),
    projectionsIn: projectionsIn(env, eventDriver === 'sqlite' && readDriver === 'sqlite'),
  };
}
