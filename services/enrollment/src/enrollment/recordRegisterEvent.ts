import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@digital-post/event-store';
import { DomainRuleError } from '@digital-post/service-kit';
import { registerDateOf, type RegisterEvent } from '../registerFeed/registerEvent.ts';
import type { Subject } from '../subjects/subject.ts';
import type { ApplyRules } from './applyRules.ts';
import type { ChangeCause, ChangeOutcome, WriterContext } from './writerContext.ts';

export type RegisterOutcome =
  { outcome: ChangeOutcome | 'duplicate' } | { outcome: 'rejected'; rule: string; detail: string };

const subjectOfRegisterEvent = (event: RegisterEvent): Subject =>
  'cpr' in event ? { kind: 'cpr', id: event.cpr } : { kind: 'cvr', id: event.cvr };

/** A digest of the event's content, whatever the order of its keys. */
const digestOf = (event: RegisterEvent): string =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(event).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex');

const markSeen = (tx: SqlExecutor, id: string, digest: string, batchId: string, outcome: string) =>
  tx.query(
    `insert into enrollment.register_events_seen (register_event_id, digest, batch_id, outcome)
     values ($1, $2, $3, $4)`,
    [id, digest, batchId, outcome],
  );

/** A register event that contradicts what the register said before: anything else is thrown. */
const brokenRule = (error: unknown): DomainRuleError => {
  if (error instanceof DomainRuleError) return error;
  throw error;
};

/**
 * Records a register event and applies the rules to what it changed. A replay of the same
 * event is a duplicate and changes nothing; an event that contradicts what the register said
 * before (an unknown person, a death in the future) is rejected and writes no facts.
 */
export const recordRegisterEventWith =
  (ctx: WriterContext, applyRules: ApplyRules) =>
  async (tx: SqlExecutor, event: RegisterEvent, batchId: string): Promise<RegisterOutcome> => {
    const { subjects, now } = ctx;
    const digest = digestOf(event);
    const [seen] = await tx.query<{ digest: string }>(
      `select digest from enrollment.register_events_seen where register_event_id = $1`,
      [event.id],
    );
    if (seen) {
      return seen.digest === digest
        ? { outcome: 'duplicate' }
        : {
            outcome: 'rejected',
            rule: 'conflicting-duplicate',
            detail: `Register event ${event.id} was received before with other content.`,
          };
    }
    const record = await subjects.load(tx, subjectOfRegisterEvent(event));
    const command = { event, at: now().toISOString(), today: registerDateOf(now()) };
    const recorded = await subjects.recordFacts(tx, record, command).catch(brokenRule);
    if (recorded instanceof DomainRuleError) {
      await markSeen(tx, event.id, digest, batchId, 'rejected');
      return { outcome: 'rejected', rule: recorded.rule, detail: recorded.message };
    }
    const cause: ChangeCause = {
      trigger: 'register_event',
      triggerId: event.id,
      caseReference: null,
      group: `batch:${batchId}`,
    };
    const { outcome } = await applyRules(tx, recorded.record, cause);
    await markSeen(tx, event.id, digest, batchId, outcome);
    return { outcome };
  };
