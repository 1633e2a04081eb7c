import { randomUUID } from 'node:crypto';
import type { LogWindow } from '../../replay/logWindow.ts';
import type { ReplayProgress } from '../../replay/replayLog.ts';

/** How far a reconstruction has come, as an operator reads it: counts and rates only. */
export interface JobProgress {
  /** Decisions or changes read so far. */
  read: number;
  /** Share of the window's log positions passed, 0 to 1. */
  share: number;
  positionsPerSecond: number;
  /** Seconds left at the rate so far; null before there is a rate. */
  secondsLeft: number | null;
  elapsedSeconds: number;
}

export interface ReconstructionJob<Incident> {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  progress: JobProgress;
  /** The reconstruction, once done. */
  incident?: Incident;
  /** Why it failed. */
  failure?: string;
}

/** One reconstruction over a window, telling its progress as it reads. */
export type Reconstruction<Incident> = (
  window: Pick<LogWindow, 'from' | 'to'>,
  onProgress: (progress: ReplayProgress) => void,
) => Promise<Incident>;

/** Finished jobs kept for their results; the oldest go first. */
const KEPT = 20;

export const progressOf = ({
  events,
  passed,
  span,
  elapsedSeconds,
}: ReplayProgress): JobProgress => {
  const rate = elapsedSeconds > 0 ? passed / elapsedSeconds : 0;
  return {
    read: events,
    share: span > 0 ? Math.min(1, passed / span) : 1,
    positionsPerSecond: Math.round(rate),
    secondsLeft: rate > 0 ? Math.ceil((span - passed) / rate) : null,
    elapsedSeconds: Math.round(elapsedSeconds * 10) / 10,
  };
};

/**
 * Reconstructions that run in the background of the operations process, so a long one shows
 * its progress over the API while it runs. Kept in memory: one lost to a restart is run again
 * (the log it reads has not changed).
 */
export const backgroundJobs = <Incident>(reconstruct: Reconstruction<Incident>) => {
  const jobs = new Map<string, ReconstructionJob<Incident>>();
  const forget = () => {
    const finished = [...jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT)))
      jobs.delete(job.jobId);
  };
  return {
    start(window: Pick<LogWindow, 'from' | 'to'>): ReconstructionJob<Incident> {
      const job: ReconstructionJob<Incident> = {
        jobId: randomUUID(),
        state: 'running',
        startedAt: new Date().toISOString(),
        progress: progressOf({ events: 0, passed: 0, span: 0, elapsedSeconds: 0 }),
      };
      jobs.set(job.jobId, job);
      reconstruct(window, (progress) => (job.progress = progressOf(progress)))
        .then(
          (incident) => Object.assign(job, { state: 'done', incident }),
          (error: unknown) => Object.assign(job, { state: 'failed', failure: String(error) }),
        )
        .finally(forget);
      return job;
    },
    get: (jobId: string): ReconstructionJob<Incident> | undefined => jobs.get(jobId),
  };
};

export type BackgroundJobs<Incident> = ReturnType<typeof backgroundJobs<Incident>>;
