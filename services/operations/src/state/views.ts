import {
  evolveStanding,
  initialStanding,
  reachabilityOf,
  type Standing,
} from '@digital-post/contracts';
import type { RecordedEvent } from '@digital-post/event-store';

/**
 * What a stream's published events say at a moment, folded here from the contracts: a person's
 * or company's enrollment by the rule every service reads it with, a mailbox's forwarding rules,
 * and for any other stream its last event of each type. The services' own state stays theirs;
 * this is the operator's view of the record.
 */
export type StreamView =
  | {
      kind: 'enrollment';
      standing: Standing;
      reachability: ReturnType<typeof reachabilityOf>;
      lastChange: Change | null;
    }
  | { kind: 'forwarding'; rules: RuleView[] }
  | { kind: 'events'; latest: Record<string, unknown> };

interface Change {
  type: string;
  position: number;
  recordedAt: string;
  /** Why, as the decision recorded it (cause or reason, rule version, trigger). */
  because: Record<string, unknown>;
}

interface RuleView {
  ruleId: string;
  ruleVersion: number;
  targetMailboxId: string;
  active: boolean;
  since: string;
}

const STANDING_CHANGES = new Set([
  'CitizenEnrolled',
  'CitizenUnenrolled',
  'CompanyEnrolled',
  'CompanyUnenrolled',
  'ExemptionGranted',
  'ExemptionEnded',
  'CompanyExemptionGranted',
  'CompanyExemptionEnded',
]);

const WHY = ['cause', 'reason', 'ruleVersion', 'trigger', 'triggerId', 'caseReference'];

const enrollmentView = (events: readonly RecordedEvent[], at: string): StreamView => {
  const standing = events.reduce(evolveStanding, initialStanding());
  const last = events.filter((event) => STANDING_CHANGES.has(event.type)).at(-1);
  const data = (last?.data ?? {}) as Record<string, unknown>;
  return {
    kind: 'enrollment',
    standing,
    reachability: reachabilityOf(standing, at),
    lastChange: last
      ? {
          type: last.type,
          position: last.globalPosition,
          recordedAt: last.recordedAt.toISOString(),
          because: Object.fromEntries(
            WHY.filter((key) => key in data).map((key) => [key, data[key]]),
          ),
        }
      : null,
  };
};

const forwardingView = (events: readonly RecordedEvent[]): StreamView => {
  const rules = new Map<string, RuleView>();
  for (const event of events) {
    const data = event.data as {
      ruleId: string;
      ruleVersion: number;
      targetMailboxId: string;
      addedAt?: string;
      removedAt?: string;
    };
    if (event.type === 'ForwardingRuleAdded') {
      rules.set(data.ruleId, {
        ruleId: data.ruleId,
        ruleVersion: data.ruleVersion,
        targetMailboxId: data.targetMailboxId,
        active: true,
        since: data.addedAt ?? '',
      });
    } else if (event.type === 'ForwardingRuleRemoved') {
      const rule = rules.get(data.ruleId);
      if (rule) rules.set(data.ruleId, { ...rule, active: false, since: data.removedAt ?? '' });
    }
  }
  return { kind: 'forwarding', rules: [...rules.values()] };
};

const eventsView = (events: readonly RecordedEvent[]): StreamView => ({
  kind: 'events',
  latest: Object.fromEntries(events.map((event) => [event.type, event.data])),
});

/** The view of a stream by its category, from its events up to the moment `at`. */
export const viewOf = (
  streamId: string,
  events: readonly RecordedEvent[],
  at: string,
): StreamView => {
  const category = streamId.slice(0, streamId.indexOf('-'));
  if (category === 'enrollment') return enrollmentView(events, at);
  if (category === 'forwarding') return forwardingView(events);
  return eventsView(events);
};
