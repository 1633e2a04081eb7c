import type { ListingFigures, LoadFigures } from './listing.ts';
import type { MaximumFigures, SteadyFigures } from './massSending.ts';

export interface EngineFigures extends Partial<ListingFigures> {
  engine: string;
  maximum: MaximumFigures;
  steady: SteadyFigures;
}

const whole = (value: number): string =>
  Number.isNaN(value) ? '—' : Math.round(value).toLocaleString('en');
const ms = (value: number): string => value.toFixed(value < 10 ? 1 : 0);

export const printTables = (results: EngineFigures[]): void => {
  console.log('\nmass sending: letters handed in → visible in the recipient’s inbox (or printed)');
  console.table(
    results.map(({ engine, maximum }) => ({
      engine,
      letters: maximum.letters,
      'visible letters/s': whole(maximum.visiblePerSecond),
      'hand-in letters/s': whole(maximum.handInPerSecond),
      'peak RSS MiB': whole(maximum.peakRssMiB),
    })),
  );
  console.log('\nthe most events each consumer group was behind during the mass sending');
  console.table(
    results.map(({ engine, maximum }) => ({
      engine,
      ...Object.fromEntries(
        Object.entries(maximum.mostBehind).map(([group, events]) => [group, whole(events)]),
      ),
    })),
  );
  console.log(
    '\nlatency at half the maximum, offered on a fixed schedule (sampled mailboxes, SSE)',
  );
  console.table(
    results.map(({ engine, steady }) => ({
      engine,
      'offered letters/s': whole(steady.offeredPerSecond),
      letters: steady.letters,
      sampled: steady.sampled,
      'p50 ms': ms(steady.p50Ms),
      'p99 ms': ms(steady.p99Ms),
    })),
  );
  printListings(
    results.flatMap(({ engine, listing, delegation, overHttp }) =>
      listing && delegation && overHttp ? [{ engine, listing, delegation, overHttp }] : [],
    ),
  );
};

export const printListings = (results: (ListingFigures & { engine: string })[]): void => {
  if (results.length === 0) return;
  console.log('\nGET inbox listing under load (autocannon, 10 connections)');
  console.table(
    results.flatMap(({ engine, listing, delegation, overHttp }) => [
      row(engine, `gateway, ${listing.pageLetters}-letter page`, listing.gateway, listing.bare),
      row(
        engine,
        'the same by its owner, rounds between the holder’s',
        delegation.owner,
        listing.bare,
      ),
      {
        ...row(engine, 'the same by a holder of read access', delegation.holder, listing.bare),
        'ratio to the owner': (
          delegation.holder.requestsPerSecond / delegation.owner.requestsPerSecond
        ).toFixed(2),
        'mean latency added': `${(100 * (delegation.holder.meanMs / delegation.owner.meanMs - 1)).toFixed(0)} %`,
      },
      row(engine, 'gateway alone, mailbox port over HTTP', overHttp, listing.bare),
      row(engine, 'bare fastify, same JSON', listing.bare, listing.bare),
    ]),
  );
};

const row = (engine: string, target: string, figures: LoadFigures, bare: LoadFigures) => ({
  engine,
  target,
  'req/s': whole(figures.requestsPerSecond),
  'mean ms': ms(figures.meanMs),
  'p99 ms': ms(figures.p99Ms),
  'ratio to bare': (figures.requestsPerSecond / bare.requestsPerSecond).toFixed(2),
});
