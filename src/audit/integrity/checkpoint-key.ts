import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyNameFor, signingKeyFromSeed, type SigningKey, type VerifierKey } from './checkpoint-note.js';

export interface CheckpointKeySource {
  /** base64 of a 32-byte Ed25519 seed (KIM_CHECKPOINT_KEY), e.g. from a secret store. */
  seed?: string;
  /** Otherwise this file (KIM_CHECKPOINT_KEY_FILE), created on first use. */
  file: string;
  /** Further public keys (base64, raw 32 bytes) whose older checkpoints still count (after a rotation). */
  trusted?: readonly string[];
}

/**
 * The key that signs checkpoints. It is kept apart from the data folder (config refuses a key file inside
 * it): whoever can rewrite the events but not read this key cannot forge a checkpoint that covers the
 * rewrite. Created with mode 0600 on first use; exclusive creation, so processes starting together agree.
 */
export function loadCheckpointKey(source: CheckpointKeySource, origin: string): SigningKey {
  const name = keyNameFor(origin);
  if (source.seed) return signingKeyFromSeed(name, Buffer.from(source.seed, 'base64'));
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(source.file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(source.file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    text = readFileSync(source.file, 'utf8');
  }
  const seed = Buffer.from(text.trim(), 'base64');
  if (seed.length !== 32) throw new Error(`checkpoint key ${source.file} must hold 32 bytes in base64`);
  return signingKeyFromSeed(name, seed);
}

/** The keys whose signatures count for this log: our own and any listed as trusted. */
export function verifierKeys(key: SigningKey, trusted: readonly string[] = []): VerifierKey[] {
  return [
    { name: key.name, publicKey: key.publicKey },
    ...trusted.map((t) => ({ name: key.name, publicKey: Buffer.from(t, 'base64') })),
  ];
}
