import { cprNumbers, enrollAll } from './client.ts';
import { measureListings } from './listing.ts';
import { printListings } from './report.ts';
import { startSystem, type Engine } from './system.ts';

/**
 * pnpm bench:listing — the gateway's inbox listing alone, without the mass sending before it:
 * one enrolled person with a page of letters, on each engine, beside a bare fastify route.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

const benchEngine = async (engine: Engine) => {
  const { system } = await startSystem(engine);
  try {
    const [cpr] = cprNumbers(1);
    await enrollAll(system, [cpr!]);
    return { engine, ...(await measureListings(system, engine, cpr!, seconds)) };
  } finally {
    await system.close();
  }
};

const engines = (process.env.BENCH_ENGINES ?? 'PGlite,PostgreSQL').split(',') as Engine[];
const results = [];
for (const engine of engines) results.push(await benchEngine(engine));
printListings(results);
