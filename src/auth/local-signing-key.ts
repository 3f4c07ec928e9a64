import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type { Role } from '../shared/roles.js';
import { ensurePrivateDir, tightenPrivateFile } from '../shared/private-files.js';

export const LOCAL_ISSUER = 'urn:kim-ledger:local';
export const LOCAL_AUDIENCE = 'kim-ledger';
export const LOCAL_SIGNING_KEY_FILE = 'jwt-signing-key.json';
const ALG = 'ES256';

export interface LocalSigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half only, as the verifier's key set. */
  jwks: JSONWebKeySet;
}

/**
 * The embedded default's stand-in for an identity provider: an ES256 key pair created on first start
 * in the data directory (owner-only), so local tokens take the same verification path as OIDC ones.
 */
export async function loadOrCreateLocalSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const file = join(dataDir, LOCAL_SIGNING_KEY_FILE);
  ensurePrivateDir(dataDir);
  tightenPrivateFile(file);
  const privateJwk = (await createExclusively(file)) ?? (JSON.parse(await readWhenWritten(file)) as JWK);
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || !privateJwk.d || !privateJwk.kid) {
    throw new Error(`${file} is not an ES256 private key with a kid; delete it to create a new one`);
  }
  const { d: _private, ...publicJwk } = privateJwk;
  return {
    kid: privateJwk.kid,
    privateKey: (await importJWK(privateJwk, ALG)) as CryptoKey,
    jwks: { keys: [{ ...publicJwk, use: 'sig', alg: ALG }] },
  };
}

export interface LocalTokenClaims {
  sub: string;
  roles: Role[];
  agency?: string;
  municipality?: string;
  name?: string;
}

/** `ttl` in jose's notation, e.g. '8h', '30m'. */
export async function signLocalToken(key: LocalSigningKey, claims: LocalTokenClaims, ttl = '8h'): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key.privateKey);
}

/** `wx` fails when the file exists, so two processes starting together cannot create two key pairs. */
async function createExclusively(file: string): Promise<JWK | undefined> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    const stored: JWK = { ...jwk, kid, alg: ALG };
    await handle.writeFile(`${JSON.stringify(stored, null, 2)}\n`, 'utf8');
    await handle.sync();
    return stored;
  } finally {
    await handle.close();
  }
}

async function readWhenWritten(file: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const text = (await readFile(file, 'utf8')).trim();
    if (text || attempt >= 20) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
