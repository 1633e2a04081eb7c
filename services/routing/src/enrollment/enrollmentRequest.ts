import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorityIdSchema, enrollableSubjectSchema } from '../recipients/recipientSchemas.ts';
import type { EnrollmentCommand } from './enrollmentDecider.ts';
import {
  citizenCauses,
  citizenUnenrollReasons,
  companyCauses,
  companyUnenrollReasons,
  exemptionEndReasons,
} from './enrollmentEvents.ts';

/**
 * What an operator (or the seed file) asks of the enrollment stand-in. 'exemption_ended' is
 * not a cause anyone asks for: it follows from ending an exemption.
 */
const causesByKind = {
  cpr: citizenCauses.filter((cause) => cause !== 'exemption_ended'),
  cvr: companyCauses.filter((cause) => cause !== 'exemption_ended'),
};
const reasonsByKind = { cpr: citizenUnenrollReasons, cvr: companyUnenrollReasons };
const unique = <T extends string>(values: readonly T[]): [T, ...T[]] =>
  [...new Set(values)] as [T, ...T[]];

/** A case or journal number: a reference, never a description, so no personal data rides along. */
export const caseReferenceSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/,
    'a case reference is 1-64 of A-Z a-z 0-9 . _ : / -',
  );

const base = { subject: enrollableSubjectSchema, caseReference: caseReferenceSchema };

export const enrollmentRequestSchema = z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('enroll'),
      ...base,
      cause: z.enum(unique([...causesByKind.cpr, ...causesByKind.cvr])),
    }),
    z.strictObject({
      action: z.literal('unenroll'),
      ...base,
      reason: z.enum(unique([...reasonsByKind.cpr, ...reasonsByKind.cvr])),
    }),
    z.strictObject({
      action: z.literal('grant_exemption'),
      ...base,
      exemptionId: z.uuid().optional(),
      grantedBy: authorityIdSchema.describe('Id of the deciding authority'),
      validUntil: z.iso.datetime().nullable().optional(),
    }),
    z.strictObject({
      action: z.literal('end_exemption'),
      ...base,
      reason: z.enum(exemptionEndReasons),
    }),
  ])
  .superRefine((request, context) => {
    const allowed: readonly string[] | undefined =
      request.action === 'enroll'
        ? causesByKind[request.subject.kind]
        : request.action === 'unenroll'
          ? reasonsByKind[request.subject.kind]
          : undefined;
    const value = 'cause' in request ? request.cause : 'reason' in request ? request.reason : '';
    if (allowed && !allowed.includes(value)) {
      const path = ['cause' in request ? 'cause' : 'reason'];
      context.addIssue({
        code: 'custom',
        path,
        message: `does not apply to a ${request.subject.kind}`,
      });
    }
  });

export type EnrollmentRequest = z.infer<typeof enrollmentRequestSchema>;

/** The decider's command for a request, made at `at`. */
export const toEnrollmentCommand = (request: EnrollmentRequest, at: string): EnrollmentCommand => {
  const stamped = { subject: request.subject, caseReference: request.caseReference, at };
  switch (request.action) {
    case 'enroll':
      return { ...stamped, type: 'Enroll', cause: request.cause };
    case 'unenroll':
      return { ...stamped, type: 'Unenroll', reason: request.reason };
    case 'grant_exemption':
      return {
        ...stamped,
        type: 'GrantExemption',
        exemptionId: request.exemptionId ?? randomUUID(),
        grantedBy: request.grantedBy,
        validUntil: request.validUntil ?? null,
      };
    case 'end_exemption':
      return { ...stamped, type: 'EndExemption', reason: request.reason };
  }
};
