import type { SqlExecutor } from '@digital-post/event-store';
import { reachabilityOf, type Reachability } from './index.ts';

export interface Recipient {
  kind: 'cpr' | 'cvr' | 'authority';
  id: string;
}

/**
 * Reachability from the service's read model, for the sender API's lookup: authorities always
 * have a mailbox; a citizen or company as their enrollment now stands.
 */
export const reachabilityFromReadModel = async (
  db: SqlExecutor,
  recipient: Recipient,
  at: string,
): Promise<Reachability> => {
  if (recipient.kind === 'authority') return { channel: 'digital', reason: 'authority' };
  const [row] = await db.query<{
    enrolled: boolean;
    exemption_id: string | null;
    exemption_valid_until: Date | string | null;
  }>(
    `select enrolled, exemption_id, exemption_valid_until from enrollment.people
      where subject_kind = $1 and subject_id = $2`,
    [recipient.kind, recipient.id],
  );
  const validUntil = row?.exemption_valid_until ?? null;
  return reachabilityOf(
    {
      enrolled: row?.enrolled ?? false,
      exemption: row?.exemption_id
        ? {
            exemptionId: row.exemption_id,
            validUntil: validUntil === null ? null : new Date(validUntil).toISOString(),
          }
        : null,
    },
    at,
  );
};
