import { expireAccessLog } from '../../audit/integrity/access-log-expiry.js';
import { openIntegrityContext } from '../integrity-context.js';

export const summary = 'expire access-log entries older than KIM_ACCESS_LOG_MONTHS (default 24) as whole segments';

const USAGE = `usage: npm run kim -- access-log expire [--dry-run]
  Product rule 12: removes PersonalDataAccessed and AccessDenied entries recorded before the newest
  witnessed checkpoint that is at least KIM_ACCESS_LOG_MONTHS months old, with their rows in the DPO's
  audit trail and anomaly facts. The witness receives a signed cut first; verification of everything else
  still holds afterwards. The service does the same once a day (KIM_ACCESS_LOG_EXPIRY=daily, the default).
  Verifies the log first and removes nothing from a log that fails. Embedded store only.`;

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'expire' || rest.includes('--help')) {
    console.log(USAGE);
    return action === undefined || action === '--help' || rest.includes('--help') ? 0 : 2;
  }
  const context = await openIntegrityContext({ readStore: true });
  try {
    if (!context.sqlite) {
      console.error('kim access-log: expiry is built for the embedded store only (see docs/tamper-evidence.md)');
      return 1;
    }
    const { walk } = await context.ledger.inspect();
    if (walk.failure) {
      console.error(`kim access-log: the log fails verification (${walk.failure.reason}); nothing removed`);
      return 1;
    }
    const result = await expireAccessLog({
      integrity: context.ledger,
      store: context.sqlite,
      ...(context.readStore ? { readStore: context.readStore } : {}),
      now: new Date(),
      months: context.config.integrity.accessLogMonths,
      dryRun: rest.includes('--dry-run'),
    });
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    await context.close();
  }
}
