import { personIdOf, type MailboxPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import type { Acting } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';

/**
 * Attempts to reach a mailbox one may not act for, counted per person and viewing client for
 * operators. The caller is told nothing: the answer is the same 404 as for a mailbox that does
 * not exist. One row per person and client, so no flood of attempts grows the table; which
 * mailboxes were tried is not kept (an id of one is a CPR number).
 */
export const recordRefusal = (db: Database, acting: Acting, at: Date): Promise<unknown> =>
  db.query(
    `insert into mailbox.refused_access (actor_id, viewing_client, attempts, first_at, last_at)
     values ($1, $2, 1, $3, $3)
     on conflict (actor_id, viewing_client) do update
       set attempts = refused_access.attempts + 1, last_at = excluded.last_at`,
    [personIdOf(acting.person), acting.viewingClient, at.toISOString()],
  );

const isRefusal = (error: unknown): boolean =>
  error instanceof NotFoundError && error.what === 'mailbox';

type Method = (...args: unknown[]) => unknown;

/**
 * The port with every refused attempt recorded. The access rule refuses synchronously or in a
 * promise, depending on the method; either way the record is written before the refusal goes on.
 */
export const recordingRefusals = (
  port: MailboxPort,
  record: (acting: Acting) => Promise<unknown>,
  onError: (error: unknown) => void,
): MailboxPort => {
  const wrap =
    (method: Method): Method =>
    (...args) => {
      const refused = async (error: unknown): Promise<never> => {
        if (isRefusal(error)) await record(args[0] as Acting).catch(onError);
        throw error;
      };
      try {
        const result = method(...args);
        return result instanceof Promise ? result.catch(refused) : result;
      } catch (error) {
        if (isRefusal(error)) void record(args[0] as Acting).catch(onError);
        throw error;
      }
    };
  return Object.fromEntries(
    Object.entries(port).map(([name, method]) => [name, wrap(method as Method)]),
  ) as unknown as MailboxPort;
};

export interface RefusedAccess {
  actorId: string;
  viewingClient: string;
  attempts: number;
  firstAt: string;
  lastAt: string;
}

/** The people and clients refused most often first. */
export const listRefusedAccess = async (db: Database, limit: number): Promise<RefusedAccess[]> => {
  const rows = await db.query<{
    actor_id: string;
    viewing_client: string;
    attempts: number;
    first_at: Date | string;
    last_at: Date | string;
  }>(
    `select actor_id, viewing_client, attempts, first_at, last_at from mailbox.refused_access
      order by attempts desc, last_at desc limit $1`,
    [limit],
  );
  return rows.map((row) => ({
    actorId: row.actor_id,
    viewingClient: row.viewing_client,
    attempts: Number(row.attempts),
    firstAt: new Date(row.first_at).toISOString(),
    lastAt: new Date(row.last_at).toISOString(),
  }));
};
