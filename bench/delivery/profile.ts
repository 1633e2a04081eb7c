import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * With BENCH_PROFILE set to a file name, a CPU profile of `work` alone (not of the set-up before
 * it) is written there, for Chrome's DevTools or speedscope: where the time of a measured phase
 * goes.
 */
export const profiled = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const file = process.env.BENCH_PROFILE;
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(`${file}.${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
};
