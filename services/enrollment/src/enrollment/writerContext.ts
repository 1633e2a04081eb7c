import { randomUUID } from 'node:crypto';
import type { BatchingStore, EventStore, SqlExecutor } from '@digital-post/event-store';
import { breakerKeysOf, type MassChangeBreaker } from '../breaker/massChangeBreaker.ts';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import { verdictFor, type EnrollmentRules } from '../rules/rules.ts';
import type { Hold } from './enrollmentDecider.ts';
import type { DecisionBasis, Trigger } from './enrollmentEvents.ts';
import { subjectStreams, type SubjectRecord } from './subjectRecord.ts';

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
  /** With batches: a chunk of register events reads and writes its subjects' streams at once. */
  store: Pick<EventStore, 'append' | 'readStream'> & Pick<BatchingStore, 'inBatch'>;
  breaker: MassChangeBreaker;
  rules: EnrollmentRules;
  now: () => Date;
}

export type ChangeOutcome = 'changed' | 'held' | 'unchanged';

/**
 * What every write of the service shares: the subjects' streams (with their command handlers,
 * created here once), the breaker, the rules and the clock.
 */
export const writerContext = (deps: EnrollmentWriterDeps) => {
  const { rules, now, breaker } = deps;
  return {
    ...deps,
    subjects: subjectStreams(deps.store),
    basisOf: (cause: ChangeCause): DecisionBasis => ({
      at: now().toISOString(),
      trigger: cause.trigger,
      triggerId: cause.triggerId,
      ruleVersion: rules.version,
      caseReference: cause.caseReference,
    }),
    verdictNow: (record: SubjectRecord) =>
      verdictFor(rules, record.subject, record.facts, registerDateOf(now())),
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

export const outcomeOf = (hold: Hold | null, changed: boolean): ChangeOutcome =>
  !changed ? 'unchanged' : hold ? 'held' : 'changed';
