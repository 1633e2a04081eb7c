import { currentRules, enrollmentRedecisionOf } from '@digital-post/enrollment';
import { createEventStore } from '@digital-post/event-store';
import { ops } from '@digital-post/operations';
import { redecisionOf } from '@digital-post/routing';
import { routingRelease } from './release.ts';

/**
 * `pnpm ops`: the operations service's command line, with routing's trusted release and
 * enrollment's rules in force at hand, so a stopped system's letters and enrollment changes can
 * be decided again on its own database.
 */
process.exitCode = await ops(process.argv.slice(2), process.stderr, {
  redecisionFor: async (db) =>
    redecisionOf({ store: await createEventStore(db), release: routingRelease() }),
  enrollmentRedecisionFor: async (db) =>
    enrollmentRedecisionOf({ store: await createEventStore(db), rules: currentRules }),
});
