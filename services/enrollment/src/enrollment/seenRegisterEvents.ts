import type { SqlExecutor } from '@digital-post/event-store';

/** The register events recorded before, with the digest of their content and what they did. */
export interface SeenRegisterEvents {
  digestOf(registerEventId: string): Promise<string | undefined>;
  mark(registerEventId: string, digest: string, batchId: string, outcome: string): Promise<void>;
}

/** Each event looked up and marked by a statement of its own, in `tx`. */
export const seenOneByOne = (tx: SqlExecutor): SeenRegisterEvents => ({
  digestOf: async (registerEventId) => {
    const [seen] = await tx.query<{ digest: string }>(
      `select digest from enrollment.register_events_seen where register_event_id = $1`,
      [registerEventId],
    );
    return seen?.digest;
  },
  mark: async (registerEventId, digest, batchId, outcome) => {
    await tx.query(
      `insert into enrollment.register_events_seen (register_event_id, digest, batch_id, outcome)
       values ($1, $2, $3, $4)`,
      [registerEventId, digest, batchId, outcome],
    );
  },
});

/**
 * A chunk's events: those seen before looked up at once, and the chunk's marks kept (an event
 * repeated later in the chunk is found among them) and written by one statement in `flush`, in
 * the chunk's transaction.
 */
export const seenInChunk = async (
  tx: SqlExecutor,
  registerEventIds: string[],
): Promise<SeenRegisterEvents & { flush(): Promise<void> }> => {
  const rows = await tx.query<{ register_event_id: string; digest: string }>(
    `select register_event_id, digest from enrollment.register_events_seen
      where register_event_id = any($1::text[])`,
    [registerEventIds],
  );
  const digests = new Map(rows.map((row) => [row.register_event_id, row.digest]));
  const marks: string[][] = [];
  return {
    digestOf: async (registerEventId) => digests.get(registerEventId),
    mark: async (registerEventId, digest, batchId, outcome) => {
      digests.set(registerEventId, digest);
      marks.push([registerEventId, digest, batchId, outcome]);
    },
    flush: async () => {
      if (marks.length === 0) return;
      await tx.query(
        `insert into enrollment.register_events_seen (register_event_id, digest, batch_id, outcome)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
        [0, 1, 2, 3].map((column) => marks.map((mark) => mark[column])),
      );
      marks.length = 0;
    },
  };
};
