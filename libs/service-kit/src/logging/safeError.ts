/**
 * An error as a log line may hold it: what it is and where it came from, never the values it was
 * about. Logs are kept long and read widely, and errors carry personal data in many places: the
 * database's errors carry the statement's parameters (PGlite), the row that clashed (`detail`),
 * the parameter that failed (`where`), and quote the offending value in their message, as
 * `JSON.parse` quotes the text it could not read.
 */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: SafeError;
  [field: string]: unknown;
}

/** The database's fields that name a place in the schema or the server, never a value. */
const DATABASE_FIELDS = ['severity', 'routine', 'schema', 'table', 'column', 'constraint'] as const;

// Within one line: an apostrophe in a message must not swallow the stack below it.
const QUOTED = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`/g;
const CPR_IN_TEXT = /(?<!\d)\d{6}-?\d{4}(?!\d)/g;

/** Quoted values and CPR numbers (with or without the hyphen) replaced. */
export const maskedText = (text: string): string =>
  text.replace(QUOTED, (quoted) => `${quoted[0]}…${quoted[0]}`).replace(CPR_IN_TEXT, '**********');

const MAX_CAUSES = 5;

export const safeErrorOf = (error: unknown, depth = 0): SafeError => {
  if (!(error instanceof Error)) return { type: typeof error, message: '[not an Error]' };
  const fields = error as unknown as Record<string, unknown>;
  const safe: SafeError = {
    type: error.constructor?.name ?? 'Error',
    message: maskedText(error.message),
    ...(error.stack && { stack: maskedText(error.stack) }),
    ...(typeof fields.code === 'string' && { code: maskedText(fields.code) }),
  };
  for (const field of DATABASE_FIELDS) {
    if (typeof fields[field] === 'string') safe[field] = fields[field];
  }
  if (error.cause !== undefined && depth < MAX_CAUSES) {
    safe.cause = safeErrorOf(error.cause, depth + 1);
  }
  return safe;
};
