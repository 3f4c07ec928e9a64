import { ageOn, localDate } from '../../shared/calendar.js';
import { consentStatus } from './consent.rules.js';

const consent = { validFrom: '2026-01-15T09:00:00.000Z', validUntil: '2026-12-31' };

describe('consent status at an instant', () => {
  describe('when the consent is neither withdrawn nor expired', () => {
    it('is not yet valid a moment before it was given', () =>
      expect(consentStatus(consent, '2026-01-15T08:59:59.999Z')).toBe('not-yet-valid'));

    it('is active from the very instant it was given, however the instant is spelled', () =>
      expect(consentStatus(consent, '2026-01-15T10:00:00+01:00')).toBe('active'));

    it('is active through the whole last day in Germany', () =>
      expect(consentStatus(consent, '2026-12-31T22:59:59.000Z')).toBe('active'));

    it('is expired once that day has ended in Germany', () =>
      expect(consentStatus(consent, '2026-12-31T23:00:00.000Z')).toBe('expired'));
  });

  describe('when the consent was withdrawn', () => {
    const withdrawn = { ...consent, withdrawnAt: '2026-06-01T12:00:00.000Z' };

    it('is still active before the withdrawal: earlier transfers stay lawful', () =>
      expect(consentStatus(withdrawn, '2026-06-01T11:59:59.000Z')).toBe('active'));

    it('is withdrawn at the instant of the withdrawal', () =>
      expect(consentStatus(withdrawn, '2026-06-01T12:00:00.000Z')).toBe('withdrawn'));

    it('stays withdrawn after it would have expired', () =>
      expect(consentStatus(withdrawn, '2027-06-01T12:00:00.000Z')).toBe('withdrawn'));
  });

  describe('calendar helpers', () => {
    it('dates an instant in the German calendar', () => {
      expect(localDate('2026-07-01T21:59:00Z')).toBe('2026-07-01');
      expect(localDate('2026-07-01T22:00:00Z')).toBe('2026-07-02'); // summer time, UTC+2
    });

    it.each([
      ['2011-01-16', '2026-01-15', 14],
      ['2011-01-15', '2026-01-15', 15],
      ['2011-12-31', '2026-01-01', 14],
    ])('someone born %s is, on %s, %i years old', (born, on, age) => expect(ageOn(born, on)).toBe(age));
  });
});
