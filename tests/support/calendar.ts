import { localDate } from '../../src/shared/calendar.js';

/**
 * Today as the service dates it (the German calendar). Actions may not be dated before their case was
 * opened nor in the future (issue 16), so specs that open a case "now" date its actions with this.
 */
export const todayInGermany = (): string => localDate(new Date().toISOString());

/** The German calendar date `days` from now (negative: before). */
export const daysFromToday = (days: number): string =>
  localDate(new Date(Date.now() + days * 86_400_000).toISOString());
