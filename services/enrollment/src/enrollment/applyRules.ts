import type { SqlExecutor } from '@digital-post/event-store';
import { changeFor } from './enrollmentDecider.ts';
import type { SubjectRecord } from './subjectRecord.ts';
import {
  outcomeOf,
  type ChangeCause,
  type ChangeOutcome,
  type WriterContext,
} from './writerContext.ts';

/** Brings a subject's enrollment in line with the rules. */
export const applyRulesWith =
  (ctx: WriterContext) =>
  async (
    tx: SqlExecutor,
    record: SubjectRecord,
    cause: ChangeCause,
  ): Promise<{ record: SubjectRecord; outcome: ChangeOutcome }> => {
    // The breaker counts the change the loaded state and the facts call for before the decider
    // decides it, so the command carries the hold; the handler then checks the loaded version.
    const verdict = ctx.verdictNow(record);
    const proposed = changeFor(record.state, verdict);
    const hold = proposed ? await ctx.holdIfTripped(tx, proposed.change, cause) : null;
    const basis = ctx.basisOf(cause);
    const subject = record.subject;
    const command = { type: 'ApplyVerdict' as const, subject, verdict, basis, hold };
    const saved = await ctx.subjects.decide(tx, record, command);
    return { record: saved.record, outcome: outcomeOf(hold, saved.events.length > 0) };
  };

export type ApplyRules = ReturnType<typeof applyRulesWith>;
