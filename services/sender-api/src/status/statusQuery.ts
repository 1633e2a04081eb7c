import type { SqlExecutor } from '@digital-post/event-store';
import { z } from 'zod';
import { messageStatuses } from './statusEntry.ts';

export const historyEntrySchema = z.object({
  status: z.enum(messageStatuses),
  at: z.string().describe('When it happened (ISO 8601, UTC)'),
  details: z.record(z.string(), z.unknown()),
});

export const messageStatusSchema = z
  .object({
    messageUUID: z.string(),
    status: z.enum(messageStatuses).describe('The latest status'),
    legalNotification: z.boolean(),
    history: z.array(historyEntrySchema),
  })
  .meta({ id: 'MessageStatus' });

export type MessageStatusView = z.infer<typeof messageStatusSchema>;

interface EntryRow {
  status: MessageStatusView['status'];
  at: string;
  details: Record<string, unknown>;
  legal_notification: boolean;
}

/** A letter's status history, only for its own sender: anyone else gets nothing, as for none. */
export const messageStatusOf = async (
  db: SqlExecutor,
  senderId: string,
  messageId: string,
): Promise<MessageStatusView | undefined> => {
  const rows = await db.query<EntryRow>(
    `select e.status, e.at, e.details, m.legal_notification
       from sender_api.messages m
       join sender_api.status_entries e on e.message_id = m.message_id
      where m.message_id = $1 and m.sender_id = $2
      order by e.seq`,
    [messageId, senderId],
  );
  const latest = rows[rows.length - 1];
  if (!latest) return undefined;
  return {
    messageUUID: messageId,
    status: latest.status,
    legalNotification: latest.legal_notification,
    history: rows.map(({ status, at, details }) => ({ status, at, details })),
  };
};
