import type { NoticeChannel, NoticeFailed } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import { sendableFrom, type QuietPeriod } from '../notices/quietHours.ts';
import { noticeStreamOf } from '../notices/streams.ts';
import { noticeWords } from './noticeText.ts';
import {
  claimDue,
  markFailing,
  orphaned,
  requeue,
  settleFailed,
  type ClaimedNotice,
  type OutboxNotice,
} from './outbox.ts';
import type { Pace } from './pace.ts';
import type { HandingOutcome, NoticeProvider } from './provider.ts';
import { sentRecorder } from './sentRecords.ts';

export interface DispatchOptions {
  /** How many handings to a provider before a notice is given up. */
  maxAttempts: number;
  /** How long a dispatcher holds a notice in hand before others count it as orphaned. */
  claimMs: number;
  /** How many notices one round takes into hand. */
  batchSize: number;
  /** The wait before try `attempt + 1`. */
  backoffMs(attempt: number): number;
  /** Where a notice tells the owner to read their post. */
  readAt: string;
}

export const DEFAULT_DISPATCH: DispatchOptions = {
  maxAttempts: 6,
  claimMs: 120_000,
  batchSize: 50,
  backoffMs: (attempt) => Math.min(3_600_000, 30_000 * 2 ** (attempt - 1)),
  readAt: 'borger.dk/digitalpost eller i din app',
};

export interface DispatchDeps {
  /** When no SMS goes out: a retry that would fall in it waits for its end. */
  quiet: QuietPeriod;
  db: Database;
  store: Pick<EventStore, 'append' | 'appendToStreams'>;
  providers: Partial<Record<NoticeChannel, NoticeProvider>>;
  /** Each provider's rate limit, kept on our side; a channel without one is not paced. */
  paces: Partial<Record<NoticeChannel, Pace>>;
  now: () => Date;
  options: DispatchOptions;
}

const recordFailure = async (
  deps: DispatchDeps,
  tx: SqlExecutor,
  notice: OutboxNotice,
  failure: NoticeFailed['failure'],
) => {
  const { noticeId, mailboxId, channel, messageIds, attempts } = notice;
  const data: NoticeFailed = {
    ...{ noticeId, mailboxId, channel, messageIds, attempts, failure },
    failedAt: deps.now().toISOString(),
  };
  const event = checkedEvent({ type: 'NoticeFailed', data });
  await deps.store.append(noticeStreamOf(noticeId), [event], { tx });
};

/** The notice failed, if it is still in hand: its end and its event. */
const fail = async (
  deps: DispatchDeps,
  tx: SqlExecutor,
  notice: OutboxNotice,
  failure: NoticeFailed['failure'],
): Promise<void> => {
  if (!(await settleFailed(tx, notice.noticeId, deps.now(), failure))) return;
  await recordFailure(deps, tx, notice, failure);
};

/** Records a handing that did not go through, in one transaction with the notice's event. */
const concludeUnsent = (deps: DispatchDeps, notice: OutboxNotice, outcome: HandingOutcome) =>
  deps.db.transaction(async (tx) => {
    const provider = deps.providers[notice.channel]!;
    if (outcome.kind === 'refused') {
      await fail(deps, tx, notice, 'address_refused');
      await markFailing(tx, notice, deps.now());
    } else if (outcome.kind === 'unknown' && !provider.idempotent) {
      await fail(deps, tx, notice, 'outcome_unknown');
    } else if (notice.attempts >= deps.options.maxAttempts) {
      await fail(deps, tx, notice, 'tries_exhausted');
    } else {
      const next = new Date(deps.now().getTime() + deps.options.backoffMs(notice.attempts));
      const at = notice.channel === 'sms' ? sendableFrom(next, deps.quiet) : next;
      await requeue(tx, notice.noticeId, at);
    }
  });

type SentRecords = ReturnType<typeof sentRecorder>;

/** One notice from the outbox to its provider, and what came of it into the outbox. */
const handOver = async (
  deps: DispatchDeps,
  sent: SentRecords,
  notice: ClaimedNotice,
): Promise<void> => {
  if (notice.address === null) {
    await deps.db.transaction((tx) => fail(deps, tx, notice, 'no_address'));
    return;
  }
  const words = noticeWords(notice, deps.options.readAt);
  const outcome = await deps.providers[notice.channel]!.send({
    noticeId: notice.noticeId,
    to: notice.address,
    ...words,
  });
  if (outcome.kind === 'sent') await sent.record(notice);
  else await concludeUnsent(deps, notice, outcome);
};

/**
 * Notices a dead dispatcher held. Where the provider drops a repeat of the notice's key, the
 * notice is handed again; where it cannot, it may have gone out, and is not handed again (at
 * most once): it fails as `outcome_unknown`, listed for operators.
 */
export const recoverOrphans = (deps: DispatchDeps): Promise<number> =>
  deps.db.transaction(async (tx) => {
    const notices = await orphaned(tx, deps.now());
    for (const notice of notices) {
      const provider = deps.providers[notice.channel];
      if (provider?.idempotent) await requeue(tx, notice.noticeId, deps.now());
      else await fail(deps, tx, notice, 'outcome_unknown');
    }
    return notices.length;
  });

/** How long a round goes on taking notices, so a stop or a reminder's turn waits no longer. */
const ROUND_MS = 5_000;

/**
 * One channel's due notices, batch by batch as its provider's pace allows, each batch taken into
 * hand (committed), handed over side by side, and the notices the providers took recorded in
 * groups (`sentRecorder`).
 */
const dispatchChannel = async (deps: DispatchDeps, channel: NoticeChannel): Promise<number> => {
  const pace = deps.paces[channel];
  const sent = sentRecorder(deps);
  const until = performance.now() + ROUND_MS;
  let handed = 0;
  while (performance.now() < until) {
    const now = deps.now();
    const limit = Math.min(deps.options.batchSize, pace?.allowance(now) ?? Infinity);
    if (limit <= 0) break;
    const claimedUntil = new Date(now.getTime() + deps.options.claimMs);
    const notices = await claimDue(deps.db, [channel], limit, now, claimedUntil);
    pace?.spend(notices.length);
    await Promise.all(notices.map((notice) => handOver(deps, sent, notice)));
    handed += notices.length;
    if (notices.length < limit) break;
  }
  return handed;
};

/**
 * One round: orphans recovered, then each channel with a provider dispatched, side by side. A
 * crash between a provider's answer and its record leaves the notice in hand, for
 * `recoverOrphans`.
 */
export const dispatchDue = async (deps: DispatchDeps): Promise<number> => {
  await recoverOrphans(deps);
  const channels = (Object.keys(deps.providers) as NoticeChannel[]).filter(
    (channel) => deps.providers[channel],
  );
  const handed = await Promise.all(channels.map((channel) => dispatchChannel(deps, channel)));
  return handed.reduce((sum, count) => sum + count, 0);
};
