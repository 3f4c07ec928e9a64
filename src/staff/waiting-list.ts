import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CASELOADS, type CaseloadDoc } from '../../projections/caseload.projection.js';
import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import { STAFF, type StaffDoc } from '../../projections/staff.projection.js';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import { CLOCK, KIM_CONFIG } from '../kim-core.module.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { readAll } from '../reports/read-all.js';
import { daysBetween } from '../case-management/case.decider.js';
import { localDate } from '../shared/calendar.js';
import type { Clock } from '../shared/clock.js';
import { caseloadLimitOf, isActiveOn } from './staff.decider.js';

/**
 * Warteliste (issue 16, item 7): open cases no case manager holds, oldest first, with the days they
 * have waited, beside the free places of the active case managers of Baustein 2 (80 × FTE each). When
 * nobody has room, the cases wait; the waiting time is recorded on the assignment (CaseAssigned).
 * Pseudonymous ids and dates only.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/waiting')
export class WaitingListController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiDoc({ de: 'Warteliste der nicht zugewiesenen Fälle', en: 'Waiting list of unassigned cases', ok: 'WaitingList' })
  @Get()
  @Roles('team_lead')
  async list() {
    const now = this.clock.now().toISOString();
    const today = localDate(now);
    const [waiting, staff, caseloads] = await Promise.all([
      readAll<CaseDoc>(this.readStore, CASES, { status: 'open', assignee: null }),
      readAll<StaffDoc>(this.readStore, STAFF, {}),
      readAll<CaseloadDoc>(this.readStore, CASELOADS, {}),
    ]);
    const active = new Map(caseloads.map((c) => [c.caseworkerId, c.active]));
    const room = staff
      .filter((m) => m.baustein === 2 && isActiveOn({ ...m, baustein: 2 }, now))
      .map((m) => ({
        caseworkerId: m.caseworkerId,
        provider: m.provider,
        free: Math.max(0, caseloadLimitOf(m, this.config.catalogue.caseloadLimit) - (active.get(m.caseworkerId) ?? 0)),
      }));
    const freeSlots = room.reduce((sum, r) => sum + r.free, 0);
    const items = waiting
      .map((d) => {
        const since = d.waitingSince ?? localDate(d.openedAt);
        return {
          caseId: d.caseId,
          personId: d.personId,
          municipality: d.municipality,
          waitingSince: since,
          waitingDays: Math.max(0, daysBetween(since, today)),
        };
      })
      .sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.caseId.localeCompare(b.caseId));
    return {
      items,
      freeSlots,
      noCapacity: freeSlots === 0,
      caseManagersWithRoom: room.filter((r) => r.free > 0),
    };
  }
}
