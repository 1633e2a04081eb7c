import { z } from 'zod';
import { boundSchema } from '../../replay/logWindow.ts';

/** What of a route's reply this needs. */
interface Reply<Self> {
  header(name: string, value: string): Self;
  send(payload: never): Self;
}

/** How one kind of result is written for people and for spreadsheets. */
export interface ReportFormats<Result> {
  csv(result: Result): string;
  html(result: Result): string;
  /** The CSV file's name when saved. */
  filename: string;
}

export const reportFormat = z.enum(['json', 'csv', 'html']).default('json');

export type ReportFormat = z.infer<typeof reportFormat>;

/** The query of a report over a window of the log. */
export const incidentQuery = z.strictObject({
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  format: reportFormat,
});

/** Sends a result as JSON, as CSV to save, or as one self-contained HTML page. */
export const replyWithReport = <Result, R extends Reply<R>>(
  reply: R,
  format: ReportFormat,
  result: Result,
  formats: ReportFormats<Result>,
) => {
  // Three media types: the route's schema describes the problems only.
  if (format === 'json') return reply.send(result as never);
  if (format === 'html') {
    reply.header('content-type', 'text/html; charset=utf-8');
    return reply.send(formats.html(result) as never);
  }
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${formats.filename}"`);
  return reply.send(formats.csv(result) as never);
};
