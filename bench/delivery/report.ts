import type { DeliveryFigures } from './delivery.ts';
import type { LoadFigures } from './listing.ts';

export interface EngineFigures {
  engine: string;
  delivery: DeliveryFigures;
  listing: { gateway: LoadFigures; bare: LoadFigures; pageLetters: number };
  /** The same listing from a gateway in a process of its own, the mailbox's port over HTTP. */
  overHttp: LoadFigures;
}

const whole = (value: number): string => Math.round(value).toLocaleString('en');
const ms = (value: number): string => value.toFixed(value < 10 ? 1 : 0);

export const printTables = (results: EngineFigures[]): void => {
  console.log('\nbatch submission → visible in the recipient’s mailbox (SSE + /changes)');
  console.table(
    results.map(({ engine, delivery }) => ({
      engine,
      letters: delivery.letters,
      'visible letters/s': whole(delivery.lettersPerSecond),
      'p50 ms': ms(delivery.p50Ms),
      'p99 ms': ms(delivery.p99Ms),
      'hand-in letters/s': whole(delivery.submitLettersPerSecond),
    })),
  );
  console.log('\nGET inbox listing under load (autocannon, 10 connections)');
  console.table(
    results.flatMap(({ engine, listing, overHttp }) => [
      row(engine, `gateway, ${listing.pageLetters}-letter page`, listing.gateway, listing.bare),
      row(engine, 'gateway alone, mailbox port over HTTP', overHttp, listing.bare),
      row(engine, 'bare fastify, same JSON', listing.bare, listing.bare),
    ]),
  );
};

const row = (engine: string, target: string, figures: LoadFigures, bare: LoadFigures) => ({
  engine,
  target,
  'req/s': whole(figures.requestsPerSecond),
  'p99 ms': ms(figures.p99Ms),
  'ratio to bare': (figures.requestsPerSecond / bare.requestsPerSecond).toFixed(2),
});
