import { z } from 'zod';
import { cprSchema, cvrSchema } from '../identifiers.ts';
import { definePort } from './port.ts';

const subject = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
  z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
]);
import type { Subject } from './reachability.ts';

/**
 * What a citizen or company sees of their own enrollment through the viewing clients: how post
 * reaches them now, and every change with when, why and by which rules.
 */
export interface EnrollmentStatus {
  mailboxId: string;
  channel: 'digital' | 'paper';
  reason: string;
  enrolled: boolean;
  exempt: boolean;
}

export interface EnrollmentHistoryEntry {
  at: string;
  change: string;
  cause: string | null;
  firstEnrollment: boolean | null;
  trigger: string;
  ruleVersion: string | null;
  caseReference: string | null;
}

export interface MyEnrollmentPort {
  /** How post reaches the subject now, and every change, oldest first: from one read. */
  enrollmentOf(subject: Subject): Promise<EnrollmentStatus & { history: EnrollmentHistoryEntry[] }>;
}

export const myEnrollmentPort = definePort<MyEnrollmentPort>({
  name: 'my-enrollment',
  calls: ['enrollmentOf'],
  streams: [],
  errors: [],
  args: { enrollmentOf: z.tuple([subject]) },
});
