import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { TAMPER_EVIDENCE, type ChainVerification, type TamperEvidence } from '../event-store/event-store.port.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/**
 * Product rule 8: recomputes the hash chain over every stored event. Not logged as an access: the answer
 * holds counts and a position, no data about a person.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/verify')
export class IntegrityController {
  constructor(@Inject(TAMPER_EVIDENCE) private readonly evidence: TamperEvidence | null) {}

  @ApiDoc({ de: 'Hash-Kette prüfen', en: 'Verify the hash chain', ok: 'ChainVerification', errors: [501] })
  @Get()
  @Roles('dpo', 'admin')
  async verify(): Promise<ChainVerification> {
    if (!this.evidence) {
      throw new HttpException(
        {
          message:
            'hash-chain verification is available on the embedded event store only; EventStoreDB keeps no chain of ours (see docs/tamper-evidence.md)',
        },
        HttpStatus.NOT_IMPLEMENTED,
      );
    }
    return this.evidence.verifyChain();
  }
}
