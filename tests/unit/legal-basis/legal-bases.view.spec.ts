import { DEFAULT_CATALOGUE_V2 } from '../../../src/catalogue/default-catalogue.js';
import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import { legalBasesView, verdictLines } from '../../../src/legal-basis/legal-bases.view.js';
import { aPerson, aTransfer, given } from '../../support/legal-basis.js';

/** GET /legal-bases and the DPO's trail read German labels, not codes. */
describe('the matrix and verdicts as people read them', () => {
  it('shows each row with its citation and German labels', () => {
    const abh = legalBasesView(DEFAULT_LEGAL_BASES, DEFAULT_CATALOGUE_V2).find((r) => r.code === 'sgb10-71-2')!;
    expect(abh).toMatchObject({
      norm: '§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG',
      recipients: [{ code: 'AUSLAENDERBEHOERDE', label: 'Ausländerbehörde' }],
      dataCategories: [
        { code: 'identity', label: 'Identität' },
        { code: 'residence-status', label: 'Aufenthaltsstatus' },
      ],
      secondPersonApproval: {
        required: true,
        approverRoles: [{ code: 'team_lead', label: 'Teamleitung Casemanagement' }],
      },
      blockingProvenance: expect.arrayContaining([
        { code: 'from-203-professional', label: 'Von Berufsgeheimnisträger/in (§ 203 StGB) erlangt' },
      ]),
    });
    expect(legalBasesView(DEFAULT_LEGAL_BASES, DEFAULT_CATALOGUE_V2)[0]!.recipients).toBe('any');
  });

  it('tells every checked condition of a refusal in German', () => {
    const { verdict } = given(aPerson({ nationalities: ['DE'] })).when(
      aTransfer({ legalBasis: 'sgb10-71-2', toAgency: 'AUSLAENDERBEHOERDE', purpose: 'residence-law-procedure' }),
    );
    const lines = verdictLines(verdict, DEFAULT_CATALOGUE_V2);
    expect(lines).toContain('✓ Empfänger von der Rechtsgrundlage erfasst');
    expect(lines).toContain('✗ Person ist Ausländer/in im Sinne der Norm: Person ist Deutsche/r');
    expect(lines).toContain(
      '✗ Datenkategorien von der Rechtsgrundlage erfasst: Datenkategorie von der Rechtsgrundlage nicht erfasst (employment)',
    );
    expect(lines).toHaveLength(verdict.conditions.length);
  });
});
