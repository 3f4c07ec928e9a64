import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CASELOADS, type CaseloadDoc } from '../../projections/caseload.projection.js';
import { STAFF, type StaffDoc } from '../../projections/staff.projection.js';
import { caseloadLimitOf } from '../staff/staff.decider.js';
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
    // Rule 5 (v2): each case manager's limit is 80 × their FTE share from the staff register.
    const limitOf = async (caseworkerId: string) => {
      const member = await this.readStore.get<StaffDoc>(STAFF, caseworkerId);
      return member ? caseloadLimitOf(member, limit) : limit;
    };
    const view = async (d: CaseloadDoc) => {
      const own = await limitOf(d.caseworkerId);
      return { caseworkerId: d.caseworkerId, active: d.active, limit: own, utilisation: own ? d.active / own : 0 };
    };
    if (user.role === 'caseworker') {
      const own = await this.readStore.get<CaseloadDoc>(CASELOADS, user.sub);
      return { limit, caseworkers: [await view(own ?? { caseworkerId: user.sub, caseIds: [], active: 0 })] };
    }
    const all: CaseloadDoc[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.readStore.find<CaseloadDoc>(CASELOADS, { limit: 500, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return { limit, caseworkers: await Promise.all(all.map(view)) };
  }
}
