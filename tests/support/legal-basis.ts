import type { CatalogueV2, SenderRegime } from '../../src/catalogue/catalogue.js';
import { DEFAULT_CATALOGUE_V2 } from '../../src/catalogue/default-catalogue.js';
import type { ConsentFacts } from '../../src/legal-basis/consent-facts.js';
import { DEFAULT_LEGAL_BASES } from '../../src/legal-basis/default-legal-bases.js';
import { decideLawfulTransfer } from '../../src/legal-basis/lawful-transfer.policy.js';
import type { LegalBasisMatrix } from '../../src/legal-basis/legal-basis.js';
import type { ConditionCode } from '../../src/legal-basis/reasons.js';
import type {
  Approval,
  ConditionResult,
  LegalBasisVerdict,
  PersonFacts,
  TransferProposal,
} from '../../src/legal-basis/transfer-verdict.js';
import { CASEWORKER, CONSENT_ID, T0, T1, TEAM_LEAD } from './builders.js';

/**
 * Specifications of the transfer policy read like the law:
 *   given(aPerson({ nationalities: ['TR'] })).when(aTransfer({ … })).thenAllowedUnder('sgb10-71-2')
 * Fixed instants: consents are given at T0 (2026-01-15), transfers decided at T1 (2026-02-01).
 */
export { T0, T1 };
export const GIVEN_ON = '2026-01-15';
export const ABH_REQUEST = { authority: 'AUSLAENDERBEHOERDE', reference: 'ABH-2026-0815', receivedOn: '2026-01-30' };
export const EBH_REQUEST = {
  authority: 'EINBUERGERUNGSBEHOERDE',
  reference: 'EBH-2026-0042',
  receivedOn: '2026-01-28',
};
export const JUSTIFIED = 'Ersuchen der Ausländerbehörde zur Verlängerung des Aufenthaltstitels, Prüfung erfolgt';
export const KKG_ATTESTATIONS = [
  'weighty-signs-of-endangerment',
  'averting-failed-or-excluded',
  'persons-informed-unless-endangering',
];
export const TEAM_LEAD_APPROVAL: Approval = { approvedBy: TEAM_LEAD, roles: ['team_lead'] };

export const aConsent = (o: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: CONSENT_ID,
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity', 'employment'],
  purposes: ['labour-market-integration'],
  validFrom: T0,
  validUntil: '2027-12-31',
  mutual: false,
  declaredBy: 'person',
  informed: { language: 'tr', formVersion: 'einwilligung-v3', interpreter: false },
  ...o,
});

export const aPerson = (o: Partial<PersonFacts> = {}): PersonFacts => ({
  nationalities: ['TR'],
  restricted: false,
  erased: false,
  consents: [],
  ...o,
});

export const aTransfer = (o: Partial<TransferProposal> = {}): TransferProposal => ({
  fromAgency: 'KI',
  toAgency: 'JOBCENTER_IP',
  dataCategories: ['identity', 'employment'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
  requestedBy: CASEWORKER,
  ...o,
});

interface Setting {
  regime?: SenderRegime;
  matrix?: LegalBasisMatrix;
  catalogue?: CatalogueV2;
  at?: string;
}

export const failedConditions = (verdict: LegalBasisVerdict): ConditionResult[] =>
  verdict.conditions.filter((c) => !c.held);

export const conditionOf = (verdict: LegalBasisVerdict, code: ConditionCode): ConditionResult[] =>
  verdict.conditions.filter((c) => c.condition === code);

export function given(person: PersonFacts, setting: Setting = {}) {
  return {
    when(transfer: TransferProposal, approval?: Approval) {
      const verdict = decideLawfulTransfer({
        transfer,
        person,
        matrix: setting.matrix ?? DEFAULT_LEGAL_BASES,
        catalogue: setting.catalogue ?? DEFAULT_CATALOGUE_V2,
        regime: setting.regime ?? 'sgb',
        at: setting.at ?? T1,
        approval: approval ?? null,
      });
      return {
        verdict,
        thenAllowedUnder(code: string): void {
          expect(failedConditions(verdict)).toEqual([]);
          expect(verdict).toMatchObject({ outcome: 'allowed', basis: { code }, reasons: [] });
        },
        thenAwaitsApproval(code: string): void {
          expect(failedConditions(verdict).map((c) => c.condition)).toEqual(['second-person-approved']);
          expect(verdict).toMatchObject({ outcome: 'awaiting-approval', basis: { code } });
        },
        /** Exactly these reasons, in the order the law reads. */
        thenRefused(reasons: string[]): void {
          expect(verdict.outcome).toBe('refused');
          expect(verdict.reasons).toEqual(reasons);
          expect(verdict.consentIds).toEqual([]);
        },
        /** At least these reasons (when the point of a spec is one condition). */
        thenRefusedFor(...reasons: string[]): void {
          expect(verdict.outcome).toBe('refused');
          expect(verdict.reasons).toEqual(expect.arrayContaining(reasons));
        },
      };
    },
  };
}
