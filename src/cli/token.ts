#!/usr/bin/env node
/**
 * Prints one token for trying the API out on the embedded default:
 *   npm run --silent token -- --role caseworker --sub cw-01 [--agency KI] [--municipality Velbert] [--name "…"] [--ttl 8h]
 * Stdout carries the token and nothing else, so `TOKEN=$(npm run --silent token -- …)` works.
 * The signing key lives in KIM_DATA_DIR (default ./data) and is created if missing.
 */
import { parseArgs } from 'node:util';
import { loadOrCreateLocalSigningKey, signLocalToken, type LocalTokenClaims } from '../auth/local-signing-key.js';
import { isRole, ROLES } from '../shared/roles.js';

const USAGE =
  'usage: npm run --silent token -- --role ROLE --sub ID [--agency A] [--municipality M] [--name NAME] [--ttl 8h]\n' +
  `  roles: ${ROLES.join(', ')}`;

class UsageError extends Error {}

function claimsFrom(argv: string[]): { claims: LocalTokenClaims; ttl: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        agency: { type: 'string' },
        municipality: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const roles = values.role ?? [];
  if (roles.length === 0) throw new UsageError('--role is required');
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new UsageError(`unknown role "${unknown[0]}"`);
  if (!values.sub?.trim()) throw new UsageError('--sub is required');
  if (roles.includes('agency_officer') && !values.agency)
    throw new UsageError('--agency is required for agency_officer');
  if (!/^[1-9]\d{0,5}[smhd]$/.test(values.ttl)) throw new UsageError('--ttl must look like 30m, 8h or 2d');
  return {
    claims: {
      sub: values.sub.trim(),
      roles: roles.filter(isRole),
      ...(values.agency ? { agency: values.agency } : {}),
      ...(values.municipality ? { municipality: values.municipality } : {}),
      ...(values.name ? { name: values.name } : {}),
    },
    ttl: values.ttl,
  };
}

async function main(argv: string[]): Promise<number> {
  // The local identity exists only on the embedded default; in production the identity provider signs
  // tokens, and a key minted here would be one the service never trusts (it refuses the local identity).
  if (process.env.KIM_PROFILE === 'production' || (process.env.NODE_ENV === 'production' && !process.env.KIM_PROFILE)) {
    console.error(
      'token: not available in production (NODE_ENV/KIM_PROFILE=production): tokens come from the identity provider',
    );
    return 2;
  }
  let request;
  try {
    request = claimsFrom(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`token: ${error.message}\n${USAGE}`);
    return 2;
  }
  const key = await loadOrCreateLocalSigningKey(process.env.KIM_DATA_DIR || './data');
  process.stdout.write(`${await signLocalToken(key, request.claims, request.ttl)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
