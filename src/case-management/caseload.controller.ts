import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CASELOADS, type CaseloadDoc } from '../../projections/caseload.projection.js';
import type { KimConfig } from '../config/config.js';
import { Roles } from '../auth/roles.decorator.js';
import { User, type RequestUser } from '../http/request-context.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** Betreuungsschlüssel: active cases per case manager against the limit (no personal data). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('caseload')
export class CaseloadController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  @ApiDoc({ de: 'Fallzahlen gegen den Betreuungsschlüssel', en: 'Caseloads against the ratio', ok: 'Caseload' })
  @Get()
  @Roles('caseworker', 'team_lead')
  async caseload(@User() user: RequestUser) {
    const limit = this.config.catalogue.caseloadLimit;
    const view = (d: CaseloadDoc) => ({
      caseworkerId: d.caseworkerId,
      active: d.active,
      limit,
      utilisation: d.active / limit,
    });
    if (user.role === 'caseworker') {
      const own = await this.readStore.get<CaseloadDoc>(CASELOADS, user.sub);
      return { limit, caseworkers: [view(own ?? { caseworkerId: user.sub, caseIds: [], active: 0 })] };
    }
    const all: CaseloadDoc[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.readStore.find<CaseloadDoc>(CASELOADS, { limit: 500, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return { limit, caseworkers: all.map(view) };
  }
}
