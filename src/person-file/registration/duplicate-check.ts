import { Inject } from '@nestjs/common';
import { Query as CqrsQuery, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadContext } from '../../http/request-context.js';
import { ACCESS_LOG, type AccessLog } from '../../personal-data/access-log.js';
import { NameIndex } from '../../personal-data/name-index.js';

export interface DuplicateCheckAnswer {
  result: 'exists' | 'none';
  message: string;
  messageDe: string;
}

export class DuplicateCheckQuery extends CqrsQuery<DuplicateCheckAnswer> {
  constructor(
    readonly reader: ReadContext,
    readonly name: string,
    readonly dateOfBirth: string,
  ) {
    super();
  }
}

/**
 * Before registering (issue 16 item 6): is this person already registered? Need to know forbids showing
 * whom the caseworker may not see, so the answer is only "exists — ask your team lead" or "none". A match
 * is a disclosure about those persons, so it is logged (ground `duplicate-check`) before the answer.
 */
@QueryHandler(DuplicateCheckQuery)
export class DuplicateCheckHandler implements IQueryHandler<DuplicateCheckQuery> {
  constructor(
    private readonly names: NameIndex,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {}

  async execute({ reader, name, dateOfBirth }: DuplicateCheckQuery): Promise<DuplicateCheckAnswer> {
    const matches = await this.names.matches(name, dateOfBirth);
    if (matches.length === 0) {
      return {
        result: 'none',
        message: 'no person with this name and date of birth is registered',
        messageDe: 'Keine Person mit diesem Namen und Geburtsdatum erfasst.',
      };
    }
    await this.accessLog.recordAccess({
      actor: reader.actor,
      correlationId: reader.correlationId,
      personIds: matches,
      dataCategories: ['identity'],
      purpose: reader.purpose,
      endpoint: reader.endpoint,
      method: reader.method,
      at: reader.at,
      grounds: Object.fromEntries(matches.map((id) => [id, 'duplicate-check'])),
      ...(reader.page ? { page: reader.page } : {}),
    });
    return {
      result: 'exists',
      message: 'a person with this name and date of birth is registered: ask your team lead',
      messageDe:
        'Eine Person mit diesem Namen und Geburtsdatum ist bereits erfasst – bitte wenden Sie sich an Ihre Teamleitung.',
    };
  }
}
