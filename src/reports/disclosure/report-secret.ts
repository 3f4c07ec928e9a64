import { randomBytes } from 'node:crypto';
import { KEY_BYTES, open, seal } from '../../crypto/aes-gcm.js';
import { DocumentExistsError, type ReadStore } from '../../read-store/read-store.port.js';
import type { Clock } from '../../shared/clock.js';

/**
 * The county's report secret: the key of the record keys (record-keys.ts). It lives with the person
 * keys — in the key store, wrapped (AES-256-GCM) under the master key — so neither a report reader nor
 * someone holding only the read models or the events can recompute the noise.
 *
 * It is made once and never replaced: new noise for the same figures would let a reader average two
 * independent noisy copies of each count. A rotation of the master key re-wraps it, it does not renew it.
 */
export const REPORT_SECRETS = 'report_secrets';
const SECRET_ID = 'cell-key-v1';
const AAD = 'kim-report-secret:cell-key-v1';

interface ReportSecretDocument extends Record<string, unknown> {
  wrapped: string;
  iv: string;
  tag: string;
  createdAt: string;
}

export class ReportSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportSecretError';
  }
}

export async function loadOrCreateReportSecret(keyStore: ReadStore, masterKey: Buffer, clock: Clock): Promise<Buffer> {
  await keyStore.ensureCollection({ name: REPORT_SECRETS, indexes: [] });
  const existing = await keyStore.get<ReportSecretDocument>(REPORT_SECRETS, SECRET_ID);
  if (existing) return unwrap(existing, masterKey);
  const secret = randomBytes(KEY_BYTES);
  const sealed = seal(masterKey, secret, AAD);
  const doc: ReportSecretDocument = {
    wrapped: sealed.ct.toString('base64'),
    iv: sealed.iv.toString('base64'),
    tag: sealed.tag.toString('base64'),
    createdAt: clock.now().toISOString(),
  };
  try {
    await keyStore.commit([{ op: 'insert', collection: REPORT_SECRETS, id: SECRET_ID, doc }]);
    return secret;
  } catch (error) {
    // Another instance made it first: use theirs, so every instance publishes the same figures.
    if (!(error instanceof DocumentExistsError)) throw error;
    const theirs = await keyStore.get<ReportSecretDocument>(REPORT_SECRETS, SECRET_ID);
    if (!theirs) throw error;
    return unwrap(theirs, masterKey);
  }
}

function unwrap(doc: ReportSecretDocument, masterKey: Buffer): Buffer {
  try {
    return open(
      masterKey,
      {
        ct: Buffer.from(doc.wrapped, 'base64'),
        iv: Buffer.from(doc.iv, 'base64'),
        tag: Buffer.from(doc.tag, 'base64'),
      },
      AAD,
    );
  } catch {
    throw new ReportSecretError(
      'the report secret in the key store does not open with this master key (wrong KIM_MASTER_KEY or data folder?)',
    );
  }
}
