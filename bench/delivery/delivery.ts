import { viewerTokens } from './client.ts';
import { batchesFor, submitBatches } from './sending.ts';
import type { RunningSystem } from './system.ts';
import { watchMailbox } from './visibility.ts';

export interface DeliveryFigures {
  letters: number;
  lettersPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** How long handing in took alone, to tell the sender API's share from the rest. */
  submitLettersPerSecond: number;
}

// Far beyond any expected run; a letter that never shows up fails the run instead of hanging it.
const VISIBLE_TIMEOUT_MS = 180_000;

/**
 * Hands in `count` letters to `cprs` in batches of `batchSize` while following every recipient's
 * mailbox, and times each letter from its batch's submission to its first sight in the mailbox.
 */
export const measureDelivery = async (
  system: RunningSystem,
  cprs: string[],
  count: number,
  batchSize: number,
): Promise<DeliveryFigures> => {
  const batches = batchesFor(cprs, count, batchSize);
  const expected = new Set<string>(batches.flat().map((letter) => letter.messageUUID));
  const visible = new Map<string, number>();
  let allVisible: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allVisible = resolve));
  const watchers = await Promise.all(
    cprs.map(async (cpr) =>
      watchMailbox(system.gateway, `cpr:${cpr}`, await viewerTokens(system, cpr), (id, at) => {
        if (!expected.has(id) || visible.has(id)) return;
        visible.set(id, at);
        if (visible.size === expected.size) allVisible();
      }),
    ),
  );
  try {
    await Promise.all(watchers.map((watcher) => watcher.ready));
    const started = performance.now();
    const submitted = await submitBatches(system, batches);
    const submitSeconds = (performance.now() - started) / 1000;
    await withTimeout(done, VISIBLE_TIMEOUT_MS, () => `${visible.size} of ${count} visible`);
    const latencies = [...visible].map(([id, at]) => at - submitted.get(id)!);
    const lastVisible = Math.max(...visible.values());
    return {
      letters: visible.size,
      lettersPerSecond: visible.size / ((lastVisible - started) / 1000),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      submitLettersPerSecond: count / submitSeconds,
    };
  } finally {
    await Promise.all(watchers.map((watcher) => watcher.close()));
  }
};

/** Nearest rank: the smallest latency that at least `share` of the letters had. */
export const percentile = (values: number[], share: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? NaN;
};

const withTimeout = async (
  promise: Promise<void>,
  ms: number,
  detail: () => string,
): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${detail()}`)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
