import { Controller, Get, Inject, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import { TASK_KINDS, TASKS, type TaskDoc } from '../../projections/tasks.projection.js';
import { Roles } from '../auth/roles.decorator.js';
import { User, type RequestUser } from '../http/request-context.js';
import { CLOCK } from '../kim-core.module.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { readAll } from '../reports/read-all.js';
import { addDays, localDate } from '../shared/calendar.js';
import type { Clock } from '../shared/clock.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';

export class TaskQueryDto {
  @ApiPropertyOptional({ example: 'me', description: 'me (team lead: the team) or a caseworker id (team lead only)' })
  @IsOptional()
  @Matches(/^[\w.@-]{1,100}$/, { message: 'assignee must be me or a user id like cw-01' })
  assignee?: string;

  @ApiPropertyOptional({ example: '30', description: 'tasks coming up within this many days (0–730, default 30)' })
  @IsOptional()
  @Matches(/^(730|7[0-2]\d|[1-6]?\d{1,2})$/, { message: 'within must be a number of days from 0 to 730' })
  within?: string;

  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: (typeof TASK_KINDS)[number];

  @ApiPropertyOptional({ example: '50', description: 'tasks per page, 1–500, default 50' })
  @IsOptional()
  @Matches(/^(500|[1-4]\d{2}|[1-9]\d?)$/, { message: 'limit must be a number from 1 to 500' })
  limit?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/** German names of the task kinds, for lists people read. */
const KIND_DE: Record<(typeof TASK_KINDS)[number], string> = {
  'goal-review': 'Zielüberprüfung fällig',
  'consent-expiry': 'Einwilligung läuft ab',
  'residence-expiry': 'Aufenthaltstitel läuft ab',
  'referral-feedback': 'Vermittlung ohne Rückmeldung',
  'document-expiry': 'Dokument läuft ab',
};

/**
 * Wiedervorlage: the tasks of the persons whose open cases the caller holds (a team lead: every open case's),
 * coming up within `within` days, earliest first. Read from the tasks projection; the persons a
 * caseworker holds come from the case projection, as "my cases" does.
 */
@Injectable()
export class TaskList {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async page(user: RequestUser, query: TaskQueryDto) {
    const assignee = query.assignee ?? 'me';
    let holder: string | undefined;
    if (user.role === 'caseworker') {
      if (assignee !== 'me' && assignee !== user.sub) {
        throw new ForbiddenError('a caseworker sees only their own tasks', ['no-need-to-know']);
      }
      holder = user.sub;
    } else if (assignee !== 'me') {
      holder = assignee;
    }
    const filter: Filter = {
      dueOn: { lte: addDays(localDate(this.clock.now().toISOString()), Number(query.within ?? 30)) },
      ...(query.kind ? { kind: query.kind } : {}),
    };
    // The work of the persons whose cases are open: one caseworker's, or the team's (waiting ones included).
    const cases = await readAll<CaseDoc>(this.readStore, CASES, {
      status: 'open',
      ...(holder !== undefined ? { assignee: holder } : {}),
    });
    if (cases.length === 0) return { items: [] };
    filter.personId = { in: [...new Set(cases.map((c) => c.personId))] };
    let page;
    try {
      page = await this.readStore.find<TaskDoc>(TASKS, {
        filter,
        sort: { field: 'dueOn', direction: 'asc' },
        limit: query.limit ? Number(query.limit) : 50,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    } catch {
      throw new ValidationError('cursor is not a cursor of this list', ['cursor']);
    }
    const holders = new Map(cases.map((c) => [c.personId, c.assignee]));
    return {
      items: page.items.map((t) => ({
        taskId: t.taskId,
        kind: t.kind,
        label: KIND_DE[t.kind] ?? t.kind,
        dueOn: t.dueOn,
        ...(t.concernsOn ? { concernsOn: t.concernsOn } : {}),
        personId: t.personId,
        ...(t.caseId ? { caseId: t.caseId } : {}),
        subjectId: t.subjectId,
        ...(t.agency ? { agency: t.agency } : {}),
        assignee: holders.get(t.personId) ?? null,
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TaskList) {}

  @ApiDoc({
    de: 'Wiedervorlage: fällige Aufgaben (Teamleitung: das Team), seitenweise',
    en: 'Follow-ups due (team lead: the team), paged',
    ok: 'TaskList',
  })
  @Get()
  @Roles('caseworker', 'team_lead')
  list(@Query() query: TaskQueryDto, @User() user: RequestUser) {
    return this.tasks.page(user, query);
  }
}
