import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_BYTES } from './aes-gcm.js';
import { MasterKeyError } from './crypto.errors.js';
import { ensurePrivateDir, tightenPrivateFile } from '../shared/private-files.js';

export interface MasterKeySource {
  /** Value of KIM_MASTER_KEY: base64 of exactly 32 random bytes. Empty counts as unset. */
  env?: string;
  /** Where the embedded default keeps `master.key` when no KIM_MASTER_KEY is given. */
  dataDir: string;
}

export const MASTER_KEY_FILE = 'master.key';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The master key wraps every person key; it must live apart from the events and the key store (an
 * environment variable or secret in production). The embedded default creates a file readable by the
 * owner only, so a fresh checkout starts without any set-up.
 */
export async function loadOrCreateMasterKey(source: MasterKeySource): Promise<Buffer> {
  const fromEnv = source.env?.trim();
  if (fromEnv) return decodeMasterKey(fromEnv, 'KIM_MASTER_KEY');
  const file = join(source.dataDir, MASTER_KEY_FILE);
  ensurePrivateDir(source.dataDir);
  const created = await createExclusively(file);
  if (created) return created;
  tightenPrivateFile(file);
  return decodeMasterKey(await readWhenWritten(file), file);
}

export function decodeMasterKey(text: string, origin: string): Buffer {
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!bytes || bytes.length !== KEY_BYTES) {
    // One line, and never the value itself: it may be a real key with a typo.
    throw new MasterKeyError(
      `${origin} must be the base64 encoding of exactly ${KEY_BYTES} bytes ` +
        `(e.g. \`openssl rand -base64 32\`), got ${bytes ? `${bytes.length} bytes` : 'something that is not base64'}`,
    );
  }
  return bytes;
}

/** Another process may have created the file a moment ago and not yet written it. */
async function readWhenWritten(file: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const text = (await readFile(file, 'utf8')).trim();
    if (text || attempt >= 20) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `wx` fails when the file exists, so two processes starting together cannot write different keys. */
async function createExclusively(file: string): Promise<Buffer | undefined> {
  const key = randomBytes(KEY_BYTES);
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return key;
}
