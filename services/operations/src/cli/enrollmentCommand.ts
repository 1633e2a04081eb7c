import type { EnrollmentRedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { enrollmentIncidentCsv } from '../incidents/enrollment/enrollmentIncidentCsv.ts';
import { enrollmentIncidentHtml } from '../incidents/enrollment/enrollmentIncidentHtml.ts';
import {
  reconstructEnrollment,
  type EnrollmentIncident,
} from '../incidents/enrollment/reconstructEnrollment.ts';
import type { Bound } from '../replay/logWindow.ts';
import { writeReport } from './writeReport.ts';
import { followJob } from './followJob.ts';
import type { ApiSource } from './operatorApi.ts';
import { progressLine, throttled } from './progressLine.ts';

/** Where it runs: on the database with enrollment's rules here, or in a running system. */
export type EnrollmentSource =
  { kind: 'database'; db: Database; redecision: EnrollmentRedecisionPort } | ApiSource;

export interface EnrollmentCommand {
  window: { from?: Bound | undefined; to?: Bound | undefined };
  query: { from?: string | undefined; to?: string | undefined };
  format: 'json' | 'csv' | 'html';
  out?: string;
}

/** The incident from the running system's operator API, or reconstructed here on the database. */
export const enrollmentIncidentOf = async (
  source: EnrollmentSource,
  { window, query }: EnrollmentCommand,
  progress: (line: string) => void,
): Promise<EnrollmentIncident> => {
  if (source.kind === 'api') {
    const path = '/admin/incidents/enrollment';
    return followJob<EnrollmentIncident>(source, path, query, progress, 'changes read');
  }
  const report = throttled((value: Parameters<typeof progressLine>[0]) =>
    progress(progressLine(value, 'reconstruct', 'changes read')),
  );
  const incident = await reconstructEnrollment(source.db, source.redecision, window, {
    onProgress: report.tell,
  });
  report.done();
  return incident;
};

/** Reconstructs the window's enrollment incident and writes it in the format asked for. */
export const runEnrollmentReconstruct = async (
  source: EnrollmentSource,
  command: EnrollmentCommand,
  progress: (line: string) => void,
): Promise<EnrollmentIncident> => {
  const incident = await enrollmentIncidentOf(source, command, progress);
  await writeReport(incident, command, {
    csv: enrollmentIncidentCsv,
    html: enrollmentIncidentHtml,
  });
  return incident;
};

/** One line for the operator: how many changes the rules in force would not have made. */
export const enrollmentLine = (incident: EnrollmentIncident): string =>
  `reconstruct: ${incident.wrong.length} of ${incident.changes} enrollment changes the rules in force would not have made; ${incident.welcomeLetters.length} welcome letters printed wrongly`;
