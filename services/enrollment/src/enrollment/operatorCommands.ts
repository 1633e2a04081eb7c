import type { SqlExecutor } from '@digital-post/event-store';
import type { Subject } from '../subjects/subject.ts';
import { enrollmentDecider, type EnrollmentCommand } from './enrollmentDecider.ts';
import type { ExemptionEndReason, ExemptionTerms } from './enrollmentEvents.ts';
import type { SubjectRecord } from './subjectRecord.ts';
import {
  outcomeOf,
  type ChangeCause,
  type ChangeOutcome,
  type WriterContext,
} from './writerContext.ts';

/** fritagelse: paper post instead of Digital Post, until the exemption is ended. */
export const grantExemptionWith =
  (ctx: WriterContext) =>
  async (
    tx: SqlExecutor,
    subject: Subject,
    terms: ExemptionTerms,
    cause: ChangeCause,
  ): Promise<SubjectRecord> => {
    const { subjects, basisOf } = ctx;
    const record = await subjects.load(tx, subject);
    const basis = basisOf(cause);
    const command = { type: 'GrantExemption' as const, subject, terms, basis };
    return (await subjects.decide(tx, record, command)).record;
  };

/** Ends an exemption; enrollment resumes if the rules say so. */
export const endExemptionWith =
  (ctx: WriterContext) =>
  async (
    tx: SqlExecutor,
    subject: Subject,
    reason: ExemptionEndReason,
    cause: ChangeCause,
  ): Promise<SubjectRecord> => {
    const { subjects, basisOf, verdictNow } = ctx;
    const record = await subjects.load(tx, subject);
    const basis = basisOf(cause);
    const verdict = verdictNow(record);
    const command = { type: 'EndExemption' as const, subject, reason, verdict, basis };
    return (await subjects.decide(tx, record, command)).record;
  };

/** Remediation: restores an enrollment ended in error; no welcome letter. */
export const reenrollWith =
  (ctx: WriterContext) =>
  async (tx: SqlExecutor, subject: Subject, cause: ChangeCause): Promise<ChangeOutcome> => {
    const { subjects, basisOf, verdictNow, holdIfTripped } = ctx;
    const record = await subjects.load(tx, subject);
    const verdict = verdictNow(record);
    const command = { type: 'Reenroll' as const, subject, verdict, basis: basisOf(cause) };
    // Refused first (already enrolled, exempt, never enrolled, the rules say no), so that a
    // refusal is never counted against the breaker as a change.
    enrollmentDecider.decide({ ...command, hold: null }, record.state);
    const hold = await holdIfTripped(tx, 'enroll', cause);
    const { events } = await subjects.decide(tx, record, { ...command, hold });
    return outcomeOf(hold, events.length > 0);
  };

/** An operator's decision on a held change; closes the trip when its last one is decided. */
export const decideHeldChangeWith =
  (ctx: WriterContext) =>
  async (
    tx: SqlExecutor,
    subject: Subject,
    pendingId: string,
    decision: 'approve' | 'reject',
    decidedBy: string,
    caseReference: string | null,
  ): Promise<void> => {
    const { subjects, basisOf, verdictNow, breaker } = ctx;
    const record = await subjects.load(tx, subject);
    const breakerKey = record.state.held[pendingId]?.breakerKey;
    const basis = basisOf({
      trigger: 'operator_command',
      triggerId: pendingId,
      caseReference,
      group: '',
    });
    const command: EnrollmentCommand = {
      type: 'DecideHeldChange',
      subject,
      pendingId,
      decision,
      decidedBy,
      verdict: verdictNow(record),
      basis,
    };
    await subjects.decide(tx, record, command);
    if (!breakerKey) return;
    const [open] = await tx.query(
      `select 1 from enrollment.held_changes where breaker_key = $1 and status = 'open' limit 1`,
      [breakerKey],
    );
    if (!open) await breaker.reset(tx, breakerKey);
  };
