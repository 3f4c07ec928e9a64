import {
  DEFAULT_RETENTION_POLICY,
  retentionPolicyFromEnv,
  RetentionConfigError,
  type RetentionPolicy,
} from './retention-policy.js';
import { holdsOf, isDue, retentionOf, type RetentionFacts } from './retention.js';

const facts = (cases: RetentionFacts['cases'] = []): RetentionFacts => ({
  personId: 'p-1',
  registeredAt: '2026-08-15T08:00:00.000Z',
  erased: false,
  cases,
});
const closed = (closedAt: string) => ({ caseId: `c-${closedAt}`, status: 'closed' as const, closedAt });

describe('retention v2 (product rule 12)', () => {
  it('keeps a person without a case 6 months after registration, to the end of that year', () => {
    expect(retentionOf(DEFAULT_RETENTION_POLICY, facts())).toEqual({
      recordClass: 'kim-file',
      basis: 'no-case',
      keptUntil: '2027-12-31',
      dueOn: '2028-01-01',
    });
  });

  it('keeps a closed file 3 years after the end of the year of the last closure (German calendar)', () => {
    // 31.12.2026 23:30 UTC is 1 January 2027 in Germany: the file closed in 2027.
    const retention = retentionOf(
      DEFAULT_RETENTION_POLICY,
      facts([closed('2025-03-01T10:00:00.000Z'), closed('2026-12-31T23:30:00.000Z')]),
    );
    expect(retention).toMatchObject({
      basis: 'cases-closed',
      lastClosedOn: '2027-01-01',
      keptUntil: '2030-12-31',
      dueOn: '2031-01-01',
    });
  });

  it('is never due while a case is open', () => {
    const open = facts([{ caseId: 'c', status: 'open' }]);
    expect(retentionOf(DEFAULT_RETENTION_POLICY, open)).toEqual({ recordClass: 'kim-file', basis: 'case-open' });
    expect(isDue(DEFAULT_RETENTION_POLICY, open, '2099-01-01T00:00:00.000Z')).toBe(false);
  });

  describe('holds (Art. 17(3)(b) DSGVO: only the county’s own duties)', () => {
    const policy: RetentionPolicy = {
      ...DEFAULT_RETENTION_POLICY,
      ownDuties: [
        {
          code: 'kt-2025',
          label: 'Aufbewahrung KIM-Förderung',
          norm: 'Kreistagsbeschluss 12/2025',
          yearsAfterLastClosure: 5,
        },
      ],
    };

    it('holds a file while a litigation hold stands, whatever the periods', () => {
      expect(
        holdsOf(
          DEFAULT_RETENTION_POLICY,
          { ...facts(), litigationHold: 'Klage 12 K 345/26' },
          '2030-01-01T10:00:00.000Z',
        ),
      ).toEqual(['litigation hold: Klage 12 K 345/26']);
    });

    it('holds nothing by default, whatever agencies received data', () => {
      expect(
        holdsOf(DEFAULT_RETENTION_POLICY, facts([closed('2026-06-01T10:00:00.000Z')]), '2026-07-01T10:00:00.000Z'),
      ).toEqual([]);
    });

    it('holds a closed file for a configured duty until the end of its year, naming the norm', () => {
      const file = facts([closed('2026-06-01T10:00:00.000Z')]);
      expect(holdsOf(policy, file, '2031-12-31T10:00:00.000Z')).toEqual([
        'Aufbewahrung KIM-Förderung (Kreistagsbeschluss 12/2025): kept until 31.12.2031',
      ]);
      expect(holdsOf(policy, file, '2032-01-01T10:00:00.000Z')).toEqual([]);
      expect(isDue(policy, file, '2031-06-01T10:00:00.000Z')).toBe(false);
      expect(isDue(policy, file, '2032-01-01T10:00:00.000Z')).toBe(true);
    });
  });

  describe('configuration', () => {
    it('takes the county’s periods from the environment', () => {
      expect(
        retentionPolicyFromEnv({ KIM_RETENTION_YEARS: '5', KIM_RETENTION_NO_CASE_MONTHS: '12' }).kimFile,
      ).toMatchObject({
        yearsAfterLastClosure: 5,
        monthsWithoutCase: 12,
      });
    });

    it('refuses the v1 switch that let other agencies’ duties hold the file', () => {
      expect(() => retentionPolicyFromEnv({ KIM_LEGAL_HOLD: 'on' })).toThrow(RetentionConfigError);
    });
  });
});
