import { randomUUID } from 'node:crypto';
import type { EventStore, SqlExecutor } from '@digital-post/event-store';
import { foldEvents } from '@digital-post/service-kit';
import { breakerKeysOf, type MassChangeBreaker } from '../breaker/massChangeBreaker.ts';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import { registerFactsDecider, type RegisterFactEvent } from '../registers/registerFacts.ts';
import { verdictFor, type EnrollmentRules } from '../rules/rules.ts';
import {
  changeFor,
  enrollmentDecider,
  type EnrollmentCommand,
  type Hold,
} from './enrollmentDecider.ts';
import type { DecisionBasis, Trigger } from './enrollmentEvents.ts';
import {
  decideHeldChangeWith,
  endExemptionWith,
  grantExemptionWith,
  reenrollWith,
} from './operatorCommands.ts';
import { recordRegisterEventWith } from './recordRegisterEvent.ts';
import { saveSubject, type SubjectRecord } from './subjectRecord.ts';

/**
 * What set a change off, as the breaker counts it and the events record it. `group` names the
 * cause beyond the rule version: the register batch, the operator command, the daily run.
 */
export interface ChangeCause {
  trigger: Trigger;
  triggerId: string | null;
  caseReference: string | null;
  group: string;
}

export interface EnrollmentWriterDeps {
  store: Pick<EventStore, 'append' | 'readStream'>;
  breaker: MassChangeBreaker;
  rules: EnrollmentRules;
  now: () => Date;
}

export type ChangeOutcome = 'changed' | 'held' | 'unchanged';

/** What every write of the service shares: the store, the breaker, the rules and the clock. */
export const writerContext = (deps: EnrollmentWriterDeps) => {
  const { rules, now, breaker } = deps;
  return {
    ...deps,
    basisOf: (cause: ChangeCause): DecisionBasis => ({
      at: now().toISOString(),
      trigger: cause.trigger,
      triggerId: cause.triggerId,
      ruleVersion: rules.version,
      caseReference: cause.caseReference,
    }),
    decide: (record: SubjectRecord, command: EnrollmentCommand) =>
      enrollmentDecider.decide(command, record.state),
    verdictNow: (record: SubjectRecord, facts = record.facts) =>
      verdictFor(rules, record.subject, facts, registerDateOf(now())),
    /** Counts the change under its causes; a hold when one of them has tripped. */
    holdIfTripped: async (
      tx: SqlExecutor,
      change: 'enroll' | 'unenroll',
      cause: ChangeCause,
    ): Promise<Hold | null> => {
      const admission = await breaker.admit(tx, breakerKeysOf(change, rules.version, cause.group));
      return admission.held ? { pendingId: randomUUID(), breakerKey: admission.breakerKey } : null;
    },
  };
};

export type WriterContext = ReturnType<typeof writerContext>;

export type { RegisterOutcome } from './recordRegisterEvent.ts';

export const outcomeOf = (hold: Hold | null, changed: boolean): ChangeOutcome =>
  !changed ? 'unchanged' : hold ? 'held' : 'changed';

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

export const createEnrollmentWriter = (deps: EnrollmentWriterDeps) => {
  const ctx = writerContext(deps);
  const applyRules = applyRulesWith(ctx);
  return {
    applyRules,
    recordRegisterEvent: recordRegisterEventWith(ctx, applyRules),
    grantExemption: grantExemptionWith(ctx),
    endExemption: endExemptionWith(ctx),
    reenroll: reenrollWith(ctx),
    decideHeldChange: decideHeldChangeWith(ctx),
  };
};

export type EnrollmentWriter = ReturnType<typeof createEnrollmentWriter>;
