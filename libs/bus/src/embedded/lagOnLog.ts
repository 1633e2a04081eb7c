import type { Database } from '@digital-post/event-store';
import type { ConsumerLag, ConsumerOptions } from '../bus.ts';

interface LagRow {
  events: string;
  oldest: Date | string | null;
}

/**
 * A subscription to the store's log (a consumer on the embedded bus, the relay) is behind by the
 * events its filter takes after its checkpoint, read on the log's index from there. Events a running transaction still holds back count too:
 * they are committed for operators' purposes once they are.
 */
export const lagOnLog = async (
  db: Database,
  subscriptionId: string,
  {
    groupId,
    categories,
    eventTypes,
  }: Pick<ConsumerOptions, 'groupId' | 'categories' | 'eventTypes'>,
): Promise<ConsumerLag> => {
  const [row] = await db.query<LagRow>(
    `with checkpoint as (
       select coalesce(max(transaction_id), 0) as transaction_id,
              coalesce(max(global_position), 0) as global_position
         from subscription_checkpoints where subscription_id = $1)
     select count(*)::text as events, min(e.recorded_at) as oldest
       from events e, checkpoint c
      where (e.transaction_id, e.global_position) > (c.transaction_id::text::xid8, c.global_position)
        and ($2::text[] is null or e.stream_category = any($2::text[]))
        and ($3::text[] is null or e.event_type = any($3::text[]))`,
    [subscriptionId, categories ?? null, eventTypes ?? null],
  );
  return {
    groupId,
    events: Number(row?.events ?? 0),
    oldestRecordedAt: row?.oldest ? new Date(row.oldest) : null,
  };
};
