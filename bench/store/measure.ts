/**
 * Runs `operation` over and over for about `seconds`, from `writers` concurrent loops, after a
 * warm-up second that is not counted (the JIT and the database caches settle in it).
 */
export const measureRate = async (
  seconds: number,
  writers: number,
  operation: (writer: number, iteration: number) => Promise<number>,
): Promise<number> => {
  await loop(1, writers, (w, i) => operation(w, -1 - i));
  return loop(seconds, writers, operation);
};

const loop = async (
  seconds: number,
  writers: number,
  operation: (writer: number, iteration: number) => Promise<number>,
): Promise<number> => {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let units = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; performance.now() < deadline; i++) {
        // Await first, then add: `units += await …` would read `units` before the await and
        // drop the other writers' counts.
        const done = await operation(writer, i);
        units += done;
      }
    }),
  );
  return units / ((performance.now() - started) / 1000);
};

export interface Figure {
  engine: string;
  measure: string;
  eventsPerSecond: number;
}

export const printTable = (figures: Figure[], ceilings: Map<string, number>): void => {
  const rows = figures.map((f) => {
    const ceiling = ceilings.get(f.engine) ?? NaN;
    return {
      engine: f.engine,
      measure: f.measure,
      'events/s': Math.round(f.eventsPerSecond).toLocaleString('en'),
      'ratio to raw INSERT': (f.eventsPerSecond / ceiling).toFixed(2),
    };
  });
  console.table(rows);
};
