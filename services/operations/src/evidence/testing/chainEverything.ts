import type { Database } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import { chainRound, type ChainOptions } from '../chainer.ts';
import { eventsBehind } from '../chainStore.ts';

/**
 * Rounds of the chain until every event of the log is in it. A round that finds nothing is not
 * the end: on a shared server another database's running transaction can hold the log back.
 */
export const chainEverything = (db: Database, options: ChainOptions): Promise<true> =>
  waitFor(
    async () => {
      while ((await chainRound(db, options)) > 0);
      return (await eventsBehind(db)) === 0;
    },
    { message: 'every event chained' },
  );
