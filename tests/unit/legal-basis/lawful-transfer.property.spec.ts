import fc from 'fast-check';
import type { SenderRegime } from '../../../src/catalogue/catalogue.js';
import { DEFAULT_CATALOGUE_V2 } from '../../../src/catalogue/default-catalogue.js';
import type { ConsentFacts, ProvenanceMark } from '../../../src/legal-basis/consent-facts.js';
import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import { decideLawfulTransfer, type LawfulTransferInput } from '../../../src/legal-basis/lawful-transfer.policy.js';
import type { Approval, PersonFacts, TransferProposal } from '../../../src/legal-basis/transfer-verdict.js';
import type { LegalBasisRow, Scope } from '../../../src/legal-basis/legal-basis.js';
import { endOfPeriodInMonths, localDate } from '../../../src/shared/calendar.js';
import { CASEWORKER, OTHER_CASEWORKER, TEAM_LEAD, T0, T1, T2 } from '../../support/builders.js';
import { JUSTIFIED } from '../../support/legal-basis.js';

/**
 * Product rule 2 as a property: no transfer passes unless every condition of the row it cites holds. The
 * oracle below states each default row's conditions again, plainly and independently of the policy; over
 * random requests, persons and consents the policy must allow exactly what the oracle allows.
 */
const catalogue = DEFAULT_CATALOGUE_V2;
const matrix = DEFAULT_LEGAL_BASES;
const CATEGORIES = catalogue.dataCategories.map((c) => c.code);
const PURPOSES = [...catalogue.purposes.map((p) => p.code), 'surveillance'];
const MARKS: ProvenanceMark[] = [
  { tag: 'from-203-professional' },
  { tag: 'entrusted-youth-office', entrustedBy: 'person' },
  { tag: 'entrusted-youth-office', entrustedBy: 'third-party:aunt', categories: ['family-youth-welfare'] },
  { tag: 'received-social-data', categories: ['employment'] },
];
const INFORMED = { language: 'ar', formVersion: 'einwilligung-v3', interpreter: true };

// --- generators: a lawful case for a row, then none, one or two flaws ---------------------------------
// Cases near the boundary catch more than random noise: each flaw breaks (or, for some, does not break)
// exactly one condition, and the oracle has to agree on every one of them.
const someOf = (values: string[]) => fc.subarray(values, { minLength: 1, maxLength: Math.min(3, values.length) });
const often = <T>(value: T, others: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(value) }, others);
const isSpecial = (code: string) =>
  catalogue.dataCategories.some((c) => c.code === code && (c.special || c.possiblySpecial));

type Flaw<T> = (value: T) => T;
const flawed = <T>(base: T, flaws: Flaw<T>[]) =>
  fc
    .oneof(
      { weight: 2, arbitrary: fc.constant<Flaw<T>[]>([]) },
      fc.subarray(flaws, { minLength: 1, maxLength: 1 }),
      fc.subarray(flaws, { minLength: 2, maxLength: 2 }),
    )
    .map((chosen) => chosen.reduce((value, flaw) => flaw(value), base));

const pick = (scope: Scope, all: string[]) => fc.constantFrom(...(scope === 'any' ? all : scope));
const usable = catalogue.agencies.filter((a) => !a.legacy && a.code !== 'KI').map((a) => a.code);
const allowedCategories = (row: LegalBasisRow) =>
  (row.dataCategories === 'any' ? CATEGORIES : [...row.dataCategories]).filter(
    (c) => row.specialCategoriesAllowed || !isSpecial(c),
  );

const TRANSFER_FLAWS: Flaw<TransferProposal>[] = [
  (t) => ({ ...t, fromAgency: 'JOBCENTER_IP' }),
  (t) => ({ ...t, fromAgency: 'JUGENDAMT' }),
  (t) => ({ ...t, toAgency: 'SCHULAMT' }),
  (t) => ({ ...t, toAgency: 'WV_AWO' }),
  (t) => ({ ...t, toAgency: 'SOZIALAMT' }),
  (t) => ({ ...t, toAgency: 'NSA' }),
  (t) => ({ ...t, dataCategories: [...t.dataCategories, 'case-notes'] }),
  (t) => ({ ...t, dataCategories: [...t.dataCategories, 'health'] }),
  (t) => ({ ...t, dataCategories: [...t.dataCategories, 'education'] }),
  (t) => ({ ...t, dataCategories: [...t.dataCategories, 'family-youth-welfare'] }),
  (t) => ({ ...t, dataCategories: [] }),
  (t) => ({ ...t, purpose: 'schooling' }),
  (t) => ({ ...t, purpose: 'surveillance' }),
  (t) => ({ ...t, legalBasis: 'AufenthG §87' }),
  (t) => ({ ...t, justification: '.' }),
  (t) => ({ ...t, justification: 'siehe Akte' }),
  (t) => ({ ...t, justification: undefined }),
  (t) => ({ ...t, request: null }),
  (t) => ({ ...t, request: { ...t.request, authority: 'JOBCENTER_IP' } }),
  (t) => ({ ...t, request: { ...t.request, reference: ' ' } }),
  (t) => ({ ...t, request: { ...t.request, receivedOn: '2025-11-02' } }), // 91 days before T1
  (t) => ({ ...t, request: { ...t.request, receivedOn: '2025-11-03' } }), // 90 days: still fine
  (t) => ({ ...t, request: { ...t.request, receivedOn: '2026-02-02' } }),
  (t) => ({ ...t, request: { ...t.request, receivedOn: '2026-02-30' } }),
  (t) => ({ ...t, attestations: (t.attestations ?? []).slice(1) }),
  (t) => ({ ...t, fromAgency: 'JOBCENTER_IP', toAgency: 'KI' }), // a partner reporting back
  ...MARKS.map((mark): Flaw<TransferProposal> => (t) => ({ ...t, provenance: [...(t.provenance ?? []), mark] })),
];

const transferArb = (row: LegalBasisRow): fc.Arbitrary<TransferProposal> =>
  fc
    .record({
      toAgency: pick(row.recipients, usable),
      dataCategories: someOf(allowedCategories(row)),
      purpose: pick(row.purposes, PURPOSES.slice(0, 10)),
      // § 65 SGB VIII data come up often where consent is the basis.
      provenance: row.kind === 'consent' ? fc.constantFrom([], [], [MARKS[1]!], [MARKS[2]!]) : fc.constant([]),
    })
    .chain((base) =>
      flawed<TransferProposal>(
        {
          ...base,
          fromAgency: 'KI',
          legalBasis: row.code,
          justification: JUSTIFIED,
          request: row.request.required
            ? { authority: base.toAgency, reference: 'Az. 4711', receivedOn: '2026-01-30' }
            : null,
          attestations: row.attestations.map((a) => a.code),
          requestedBy: CASEWORKER,
        },
        TRANSFER_FLAWS,
      ),
    );

const CONSENT_FLAWS: Flaw<ConsentFacts>[] = [
  (c) => ({ ...c, recipients: ['AGENTUR_FUER_ARBEIT'] }),
  (c) => ({ ...c, recipients: ['SOZIALAMT', 'WOHLFAHRTSVERBAND'] }),
  (c) => ({ ...c, dataCategories: c.dataCategories.slice(1) }),
  (c) => ({ ...c, purposes: ['counselling'] }),
  (c) => ({ ...c, validFrom: T2 }),
  (c) => ({ ...c, validUntil: '2026-01-20' }),
  (c) => ({ ...c, validFrom: '2023-06-01T08:00:00.000Z', validUntil: '2031-01-01' }), // beyond 24 months
  (c) => ({ ...c, withdrawnAt: T0 }),
  (c) => ({ ...c, informed: null }),
  (c) => ({ ...c, caseBinding: { caseId: 'c1', endsWhenCaseCloses: true, caseClosedAt: T0 } }),
  (c) => ({ ...c, caseBinding: { caseId: 'c1', endsWhenCaseCloses: false, caseClosedAt: T0 } }),
  (c) => ({ ...c, caseBinding: { caseId: 'c1', endsWhenCaseCloses: true, caseClosedAt: null } }),
  (c) => ({ ...c, releases: [] }),
  (c) => ({ ...c, declaredBy: 'legal-representative' }),
  (c) => ({ ...c, declaredBy: 'third-party:aunt' }),
  (c) => ({ ...c, recipients: [...c.recipients, 'JOBCENTER_IP'], mutual: true }),
  (c) => ({ ...c, mutual: false }),
];

/** A consent shaped after the transfer, with or without flaws; the third is the aunt's (§ 65 SGB VIII). */
const consentArb = (id: number, t: TransferProposal): fc.Arbitrary<ConsentFacts> =>
  fc.constantFrom(['entrusted-youth-office'], ['entrusted-youth-office'], []).chain((releases) =>
    flawed<ConsentFacts>(
      {
        consentId: `consent-${id}`,
        // A partner reporting back to the KI relies on a mutual consent naming the partner.
        recipients: [t.toAgency === 'KI' ? t.fromAgency : t.toAgency],
        dataCategories: [...t.dataCategories],
        purposes: [t.purpose],
        validFrom: T0,
        validUntil: '2027-12-31',
        withdrawnAt: null,
        mutual: t.toAgency === 'KI',
        declaredBy: id === 3 ? 'third-party:aunt' : 'person',
        informed: INFORMED,
        caseBinding: null,
        releases,
      },
      CONSENT_FLAWS,
    ),
  );

const PERSON_FLAWS: Flaw<PersonFacts>[] = [
  (p) => ({ ...p, nationalities: ['DE'] }),
  (p) => ({ ...p, nationalities: ['TR', 'DE'] }),
  (p) => ({ ...p, nationalities: ['PL'] }),
  (p) => ({ ...p, nationalities: ['UA', 'IT'] }),
  (p) => ({ ...p, nationalities: [] }),
  (p) => ({ ...p, restricted: true }),
  (p) => ({ ...p, erased: true }),
];

type Case = Pick<LawfulTransferInput, 'transfer' | 'person' | 'regime' | 'approval'>;
const caseArb: fc.Arbitrary<Case> = fc
  .constantFrom(...matrix.rows)
  .chain(transferArb)
  .chain((transfer) =>
    fc.record({
      transfer: fc.constant(transfer),
      person: fc
        .tuple(consentArb(1, transfer), consentArb(2, transfer), consentArb(3, transfer))
        .chain((cs) => fc.subarray(cs))
        .chain((consents) =>
          flawed<PersonFacts>({ nationalities: ['TR'], restricted: false, erased: false, consents }, PERSON_FLAWS),
        ),
      regime: often<SenderRegime>('sgb', fc.constant('dsg-nrw')),
      approval: often<Approval | null>(
        { approvedBy: TEAM_LEAD, roles: ['team_lead'] },
        fc.constantFrom<Approval | null>(
          null,
          { approvedBy: CASEWORKER, roles: ['team_lead'] },
          { approvedBy: OTHER_CASEWORKER, roles: ['caseworker'] },
        ),
      ),
    }),
  );

// --- the oracle: each row's conditions, stated once more ----------------------------------------------
const within = (scope: Scope, code: string) => scope === 'any' || scope.includes(code);
const agency = (code: string) => catalogue.agencies.find((a) => a.code === code);
function provenanceTags(i: LawfulTransferInput): ProvenanceMark[] {
  const t = i.transfer;
  const sent = (m: ProvenanceMark) => !m.categories || m.categories.some((c) => t.dataCategories.includes(c));
  const implicit: ProvenanceMark[] = [
    ...(t.dataCategories.includes('case-notes') ? [{ tag: 'from-203-professional' }] : []),
    ...(t.fromAgency === 'JUGENDAMT' && t.dataCategories.includes('family-youth-welfare')
      ? [{ tag: 'entrusted-youth-office', entrustedBy: 'person', categories: ['family-youth-welfare'] }]
      : []),
  ];
  return [...(t.provenance ?? []).filter(sent), ...implicit];
}

function consentCarries(c: ConsentFacts, i: LawfulTransferInput, categories: readonly string[]): boolean {
  const t = i.transfer;
  const today = localDate(i.at);
  const names =
    c.recipients.includes(t.toAgency) || (c.mutual && t.toAgency === 'KI' && c.recipients.includes(t.fromAgency));
  const inForce =
    !c.withdrawnAt &&
    !(c.caseBinding?.endsWhenCaseCloses && c.caseBinding.caseClosedAt) &&
    Date.parse(c.validFrom) <= Date.parse(i.at) &&
    today <= c.validUntil &&
    today <= endOfPeriodInMonths(localDate(c.validFrom), 24);
  return (
    names &&
    inForce &&
    !!c.informed &&
    categories.every((x) => c.dataCategories.includes(x)) &&
    c.purposes.includes(t.purpose)
  );
}

function oracle(i: LawfulTransferInput): boolean {
  const { transfer: t, person } = i;
  const row = matrix.rows.find((r) => r.code === t.legalBasis);
  const to = agency(t.toAgency);
  const today = localDate(i.at);
  if (!row || person.erased || person.restricted || !to || to.legacy || t.fromAgency === t.toAgency) return false;
  if (t.dataCategories.length === 0 || !t.dataCategories.every((c) => CATEGORIES.includes(c))) return false;
  if (!catalogue.purposes.some((p) => p.code === t.purpose) || !row.regimes.includes(i.regime)) return false;
  if (!within(row.senders, t.fromAgency) || !within(row.recipients, t.toAgency) || !within(row.purposes, t.purpose)) {
    return false;
  }
  if (!t.dataCategories.every((c) => within(row.dataCategories, c))) return false;
  if (row.kind === 'statutory' && !to.publicBody) return false;
  if (!row.specialCategoriesAllowed && t.dataCategories.some(isSpecial)) return false;
  if (row.foreignersOnly) {
    const n = person.nationalities;
    if (n.length === 0 || n.includes('DE')) return false;
    if (row.euCitizens === 'excluded' && n.some((x) => catalogue.euNationalities.includes(x))) return false;
  }
  if (row.request.required) {
    const r = t.request;
    if (!r || r.authority !== t.toAgency || !r.reference?.trim()) return false;
    if (!r.receivedOn || r.receivedOn === '2026-02-30' || r.receivedOn > today) return false;
    if ((Date.parse(today) - Date.parse(r.receivedOn)) / 86_400_000 > row.request.maxAgeDays!) return false;
  }
  if (
    row.justification.required &&
    (t.justification?.match(/[\p{L}\p{N}]/gu) ?? []).length < row.justification.minLength
  ) {
    return false;
  }
  if (!row.attestations.every((a) => t.attestations?.includes(a.code))) return false;
  const marks = provenanceTags(i);
  if (marks.some((m) => row.blockingProvenance.includes(m.tag))) return false;
  if (row.kind === 'consent') {
    if (!person.consents.some((c) => consentCarries(c, i, t.dataCategories))) return false;
    const entrusted = marks.filter((m) => m.tag === 'entrusted-youth-office');
    for (const m of entrusted) {
      const cats = m.categories?.filter((c) => t.dataCategories.includes(c)) ?? t.dataCategories;
      const released = person.consents.some(
        (c) => c.declaredBy === m.entrustedBy && c.releases?.includes(m.tag) && consentCarries(c, i, cats),
      );
      if (!released) return false;
    }
  }
  if (row.secondPersonApproval.required) {
    const a = i.approval;
    if (!a || a.approvedBy === t.requestedBy || !a.roles.includes('team_lead')) return false;
  }
  return true;
}

describe('no transfer without a lawful basis (property)', () => {
  it('allows exactly the transfers for which every condition of the cited row holds', () => {
    const allowed = new Map<string, number>();
    fc.assert(
      fc.property(caseArb, (c) => {
        const input: LawfulTransferInput = { ...c, matrix, catalogue, at: T1 };
        const verdict = decideLawfulTransfer(input);
        if (verdict.outcome === 'allowed') allowed.set(verdict.basis.code, (allowed.get(verdict.basis.code) ?? 0) + 1);
        expect(verdict.outcome === 'allowed').toBe(oracle(input));
      }),
      { numRuns: 4000, seed: 14 },
    );
    // The generators must reach lawful transfers under every row, or the property says little.
    const counts = Object.fromEntries(matrix.rows.map((r) => [r.code, allowed.get(r.code) ?? 0]));
    expect(Object.entries(counts).filter(([, n]) => n < 10)).toEqual([]);
  });

  it('reports the outcome its conditions prove', () =>
    fc.assert(
      fc.property(caseArb, (c) => {
        const input: LawfulTransferInput = { ...c, matrix, catalogue, at: T1 };
        const verdict = decideLawfulTransfer(input);
        const failed = verdict.conditions.filter((c) => !c.held);
        if (verdict.outcome === 'allowed') {
          expect(failed).toEqual([]);
          expect(verdict.reasons).toEqual([]);
        } else if (verdict.outcome === 'awaiting-approval') {
          expect(failed.map((c) => c.condition)).toEqual(['second-person-approved']);
        } else {
          expect(failed.some((c) => c.condition !== 'second-person-approved')).toBe(true);
          expect(verdict.reasons.length).toBeGreaterThan(0);
          expect(verdict.consentIds).toEqual([]);
        }
        const labelled = new Set(catalogue.reasons.map((r) => r.code));
        expect(verdict.conditions.every((c) => labelled.has(c.condition) && labelled.has(c.reason))).toBe(true);
        if (verdict.outcome === 'allowed' && verdict.basis.code === 'consent') {
          expect(verdict.consentIds.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000, seed: 65 },
    ));

  it('never lets an approval turn a refusal into a transfer', () =>
    fc.assert(
      fc.property(caseArb, (c) => {
        const input: LawfulTransferInput = { ...c, matrix, catalogue, at: T1 };
        const without = decideLawfulTransfer({ ...input, approval: null });
        const withApproval = decideLawfulTransfer({
          ...input,
          approval: { approvedBy: TEAM_LEAD, roles: ['team_lead'] },
        });
        if (without.outcome === 'refused') expect(withApproval.outcome).toBe('refused');
      }),
      { numRuns: 1000, seed: 4 },
    ));
});
