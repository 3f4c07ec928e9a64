import type { PersonDoc } from '../../projections/persons.projection.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import type { RequestUser } from '../http/request-context.js';

/**
 * Product rule 6: a caseworker sees only persons they registered or with a case assigned to them or
 * that they work on; the DPO sees everyone (and is logged); a restricted person (Art. 18 DSGVO) only
 * the DPO. Everyone else never reaches a person.
 */
export function assertMaySeePerson(user: RequestUser, person: PersonDoc | undefined, personId: string): PersonDoc {
  if (!person) throw new NotFoundError(`person ${personId} not found`);
  if (user.role === 'dpo') return person;
  if (user.role !== 'caseworker') throw new ForbiddenError('this role has no access to persons');
  if (person.restricted) throw new ForbiddenError('processing of this person is restricted; only the DPO may read');
  if (person.registeredBy !== user.sub && !person.caseworkers.includes(user.sub)) {
    throw new ForbiddenError('no case of this person is assigned to you');
  }
  return person;
}
