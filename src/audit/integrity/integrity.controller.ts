import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { ChainVerification } from '../../event-store/event-store.port.js';
import { IntegrityService } from './integrity.service.js';
import { ReadModelCheckService } from './read-model-check.service.js';
import type { ReadModelCheck } from './read-model-check.js';

export class CheckpointsQueryDto {
  @ApiPropertyOptional({ example: '100', description: '1–1000, default 100, newest first' })
  @IsOptional()
  @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a number from 1 to 1000' })
  limit?: string;

  @ApiPropertyOptional({ description: 'only notes received before this one (its `seq`): the next page' })
  @IsOptional()
  @Matches(/^\d{1,12}$/, { message: 'before must be a note’s seq' })
  before?: string;
}

/**
 * Product rule 9 for the DPO and operations. Not logged as an access: answers hold positions, hashes,
 * times and counts, no data about a person.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class IntegrityController {
  constructor(
    private readonly integrity: IntegrityService,
    private readonly readModels: ReadModelCheckService,
  ) {}

  @ApiDoc({
    de: 'Hash-Kette und bezeugte Prüfpunkte prüfen',
    en: 'Verify the hash chain and witnessed checkpoints',
    ok: 'ChainVerification',
  })
  @Get('verify')
  @Roles('dpo', 'admin')
  verify(): Promise<ChainVerification> {
    return this.integrity.verify();
  }

  @ApiDoc({ de: 'Bezeugte Prüfpunkte', en: 'Witnessed checkpoints', ok: 'Checkpoints' })
  @Get('checkpoints')
  @Roles('dpo')
  async checkpoints(@Query() query: CheckpointsQueryDto) {
    const limit = Number(query.limit ?? 100);
    const evidence = await this.integrity.ledger.evidence.read();
    const before = query.before === undefined ? Number.POSITIVE_INFINITY : Number(query.before);
    const page = evidence.notes
      .filter((n) => n.seq < before)
      .reverse()
      .slice(0, limit);
    const last = page.at(-1);
    return {
      ...this.integrity.status(),
      total: evidence.notes.length,
      checkpoints: page.map((n) => ({
        seq: n.seq,
        kind: n.kind,
        position: String(n.position),
        time: n.time,
        root: n.root.toString('hex'),
        heads: { main: n.heads.main.toString('hex'), access: n.heads.access.toString('hex') },
        format2From: String(n.format2From),
        ...(n.reason !== undefined ? { reason: n.reason } : {}),
        ...(n.incident ? { incident: n.incident } : {}),
        ...(n.acknowledgedRows ? { acknowledgesRows: n.acknowledgedRows.map(String) } : {}),
        ...(n.expired !== undefined ? { expired: n.expired } : {}),
        note: n.text,
      })),
      ...(last && evidence.notes.some((n) => n.seq < last.seq) ? { nextBefore: String(last.seq) } : {}),
      ...(evidence.rejected.length > 0 ? { rejected: evidence.rejected } : {}),
    };
  }

  @ApiDoc({ de: 'Lesemodelle gegen Neuaufbau prüfen', en: 'Check read models against a rebuild', ok: 'ReadModelCheck' })
  @Post('verify/read-models')
  @HttpCode(200)
  @Roles('admin')
  verifyReadModels(): Promise<ReadModelCheck> {
    return this.readModels.check();
  }
}
