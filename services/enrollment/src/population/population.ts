import type { PopulationPort } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';

/**
 * Answers from the people the register reported, kept in the same transaction as the register's
 * facts: a person is known from the birth the register reported until a death it reported.
 */
export const createPopulation = (deps: {
  db: SqlExecutor;
  ensureSchema: () => Promise<void>;
}): PopulationPort => ({
  isLivingPerson: async (cpr) => {
    await deps.ensureSchema();
    const rows = await deps.db.query(
      `select 1 from enrollment.people
        where subject_kind = 'cpr' and subject_id = $1 and known and died_on is null`,
      [cpr],
    );
    return rows.length > 0;
  },
});
