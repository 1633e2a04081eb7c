/** The process's peak resident memory while `work` runs, sampled every 100 ms. */
export const peakMemoryDuring = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    return [await work(), peak];
  } finally {
    clearInterval(sampler);
  }
};
