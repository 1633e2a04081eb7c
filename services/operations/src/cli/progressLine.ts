import type { ReplayProgress } from '../replay/replayLog.ts';

/** A progress line for the terminal: no events' contents, only counts and rates. */
export const progressLine = (
  { events, passed, span, elapsedSeconds }: ReplayProgress,
  command = 'replay',
  counted = 'events given',
): string => {
  const rate = elapsedSeconds > 0 ? passed / elapsedSeconds : 0;
  const share = span > 0 ? Math.min(1, passed / span) : 1;
  const left = rate > 0 ? Math.ceil((span - passed) / rate) : undefined;
  const figures = [
    `${events.toLocaleString('en')} ${counted}`,
    `${Math.round(rate).toLocaleString('en')} log positions/s`,
    `${Math.floor(share * 100)} % of the window`,
    left === undefined ? 'time left unknown' : `about ${left} s left`,
  ];
  return `${command}: ${figures.join(', ')}`;
};

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
