import { START_OF_LOG, type LogPosition } from './events.ts';
import type { SqlExecutor } from './sql/database.ts';

/** Where each subscription got to in the global log, in `subscription_checkpoints`. */
export const loadCheckpoint = async (
  db: SqlExecutor,
  subscriptionId: string,
): Promise<LogPosition> => {
  const rows = await db.query<{ transaction_id: string; global_position: string }>(
    'select transaction_id, global_position from subscription_checkpoints where subscription_id = $1',
    [subscriptionId],
  );
  const row = rows[0];
  if (!row) return START_OF_LOG;
  return { transactionId: Number(row.transaction_id), globalPosition: Number(row.global_position) };
};

export const saveCheckpoint = async (
  tx: SqlExecutor,
  subscriptionId: string,
  position: LogPosition,
): Promise<void> => {
  await tx.query(
    `insert into subscription_checkpoints (subscription_id, transaction_id, global_position)
     values ($1, $2, $3)
     on conflict (subscription_id) do update
       set transaction_id = excluded.transaction_id,
           global_position = excluded.global_position,
           updated_at = now()`,
    [subscriptionId, position.transactionId, position.globalPosition],
  );
};
