import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { incidentCsv } from '../incidents/routing/incidentCsv.ts';
import { incidentHtml } from '../incidents/routing/incidentHtml.ts';
import {
  reconstructRouting,
  type RoutingIncident,
} from '../incidents/routing/reconstructRouting.ts';
import type { Bound } from '../replay/logWindow.ts';
import { writeReport } from './writeReport.ts';
import { followJob } from './followJob.ts';
import type { ApiSource } from './operatorApi.ts';
import { progressLine, throttled } from './progressLine.ts';

/** Where a reconstruction runs: here on the database, or in a running system's operations. */
export type Source =
  { kind: 'database'; db: Database; redecision: Pick<RedecisionPort, 'redecide'> } | ApiSource;

export interface ReconstructCommand {
  window: { from?: Bound | undefined; to?: Bound | undefined };
  /** The bounds as written, for the operator API. */
  query: { from?: string | undefined; to?: string | undefined };
  format: 'json' | 'csv' | 'html';
  /** A file to write; standard output when not given. */
  out?: string;
}

/** Reconstructs the window's routing incident and writes it in the format asked for. */
export const runReconstruct = async (
  source: Source,
  command: ReconstructCommand,
  progress: (line: string) => void,
): Promise<RoutingIncident> => {
  const incident =
    source.kind === 'api'
      ? await followJob<RoutingIncident>(
          source,
          '/admin/incidents/routing',
          command.query,
          progress,
          'decisions read',
        )
      : await fromDatabase(source, command, progress);
  await writeReport(incident, command, { csv: incidentCsv, html: incidentHtml });
  return incident;
};

const fromDatabase = async (
  { db, redecision }: Extract<Source, { kind: 'database' }>,
  { window }: ReconstructCommand,
  progress: (line: string) => void,
) => {
  const report = throttled((value: Parameters<typeof progressLine>[0]) =>
    progress(progressLine(value, 'reconstruct', 'decisions read')),
  );
  const incident = await reconstructRouting(db, redecision, window, { onProgress: report.tell });
  report.done();
  return incident;
};
