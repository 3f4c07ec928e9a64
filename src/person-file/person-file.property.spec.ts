import fc from 'fast-check';
import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { personFileDecider, type PersonFile } from './person-file.decider.js';
import type { DataTransferred, PersonFileEvent } from './person-file.events.js';
import {
  grantConsent,
  refuseConsent,
  registerPerson,
  transferData,
  TRANSFER_LAW,
  PARTICIPATION,
} from '../../tests/support/builders.js';
import { report, runSeed } from '../../tests/support/reliability-report.js';

/**
 * Random command sequences over a few persons, run against the person-file decider and against a small
 * reference model written independently here. The two must agree on every outcome, and no DataTransferred
 * may exist without a basis that the event log itself proves.
 */
const decider = personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW);
const DAY = 86_400_000;
const START = Date.parse('2026-01-15T10:00:00.000Z'); // 10:00 UTC is the same calendar day in Germany
const PERSONS = ['p-adult-1', 'p-adult-2', 'p-child'] as const;
const BORN: Record<string, string> = { 'p-adult-1': '1988-02-29', 'p-adult-2': '1999-12-31', 'p-child': '2012-03-10' };
const AGENCIES = ['JOBCENTER_IP', 'AUSLAENDERBEHOERDE', 'WV_CARITAS'];
const CATEGORIES = ['identity', 'employment', 'health'];
const PURPOSES = ['labour-market-integration', 'residence-law-procedure'];
// Rows of the default matrix, and a code outside it. No request (Ersuchen) is ever sent here, so
// § 71 Abs. 2 SGB X never carries a transfer; the matrix specs (tests/unit/legal-basis) cover requests.
const BASES = ['consent', 'consent', 'sgb10-71-2', 'sgb10-69', 'BGB §823'];
const JUSTIFICATION = 'Leistungsantrag nach SGB II, Angaben zur Beschäftigung erforderlich';

/** § 69 Abs. 1 Nr. 1 SGB X as restated here: a § 35 SGB I body, no health data, a purpose of the row. */
const socialCodeTransferLawful = (to: string, cats: string[], purpose: string, justified: boolean) =>
  to === 'JOBCENTER_IP' && justified && !cats.includes('health') && purpose === 'labour-market-integration';

type Cmd =
  | { kind: 'advance'; days: number }
  | { kind: 'register' | 'restrict' | 'lift' | 'erase'; p: number }
  | {
      kind: 'grant' | 'refuse';
      p: number;
      to: string[];
      cats: string[];
      purposes: string[];
      days: number;
      rep: boolean;
    }
  | { kind: 'withdraw'; p: number; pick: number }
  | { kind: 'transfer'; p: number; to: string; cats: string[]; purpose: string; basis: string; justified: boolean };

const subset = (values: string[]) => fc.subarray(values, { minLength: 1 });
const p = fc.nat(PERSONS.length - 1);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 45 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('register' as const), p }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('erase' as const, 'restrict' as const, 'lift' as const, 'lift' as const),
      p,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom('grant' as const, 'grant' as const, 'refuse' as const),
      p,
      to: subset(AGENCIES),
      cats: subset(CATEGORIES),
      purposes: subset(PURPOSES),
      days: fc.integer({ min: -1, max: 120 }),
      rep: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), p, pick: fc.nat(2) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      p,
      to: fc.constantFrom(...AGENCIES),
      cats: fc.subarray(CATEGORIES, { minLength: 1, maxLength: 2 }),
      purpose: fc.constantFrom(...PURPOSES),
      basis: fc.constantFrom(...BASES),
      justified: fc.boolean(),
    }),
  },
);
// Most sequences start with everyone registered; some do not, so unregistered persons are covered too.
const sequenceArb = fc
  .tuple(fc.constantFrom(true, true, true, false), fc.array(cmdArb, { minLength: 1, maxLength: 60, size: 'max' }))
  .map(([registerFirst, cmds]): Cmd[] =>
    registerFirst ? [...PERSONS.map((_, i) => ({ kind: 'register' as const, p: i })), ...cmds] : cmds,
  );

// ---- the reference model: plain records, UTC day arithmetic (safe at 10:00 UTC) ----------------------
interface ModelConsent {
  id: string;
  to: string[];
  cats: string[];
  purposes: string[];
  from: number;
  until: string;
  withdrawn?: number;
}
interface ModelPerson {
  registered: boolean;
  erased: boolean;
  restricted: boolean;
  consents: ModelConsent[];
  refused: string[];
}
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ageOnDay = (born: string, today: string) =>
  Number(today.slice(0, 4)) - Number(born.slice(0, 4)) - (today.slice(5) < born.slice(5) ? 1 : 0);
const activeAt = (c: ModelConsent, now: number) =>
  c.from <= now && !(c.withdrawn !== undefined && c.withdrawn <= now) && day(now) <= c.until;
const covers = (c: ModelConsent, to: string, cats: string[], purpose: string) =>
  c.to.includes(to) && cats.every((x) => c.cats.includes(x)) && c.purposes.includes(purpose);

function modelOutcome(
  m: ModelPerson,
  cmd: Exclude<Cmd, { kind: 'advance' }>,
  now: number,
  consentId: string,
  target: string,
): string {
  if (cmd.kind === 'register') return m.registered ? 'ConflictError' : 'ok';
  if (!m.registered) return 'NotFoundError';
  if (m.erased) return 'RuleViolationError';
  switch (cmd.kind) {
    case 'restrict':
      return m.restricted ? 'ConflictError' : 'ok';
    case 'lift':
      return m.restricted ? 'ok' : 'ConflictError';
    case 'erase':
      return 'ok';
    case 'refuse':
      return m.restricted ? 'RuleViolationError' : 'ok';
    case 'grant':
      // Art. 18 DSGVO: nothing new is recorded about a restricted person (a withdrawal still is).
      if (m.restricted) return 'RuleViolationError';
      if (cmd.days <= 0) return 'ValidationError';
      if (!cmd.rep && ageOnDay(BORN[PERSONS[cmd.p]]!, day(now)) < 15) return 'RuleViolationError';
      return 'ok';
    case 'withdraw': {
      if (m.refused.includes(target)) return 'ConflictError';
      const c = m.consents.find((x) => x.id === target);
      if (!c) return 'NotFoundError';
      return c.withdrawn !== undefined ? 'ConflictError' : 'ok';
    }
    case 'transfer': {
      // A basis outside the configuration is a malformed request (400), not a decision.
      if (!['consent', 'sgb10-69', 'sgb10-71-2'].includes(cmd.basis)) return 'ValidationError';
      if (m.restricted) return 'refused';
      if (cmd.basis === 'consent')
        return m.consents.some((c) => activeAt(c, now) && covers(c, cmd.to, cmd.cats, cmd.purpose))
          ? 'allowed'
          : 'refused';
      const lawful = cmd.basis === 'sgb10-69' && socialCodeTransferLawful(cmd.to, cmd.cats, cmd.purpose, cmd.justified);
      return lawful ? 'allowed' : 'refused';
    }
  }
  void consentId;
  return 'unreachable';
}

function applyModel(
  m: ModelPerson,
  cmd: Exclude<Cmd, { kind: 'advance' }>,
  now: number,
  consentId: string,
  target: string,
) {
  switch (cmd.kind) {
    case 'register':
      m.registered = true;
      break;
    case 'restrict':
      m.restricted = true;
      break;
    case 'lift':
      m.restricted = false;
      break;
    case 'erase':
      m.erased = true;
      break;
    case 'refuse':
      m.refused.push(consentId);
      break;
    case 'grant':
      m.consents.push({
        id: consentId,
        to: cmd.to,
        cats: cmd.cats,
        purposes: cmd.purposes,
        from: now,
        until: day(now + cmd.days * DAY),
      });
      break;
    case 'withdraw':
      m.consents.find((c) => c.id === target)!.withdrawn = now;
      break;
    case 'transfer':
      break;
  }
}

// ---- the system under test -------------------------------------------------------------------------
function toCommand(
  cmd: Exclude<Cmd, { kind: 'advance' }>,
  personId: string,
  at: string,
  consentId: string,
  target: string,
  n: number,
) {
  const base = { personId, at };
  switch (cmd.kind) {
    case 'register':
      // Below 15 the legal representative declares the participation consent (§ 36 SGB I by analogy).
      return registerPerson({
        ...base,
        dateOfBirth: BORN[personId]!,
        ...(personId === 'p-child'
          ? {
              participation: { ...PARTICIPATION, declaredBy: 'legal-representative', representativeName: 'Mutter' },
            }
          : {}),
      });
    case 'restrict':
      return { type: 'RestrictPerson' as const, data: { ...base, reason: 'disputed', restrictedBy: 'dpo' } };
    case 'lift':
      return { type: 'LiftPersonRestriction' as const, data: { ...base, reason: 'settled', liftedBy: 'dpo' } };
    case 'erase':
      return { type: 'ErasePerson' as const, data: { ...base, reason: 'Art. 17', erasedBy: 'dpo' } };
    case 'grant':
      return grantConsent({
        ...base,
        consentId,
        recipients: cmd.to,
        dataCategories: cmd.cats,
        purposes: cmd.purposes,
        validUntil: day(Date.parse(at) + cmd.days * DAY),
        ...(cmd.rep
          ? { declaredBy: 'legal-representative' as const, representativeName: 'Vormund' }
          : { declaredBy: 'person' as const }),
      });
    case 'refuse':
      return refuseConsent({
        ...base,
        consentId,
        recipients: cmd.to,
        dataCategories: cmd.cats,
        purposes: cmd.purposes,
      });
    case 'withdraw':
      return { type: 'WithdrawConsent' as const, data: { ...base, consentId: target, reason: '', withdrawnBy: 'cw' } };
    case 'transfer':
      return transferData({
        ...base,
        transferId: `t-${n}`,
        toAgency: cmd.to,
        dataCategories: cmd.cats,
        purpose: cmd.purpose,
        legalBasis: cmd.basis,
        ...(cmd.justified ? { justification: JUSTIFICATION } : {}),
      });
  }
}

/** Independent check from the log alone: the basis the DataTransferred claims must hold at its time. */
function provenBasis(log: { event: PersonFileEvent; at: number }[], index: number): boolean {
  const { event, at } = log[index] as { event: DataTransferred; at: number };
  const d = event.data;
  const before = log.slice(0, index).map((e) => e.event);
  if (d.legalBasis !== 'consent') {
    return (
      d.legalBasis === 'sgb10-69' &&
      socialCodeTransferLawful(d.toAgency, d.dataCategories, d.purpose, d.personal.justification === JUSTIFICATION)
    );
  }
  return before.some(
    (e) =>
      e.type === 'ConsentGranted' &&
      Date.parse(e.data.validFrom) <= at &&
      day(at) <= e.data.validUntil &&
      e.data.recipients.includes(d.toAgency) &&
      d.dataCategories.every((c) => e.data.dataCategories.includes(c)) &&
      e.data.purposes.includes(d.purpose) &&
      !before.some(
        (w) =>
          w.type === 'ConsentWithdrawn' &&
          w.data.consentId === e.data.consentId &&
          Date.parse(w.data.withdrawnAt) <= at,
      ),
  );
}

const NUM_RUNS = 300;
// Counted over every run fast-check makes, shrinking runs after a failure included.
const tally = {
  allowed: 0,
  refused: 0,
  errors: 0,
  runs: 0,
  commands: 0,
  divergences: 0,
  transfersChecked: 0,
  unproven: 0,
};

describe('person file against a reference model', () => {
  it('agrees on every outcome and never transfers without a proven basis', () => {
    const seed = runSeed();
    try {
      checkAgainstModel(seed);
    } finally {
      report({
        scenario: 'model-person-file',
        variant: 'fast',
        seed,
        n: NUM_RUNS,
        figures: [
          { label: 'command sequences run', value: tally.runs },
          { label: 'commands decided', value: tally.commands },
          { label: 'outcomes differing from the reference model', value: tally.divergences, of: tally.commands },
          { label: 'transfers without a basis the log proves', value: tally.unproven, of: tally.transfersChecked },
          { label: 'transfers allowed', value: tally.allowed, of: tally.allowed + tally.refused },
          { label: 'transfers refused', value: tally.refused, of: tally.allowed + tally.refused },
          { label: 'commands refused with an error', value: tally.errors, of: tally.commands },
        ],
        caveats: [
          'the person-file decider in memory, not through HTTP and the stores; a failing sequence stops its run at the first divergence',
        ],
      });
    }
    // The generator must reach both verdicts, or the property says little.
    expect(tally.allowed).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });
});

function checkAgainstModel(seed: number) {
  fc.assert(
    fc.property(sequenceArb, (cmds) => {
      tally.runs++;
      let now = START;
      let n = 0;
      const models = new Map(
        PERSONS.map((id) => [
          id,
          { registered: false, erased: false, restricted: false, consents: [], refused: [] } as ModelPerson,
        ]),
      );
      const logs = new Map<string, { event: PersonFileEvent; at: number }[]>(PERSONS.map((id) => [id, []]));
      for (const cmd of cmds) {
        if (cmd.kind === 'advance') {
          now += cmd.days * DAY;
          continue;
        }
        n++;
        const personId = PERSONS[cmd.p]!;
        const model = models.get(personId)!;
        const log = logs.get(personId)!;
        const consentId = `c-${n}`;
        const known = [...model.consents.map((c) => c.id), ...model.refused];
        const target = cmd.kind === 'withdraw' && cmd.pick < known.length ? known[cmd.pick]! : 'c-unknown';
        const expected = modelOutcome(model, cmd, now, consentId, target);

        const state: PersonFile = log.map((e) => e.event).reduce(decider.evolve, decider.initialState());
        let actual: string;
        let events: PersonFileEvent[] = [];
        try {
          events = decider.decide(toCommand(cmd, personId, new Date(now).toISOString(), consentId, target, n), state);
          actual = cmd.kind !== 'transfer' ? 'ok' : events[0]!.type === 'DataTransferred' ? 'allowed' : 'refused';
        } catch (error) {
          actual = (error as Error).constructor.name;
        }
        tally.commands++;
        if (actual !== expected) tally.divergences++;
        expect({ step: n, cmd, outcome: actual }).toEqual({ step: n, cmd, outcome: expected });
        if (actual === 'allowed') tally.allowed++;
        else if (actual === 'refused') tally.refused++;
        else if (actual !== 'ok') tally.errors++;

        if (['ok', 'allowed', 'refused'].includes(expected)) applyModel(model, cmd, now, consentId, target);
        for (const event of events) log.push({ event, at: now });
      }
      for (const log of logs.values()) {
        log.forEach((e, i) => {
          if (e.event.type !== 'DataTransferred') return;
          const transfer = e.event.data.transferId;
          const proven = provenBasis(log, i);
          tally.transfersChecked++;
          if (!proven) tally.unproven++;
          expect({ transfer, proven }).toEqual({ transfer, proven: true });
        });
      }
    }),
    { numRuns: NUM_RUNS, seed },
  );
}
