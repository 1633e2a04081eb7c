import { z } from 'zod';
import { cprSchema, cvrSchema } from '../identifiers.ts';
import { instantSchema } from '../time.ts';
import { definePort } from './port.ts';
import type { Subject } from './reachability.ts';

/**
 * "What would enrollment's rules say of this person or company then, from the registers' facts
 * as they stood?" The enrollment service's answer for reconstructing an enrollment incident
 * (August 2023): its rules in force decide again from the subject's register facts and its
 * exemption as the log held them before a recorded change (`before`, a global position), on the
 * day of the change (`at`). Asked in batches.
 */
export interface EnrollmentRedecisionPort {
  redecide(changes: EnrollmentRedecisionRequest[]): Promise<EnrollmentRedecision[]>;
}

export interface EnrollmentRedecisionRequest {
  subject: Subject;
  /** The moment of the recorded change: its day is the rules' today. */
  at: string;
  /** The recorded change's global position: only events before it are facts. */
  before: number;
}

/**
 * `either`: the rules neither enroll nor unenroll (a citizen abroad, someone the registers never
 * reported); `why` is the rules' cause or reason, or `exempt`.
 */
export interface EnrollmentRedecision {
  subject: Subject;
  ruleVersion: string;
  should: 'enrolled' | 'not_enrolled' | 'either';
  why: string;
}

/** At most this many changes a call; the caller pages. */
export const ENROLLMENT_REDECISION_BATCH = 1_000;

const requestSchema = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
    z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
  ]),
  at: instantSchema,
  before: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const enrollmentRedecisionPort = definePort<EnrollmentRedecisionPort>({
  name: 'enrollmentRedecision',
  calls: ['redecide'],
  streams: [],
  errors: [],
  args: { redecide: z.tuple([z.array(requestSchema).max(ENROLLMENT_REDECISION_BATCH)]) },
});
