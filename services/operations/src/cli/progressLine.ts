import { progressOf, type JobProgress } from '../incidents/jobs/backgroundJobs.ts';
import type { ReplayProgress } from '../replay/replayLog.ts';

/** A progress line for the terminal: no events' contents, only counts and rates. */
export const progressText = (
  { read, positionsPerSecond, share, secondsLeft }: JobProgress,
  command: string,
  counted: string,
): string => {
  const figures = [
    `${read.toLocaleString('en')} ${counted}`,
    `${positionsPerSecond.toLocaleString('en')} log positions/s`,
    `${Math.floor(share * 100)} % of the window`,
    secondsLeft === null ? 'time left unknown' : `about ${secondsLeft} s left`,
  ];
  return `${command}: ${figures.join(', ')}`;
};

/** The same for a read of the log going on here. */
export const progressLine = (
  progress: ReplayProgress,
  command = 'replay',
  counted = 'events given',
): string => progressText(progressOf(progress), command, counted);

/** Calls `write` at most once a second, and always for the last call before `done`. */
export const throttled = <T>(write: (value: T) => void, everyMs = 1_000) => {
  let last = 0;
  let pending: T | undefined;
  return {
    tell(value: T) {
      pending = value;
      if (Date.now() - last < everyMs) return;
      last = Date.now();
      write(value);
      pending = undefined;
    },
    done() {
      if (pending !== undefined) write(pending);
    },
  };
};
