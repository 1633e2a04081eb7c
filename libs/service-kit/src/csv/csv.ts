/**
 * CSV as RFC 4180 reads it: fields separated by commas, records by CRLF, a field quoted when it
 * holds a comma, a quote or a line break, quotes inside doubled. A text field a spreadsheet
 * would run as a formula (= + - @ at its start) gets a leading apostrophe (OWASP's advice),
 * since a register event id or a trigger id is text from outside.
 */
export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export const csvField = (value: CsvValue): string => {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvRecord = (values: readonly CsvValue[]): string =>
  `${values.map(csvField).join(',')}\r\n`;
