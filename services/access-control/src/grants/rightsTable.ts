import type { GrantView, HeldRight, Right } from '@digital-post/contracts';
import { ensureSchema, type Database, type SqlExecutor } from '@digital-post/event-store';
import type { AccessEvent } from './grantsDecider.ts';

/**
 * Who holds which right on which mailbox now (table `access.rights`): written in the transaction
 * of the events that change it, so the decision read from it is never behind the log. A grant
 * that has ended stays until its expiry is recorded, and is left out by every read.
 */
const statements = [
  `create schema if not exists access`,
  `create table if not exists access.rights (
     mailbox_id text not null,
     holder_id text not null,
     access_right text not null,
     ends_at timestamptz,
     granted_at timestamptz not null,
     granted_by text not null,
     primary key (mailbox_id, holder_id)
   )`,
  `create index if not exists rights_by_holder on access.rights (holder_id)`,
  `create index if not exists rights_by_end on access.rights (ends_at) where ends_at is not null`,
];

export const ensureAccessSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'access', statements);

/** The rows the events imply, in their transaction. */
export const projectRights = async (tx: SqlExecutor, events: AccessEvent[]): Promise<void> => {
  for (const event of events) {
    const { mailboxId, holderId } = event.data;
    switch (event.type) {
      case 'ReadAccessGranted':
      case 'FullAccessGranted':
      case 'EmployeeRightGranted': {
        const right: Right =
          event.type === 'EmployeeRightGranted'
            ? event.data.right
            : event.type === 'FullAccessGranted'
              ? 'full'
              : 'read';
        const endsAt = event.type === 'EmployeeRightGranted' ? null : event.data.endsAt;
        await tx.query(
          `insert into access.rights
             (mailbox_id, holder_id, access_right, ends_at, granted_at, granted_by)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (mailbox_id, holder_id) do update set access_right = excluded.access_right,
             ends_at = excluded.ends_at, granted_at = excluded.granted_at,
             granted_by = excluded.granted_by`,
          [mailboxId, holderId, right, endsAt, event.data.grantedAt, event.data.actorId],
        );
        break;
      }
      case 'AccessRevoked':
      case 'AccessExpired':
      case 'EmployeeRightRevoked':
        await tx.query(`delete from access.rights where mailbox_id = $1 and holder_id = $2`, [
          mailboxId,
          holderId,
        ]);
    }
  }
};

interface Row {
  mailbox_id: string;
  holder_id: string;
  access_right: Right;
  ends_at: Date | string | null;
  granted_at: Date | string;
  granted_by: string;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

const toView = (row: Row): GrantView => ({
  mailboxId: row.mailbox_id,
  holderId: row.holder_id,
  right: row.access_right,
  endsAt: row.ends_at === null ? null : iso(row.ends_at),
  grantedAt: iso(row.granted_at),
  grantedBy: row.granted_by,
});

/** The rights that hold now whose `column` is `value`, in the order of the other column. */
const currentRights = async (
  db: SqlExecutor,
  by: 'holder_id' | 'mailbox_id',
  value: string,
  now: Date,
): Promise<GrantView[]> => {
  const order = by === 'holder_id' ? 'mailbox_id' : 'holder_id';
  const rows = await db.query<Row>(
    `select mailbox_id, holder_id, access_right, ends_at, granted_at, granted_by
       from access.rights where ${by} = $1 and (ends_at is null or ends_at > $2)
      order by ${order}`,
    [value, now.toISOString()],
  );
  return rows.map(toView);
};

/** The rights a holder has now, on every mailbox. */
export const rightsHeldBy = (db: SqlExecutor, holderId: string, now: Date) =>
  currentRights(db, 'holder_id', holderId, now);

/** The rights others have now on a mailbox. */
export const rightsOn = (db: SqlExecutor, mailboxId: string, now: Date) =>
  currentRights(db, 'mailbox_id', mailboxId, now);

/** Grants whose end has passed and whose expiry is not recorded yet, oldest first. */
export const endedGrants = async (
  db: SqlExecutor,
  now: Date,
  limit: number,
): Promise<Array<{ mailboxId: string; holderId: string }>> =>
  (
    await db.query<{ mailbox_id: string; holder_id: string }>(
      `select mailbox_id, holder_id from access.rights where ends_at <= $1
        order by ends_at limit $2`,
      [now.toISOString(), limit],
    )
  ).map((row) => ({ mailboxId: row.mailbox_id, holderId: row.holder_id }));

export const toHeldRight = (view: GrantView): HeldRight => ({
  mailboxId: view.mailboxId,
  right: view.right,
  endsAt: view.endsAt,
});
