import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SubjectAccessService } from '../audit/subject-access.service.js';
import { PERSONAL_DATA_CIPHER, type PersonalDataCipher } from '../crypto/personal-data.cipher.js';
import { ACCESS_LOG, type AccessLog } from '../personal-data/access-log.js';
import { collectSealed, replaceSealed, type Sealed } from '../personal-data/sealed.js';
import type { Actor } from '../shared/event-metadata.js';
import { REPORT_CATEGORIES } from '../privacy/subject-access-report.query.js';

/**
 * § 10 ArchivG NRW: a file the Kreisarchiv takes over is handed over before it is destroyed here. The
 * handover is the person's whole file as the Art. 15 report assembles it, decrypted, one JSON file per
 * person (readable without kim-ledger), written with owner-only permissions. Like every read of personal
 * data it is logged first (rule 4), with the ground `archive-handover`.
 */
@Injectable()
export class ArchiveHandover {
  constructor(
    private readonly reports: SubjectAccessService,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {}

  async handOver(personId: string, dir: string, actor: Actor, at: string, correlationId: string): Promise<string> {
    const report = await this.reports.report(personId, at);
    await this.accessLog.recordAccess({
      actor,
      correlationId,
      personIds: [personId],
      dataCategories: REPORT_CATEGORIES,
      purpose: 'archive-handover',
      endpoint: 'kim retention --handover',
      method: 'CLI',
      at,
      grounds: { [personId]: 'archive-handover' },
    });
    const opened = new Map<Sealed, unknown>();
    for (const value of collectSealed(report)) {
      opened.set(
        value,
        (await this.cipher.decryptEventData({ personId: value.personId, personal: value.envelope })).personal,
      );
    }
    const file = {
      kind: 'Übergabe an das Kreisarchiv (§ 10 ArchivG NRW)',
      handedOverAt: at,
      ...(replaceSealed(report, opened) as object),
    };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${personId}.json`);
    writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
    return path;
  }
}
