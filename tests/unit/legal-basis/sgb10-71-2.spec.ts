import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import type { LegalBasisMatrix } from '../../../src/legal-basis/legal-basis.js';
import { CASEWORKER, OTHER_CASEWORKER, TEAM_LEAD } from '../../support/builders.js';
import {
  ABH_REQUEST,
  aPerson,
  aTransfer,
  conditionOf,
  given,
  JUSTIFIED,
  TEAM_LEAD_APPROVAL,
} from '../../support/legal-basis.js';

/**
 * Row `sgb10-71-2`: § 71 Abs. 2 SGB X with § 87 Abs. 1 AufenthG — to the Ausländerbehörde, foreigners only,
 * in the individual case on its request, identity and residence data only, never data from § 203 StGB
 * professionals (§ 88 AufenthG), approved by a team lead.
 */
const toAbh = (o: Parameters<typeof aTransfer>[0] = {}) =>
  aTransfer({
    legalBasis: 'sgb10-71-2',
    toAgency: 'AUSLAENDERBEHOERDE',
    dataCategories: ['identity', 'residence-status'],
    purpose: 'residence-law-procedure',
    justification: JUSTIFIED,
    request: ABH_REQUEST,
    attestations: ['request-within-authority-tasks'],
    ...o,
  });
const withRow = (change: Partial<LegalBasisMatrix['rows'][number]>) => ({
  matrix: {
    ...DEFAULT_LEGAL_BASES,
    rows: DEFAULT_LEGAL_BASES.rows.map((r) => (r.code === 'sgb10-71-2' ? { ...r, ...change } : r)),
  },
});

describe('row sgb10-71-2 (§ 71 Abs. 2 SGB X, § 87 Abs. 1 AufenthG)', () => {
  describe('when the Ausländerbehörde asked for identity and residence data of a Turkish national', () => {
    it('awaits the approval of a team lead, flagged for the DPO', () => {
      const outcome = given(aPerson({ nationalities: ['TR'] })).when(toAbh());
      outcome.thenAwaitsApproval('sgb10-71-2');
      expect(outcome.verdict).toMatchObject({
        basis: { norm: '§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG' },
        reasons: ['approval-pending'],
        approval: { required: true, approverRoles: ['team_lead'], approvedBy: null },
        flaggedForDpo: true,
      });
    });

    it('is allowed once a team lead other than the requester approves', () => {
      const outcome = given(aPerson()).when(toAbh(), TEAM_LEAD_APPROVAL);
      outcome.thenAllowedUnder('sgb10-71-2');
      expect(outcome.verdict.approval).toEqual({ required: true, approverRoles: ['team_lead'], approvedBy: TEAM_LEAD });
    });

    it('does not count the requester approving their own transfer', () =>
      expect(given(aPerson()).when(toAbh(), { approvedBy: CASEWORKER, roles: ['team_lead'] }).verdict).toMatchObject({
        outcome: 'awaiting-approval',
        reasons: ['approver-is-requester'],
      }));

    it('does not count an approver without the team-lead role', () =>
      expect(
        given(aPerson()).when(toAbh(), { approvedBy: OTHER_CASEWORKER, roles: ['caseworker'] }).verdict,
      ).toMatchObject({ outcome: 'awaiting-approval', reasons: ['approver-role-not-allowed'] }));

    it('lets a withdrawal or restriction found at approval win over the approval', () =>
      given(aPerson({ restricted: true }))
        .when(toAbh(), TEAM_LEAD_APPROVAL)
        .thenRefused(['person-restricted']));
  });

  describe('when the person is not a foreigner under the norm', () => {
    it('refuses a German', () =>
      given(aPerson({ nationalities: ['DE'] }))
        .when(toAbh())
        .thenRefused(['person-is-german']));

    it('refuses a German with a second nationality', () =>
      given(aPerson({ nationalities: ['TR', 'DE'] }))
        .when(toAbh())
        .thenRefused(['person-is-german']));

    it('refuses when the nationality is not known', () =>
      given(aPerson({ nationalities: [] }))
        .when(toAbh())
        .thenRefused(['nationality-unknown']));

    it('refuses a Union citizen (FreizügG/EU), the stricter reading', () =>
      given(aPerson({ nationalities: ['PL'] }))
        .when(toAbh())
        .thenRefused(['person-is-eu-citizen:PL']));

    it('refuses a Swiss or EEA national alike', () =>
      given(aPerson({ nationalities: ['NO'] }))
        .when(toAbh())
        .thenRefused(['person-is-eu-citizen:NO']));

    it('covers a Union citizen when the county configures the wider reading', () =>
      given(aPerson({ nationalities: ['PL'] }), withRow({ euCitizens: 'covered' }))
        .when(toAbh())
        .thenAwaitsApproval('sgb10-71-2'));
  });

  describe('when no request (Ersuchen) of the Ausländerbehörde is on file', () => {
    it('refuses without a request, naming each request condition', () => {
      const outcome = given(aPerson()).when(toAbh({ request: null }));
      outcome.thenRefused(['request-missing']);
      expect(outcome.verdict.conditions.filter((c) => c.reason === 'request-missing').map((c) => c.condition)).toEqual([
        'request-on-file',
        'request-from-authority',
        'request-reference-given',
        'request-received-date-valid',
      ]);
    });

    it('refuses a request of another authority', () =>
      given(aPerson())
        .when(toAbh({ request: { ...ABH_REQUEST, authority: 'JOBCENTER_IP' } }))
        .thenRefused(['request-authority-mismatch:JOBCENTER_IP']));

    it('refuses a request without reference', () =>
      given(aPerson())
        .when(toAbh({ request: { ...ABH_REQUEST, reference: ' ' } }))
        .thenRefused(['request-reference-missing']));

    it.each([
      ['2026-02-30', 'request-date-invalid'],
      [undefined, 'request-date-invalid'],
      ['2026-02-02', 'request-date-in-future:2026-02-02'],
      ['2025-11-01', 'request-too-old:2025-11-01'],
    ])('refuses a request received on %p: %s', (receivedOn, reason) =>
      given(aPerson())
        .when(toAbh({ request: { ...ABH_REQUEST, receivedOn } }))
        .thenRefused([reason]),
    );

    it('accepts a request received on the day of the transfer and one exactly 90 days old', () => {
      given(aPerson())
        .when(toAbh({ request: { ...ABH_REQUEST, receivedOn: '2026-02-01' } }))
        .thenAwaitsApproval('sgb10-71-2');
      given(aPerson())
        .when(toAbh({ request: { ...ABH_REQUEST, receivedOn: '2025-11-03' } }))
        .thenAwaitsApproval('sgb10-71-2');
    });
  });

  describe('when more than identity and residence data are asked for', () => {
    it.each([['education'], ['language-skills'], ['employment'], ['family-youth-welfare']])('refuses %s', (category) =>
      given(aPerson())
        .when(toAbh({ dataCategories: ['identity', category] }))
        .thenRefused([`category-not-allowed-by-basis:${category}`]),
    );

    it('refuses health data twice over: not listed, and special', () =>
      given(aPerson())
        .when(toAbh({ dataCategories: ['health'] }))
        .thenRefused(['category-not-allowed-by-basis:health', 'special-category-not-allowed:health']));
  });

  describe('when the data came from a § 203 StGB professional or were confided (§ 88 AufenthG, § 65 SGB VIII)', () => {
    it.each([['from-203-professional'], ['entrusted-youth-office'], ['received-social-data']])(
      'refuses data tagged %s',
      (tag) =>
        given(aPerson())
          .when(toAbh({ provenance: [{ tag, entrustedBy: 'person' }] }))
          .thenRefused([`provenance-blocks-basis:${tag}`]),
    );
  });

  describe('when the caseworker does not confirm the request lies within the authority’s tasks', () => {
    it('refuses: attestation-missing', () =>
      given(aPerson())
        .when(toAbh({ attestations: [] }))
        .thenRefused(['attestation-missing:request-within-authority-tasks']));
  });

  describe('when the recipient is another authority', () => {
    it('refuses the Einbürgerungsbehörde', () =>
      given(aPerson())
        .when(toAbh({ toAgency: 'EINBUERGERUNGSBEHOERDE' }))
        .thenRefusedFor('recipient-not-allowed-by-basis:EINBUERGERUNGSBEHOERDE'));
  });

  describe('when the sender regime is DSG NRW', () => {
    it('refuses: no SGB X power of the KI as sender', () =>
      given(aPerson(), { regime: 'dsg-nrw' }).when(toAbh()).thenRefused(['basis-not-in-regime:dsg-nrw']));
  });

  it('checks the approval last, after every other condition', () => {
    const { verdict } = given(aPerson()).when(toAbh());
    expect(verdict.conditions.at(-1)).toEqual({
      condition: 'second-person-approved',
      held: false,
      reason: 'approval-pending',
    });
    expect(conditionOf(verdict, 'no-blocking-provenance')).toEqual([
      { condition: 'no-blocking-provenance', held: true, reason: 'no-blocking-provenance' },
    ]);
  });
});
