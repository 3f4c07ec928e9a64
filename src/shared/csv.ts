/**
 * CSV fields for spreadsheet users (RFC 4180 quoting) that cannot turn into formulas. A text cell whose
 * first non-blank character is `= + - @` (or their full-width forms), or which starts with a tab or a
 * carriage return, is read by Excel and LibreOffice as a formula — also after leading blanks, which they
 * skip. Such a cell gets a leading apostrophe, the spreadsheet's own "this is text" mark (OWASP, CSV
 * Injection). Every CSV the service writes goes through here.
 */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/** True when the text would start a formula in a spreadsheet. */
export const startsFormula = (text: string): boolean => FORMULA_START.test(text);

/** A text cell: defused, then quoted when it holds the separator, a quote or a line break. */
export function csvText(raw: string, separator: string): string {
  const text = startsFormula(raw) ? `'${raw}` : raw;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number cell, written by us (never defused: -3 is a number, not a formula), with a decimal comma if asked. */
export function csvNumber(value: number, separator: string, decimalComma = false): string {
  const text = decimalComma ? String(value).replace('.', ',') : String(value);
  return text.includes(separator) ? `"${text}"` : text;
}
