import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { AppModule } from '../../app.module.js';
import { ErasureService } from '../../audit/erasure.service.js';
import { ReadModelsCurrent } from '../../audit/read-models-current.js';
import { loadConfig } from '../../config/config.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { RetentionFactsLoader } from '../../retention/retention-facts.js';
import { ArchiveHandover } from '../../retention/archive-handover.js';
import { RETENTION_POLICY, type RetentionPolicy } from '../../retention/retention-policy.js';
import { archiveOfferCsv, readArchiveDecisions, runRetention } from '../../retention/retention-run.js';
import { deterministicId } from '../../shared/ids.js';

export const summary = 'archive offer of files past their retention period; erases them after the archive decided';

const USAGE = `usage: npm run kim -- retention [--json] [--offer FILE.csv] [--decisions FILE [--handover DIR] --erase --yes]
  Lists the KIM files whose retention period has run out (product rule 12; defaults: 3 years after the
  end of the year the last case closed, 6 months after registration without a case, to the end of that
  year; KIM_RETENTION_FILE, KIM_RETENTION_YEARS, KIM_RETENTION_NO_CASE_MONTHS).
  --offer FILE.csv   writes the archive offer (§ 10 ArchivG NRW) for the Kreisarchiv: CSV, semicolons, UTF-8.
  --decisions FILE   the archive's answer (the offer with "archive" or "destroy" in the last column, or JSON
                     { personId: decision }); with --erase --yes each decided file is erased by crypto-shredding
                     and the decision is named in its PersonErased event. Undecided files are kept.
  --handover DIR     files the archive takes over ("archive") are first written there, decrypted, one JSON
                     per person (logged as a read); required when any decision is "archive".
  Reads KIM_DATA_DIR (default ./data).`;

const valueOf = (args: string[], flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

/**
 * `kim retention`: starts the application without HTTP (same stores, same erasure service), lets the read
 * models catch up with the log, then offers, and erases what the archive decided on.
 */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const erase = args.includes('--erase');
  if (erase && !args.includes('--yes')) {
    console.error('kim retention: --erase destroys personal data for good; add --yes to confirm');
    return 2;
  }
  const offer = valueOf(args, '--offer');
  const decisionsFile = valueOf(args, '--decisions');
  const handoverDir = valueOf(args, '--handover');
  if (erase && !decisionsFile) {
    console.error('kim retention: --erase needs --decisions FILE (the archive decides first, § 10 ArchivG NRW)');
    return 2;
  }
  const known = new Set([
    '--erase',
    '--yes',
    '--json',
    '--offer',
    '--decisions',
    '--handover',
    offer,
    decisionsFile,
    handoverDir,
  ]);
  const unknown = args.filter((a) => !known.has(a));
  if (unknown.length > 0) {
    console.error(`kim retention: unknown option ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const decisions = decisionsFile ? readArchiveDecisions(readFileSync(decisionsFile, 'utf8')) : undefined;
  if (erase && [...(decisions?.values() ?? [])].includes('archive') && !handoverDir) {
    console.error(
      'kim retention: the archive takes files over; name the folder to hand them over in with --handover DIR',
    );
    return 2;
  }
  // Nest writes warnings to stdout: with --json they would break the JSON a script reads.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig()), {
    logger: args.includes('--json') ? ['error'] : ['error', 'warn'],
  });
  try {
    await app.get(ReadModelsCurrent).await();
    const erasure = app.get(ErasureService);
    const handover = app.get(ArchiveHandover);
    const loader = app.get(RetentionFactsLoader);
    const operator = process.env.KIM_OPERATOR || `kim-cli:${userInfo().username}`;
    const now = new Date();
    const result = await runRetention({
      readStore: app.get<ReadStore>(READ_STORE),
      policy: app.get<RetentionPolicy>(RETENTION_POLICY),
      facts: async (personId) => (await loader.load(personId)).facts,
      now,
      ...(decisions ? { decisions } : {}),
      ...(erase
        ? {
            erase: async (candidate) => {
              // Derived from the person: a run repeated after a crash completes the same erasure.
              const commandId = deterministicId('retention-erasure', candidate.personId);
              const envelope: CommandEnvelope = {
                commandId,
                correlationId: commandId,
                actor: { sub: operator, role: 'admin', agency: 'KI' },
                purpose: 'retention-period-expired',
                at: now.toISOString(),
              };
              if (decisions!.get(candidate.personId) === 'archive') {
                await handover.handOver(candidate.personId, handoverDir!, envelope.actor, envelope.at, commandId);
              }
              return erasure.eraseExpired(envelope, candidate.personId, retentionReason(candidate, decisions!));
            },
          }
        : {}),
    });
    if (offer) writeFileSync(offer, archiveOfferCsv(result.due));
    if (args.includes('--json')) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(`${result.due.length} file(s) past their retention period on ${now.toISOString().slice(0, 10)}`);
      for (const d of result.due) {
        console.log(
          `  ${d.personId}  ${d.basis.padEnd(13)} last closed ${d.lastClosedOn ?? '(no case)'}  kept until ${d.keptUntil}`,
        );
      }
      if (offer) console.log(`archive offer written to ${offer}`);
      if (erase) {
        console.log(
          `erased: ${result.erased.length}, awaiting the archive: ${result.awaitingArchive.length}, failed: ${result.failed.length}`,
        );
      }
      for (const f of result.failed) console.error(`  failed ${f.personId}: ${f.error}`);
    }
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

/** The archive's decision, recorded in the PersonErased event (pseudonymous: dates and codes only). */
export function retentionReason(
  candidate: { personId: string; keptUntil: string },
  decisions: ReadonlyMap<string, 'archive' | 'destroy'>,
): string {
  const decision =
    decisions.get(candidate.personId) === 'archive'
      ? 'vom Kreisarchiv übernommen (§ 10 ArchivG NRW), Übergabe erfolgt'
      : 'vom Kreisarchiv als nicht archivwürdig bewertet (§ 10 ArchivG NRW)';
  return `Aufbewahrungsfrist abgelaufen am ${candidate.keptUntil}; ${decision}`;
}
