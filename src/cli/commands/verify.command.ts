import { ALL_PROJECTIONS } from '../../../projections/index.js';
import { checkReadModels } from '../../audit/integrity/read-model-check.js';
import { openIntegrityContext } from '../integrity-context.js';
import { progressBar } from '../progress-bar.js';

export const summary = 'verify the event log against its witnessed checkpoints; --read-models also the read models';

const USAGE = `usage: npm run kim -- verify [--read-models]
  Recomputes the hash chain over every event and checks it against every signed checkpoint the witness
  holds (KIM_WITNESS, KIM_WITNESS_DIR): truncation, rewriting, forgery and forks are reported, also after
  later appends, with the newest checkpoint the log still extends. Prints { ok, events, firstBadEvent?,
  checkpoint?, acknowledged? }.
  --read-models  also rebuilds every read model into shadow collections and compares them with the live
                 ones, naming the collections and documents that differ (the service may keep running).
  Exit code 1 when verification finds a failure nobody acknowledged or a read model differs; an
  acknowledged incident (kim incident acknowledge) stays in the output with ok: false and exit code 0.
  Reads KIM_DATA_DIR (default ./data) or the configured EventStoreDB / MongoDB.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--read-models');
  if (unknown.length > 0) {
    console.error(`kim verify: unknown option ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const readModels = args.includes('--read-models');
  const context = await openIntegrityContext({ readStore: readModels });
  try {
    const progress = progressBar('verify');
    const { verification, walk } = await context.ledger.inspect((checked, total) => progress.update(checked, total));
    progress.finish();
    console.log(JSON.stringify(verification, null, 2));
    let code = walk.failure ? 1 : 0;
    if (readModels) {
      const check = await checkReadModels({
        eventStore: context.eventStore,
        readStore: context.readStore!,
        projections: ALL_PROJECTIONS,
      });
      console.log(JSON.stringify({ readModels: check }, null, 2));
      if (!check.ok) code = 1;
    }
    return code;
  } finally {
    await context.close();
  }
}
