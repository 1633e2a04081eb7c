/**
 * A provider's rate limit kept on our side: notices a second, as a bucket that holds at most a
 * second's worth and fills as time passes, so a mass sending goes out at the provider's pace
 * instead of as a burst it would refuse. Without a rate, no limit.
 */
export interface Pace {
  /** How many notices may go at `now`. */
  allowance(now: Date): number;
  /** `count` went. */
  spend(count: number): void;
}

const UNLIMITED: Pace = { allowance: () => Number.POSITIVE_INFINITY, spend: () => undefined };

export const paceOf = (perSecond: number | undefined): Pace => {
  if (perSecond === undefined) return UNLIMITED;
  let tokens = perSecond;
  let filledAt: number | undefined;
  return {
    allowance: (now) => {
      const at = now.getTime();
      // A clock set back (a test's, or the machine's) fills nothing and takes nothing away.
      if (filledAt !== undefined && at > filledAt) {
        tokens = Math.min(perSecond, tokens + ((at - filledAt) / 1000) * perSecond);
      }
      filledAt = Math.max(at, filledAt ?? at);
      return Math.floor(tokens);
    },
    spend: (count) => {
      tokens -= count;
    },
  };
};
