import { Inject, Injectable } from '@nestjs/common';
import type { CaseFile } from '../case-management/case.decider.js';
import { CaseRepository } from '../case-management/case.repository.js';
import type { KimConfig } from '../config/config.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { PersonFileRepository } from '../person-file/person-file.repository.js';
import type { Actor } from '../shared/event-metadata.js';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors.js';
import { caseReadGround, personGround, workGround, type AccessGround, type PersonAccessFacts } from './need-to-know.js';

export interface LoadedAccessFacts extends PersonAccessFacts {
  personId: string;
  /** Global position of the newest event of the person's stream: how fresh a read model must be. */
  position?: bigint;
}

/**
 * Loads what need to know is decided on — the person's stream and the streams of the cases it lists,
 * folded (the same folded states the deciders use) — and answers the command side's questions. Reads
 * ask the PersonalDataGate, which uses the same facts.
 */
@Injectable()
export class PersonAccess {
  constructor(
    private readonly persons: PersonFileRepository,
    private readonly cases: CaseRepository,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  get settings() {
    return this.config.access;
  }

  async facts(personId: string): Promise<LoadedAccessFacts> {
    const person = await this.persons.load(personId);
    const cases = new Map<string, CaseFile>(
      await Promise.all(
        person.state.caseIds.map(async (caseId) => [caseId, (await this.cases.load(caseId)).state] as const),
      ),
    );
    return {
      personId,
      person: person.state,
      cases,
      ...(person.position !== undefined ? { position: person.position } : {}),
    };
  }

  /** The case's folded state and its person's facts; 404 for an unknown case. */
  async caseFacts(
    caseId: string,
  ): Promise<{ file: CaseFile; revision: number; position?: bigint; facts: LoadedAccessFacts }> {
    const { state: file, revision, position } = await this.cases.load(caseId);
    if (file.status === 'none' || !file.personId) throw new NotFoundError(`case ${caseId} not found`);
    return { file, revision, ...(position !== undefined ? { position } : {}), facts: await this.facts(file.personId) };
  }

  /**
   * A command about the person: a registered, not erased and not restricted person (Art. 18 binds every
   * role), and for a caseworker a ground of need to know. Returns the ground (undefined for roles whose
   * route grants the command by role, e.g. a team lead opening a case).
   */
  async requireForCommand(
    actor: Actor,
    personId: string,
    at: string,
    options: { whileRestricted?: boolean } = {},
  ): Promise<{ facts: LoadedAccessFacts; ground?: AccessGround }> {
    const facts = await this.facts(personId);
    assertOpenFile(facts, personId, options);
    if (actor.role !== 'caseworker') return { facts };
    const ground = personGround(actor.sub, facts, at, this.settings);
    if (!ground) throw noNeedToKnow();
    return { facts, ground };
  }

  /** A caseworker's command on a case: assigned to them (or deputy, or awaiting reassignment). */
  async requireCaseWork(actor: Actor, caseId: string, at: string) {
    const loaded = await this.caseFacts(caseId);
    assertOpenFile(loaded.facts, loaded.facts.personId);
    if (actor.role !== 'caseworker') return loaded;
    // Its holder may still read a case that just closed: the decider then answers "case-closed" (422).
    if (
      !workGround(actor.sub, loaded.facts, caseId, at) &&
      !caseReadGround(actor.sub, loaded.facts, caseId, at, this.settings)
    ) {
      throw new ForbiddenError('this case is not assigned to you', ['no-need-to-know']);
    }
    return loaded;
  }
}

export const noNeedToKnow = () =>
  new ForbiddenError('no case of this person is assigned to you and you hold no deputy grant', ['no-need-to-know']);

/** No command acts on an unknown, erased or restricted person. */
export function assertOpenFile(
  facts: PersonAccessFacts,
  personId: string,
  options: { whileRestricted?: boolean } = {},
): void {
  if (!facts.person.registered) throw new NotFoundError(`person ${personId} not found`);
  if (facts.person.erased) throw new RuleViolationError('person-erased');
  if (facts.person.restricted && !options.whileRestricted) throw new RuleViolationError('person-restricted');
}
