import { foldEvents } from '@digital-post/service-kit';
import { enrollmentDecider, type EnrollmentState } from '../enrollment/enrollmentDecider.ts';
import { enrollmentEventTypes, type EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';

/**
 * How post reaches a citizen or company, for those who route it: the enrollment service's own
 * fold of its events, so that routing and enrollment can never disagree on what an event means.
 * Routing reads the `enrollment-<id>` streams itself (in its consumer's transaction), because at
 * scale a read model could lag the letter being routed.
 */
export interface Reachability {
  channel: 'digital' | 'paper';
  reason: 'authority' | 'enrolled' | 'exempt' | 'not_enrolled';
}

type Enrollment = Pick<EnrollmentState, 'enrolled' | 'exemption'>;

/** Exemption first, then enrollment, at `at`. */
export const reachabilityOf = (state: Enrollment, at: string): Reachability => {
  const exemption = state.exemption;
  const exempt =
    exemption !== null &&
    (exemption.validUntil === null || Date.parse(at) < Date.parse(exemption.validUntil));
  if (exempt) return { channel: 'paper', reason: 'exempt' };
  return state.enrolled
    ? { channel: 'digital', reason: 'enrolled' }
    : { channel: 'paper', reason: 'not_enrolled' };
};

const known = new Set<string>(enrollmentEventTypes);

/**
 * The reachability an enrollment stream's events give, of any schema version (the fold reads
 * only fields every version has). Events of types this release does not know are skipped.
 */
export const reachabilityFromHistory = (
  events: readonly { type: string; data: unknown }[],
  at: string,
): Reachability => {
  const history = events.filter((event) => known.has(event.type)) as EnrollmentEvent[];
  return reachabilityOf(foldEvents(enrollmentDecider, history), at);
};
