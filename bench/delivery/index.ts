import { measureListings } from './listing.ts';
import { measureMaximum, measureSteady, recipientsOf, sendingTo } from './massSending.ts';
import { preparePopulation } from './population.ts';
import { profiled } from './profile.ts';
import { printTables, type EngineFigures } from './report.ts';
import { measuredSystem, type Engine } from './system.ts';

/**
 * pnpm bench:delivery — the whole platform on loopback ports, on PGlite (the embedded default)
 * and on the PostgreSQL server (a fresh database), both with the embedded bus in one process;
 * and (`Kafka`) as it is deployed: one process per service, on the PostgreSQL server and the
 * Kafka protocol peer (the listing is measured on the first two only).
 *
 * A mass sending: BENCH_LETTERS letters (100,000) to as many people of a generated population,
 * some of them exempt (paper) and some companies whose post is forwarded, one in ten a legal
 * notification, handed in by four authority systems at once in batches of 1,000. First as fast
 * as it goes (the maximum, letters handed in → visible), then at half that rate on a fixed
 * schedule for BENCH_STEADY_SECONDS (the latency). Then the gateway's inbox listing under load
 * beside a bare fastify route answering the same JSON, served by the gateway in the same process
 * as the mailbox and by a gateway alone, calling the mailbox's port over HTTP.
 */
const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const letters = setting('BENCH_LETTERS', 100_000);
const steadySeconds = setting('BENCH_STEADY_SECONDS', 20);
const seconds = setting('BENCH_SECONDS', 5);
const EXEMPT = 40;
const FORWARDED = 20;

const benchEngine = async (engine: Engine | 'Kafka'): Promise<EngineFigures> => {
  const measured = await measuredSystem(engine, letters);
  const { system, db } = measured;
  try {
    log(`${engine}: generating the population and the organisations…`);
    const citizens = letters - EXEMPT - FORWARDED;
    const recipients = await preparePopulation(system, db, {
      citizens,
      exempt: EXEMPT,
      forwarded: FORWARDED,
    });
    await measured.caughtUp();
    log(`${engine}: the mass sending at full speed…`);
    const lagOf = () => measured.lag();
    const sending = sendingTo(recipientsOf(recipients));
    const maximum = await profiled(`${engine}-maximum`, () =>
      measureMaximum(system, db, lagOf, sending),
    );
    // The latency is the steady state's: consumers that fell behind (the sender API's status
    // read model, off the path to the inbox) first finish what the maximum left them.
    log(`${engine}: the consumers catching up…`);
    await measured.caughtUp();
    const half = Math.round(maximum.visiblePerSecond / 2);
    log(`${engine}: ${half} letters/s for ${steadySeconds} s…`);
    const steady = await measureSteady(system, recipients.citizens, half, steadySeconds);
    // Peak memory is the measured process's: one process per service has no one figure.
    if (!measured.inOneProcess) return { engine, maximum: { ...maximum, peakRssMiB: NaN }, steady };
    log(`${engine}: the listing for ${seconds} s…`);
    const listed = recipients.citizens.at(-1)!;
    return { engine, maximum, steady, ...(await measureListings(system, engine, listed, seconds)) };
  } finally {
    await measured.close();
  }
};

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

const results: EngineFigures[] = [];
const engines = (process.env.BENCH_ENGINES ?? 'PGlite,PostgreSQL,Kafka').split(',') as Array<
  Engine | 'Kafka'
>;
for (const engine of engines) results.push(await benchEngine(engine));
printTables(results);
