import type { Database, SqlExecutor } from '@digital-post/event-store';

const OLD_TABLE = 'enrollment.notice_details';

/**
 * Whether the old table is there, whether this connection's role may read it, and whether it
 * owns it (and so may drop it). From the catalog, which every role may read: naming the table
 * (`to_regclass`) is itself refused to a role without a right to its schema.
 */
const oldTable = async (tx: SqlExecutor): Promise<{ readable: boolean; owned: boolean }> => {
  const [row] = await tx.query<{ readable: boolean; owned: boolean }>(
    `select has_schema_privilege(current_user, n.oid, 'USAGE')
            and has_table_privilege(current_user, c.oid, 'SELECT') as readable,
            pg_has_role(current_user, c.relowner, 'USAGE') as owned
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'enrollment' and c.relname = 'notice_details'`,
  );
  return { readable: row?.readable === true, owned: row?.owned === true };
};

const COLUMNS = `mailbox_id, details_version, phone, email, sha256, digest_salt, changed_at,
  confirmed_at, stored_at`;

/**
 * The details for notices were the enrollment service's (`enrollment.notice_details`) until they
 * moved here, so that the service holding contact details has no path to enrollment at all
 * (August 2023). This copies every row across in one transaction and drops the old table, so a
 * crash copies again (a row already here stays as it is) and nothing is lost. The owner runs it
 * in the database's setup; an embedded deployment's service, which is the owner, at its start.
 * A role that may not read the old table leaves it for the owner.
 */
export const adoptNoticeDetailsFromEnrollment = (db: Database): Promise<number> =>
  db.transaction(async (tx) => {
    const { readable, owned } = await oldTable(tx);
    if (!readable) return 0;
    const copied = await tx.query(
      `insert into notification.notice_details (${COLUMNS})
       select ${COLUMNS} from ${OLD_TABLE}
       on conflict do nothing
       returning 1`,
    );
    if (owned) await tx.query(`drop table ${OLD_TABLE}`);
    return copied.length;
  });
