/** How many results had each outcome, every outcome named (0 where none had it). */
export const countOutcomes = <O extends string>(
  outcomes: readonly O[],
  results: readonly { outcome: O }[],
): Record<O, number> => {
  const counts = Object.fromEntries(outcomes.map((outcome) => [outcome, 0])) as Record<O, number>;
  for (const { outcome } of results) counts[outcome] += 1;
  return counts;
};
