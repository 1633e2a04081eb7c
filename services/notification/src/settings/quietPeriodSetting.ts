import type { SmsQuietPeriodSet } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import type { QuietPeriod } from '../notices/quietHours.ts';

/** The stream of the service's settings that operators change. */
export const SETTINGS_STREAM = 'notification-settings';

export interface SetQuietPeriod {
  period: QuietPeriod;
  caseReference: string;
  /** Who set it: the event's actor. */
  operatorId: string;
}

/** The quiet period in force, and who set it when; the configured one until an operator sets one. */
export interface QuietPeriodInForce extends QuietPeriod {
  setAt: string | null;
  caseReference: string | null;
}

/** An operator's setting, as its event: validated before it gets here (`quietPeriodSchema`). */
export const decideQuietPeriod = (
  command: Omit<SetQuietPeriod, 'operatorId'>,
  now: Date,
): SmsQuietPeriodSet => ({
  ...command.period,
  caseReference: command.caseReference,
  setAt: now.toISOString(),
});

/** The setting as the settings table keeps it, written with its event. */
export const evolveQuietPeriod = (event: SmsQuietPeriodSet): QuietPeriodInForce => ({ ...event });

/** The period in force: the last an operator set, or `configured`. */
export const quietPeriodInForce = async (
  db: SqlExecutor,
  configured: QuietPeriod,
): Promise<QuietPeriodInForce> => {
  const [row] = await db.query<{ value: QuietPeriodInForce }>(
    `select value from notification.settings where name = 'sms_quiet_period'`,
  );
  return row?.value ?? { ...configured, setAt: null, caseReference: null };
};

/** An operator's new quiet period: its event and the setting in one transaction. */
export const setQuietPeriod = (
  deps: { db: Database; store: Pick<EventStore, 'append'>; now: () => Date },
  command: SetQuietPeriod,
): Promise<QuietPeriodInForce> =>
  deps.db.transaction(async (tx) => {
    const event = decideQuietPeriod(command, deps.now());
    const actor = { kind: 'operator' as const, id: command.operatorId };
    const recorded = checkedEvent({ type: 'SmsQuietPeriodSet', data: event, metadata: { actor } });
    await deps.store.append(SETTINGS_STREAM, [recorded], { tx });
    const setting = evolveQuietPeriod(event);
    await tx.query(
      `insert into notification.settings (name, value) values ('sms_quiet_period', $1::jsonb)
       on conflict (name) do update set value = excluded.value`,
      [JSON.stringify(setting)],
    );
    return setting;
  });
