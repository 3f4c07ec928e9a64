import { openIntegrityContext, option } from '../integrity-context.js';

export const summary = 'list the signed checkpoints the witness holds; --public-key prints the verifying key';

const USAGE = `usage: npm run kim -- checkpoints [--limit N] [--public-key]
  The witnessed notes of this log, newest first: checkpoints, acknowledged incidents and access-log cuts,
  each a signed note anyone holding the public key can check without the store (C2SP signed-note format,
  Ed25519; see docs/tamper-evidence.md). --public-key prints the key (base64) for an outside verifier.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const limit = Number(option(args, '--limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error('kim checkpoints: --limit must be a positive integer');
    return 2;
  }
  const context = await openIntegrityContext();
  try {
    const status = context.ledger.status();
    if (args.includes('--public-key')) {
      console.log(`${status.log}\n${status.publicKey}`);
      return 0;
    }
    const evidence = await context.ledger.evidence.read();
    console.log(`log ${status.log}, key ${status.keyHint}: ${evidence.notes.length} note(s)`);
    for (const note of evidence.notes.slice(-limit).reverse()) {
      console.log(
        `#${note.seq} ${note.kind} at position ${note.position}, ${note.time}, root ${note.root.toString('hex').slice(0, 16)}…${note.reason ? ` — ${note.reason}` : ''}`,
      );
    }
    for (const bad of evidence.rejected) console.log(`#${bad.seq} REJECTED: ${bad.reason}`);
    return evidence.rejected.length > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}
