import { parseArgs } from 'node:util';
import { consoleSettingsFrom } from '../../console/console.settings.js';
import { issueLoginTicket } from '../../console/login-tickets.js';
import { loadConfig } from '../../config/config.js';
import { isRole, ROLES } from '../../shared/roles.js';

export const summary = 'print a one-time sign-in link for the web console (embedded default only)';

const USAGE =
  'usage: npm run kim -- console-login --role ROLE --sub ID [--agency A] [--name NAME] [--url http://127.0.0.1:3000]\n' +
  `  roles: ${ROLES.join(', ')}; the link works once, within KIM_CONSOLE_LOGIN_LINK_MINUTES (default 5)`;

/**
 * `kim console-login`: the embedded default's way into the console without an identity provider. Writes
 * a one-time ticket into KIM_DATA_DIR (the same folder `npm start` uses) and prints a link whose secret
 * sits in the fragment (#…), which browsers never send to a server. With OIDC_ISSUER set it refuses.
 */
export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        agency: { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`kim console-login: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const roles = values.role ?? [];
  const problem =
    roles.length === 0
      ? '--role is required'
      : roles.find((r) => !isRole(r))
        ? `unknown role "${roles.find((r) => !isRole(r))}"`
        : !values.sub?.trim()
          ? '--sub is required'
          : roles.includes('agency_officer') && !values.agency
            ? '--agency is required for agency_officer'
            : undefined;
  if (problem) {
    console.error(`kim console-login: ${problem}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  if (config.identity.mode === 'oidc') {
    console.error('kim console-login: OIDC_ISSUER is set; sign in to the console with the identity provider');
    return 1;
  }
  const settings = consoleSettingsFrom(config);
  const { secret, expiresAt } = await issueLoginTicket(
    config.dataDir,
    {
      sub: values.sub!.trim(),
      roles: roles.filter(isRole),
      agency: values.agency ?? 'KI',
      ...(values.name ? { name: values.name } : {}),
    },
    settings.loginLinkMs,
  );
  const base = (values.url ?? settings.publicUrl ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  console.log(`${base}/console/anmelden#ticket=${secret}`);
  console.error(
    `(einmal gültig bis ${new Date(expiresAt).toLocaleTimeString('de-DE', { timeZone: 'Europe/Berlin' })})`,
  );
  return 0;
}
