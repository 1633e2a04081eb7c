import type { SqlExecutor, StoreBatch } from '@digital-post/event-store';
import { applyRulesWith } from './applyRules.ts';
import {
  decideHeldChangeWith,
  endExemptionWith,
  grantExemptionWith,
  reenrollWith,
} from './operatorCommands.ts';
import { recordRegisterEventWith } from './recordRegisterEvent.ts';
import { writerContext, type EnrollmentWriterDeps } from './writerContext.ts';

export type {
  ChangeCause,
  ChangeOutcome,
  EnrollmentWriterDeps,
  WriterContext,
} from './writerContext.ts';
export type { RegisterOutcome } from './recordRegisterEvent.ts';

/**
 * The service's one writer: every change to an enrollment goes through it. The pieces share a
 * context (writerContext.ts) and import nothing from here, so this file only puts them together.
 */
export const createEnrollmentWriter = (deps: EnrollmentWriterDeps) => {
  const ctx = writerContext(deps);
  const applyRules = applyRulesWith(ctx);
  return {
    /** A subject's facts and enrollment as `tx` sees them, for `applyRules`. */
    loadSubject: ctx.subjects.load,
    applyRules,
    recordRegisterEvent: recordRegisterEventWith(ctx, applyRules),
    /**
     * Runs a feed's chunk of work in `tx` as one batch of the store's (see BatchingStore), with
     * the breaker's counts kept for the chunk.
     */
    inChunk: <T>(tx: SqlExecutor, work: (batch: StoreBatch) => Promise<T>): Promise<T> =>
      deps.store.inBatch(tx, (batch) => ctx.breaker.inChunk(tx, () => work(batch))),
    grantExemption: grantExemptionWith(ctx),
    endExemption: endExemptionWith(ctx),
    reenroll: reenrollWith(ctx),
    decideHeldChange: decideHeldChangeWith(ctx),
  };
};

export type EnrollmentWriter = ReturnType<typeof createEnrollmentWriter>;
