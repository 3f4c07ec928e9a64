import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import type { ReadContext } from '../http/request-context.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../personal-data/personal-data-gate.js';
import { ReadModelsCurrent } from '../audit/read-models-current.js';
import type { SubjectAccessReport } from '../audit/subject-access.report.js';
import { SubjectAccessService } from '../audit/subject-access.service.js';

/** Everything the subject access report discloses, for the access log. */
export const REPORT_CATEGORIES = [
  'identity',
  'residence-status',
  'language-skills',
  'consents',
  'case-notes',
  'transfers',
  'audit-trail',
];

export class SubjectAccessReportQuery extends PersonalDataQuery<SubjectAccessReport> {
  constructor(
    reader: ReadContext,
    readonly personId: string,
  ) {
    super(reader);
  }
}

/** Art. 15 DSGVO: run by the privacy officer (product v2), through the gate like every read. */
@QueryHandler(SubjectAccessReportQuery)
export class SubjectAccessReportHandler extends GuardedQueryHandler<SubjectAccessReportQuery, SubjectAccessReport> {
  constructor(
    gate: PersonalDataGate,
    private readonly reports: SubjectAccessService,
    @Inject(ReadModelsCurrent) private readonly current: ReadModelsCurrent,
  ) {
    super(gate);
  }

  protected read({ reader, personId }: SubjectAccessReportQuery): GuardedRead<SubjectAccessReport> {
    return {
      scope: { kind: 'person', personId },
      roles: ['privacy_officer'],
      categories: REPORT_CATEGORIES,
      load: async () => {
        // The report draws on the DPO's read models (trail, accesses): let them include everything so far.
        await this.current.await();
        return this.reports.report(personId, reader.at);
      },
    };
  }
}
