import { NestFactory } from '@nestjs/core';
import { userInfo } from 'node:os';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { AppModule } from '../../app.module.js';
import { ErasureService } from '../../audit/erasure.service.js';
import { ReadModelsCurrent } from '../../audit/read-models-current.js';
import { loadConfig } from '../../config/config.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { RETENTION_POLICY, type RetentionPolicy } from '../../retention/retention-policy.js';
import { runRetention } from '../../retention/retention-run.js';
import { deterministicId } from '../../shared/ids.js';

export const summary = 'list persons past their retention period; --erase --yes erases them (Art. 17 DSGVO)';

const USAGE = `usage: npm run kim -- retention [--json] [--erase --yes]
  Lists persons whose cases closed longer ago than the retention period of their record class
  (defaults: SGB II 10 years, AsylbLG 6 years, youth welfare 10 years, KIM case file 10 years;
  KIM_RETENTION_FILE, KIM_RETENTION_DEFAULT_YEARS). With --erase --yes each of them is erased by
  crypto-shredding, exactly as POST /audit/persons/{id}/erase does. Reads KIM_DATA_DIR (default ./data).`;

/**
 * `kim retention`: starts the application without HTTP (same stores, same projections, same erasure
 * service), lets the read models catch up with the log, then lists and optionally erases.
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
  const unknown = args.filter((a) => !['--erase', '--yes', '--json'].includes(a));
  if (unknown.length > 0) {
    console.error(`kim retention: unknown option ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig()), {
    logger: ['error', 'warn'],
  });
  try {
    await app.get(ReadModelsCurrent).await();
    const erasure = app.get(ErasureService);
    const operator = process.env.KIM_OPERATOR || `kim-cli:${userInfo().username}`;
    const now = new Date();
    const result = await runRetention({
      readStore: app.get<ReadStore>(READ_STORE),
      policy: app.get<RetentionPolicy>(RETENTION_POLICY),
      now,
      ...(erase
        ? {
            erase: (candidate) => {
              // Derived from the person: a run repeated after a crash completes the same erasure.
              const commandId = deterministicId('retention-erasure', candidate.personId);
              const envelope: CommandEnvelope = {
                commandId,
                correlationId: commandId,
                actor: { sub: operator, role: 'admin', agency: 'KI' },
                purpose: 'retention-period-expired',
                at: now.toISOString(),
              };
              const reason = `retention period expired (${candidate.recordClasses.join(', ')}) on ${candidate.dueSince.slice(0, 10)}`;
              return erasure.erase(envelope, candidate.personId, reason);
            },
          }
        : {}),
    });
    if (args.includes('--json')) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(`${result.due.length} person(s) past their retention period on ${now.toISOString().slice(0, 10)}`);
      for (const d of result.due) {
        console.log(
          `  ${d.personId}  ${d.recordClasses.join(',').padEnd(16)} last closed ${d.lastClosedAt?.slice(0, 10) ?? '(no case)'}  due since ${d.dueSince.slice(0, 10)}`,
        );
      }
      if (erase) console.log(`erased: ${result.erased.length}, failed: ${result.failed.length}`);
      for (const f of result.failed) console.error(`  failed ${f.personId}: ${f.error}`);
    }
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}
