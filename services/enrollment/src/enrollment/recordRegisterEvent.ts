import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@digital-post/event-store';
import { DomainRuleError } from '@digital-post/service-kit';
import { registerDateOf, type RegisterEvent } from '../registerFeed/registerEvent.ts';
import type { Subject } from '../subjects/subject.ts';
import type { ApplyRules } from './applyRules.ts';
import { seenOneByOne, type SeenRegisterEvents } from './seenRegisterEvents.ts';
import type { ChangeCause, ChangeOutcome, WriterContext } from './writerContext.ts';

export type RegisterOutcome =
  { outcome: ChangeOutcome | 'duplicate' } | { outcome: 'rejected'; rule: string; detail: string };

export const subjectOfRegisterEvent = (event: RegisterEvent): Subject =>
  'cpr' in event ? { kind: 'cpr', id: event.cpr } : { kind: 'cvr', id: event.cvr };

/** A digest of the event's content, whatever the order of its keys. */
const digestOf = (event: RegisterEvent): string =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(event).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex');

/** A register event that contradicts what the register said before: anything else is thrown. */
const brokenRule = (error: unknown): DomainRuleError => {
  if (error instanceof DomainRuleError) return error;
  throw error;
};

/**
 * Records a register event and applies the rules to what it changed. A replay of the same
 * event is a duplicate and changes nothing; an event that contradicts what the register said
 * before (an unknown person, a death in the future) is rejected and writes no facts. `seen`
 * says which events were recorded before (a feed's chunk looks them up at once).
 */
export const recordRegisterEventWith =
  (ctx: WriterContext, applyRules: ApplyRules) =>
  async (
    tx: SqlExecutor,
    event: RegisterEvent,
    batchId: string,
    seen: SeenRegisterEvents = seenOneByOne(tx),
  ): Promise<RegisterOutcome> => {
    const { subjects, now } = ctx;
    const digest = digestOf(event);
    const seenDigest = await seen.digestOf(event.id);
    if (seenDigest !== undefined) {
      return seenDigest === digest
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
      await seen.mark(event.id, digest, batchId, 'rejected');
      return { outcome: 'rejected', rule: recorded.rule, detail: recorded.message };
    }
    const cause: ChangeCause = {
      trigger: 'register_event',
      triggerId: event.id,
      caseReference: null,
      group: `batch:${batchId}`,
    };
    const { outcome } = await applyRules(tx, recorded.record, cause);
    await seen.mark(event.id, digest, batchId, outcome);
    return { outcome };
  };
