import type { ReconstructionJob } from '../incidents/jobs/backgroundJobs.ts';
import { answerOf, type ApiSource } from './operatorApi.ts';
import { progressText } from './progressLine.ts';

const POLL_MS = 1_000;

/**
 * Has the operations service of a running system reconstruct a window in the background under
 * `path`, showing its progress as it comes; the report is drawn here from the result.
 */
export const followJob = async <Incident>(
  source: ApiSource,
  path: string,
  query: Record<string, string | undefined>,
  progress: (line: string) => void,
  counted: string,
): Promise<Incident> => {
  const bounds = Object.fromEntries(
    Object.entries(query).filter(([, bound]) => bound !== undefined),
  );
  let job = (await answerOf(source, `${path}/jobs`, bounds)) as ReconstructionJob<Incident>;
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = (await answerOf(source, `${path}/jobs/${job.jobId}`)) as ReconstructionJob<Incident>;
    progress(progressText(job.progress, 'reconstruct', counted));
  }
  if (job.state === 'failed') throw new Error(`the reconstruction failed: ${job.failure}`);
  return job.incident!;
};
