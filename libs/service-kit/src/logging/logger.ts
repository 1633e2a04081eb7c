import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import { maskedText, safeErrorOf } from './safeError.ts';

export interface LoggerOptions {
  serviceName: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout unless given (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/**
 * Credentials and personal identifiers that must never reach a log line, even when someone
 * logs a whole request or event. CPR numbers are personal data under GDPR.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.cpr',
];

/** JSON lines with the service name on each, ISO timestamps and redaction of secrets. */
export const createLogger = ({ serviceName, level = 'info', destination }: LoggerOptions): Logger =>
  pino(
    {
      level,
      base: { service: serviceName },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Errors under `err`, and an error logged on its own, lose every value they carry.
      serializers: { req: requestSummary, err: safeErrorOf },
      hooks: {
        // An error logged on its own would have its message, values and all, as the line's.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (!(first instanceof Error)) return method.apply(this, args);
          const message = rest.length > 0 ? rest : [maskedText(first.message)];
          return method.apply(this, [{ err: first }, ...message] as Parameters<typeof method>);
        },
      },
    },
    destination,
  );

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

/**
 * Method and path only: a query string can carry personal data, and logs are kept for long.
 * Paths name mailboxes (`cpr:0101901234`) and recipients, so a CPR number in them is masked.
 */
const requestSummary = (request: LoggedRequest): Record<string, unknown> => ({
  method: request.method,
  path: maskCprNumbers(request.url?.split('?')[0]),
  remoteAddress: request.ip,
});

const CPR_IN_PATH = /(?<!\d)\d{10}(?!\d)/g;

const maskCprNumbers = (text: string | undefined): string | undefined =>
  text?.replace(CPR_IN_PATH, '**********');
