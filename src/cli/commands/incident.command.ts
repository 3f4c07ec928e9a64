import { userInfo } from 'node:os';
import { acknowledgeIncident } from '../../audit/integrity/incident.js';
import { openIntegrityContext, option } from '../integrity-context.js';

export const summary = 'acknowledge an integrity incident so the service writes again (recorded as an event)';

const USAGE = `usage: npm run kim -- incident acknowledge --reason "what happened and what was done" [--force]
  For a store the service refuses to write on (product rule 9): the log no longer extends its last
  witnessed checkpoint (truncated, rewritten, forged, restored from a backup), or it holds events but no
  witnessed checkpoint (first start after the upgrade to witnessed checkpoints, a moved data folder).
  Verifies the log, records an IntegrityIncidentAcknowledged event with what was found, the reason and
  the operator (KIM_OPERATOR, default the login name), and witnesses an acknowledgement: a signed
  checkpoint of the store as it now stands. The service resumes writing within seconds; verify keeps
  naming the incident and finds any later tampering as before. Examine first: npm run kim -- verify.
  --force  acknowledge although verification finds nothing (e.g. to re-anchor after moving the witness).`;

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'acknowledge' || rest.includes('--help')) {
    console.log(USAGE);
    return action === undefined || rest.includes('--help') || action === '--help' ? 0 : 2;
  }
  const reason = option(rest, '--reason');
  if (!reason) {
    console.error(`kim incident: --reason is required\n${USAGE}`);
    return 2;
  }
  const context = await openIntegrityContext();
  try {
    const result = await acknowledgeIncident(context.ledger, context.eventStore, {
      reason,
      operator: process.env.KIM_OPERATOR || `kim-cli:${userInfo().username}`,
      now: new Date(),
      force: rest.includes('--force'),
      stateAfterAppend: () => context.recordedState(),
    });
    if (!result.acknowledged) {
      console.log(result.message);
      return 0;
    }
    console.log(
      `incident ${result.incidentId} acknowledged at position ${result.position} (${result.failures} failure(s) on record); witnessed:\n${result.note}`,
    );
    return 0;
  } finally {
    await context.close();
  }
}
