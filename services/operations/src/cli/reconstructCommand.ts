import { writeFile } from 'node:fs/promises';
import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { incidentCsv } from '../incidents/routing/incidentCsv.ts';
import { incidentHtml } from '../incidents/routing/incidentHtml.ts';
import {
  reconstructRouting,
  type RoutingIncident,
} from '../incidents/routing/reconstructRouting.ts';
import type { ReconstructionJob } from '../incidents/routing/reconstructionJobs.ts';
import type { Bound } from '../replay/logWindow.ts';
import { answerOf, type ApiSource } from './operatorApi.ts';
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
      ? await fromApi(source, command, progress)
      : await fromDatabase(source, command, progress);
  const text =
    command.format === 'csv'
      ? incidentCsv(incident)
      : command.format === 'html'
        ? incidentHtml(incident)
        : `${JSON.stringify(incident, null, 2)}\n`;
  if (command.out) await writeFile(command.out, text);
  else process.stdout.write(text);
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

/**
 * The operations service of a running system reconstructs it in the background; its progress
 * is shown as it comes, and the report is drawn here.
 */
const fromApi = async (
  source: ApiSource,
  { query }: ReconstructCommand,
  progress: (line: string) => void,
): Promise<RoutingIncident> => {
  const bounds = Object.fromEntries(
    Object.entries(query).filter(([, bound]) => bound !== undefined),
  );
  let job = (await answerOf(source, '/admin/incidents/routing/jobs', bounds)) as ReconstructionJob;
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = (await answerOf(
      source,
      `/admin/incidents/routing/jobs/${job.jobId}`,
    )) as ReconstructionJob;
    progress(jobLine(job));
  }
  if (job.state === 'failed') throw new Error(`the reconstruction failed: ${job.failure}`);
  return job.incident!;
};

const POLL_MS = 1_000;

/** A progress line as the database's has it: counts and rates only. */
const jobLine = ({ progress }: ReconstructionJob): string => {
  const left =
    progress.secondsLeft === null ? 'time left unknown' : `about ${progress.secondsLeft} s left`;
  return `reconstruct: ${progress.decisions.toLocaleString('en')} decisions read, ${progress.positionsPerSecond.toLocaleString('en')} log positions/s, ${Math.floor(progress.share * 100)} % of the window, ${left}`;
};
