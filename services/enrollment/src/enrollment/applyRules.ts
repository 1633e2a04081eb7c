import type { SqlExecutor } from '@digital-post/event-store';
import { foldEvents } from '@digital-post/service-kit';
import { registerFactsDecider, type RegisterFactEvent } from '../registers/registerFacts.ts';
import { changeFor } from './enrollmentDecider.ts';
import { saveSubject, type SubjectRecord } from './subjectRecord.ts';
import {
  outcomeOf,
  type ChangeCause,
  type ChangeOutcome,
  type WriterContext,
} from './writerContext.ts';

/** Brings a subject's enrollment in line with the rules, after recording `newFacts`. */
export const applyRulesWith =
  (ctx: WriterContext) =>
  async (
    tx: SqlExecutor,
    record: SubjectRecord,
    cause: ChangeCause,
    newFacts: readonly RegisterFactEvent[] = [],
  ): Promise<{ record: SubjectRecord; outcome: ChangeOutcome }> => {
    const facts = foldEvents(registerFactsDecider(record.subject.kind), newFacts, record.facts);
    const verdict = ctx.verdictNow(record, facts);
    const proposed = changeFor(record.state, verdict);
    const hold = proposed ? await ctx.holdIfTripped(tx, proposed.change, cause) : null;
    const basis = ctx.basisOf(cause);
    const subject = record.subject;
    const events = ctx.decide(record, { type: 'ApplyVerdict', subject, verdict, basis, hold });
    const saved = await saveSubject(ctx.store, tx, record, newFacts, events);
    return { record: saved, outcome: outcomeOf(hold, events.length > 0) };
  };

export type ApplyRules = ReturnType<typeof applyRulesWith>;
