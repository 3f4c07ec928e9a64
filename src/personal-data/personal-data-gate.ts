import { Inject, Injectable, Optional } from '@nestjs/common';
import { Query } from '@nestjs/cqrs';
import { PERSONAL_DATA_PROTECTOR, type PersonalDataProtector } from '../event-sourcing/personal-data-protector.js';
import type { ReadContext } from '../http/request-context.js';
import { ReadModelFreshness } from '../projection-runner/read-model-freshness.js';
import { ForbiddenError, GoneError, NotFoundError } from '../shared/errors.js';
import { WeightedLru } from '../shared/weighted-lru.js';
import type { Role } from '../shared/roles.js';
import { ACCESS_LOG, type AccessLog } from './access-log.js';
import { caseReadGround, personGround } from './need-to-know.js';
import { PersonAccess, type LoadedAccessFacts } from './person-access.js';
import { collectSealed, replaceSealed, type Opened, type Sealed } from './sealed.js';

/**
 * What a read of personal data declares once, in its query handler:
 * - `scope`: about one person, one case, or a list whose items each name their person;
 * - `roles`: who this read serves (the route's @Roles is the first line, this the second);
 * - `categories`: what it discloses, for the access log;
 * - `freshFrom`: the read model it comes from, waited for until it holds the subject's newest event;
 * - `load`: the answer, with personal data still Sealed.
 */
export type ReadScope =
  | { kind: 'person'; personId: string }
  | { kind: 'case'; caseId: string }
  /**
   * A list: each item names its person. Persons the request itself names (e.g. `?personId=`) are checked
   * before loading and refused like a single read; other items the reader may not see are left out.
   */
  | { kind: 'items'; personOf: (item: unknown) => string; named?: readonly string[] }
  /**
   * The DPO's views of the log (trail, anomalies): ids and codes, never personal data in the clear. Every
   * person they name is logged; restriction does not hide the log about a person from its monitor.
   */
  | { kind: 'pseudonymous'; personsOf: (answer: unknown) => readonly string[] };

export interface GuardedRead<Result> {
  scope: ReadScope;
  roles: readonly Role[];
  categories: readonly string[];
  freshFrom?: string;
  /**
   * For an answer that follows from the subject's own stream alone (a case and its timeline: the cases read
   * model holds nothing else): the key under which the gate keeps the still-sealed answer, served again while
   * that stream has no newer event. Ciphertext only — opening still goes through the cipher each time, and
   * need to know, restriction and the access log are decided for every read as before.
   */
  reuseAs?: string;
  load(): Promise<Result>;
}

/** A query whose answer contains personal data: dispatched through the QueryBus, served by the gate. */
export abstract class PersonalDataQuery<Result> extends Query<Opened<Result>> {
  constructor(readonly reader: ReadContext) {
    super();
  }
}

/**
 * Base of every personal-data query handler. `execute` is the gate's and is not overridden: a handler
 * only declares its read. tests/e2e/guarded-reads.spec.ts walks every route of the OpenAPI document and
 * proves that each one that answers with personal data logs the read.
 */
export abstract class GuardedQueryHandler<Q extends PersonalDataQuery<R>, R> {
  constructor(protected readonly gate: PersonalDataGate) {}

  protected abstract read(query: Q): GuardedRead<R>;

  execute(query: Q): Promise<Opened<R>> {
    return this.gate.serve(query.reader, this.read(query));
  }
}

/**
 * Erased persons' list entries (e.g. transfers) remain pseudonymous facts whose personal parts can no longer
 * be opened: the privacy officer and the DPO still see them, nobody else.
 */
function erasedListGround(reader: ReadContext, facts: LoadedAccessFacts): string | undefined {
  const role = reader.user.role;
  if (!facts.person.erased) return undefined;
  return role === 'privacy_officer' || role === 'dpo' ? ROLE_GROUND[role]!.items : undefined;
}

/**
 * Characters of sealed answers kept for reuse: a case page of 20 typical entries weighs ~20,000, one of
 * 4,000-character notes ~120,000; 16 M keeps some hundreds to a thousand open cases.
 */
const REUSABLE_CHARS = 16_000_000;

/** What an answer weighs in the reuse cache: its sealed envelopes (the bulk) and a share for the rest. */
const answerWeight = (answer: unknown) =>
  collectSealed(answer).reduce((chars, s) => chars + JSON.stringify(s.envelope).length, 2_000);

/** Grounds of roles that read by their office rather than by an assignment. */
const ROLE_GROUND: Partial<Record<Role, Partial<Record<ReadScope['kind'], string>>>> = {
  privacy_officer: { person: 'privacy-officer', case: 'privacy-officer', items: 'privacy-officer' },
  team_lead: { case: 'team-lead-supervision', items: 'four-eyes-approval' },
  agency_officer: { items: 'recipient-agency' },
  dpo: { items: 'data-protection-monitoring', pseudonymous: 'data-protection-monitoring' },
};

/**
 * The one path by which personal data leave the service (product rules 4, 6, 7): need to know and
 * restriction decided on the folded streams, the read logged as PersonalDataAccessed with the ground
 * for each person BEFORE anything is decrypted and returned, fail closed. Nothing else can decrypt for a
 * reader: queries hand over Sealed ciphertext and the gate opens it only for persons it has checked.
 */
@Injectable()
export class PersonalDataGate {
  /** Sealed answers of `reuseAs` reads, with the position of the subject stream's newest event they hold. */
  private readonly reusable = new WeightedLru<string, { position: bigint; answer: unknown }>(REUSABLE_CHARS);

  constructor(
    private readonly access: PersonAccess,
    @Inject(PERSONAL_DATA_PROTECTOR) private readonly protector: PersonalDataProtector,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
    @Optional() private readonly freshness?: ReadModelFreshness,
  ) {}

  async serve<R>(reader: ReadContext, read: GuardedRead<R>): Promise<Opened<R>> {
    const role = reader.user.role;
    if (!read.roles.includes(role)) throw new ForbiddenError(`the role ${role} cannot read this`, ['role']);
    const grounds = new Map<string, string>();
    let answer: unknown;
    if (read.scope.kind === 'pseudonymous') {
      answer = await read.load();
      for (const personId of read.scope.personsOf(answer)) grounds.set(personId, ROLE_GROUND.dpo!.pseudonymous!);
    } else if (read.scope.kind === 'items') {
      answer = await this.serveItems(reader, read as GuardedRead<unknown>, read.scope, grounds);
    } else {
      const subject = await this.subjectOf(read.scope);
      grounds.set(subject.personId, this.ground(reader, read.scope, subject));
      answer = await this.loadFresh(read, subject);
    }
    const toOpen = collectSealed(answer);
    const pseudonymous = read.scope.kind === 'pseudonymous';
    for (const s of toOpen) {
      // A query may only hand over the data of persons checked above (a pseudonymous list: none at all).
      if (pseudonymous || !grounds.has(s.personId))
        throw new Error(`sealed data of an unchecked person in ${reader.endpoint}`);
    }
    await this.accessLog.recordAccess({
      ...reader,
      personIds: [...grounds.keys()],
      dataCategories: [...read.categories],
      grounds: Object.fromEntries(grounds),
    });
    return replaceSealed(answer, await this.open(toOpen)) as Opened<R>;
  }

  /** The answer from a read model that holds the subject's newest event, or the same answer kept before. */
  private async loadFresh<R>(read: GuardedRead<R>, subject: LoadedAccessFacts): Promise<unknown> {
    const { position } = subject;
    const key =
      read.reuseAs !== undefined && position !== undefined && !subject.person.erased ? read.reuseAs : undefined;
    const kept = key === undefined ? undefined : this.reusable.get(key);
    if (kept !== undefined && kept.position === position) return kept.answer;
    if (read.freshFrom && position !== undefined) await this.freshness?.atLeast(read.freshFrom, position);
    const answer = await read.load();
    if (key !== undefined) this.reusable.set(key, { position: position!, answer }, answerWeight(answer));
    return answer;
  }

  private async subjectOf(
    scope: Extract<ReadScope, { kind: 'person' | 'case' }>,
  ): Promise<LoadedAccessFacts & { caseId?: string }> {
    if (scope.kind === 'case') {
      const { facts, position } = await this.access.caseFacts(scope.caseId);
      // A case read comes from the case's read model: fresh once it holds the case stream's newest event.
      return { ...facts, caseId: scope.caseId, ...(position !== undefined ? { position } : {}) };
    }
    const facts = await this.access.facts(scope.personId);
    if (!facts.person.registered) throw new NotFoundError(`person ${scope.personId} not found`);
    return facts;
  }

  /** The ground on which the reader sees this person, or the refusal. */
  private ground(reader: ReadContext, scope: ReadScope, facts: LoadedAccessFacts & { caseId?: string }): string {
    const role = reader.user.role;
    if (facts.person.erased && role !== 'privacy_officer') throw new GoneError('the data of this person were erased');
    // Art. 18 DSGVO: while restricted, only the privacy officer reads.
    if (facts.person.restricted && role !== 'privacy_officer') {
      throw new ForbiddenError('processing of this person is restricted (Art. 18 DSGVO)', ['person-restricted']);
    }
    const byRole = ROLE_GROUND[role]?.[scope.kind];
    if (byRole) return byRole;
    if (role === 'caseworker') {
      const ground =
        scope.kind === 'case'
          ? caseReadGround(reader.user.sub, facts, facts.caseId!, reader.at, this.access.settings)
          : personGround(reader.user.sub, facts, reader.at, this.access.settings);
      if (ground) return ground;
      throw new ForbiddenError(
        scope.kind === 'case'
          ? 'this case is not assigned to you'
          : 'no case of this person is assigned to you and you hold no deputy grant',
        ['no-need-to-know'],
      );
    }
    throw new ForbiddenError(`the role ${role} has no access to this person`, ['role']);
  }

  /** A list keeps only the items whose person the reader may see; each person is checked once. */
  private async serveItems(
    reader: ReadContext,
    read: GuardedRead<unknown>,
    scope: Extract<ReadScope, { kind: 'items' }>,
    grounds: Map<string, string>,
  ): Promise<unknown> {
    const verdicts = new Map<string, string | undefined>();
    for (const personId of scope.named ?? []) {
      const facts = await this.access.facts(personId);
      if (!facts.person.registered) throw new NotFoundError(`person ${personId} not found`);
      verdicts.set(personId, erasedListGround(reader, facts) ?? this.ground(reader, scope, facts));
    }
    const page = (await read.load()) as { items: unknown[] };
    const items: unknown[] = [];
    for (const item of page.items) {
      const personId = scope.personOf(item);
      if (!verdicts.has(personId)) verdicts.set(personId, await this.itemGround(reader, personId));
      const ground = verdicts.get(personId);
      if (ground === undefined) continue;
      grounds.set(personId, ground);
      items.push(item);
    }
    return { ...page, items };
  }

  private async itemGround(reader: ReadContext, personId: string): Promise<string | undefined> {
    const facts = await this.access.facts(personId);
    if (!facts.person.registered) return undefined;
    if (facts.person.erased) return erasedListGround(reader, facts);
    try {
      return this.ground(reader, { kind: 'items', personOf: () => personId }, facts);
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof GoneError) return undefined;
      throw error;
    }
  }

  private async open(values: readonly Sealed[]): Promise<Map<Sealed, unknown>> {
    const opened = new Map<Sealed, unknown>();
    for (const value of values) {
      const data = await this.protector.decryptEventData({ personId: value.personId, personal: value.envelope });
      opened.set(value, data.personal);
    }
    return opened;
  }
}
