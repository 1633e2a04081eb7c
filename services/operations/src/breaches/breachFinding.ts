import type {
  BreachFound,
  EnrollmentRedecisionPort,
  RedecisionPort,
} from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import {
  reconstructEnrollment,
  type EnrollmentIncident,
} from '../incidents/enrollment/reconstructEnrollment.ts';
import {
  reconstructRouting,
  type RoutingIncident,
} from '../incidents/routing/reconstructRouting.ts';
import type { PositionRange } from '../replay/replayLog.ts';

/** The reconstruction a breach was found by, over its fixed positions. */
export type BreachIncident =
  | { kind: 'routing'; incident: RoutingIncident }
  | { kind: 'enrollment'; incident: EnrollmentIncident };

export interface Reconstructions {
  db: Database;
  redecision: Pick<RedecisionPort, 'redecide'>;
  enrollmentRedecision: EnrollmentRedecisionPort;
}

/** The breach's reconstruction again, over the same positions: the same letters and people. */
export const incidentOf = async (
  deps: Reconstructions,
  kind: BreachFound['kind'],
  range: PositionRange,
): Promise<BreachIncident> => {
  const window = { from: { position: range.after }, to: { position: range.last } };
  return kind === 'routing'
    ? { kind, incident: await reconstructRouting(deps.db, deps.redecision, window) }
    : { kind, incident: await reconstructEnrollment(deps.db, deps.enrollmentRedecision, window) };
};

export interface FindingFields {
  breachId: string;
  caseReference: string;
  operator: string;
  foundAt: string;
  range: PositionRange;
}

const sortedTimes = (times: string[]) => [...times].sort();

const routingCounts = (incident: RoutingIncident) => {
  const times = sortedTimes(incident.misrouted.map((letter) => letter.recorded.decidedAt));
  return {
    began: times[0] ?? null,
    ended: times.at(-1) ?? null,
    letters: incident.misrouted.length,
    misdelivered: incident.misrouted.filter((letter) => letter.wrongRecipient !== null).length,
    opened: incident.misrouted.filter((letter) => letter.opened.length > 0).length,
    senders: incident.bySender.length,
    wrongRecipients: incident.byWrongRecipient.length,
    releases: [
      ...new Set(incident.misrouted.map((letter) => letter.recorded.release ?? 'unknown')),
    ].sort(),
    people: 0,
    welcomeLetters: 0,
  };
};

const enrollmentCounts = (incident: EnrollmentIncident) => {
  const { wrong } = incident;
  const times = sortedTimes(wrong.map((change) => change.recorded.at));
  const enrolled = wrong.filter((change) => change.recorded.change === 'enrolled');
  return {
    began: times[0] ?? null,
    ended: times.at(-1) ?? null,
    letters: wrong.reduce((sum, change) => sum + change.letters.length, 0),
    misdelivered: enrolled.reduce((sum, change) => sum + change.letters.length, 0),
    opened: 0,
    senders: incident.byAuthority.length,
    wrongRecipients: new Set(enrolled.map((change) => change.recorded.mailboxId)).size,
    releases: [...new Set(wrong.map((change) => change.recorded.ruleVersion ?? 'unknown'))].sort(),
    people: new Set(wrong.map((change) => change.recorded.mailboxId)).size,
    welcomeLetters: incident.welcomeLetters.length,
  };
};

/** What a breach records of its reconstruction: counts and positions, never letters or people. */
export const foundOf = (found: BreachIncident, fields: FindingFields): BreachFound => ({
  breachId: fields.breachId,
  kind: found.kind,
  afterPosition: fields.range.after,
  throughPosition: fields.range.last,
  ...(found.kind === 'routing' ? routingCounts(found.incident) : enrollmentCounts(found.incident)),
  caseReference: fields.caseReference,
  foundBy: fields.operator,
  foundAt: new Date(fields.foundAt).toISOString(),
});
