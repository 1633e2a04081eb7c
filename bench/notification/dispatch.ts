import { createEmbeddedBus } from '@digital-post/bus';
import type { Database, OpenedStore } from '@digital-post/event-store';
import { createNotificationService, createSmtpProvider } from '@digital-post/notification';
import { FROM } from './baseline.ts';
import { measuredPhase, type CpuSeconds } from './phase.ts';
import type { SmtpServerProcess } from './smtpProcess.ts';
import { peakMemoryDuring } from '../shared/peakMemory.ts';

export interface ServiceFigures {
  notices: number;
  /** Deliveries → notices in the outbox, from the service's start to the last one queued. */
  queuedPerSecond: number;
  /** Notices handed to SMTP and recorded as sent, from the service's start to the last one. */
  sentPerSecond: number;
  failed: number;
  peakRssMiB: number;
  cpuSeconds: CpuSeconds;
  seconds: number;
}

interface Counts {
  queued: number;
  sent: number;
  failed: number;
}

const countsOf = async (db: Database): Promise<Counts> => {
  const [row] = await db.query<Record<keyof Counts, string | number>>(
    `select count(*) as queued, count(*) filter (where state = 'sent') as sent,
            count(*) filter (where state = 'failed') as failed
       from notification.notices`,
  );
  return { queued: Number(row!.queued), sent: Number(row!.sent), failed: Number(row!.failed) };
};

const STALL_MS = 120_000;

/**
 * When every notice was queued and when every one was settled, to within a tenth of the time
 * still to go (at most a second, at least 100 ms: each count reads the whole outbox).
 */
const untilSettled = async (db: Database, notices: number, started: number) => {
  let queuedAt: number | undefined;
  let last = { progress: 0, at: started };
  for (;;) {
    const counts = await countsOf(db);
    const now = performance.now();
    if (queuedAt === undefined && counts.queued >= notices) queuedAt = now;
    const settled = counts.sent + counts.failed;
    if (settled >= notices) return { queuedAt: queuedAt ?? now, settledAt: now, ...counts };
    if (counts.queued + settled > last.progress)
      last = { progress: counts.queued + settled, at: now };
    else if (now - last.at > STALL_MS) {
      throw new Error(`no progress for ${STALL_MS / 1000} s: ${JSON.stringify(counts)}`);
    }
    const perMs = Math.max(counts.queued, 1) / (now - started);
    const rest = (queuedAt === undefined ? notices - counts.queued : notices - settled) / perMs;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, Math.max(100, rest / 10))));
  }
};

/**
 * The notification service on the populated store, its e-mail provider the SMTP server's: from
 * its start, it follows the deliveries into notices and dispatches them, side by side, until
 * every notice is settled. Dispatch is made fast enough to measure: a round every 5 ms, `batch`
 * notices a batch. No pace (a provider's rate limit) is set: unlimited.
 */
export const measureService = async (
  { store, db }: OpenedStore,
  smtp: SmtpServerProcess,
  notices: number,
  batch: number,
): Promise<ServiceFigures> => {
  const bus = await createEmbeddedBus(store, db);
  const errors: unknown[] = [];
  const service = createNotificationService({
    store,
    db,
    bus,
    providers: { email: createSmtpProvider({ url: smtp.url, from: FROM }) },
    dispatchEveryMs: 5,
    dispatch: { batchSize: batch },
    onError: (error) => errors.push(error),
  });
  try {
    const phase = await measuredPhase(smtp, () =>
      peakMemoryDuring(async () => {
        const started = performance.now();
        await service.start();
        return { started, ...(await untilSettled(db, notices, started)) };
      }),
    );
    const [settled, peak] = phase.result;
    // Each notice recorded as sent is a mail the server took, and none went twice.
    if (settled.failed === 0 && phase.received !== settled.sent) {
      throw new Error(`${settled.sent} notices sent, ${phase.received} mails received`);
    }
    if (errors.length > 0) console.error(`  ${errors.length} errors, the first:`, errors[0]);
    const seconds = (at: number) => (at - settled.started) / 1000;
    return {
      notices,
      queuedPerSecond: notices / seconds(settled.queuedAt),
      sentPerSecond: settled.sent / seconds(settled.settledAt),
      failed: settled.failed,
      peakRssMiB: peak / 2 ** 20,
      cpuSeconds: phase.cpuSeconds,
      seconds: seconds(settled.settledAt),
    };
  } finally {
    await service.stop();
    await bus.close();
  }
};
