import type { Database } from '@digital-post/event-store';

/** An open of a letter, as the mailbox logged it: who, in which mailbox, through what. */
export interface Opening {
  mailboxId: string;
  actorId: string;
  viewingClient: string;
  openedAt: string;
}

/** A notice that told a mailbox's owner of the letter. */
export interface Notice {
  mailboxId: string;
  channel: string;
  sentAt: string;
}

export interface Consequences {
  opened: Map<string, Opening[]>;
  notified: Map<string, Notice[]>;
}

interface Row {
  event_type: 'MessageOpened' | 'NoticeSent';
  data: Record<string, unknown>;
}

/**
 * What became of letters from `after` on: every open (MessageOpened) and every notice sent that
 * named them (NoticeSent), in log order. One pass over the log for all the letters at once.
 */
export const consequencesOf = async (
  db: Database,
  messageIds: readonly string[],
  after: number,
): Promise<Consequences> => {
  const found: Consequences = { opened: new Map(), notified: new Map() };
  if (messageIds.length === 0) return found;
  const rows = await db.query<Row>(
    `select event_type, data from events
      where global_position > $1
        and ((event_type = 'MessageOpened' and data->>'messageId' = any($2::text[]))
          or (event_type = 'NoticeSent' and data->'messageIds' ?| $2::text[]))
      order by global_position`,
    [after, messageIds],
  );
  const wanted = new Set(messageIds);
  for (const { event_type, data } of rows) {
    if (event_type === 'MessageOpened') add(found.opened, String(data.messageId), openingOf(data));
    else {
      const notice = noticeOf(data);
      for (const id of data.messageIds as string[])
        if (wanted.has(id)) add(found.notified, id, notice);
    }
  }
  return found;
};

const add = <T>(map: Map<string, T[]>, key: string, value: T) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

const openingOf = (data: Record<string, unknown>): Opening => ({
  mailboxId: String(data.mailboxId),
  actorId: String(data.actorId),
  viewingClient: String(data.viewingClient),
  openedAt: String(data.openedAt),
});

const noticeOf = (data: Record<string, unknown>): Notice => ({
  mailboxId: String(data.mailboxId),
  channel: String(data.channel),
  sentAt: String(data.sentAt),
});
