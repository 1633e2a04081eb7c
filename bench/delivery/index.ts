import { cprNumbers, enrollAll, viewerTokens } from './client.ts';
import { measureDelivery } from './delivery.ts';
import { startGatewayAlone } from './gatewayAlone.ts';
import { measureListing } from './listing.ts';
import { printTables, type EngineFigures } from './report.ts';
import { startSystem, type Engine } from './system.ts';

/**
 * pnpm bench:delivery — the whole platform on loopback ports, on PGlite (the embedded default)
 * and on the PostgreSQL server (a fresh database), both with the embedded bus: letters handed
 * in as batches until they are visible in their recipients' mailboxes, then the gateway's inbox
 * listing under load beside a bare fastify route answering the same JSON, served by the gateway
 * in the same process as the mailbox and by a gateway alone, calling the mailbox's port over HTTP.
 */
const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const letters = setting('BENCH_LETTERS', 1000);
const batchSize = setting('BENCH_BATCH', 200);
const recipients = setting('BENCH_RECIPIENTS', 50);
const seconds = setting('BENCH_SECONDS', 5);
// The listing is measured on a full first page (the gateway's default page size).
const LISTED_LETTERS = 50;

const benchEngine = async (engine: Engine): Promise<EngineFigures> => {
  const system = await startSystem(engine);
  try {
    const cprs = cprNumbers(recipients);
    await enrollAll(system, cprs);
    const delivery = await measureDelivery(system, cprs, letters, batchSize);
    const listed = cprs[0]!;
    await measureDelivery(system, [listed], LISTED_LETTERS, LISTED_LETTERS);
    const tokens = await viewerTokens(system, listed);
    const listing = await measureListing(system.gateway, `cpr:${listed}`, tokens, seconds);
    const alone = await startGatewayAlone(system);
    try {
      const overHttp = await measureListing(alone.url, `cpr:${listed}`, tokens, seconds);
      return { engine, delivery, listing, overHttp: overHttp.gateway };
    } finally {
      await alone.close();
    }
  } finally {
    await system.close();
  }
};

const results: EngineFigures[] = [];
const engines = (process.env.BENCH_ENGINES ?? 'PGlite,PostgreSQL').split(',') as Engine[];
for (const engine of engines) {
  console.log(
    `measuring ${engine}: ${letters} letters in batches of ${batchSize} to ${recipients} ` +
      `citizens, then the listing for ${seconds} s…`,
  );
  results.push(await benchEngine(engine));
}
printTables(results);
