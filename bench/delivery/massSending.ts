import { readdir } from 'node:fs/promises';
import type { ConsumerLag } from '@digital-post/bus';
import type { Database } from '@digital-post/event-store';
import { call, tokenFor, viewerTokens } from './client.ts';
import { percentile } from './delivery.ts';
import { letterFrom } from './sending.ts';
import type { Recipients } from './population.ts';
import type { RunningSystem } from './system.ts';
import { watchMailbox } from './visibility.ts';
import { peakMemoryDuring } from '../shared/peakMemory.ts';

/** Four authority systems hand in at once, each its own share of the letters. */
const AUTHORITIES = ['skat', 'udbetaling-danmark', 'atp', 'kommune-101'];
const BATCH = 1000;
type Recipient = { kind: 'cpr' | 'cvr'; id: string };

type Letter = ReturnType<typeof letterFrom>;

/** A batch as an authority system hands it in. */
interface Batch {
  authorityId: string;
  letters: Letter[];
}

/** A batch still to be written: its letters are made as it leaves, not all held at once. */
interface PlannedBatch {
  authorityId: string;
  recipients: Recipient[];
  /** The first letter's place in the sending (every tenth is a legal notification). */
  first: number;
}

/**
 * One letter to each recipient, one in ten a legal notification (forkyndelse), dealt to the
 * authorities in turn and cut into their batches of 1,000.
 */
export const sendingTo = (recipients: Recipient[]): PlannedBatch[] => {
  const batches: PlannedBatch[] = [];
  recipients.forEach((recipient, n) => {
    const authorityId = AUTHORITIES[Math.floor(n / BATCH) % AUTHORITIES.length]!;
    if (n % BATCH === 0) batches.push({ authorityId, recipients: [], first: n });
    batches.at(-1)!.recipients.push(recipient);
  });
  return batches;
};

// The sending's letters are the authorities' data, not the platform's: made batch by batch, so
// the process's peak memory is the platform's own.
const written = ({ authorityId, recipients, first }: PlannedBatch): Batch => ({
  authorityId,
  letters: recipients.map((recipient, i) =>
    letterFrom(authorityId, recipient, (first + i) % 10 === 0),
  ),
});

export const recipientsOf = ({ citizens, exempt, forwarded }: Recipients): Recipient[] => {
  const people: Recipient[] = [...citizens, ...exempt].map((id) => ({ kind: 'cpr', id }));
  const companies = forwarded.map((id) => ({ kind: 'cvr' as const, id }));
  // The exempt and the companies spread through the sending, not bunched at its end.
  const every = Math.max(1, Math.floor(people.length / (companies.length + 1)));
  companies.forEach((company, i) => people.splice((i + 1) * every, 0, company));
  return people;
};

const submit = async (system: RunningSystem, token: string, batch: Batch): Promise<void> => {
  const answer = await call<{ accepted: number; refused: number }>(
    system.senderApi,
    'POST',
    '/v1/messages/batch',
    { token, body: { messages: batch.letters } },
  );
  if (answer.accepted !== batch.letters.length) {
    throw new Error(`a batch of ${batch.authorityId} had ${answer.refused} letters refused`);
  }
};

const tokensOf = async (system: RunningSystem) =>
  new Map(
    await Promise.all(
      AUTHORITIES.map(
        async (authorityId) =>
          [
            authorityId,
            await tokenFor(system, { kind: 'authority-system', authorityId, systemId: 'letters' }),
          ] as const,
      ),
    ),
  );

/**
 * Letters visible to their recipients: in a mailbox (the inbox listing reads these rows), or,
 * for paper post, handed to the print provider.
 */
const visibleCount = async (db: Database, printDir: string): Promise<number> => {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from mailbox.letters where direction = 'incoming'",
  );
  const printed = await readdir(printDir).catch(() => []);
  return row!.n + printed.length;
};

/**
 * When the last letter became visible, to within 100 ms. Each count reads every letter so far, so
 * while many are still to come it is asked for less often: after about a tenth of the time the
 * rest would take at the rate seen so far (at most a second).
 */
const untilVisible = async (db: Database, printDir: string, target: number): Promise<number> => {
  const started = performance.now();
  const first = await visibleCount(db, printDir);
  const deadline = started + 30 * 60_000;
  for (let visible = first; visible < target; visible = await visibleCount(db, printDir)) {
    if (performance.now() > deadline) throw new Error('the letters did not all become visible');
    const perMs = (visible - first) / (performance.now() - started);
    const restMs = perMs > 0 ? (target - visible) / perMs : Infinity;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(1_000, Math.max(100, restMs / 10))),
    );
  }
  return performance.now();
};

export interface MaximumFigures {
  letters: number;
  visiblePerSecond: number;
  handInPerSecond: number;
  peakRssMiB: number;
  /** Per consumer group, the most events it was behind: where the letters waited. */
  mostBehind: Record<string, number>;
}

/** Samples the consumers' lag while `work` runs: the largest backlog of each group. */
const backlogsDuring = async <T>(
  lagOf: () => Promise<ConsumerLag[]>,
  work: () => Promise<T>,
): Promise<[T, Record<string, number>]> => {
  const most: Record<string, number> = {};
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const { groupId, events } of await lagOf()) {
        most[groupId] = Math.max(most[groupId] ?? 0, events);
      }
      // Counting a backlog of 200,000 events reads it all (a tenth of the server's time when
      // asked every 2 s): every 5 s is enough to see the largest.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  })();
  try {
    return [await work(), most];
  } finally {
    sampling = false;
    await sampler;
  }
};

/**
 * The maximum: each authority hands in its batches one after another as fast as they are
 * answered, all four at once, until every letter is visible.
 */
export const measureMaximum = async (
  system: RunningSystem,
  db: Database,
  lagOf: () => Promise<ConsumerLag[]>,
  batches: PlannedBatch[],
): Promise<MaximumFigures> => {
  const tokens = await tokensOf(system);
  const letters = batches.reduce((sum, batch) => sum + batch.recipients.length, 0);
  const before = await visibleCount(db, system.printDir);
  const sending = () =>
    peakMemoryDuring(async () => {
      const started = performance.now();
      let handedIn = 0;
      const senders = AUTHORITIES.map(async (authorityId) => {
        for (const batch of batches.filter((b) => b.authorityId === authorityId)) {
          await submit(system, tokens.get(authorityId)!, written(batch));
        }
        handedIn = performance.now();
      });
      await Promise.all(senders);
      const visible = await untilVisible(db, system.printDir, before + letters);
      return {
        visiblePerSecond: letters / ((visible - started) / 1000),
        handInPerSecond: letters / ((handedIn - started) / 1000),
      };
    });
  const [[figures, peak], mostBehind] = await backlogsDuring(lagOf, sending);
  return { letters, ...figures, peakRssMiB: peak / 2 ** 20, mostBehind };
};

export interface SteadyFigures {
  offeredPerSecond: number;
  letters: number;
  sampled: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Latency at a steady offered load: batches go out on a fixed schedule (open loop), whatever the
 * system's answers, so a letter's time is its own and not a queue's behind a backlog. A letter's
 * latency runs from its batch's sending to its sight in a sample of mailboxes followed as viewing
 * clients follow them (server-sent events and /changes).
 */
export const measureSteady = async (
  system: RunningSystem,
  citizens: string[],
  perSecond: number,
  seconds: number,
): Promise<SteadyFigures> => {
  const count = Math.max(BATCH, Math.round((perSecond * seconds) / BATCH) * BATCH);
  const batches = sendingTo(citizens.slice(0, count).map((id) => ({ kind: 'cpr', id }))).map(
    written,
  );
  const watched = sampleOf(batches, 200);
  const visible = new Map<string, number>();
  const watchers = await Promise.all(
    [...watched.keys()].map(async (cpr) =>
      watchMailbox(system.gateway, `cpr:${cpr}`, await viewerTokens(system, cpr), (id, at) => {
        if (watched.get(cpr) === id && !visible.has(id)) visible.set(id, at);
      }),
    ),
  );
  try {
    await Promise.all(watchers.map((watcher) => watcher.ready));
    const sent = await sendOnSchedule(system, batches, perSecond);
    const deadline = performance.now() + 10 * 60_000;
    while (visible.size < watched.size && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latencies = [...visible].map(([id, at]) => at - sent.get(id)!);
    return {
      offeredPerSecond: perSecond,
      letters: count,
      sampled: latencies.length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    await Promise.all(watchers.map((watcher) => watcher.close()));
  }
};

/** Each watched citizen's one letter (cpr → message id), spread over every batch. */
const sampleOf = (batches: Batch[], size: number): Map<string, string> => {
  const all = batches.flatMap((batch) => batch.letters);
  const step = Math.max(1, Math.floor(all.length / size));
  const sample = new Map<string, string>();
  for (let n = 0; n < all.length && sample.size < size; n += step) {
    sample.set(all[n]!.recipient.id, all[n]!.messageUUID);
  }
  return sample;
};

/** Sends batch j at j·1000/rate seconds; returns each letter's sending time. */
const sendOnSchedule = async (
  system: RunningSystem,
  batches: Batch[],
  perSecond: number,
): Promise<Map<string, number>> => {
  const tokens = await tokensOf(system);
  const sent = new Map<string, number>();
  const started = performance.now();
  const requests = batches.map(async (batch, j) => {
    const due = started + (j * BATCH * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const at = performance.now();
    for (const one of batch.letters) sent.set(one.messageUUID, at);
    await submit(system, tokens.get(batch.authorityId)!, batch);
  });
  await Promise.all(requests);
  return sent;
};
