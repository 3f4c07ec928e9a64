import { isAbsolute, relative, resolve } from 'node:path';

/** Settings of witnessed checkpoints and access-log expiry (product rules 9 and 12); see .env.example. */
export interface IntegrityConfig {
  witnesses: readonly ('dir' | 'http' | 'stdout')[];
  witnessDir: string;
  witnessUrl?: string;
  witnessToken?: string;
  /** base64 of a 32-byte Ed25519 seed; otherwise `keyFile`. */
  keySeed?: string;
  keyFile: string;
  /** Older public keys whose checkpoints still count (key rotation). */
  trustedKeys: readonly string[];
  /** Overrides the log's origin (default: derived from the store it names). */
  logName?: string;
  checkpointEveryMs: number;
  checkpointEveryEvents: number;
  verifyOnStart: boolean;
  accessLogMonths: number;
  accessLogExpiry: 'daily' | 'off';
}

type Env = Record<string, string | undefined>;

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Validated like the rest of the configuration: `error` builds the ConfigError that stops the start. */
export function integrityConfig(env: Env, dataDir: string, error: (message: string) => Error): IntegrityConfig {
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name] || fallback;
    if (!(allowed as readonly string[]).includes(raw))
      throw error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  };
  const witnesses = (env.KIM_WITNESS || 'dir').split(',').map((w) => w.trim());
  for (const w of witnesses) {
    if (!['dir', 'http', 'stdout'].includes(w)) throw error(`KIM_WITNESS lists dir, http or stdout, got "${w}"`);
  }
  if (!witnesses.includes('dir') && !witnesses.includes('http')) {
    throw error('KIM_WITNESS needs a witness the service can read back: dir or http (stdout only copies)');
  }
  const witnessUrl = env.KIM_WITNESS_URL || undefined;
  if (witnesses.includes('http') && !/^https?:\/\/\S+$/.test(witnessUrl ?? '')) {
    throw error('KIM_WITNESS_URL must be an http(s) URL when KIM_WITNESS lists http');
  }
  const witnessDir = resolve(env.KIM_WITNESS_DIR || './witness');
  if (witnesses.includes('dir') && inside(dataDir, witnessDir)) {
    throw error(
      `KIM_WITNESS_DIR must lie outside KIM_DATA_DIR (${witnessDir} is inside ${dataDir}): a witness in the data folder witnesses nothing`,
    );
  }
  const keySeed = env.KIM_CHECKPOINT_KEY || undefined;
  if (keySeed !== undefined && Buffer.from(keySeed, 'base64').length !== 32) {
    throw error('KIM_CHECKPOINT_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  const keyFile = resolve(env.KIM_CHECKPOINT_KEY_FILE || './keys/checkpoint.key');
  if (!keySeed && inside(dataDir, keyFile)) {
    throw error(
      `KIM_CHECKPOINT_KEY_FILE must lie outside KIM_DATA_DIR (${keyFile}): whoever can rewrite the data must not hold the key`,
    );
  }
  const trustedKeys = (env.KIM_CHECKPOINT_TRUSTED_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const key of trustedKeys) {
    if (Buffer.from(key, 'base64').length !== 32)
      throw error('KIM_CHECKPOINT_TRUSTED_KEYS lists Ed25519 public keys, 32 bytes in base64 each');
  }
  return {
    witnesses: witnesses as IntegrityConfig['witnesses'],
    witnessDir,
    ...(witnessUrl ? { witnessUrl } : {}),
    ...(env.KIM_WITNESS_TOKEN ? { witnessToken: env.KIM_WITNESS_TOKEN } : {}),
    ...(keySeed ? { keySeed } : {}),
    keyFile,
    trustedKeys,
    ...(env.KIM_LOG_NAME ? { logName: env.KIM_LOG_NAME } : {}),
    checkpointEveryMs: integer('KIM_CHECKPOINT_INTERVAL_SECONDS', 60, 1, 60) * 1000,
    checkpointEveryEvents: integer('KIM_CHECKPOINT_EVENTS', 1000, 1, 1_000_000),
    verifyOnStart: choice('KIM_VERIFY_ON_START', ['on', 'off'] as const, 'on') === 'on',
    accessLogMonths: integer('KIM_ACCESS_LOG_MONTHS', 24, 1, 120),
    accessLogExpiry: choice('KIM_ACCESS_LOG_EXPIRY', ['daily', 'off'] as const, 'daily'),
  };
}
