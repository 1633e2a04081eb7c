import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import type { AvroField, AvroRecordSchema } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * Enrollment ("tilmelding") and exemption ("fritagelse", the right to paper
 * post instead). Citizens are identified by CPR; names and contact details stay
 * in the enrollment service.
 */

export const citizenEnrolledV1Schema = {
  type: 'record',
  name: 'CitizenEnrolled',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'mailboxId', type: 'string' },
    { name: 'cpr', type: 'string' },
    {
      name: 'cause',
      type: {
        type: 'enum',
        name: 'EnrollmentCause',
        symbols: ['reached_age_15', 'exemption_ended', 'moved_to_denmark', 'correction'],
      },
      doc: 'correction: restores an enrollment that was ended in error.',
    },
    {
      name: 'firstEnrollment',
      type: 'boolean',
      // In August 2023 about 36,000 re-enrolled users got the welcome letter again.
      doc: 'True only for the first enrollment ever: the one trigger of the physical welcome letter.',
    },
    { name: 'enrolledAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const citizenEnrolledV1 = defineEvent({
  type: 'CitizenEnrolled',
  version: 1,
  description: 'A citizen now receives Digital Post.',
  schema: citizenEnrolledV1Schema,
});

export const citizenUnenrolledV1Schema = {
  type: 'record',
  name: 'CitizenUnenrolled',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'mailboxId', type: 'string' },
    { name: 'cpr', type: 'string' },
    {
      name: 'reason',
      // Changing contact details is deliberately not a reason: in August 2023
      // confirming them unenrolled about 118,000 users.
      type: {
        type: 'enum',
        name: 'UnenrollmentReason',
        symbols: ['exempted', 'deceased', 'emigrated', 'moved_to_greenland', 'correction'],
      },
      doc: 'correction: ends an enrollment made in error.',
    },
    { name: 'unenrolledAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const citizenUnenrolledV1 = defineEvent({
  type: 'CitizenUnenrolled',
  version: 1,
  description: 'A citizen no longer receives Digital Post.',
  schema: citizenUnenrolledV1Schema,
});

export const exemptionGrantedV1Schema = {
  type: 'record',
  name: 'ExemptionGranted',
  namespace: namespaces.enrollment,
  // The ground of the exemption is not carried: it can be health data.
  fields: [
    { name: 'exemptionId', type: 'string' },
    { name: 'cpr', type: 'string' },
    { name: 'grantedBy', type: 'string', doc: 'Id of the deciding authority.' },
    { name: 'validUntil', type: ['null', isoTimestampSchema], default: null },
    { name: 'grantedAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const exemptionGrantedV1 = defineEvent({
  type: 'ExemptionGranted',
  version: 1,
  description: 'An authority exempted a citizen from Digital Post; paper post follows.',
  schema: exemptionGrantedV1Schema,
});

const exemptionEndReasonSchema = {
  type: 'enum',
  name: 'ExemptionEndReason',
  symbols: ['withdrawn_by_citizen', 'expired', 'revoked_by_authority'],
} as const;

export const exemptionEndedV1Schema = {
  type: 'record',
  name: 'ExemptionEnded',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'exemptionId', type: 'string' },
    { name: 'cpr', type: 'string' },
    { name: 'reason', type: exemptionEndReasonSchema },
    { name: 'endedAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const exemptionEndedV1 = defineEvent({
  type: 'ExemptionEnded',
  version: 1,
  description: 'An exemption no longer applies.',
  schema: exemptionEndedV1Schema,
});

export type CitizenEnrolledV1 = EventData<typeof citizenEnrolledV1>;
export type CitizenUnenrolledV1 = EventData<typeof citizenUnenrolledV1>;
export type ExemptionGrantedV1 = EventData<typeof exemptionGrantedV1>;
export type ExemptionEndedV1 = EventData<typeof exemptionEndedV1>;

/**
 * The case (journal number) behind a change, so that a change made in error
 * can be traced to its case and every change of one case found. A reference,
 * never a description: free text is where personal data slips in.
 */
const caseReferenceField = {
  name: 'caseReference',
  type: ['null', 'string'],
  default: null,
  doc: 'Case or journal reference of the decision; null for automatic changes.',
} as const satisfies AvroField;

export const citizenEnrolledV2Schema = {
  ...citizenEnrolledV1Schema,
  fields: [...citizenEnrolledV1Schema.fields, caseReferenceField],
} as const satisfies AvroRecordSchema;

export const citizenEnrolledV2 = defineEvent({
  type: 'CitizenEnrolled',
  version: 2,
  description: 'A citizen now receives Digital Post; records the case behind the change.',
  // Version 1 plus the case reference, which has a default.
  schema: citizenEnrolledV2Schema,
});

export const citizenUnenrolledV2Schema = {
  ...citizenUnenrolledV1Schema,
  fields: [...citizenUnenrolledV1Schema.fields, caseReferenceField],
} as const satisfies AvroRecordSchema;

export const citizenUnenrolledV2 = defineEvent({
  type: 'CitizenUnenrolled',
  version: 2,
  description: 'A citizen no longer receives Digital Post; records the case behind the change.',
  // Version 1 plus the case reference, which has a default.
  schema: citizenUnenrolledV2Schema,
});

export const exemptionGrantedV2Schema = {
  ...exemptionGrantedV1Schema,
  fields: [...exemptionGrantedV1Schema.fields, caseReferenceField],
} as const satisfies AvroRecordSchema;

export const exemptionGrantedV2 = defineEvent({
  type: 'ExemptionGranted',
  version: 2,
  description: 'An authority exempted a citizen from Digital Post; records the case.',
  // Version 1 plus the case reference, which has a default.
  schema: exemptionGrantedV2Schema,
});

export const exemptionEndedV2Schema = {
  ...exemptionEndedV1Schema,
  fields: [...exemptionEndedV1Schema.fields, caseReferenceField],
} as const satisfies AvroRecordSchema;

export const exemptionEndedV2 = defineEvent({
  type: 'ExemptionEnded',
  version: 2,
  description: 'An exemption no longer applies; records the case behind the change.',
  // Version 1 plus the case reference, which has a default.
  schema: exemptionEndedV2Schema,
});

export type CitizenEnrolledV2 = EventData<typeof citizenEnrolledV2>;
export type CitizenUnenrolledV2 = EventData<typeof citizenUnenrolledV2>;
export type ExemptionGrantedV2 = EventData<typeof exemptionGrantedV2>;
export type ExemptionEndedV2 = EventData<typeof exemptionEndedV2>;

/**
 * Companies (CVR) are enrolled too, and can in a few cases be exempted. Their
 * events are separate types rather than a CPR-or-CVR field on the citizen
 * events, so no consumer of those mistakes a company for a citizen.
 */
export const companyEnrolledV1Schema = {
  type: 'record',
  name: 'CompanyEnrolled',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'mailboxId', type: 'string' },
    { name: 'cvr', type: 'string' },
    {
      name: 'cause',
      type: {
        type: 'enum',
        name: 'CompanyEnrollmentCause',
        symbols: ['registered', 'exemption_ended', 'correction'],
      },
    },
    { name: 'firstEnrollment', type: 'boolean' },
    { name: 'enrolledAt', type: isoTimestampSchema },
    caseReferenceField,
  ],
} as const satisfies AvroRecordSchema;

export const companyEnrolledV1 = defineEvent({
  type: 'CompanyEnrolled',
  version: 1,
  description: 'A company now receives Digital Post.',
  schema: companyEnrolledV1Schema,
});

export const companyUnenrolledV1Schema = {
  type: 'record',
  name: 'CompanyUnenrolled',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'mailboxId', type: 'string' },
    { name: 'cvr', type: 'string' },
    {
      name: 'reason',
      type: {
        type: 'enum',
        name: 'CompanyUnenrollmentReason',
        symbols: ['exempted', 'ceased', 'correction'],
      },
    },
    { name: 'unenrolledAt', type: isoTimestampSchema },
    caseReferenceField,
  ],
} as const satisfies AvroRecordSchema;

export const companyUnenrolledV1 = defineEvent({
  type: 'CompanyUnenrolled',
  version: 1,
  description: 'A company no longer receives Digital Post.',
  schema: companyUnenrolledV1Schema,
});

export const companyExemptionGrantedV1Schema = {
  type: 'record',
  name: 'CompanyExemptionGranted',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'exemptionId', type: 'string' },
    { name: 'cvr', type: 'string' },
    { name: 'grantedBy', type: 'string', doc: 'Id of the deciding authority.' },
    { name: 'validUntil', type: ['null', isoTimestampSchema], default: null },
    { name: 'grantedAt', type: isoTimestampSchema },
    caseReferenceField,
  ],
} as const satisfies AvroRecordSchema;

export const companyExemptionGrantedV1 = defineEvent({
  type: 'CompanyExemptionGranted',
  version: 1,
  description: 'A company was exempted from Digital Post; paper post follows.',
  schema: companyExemptionGrantedV1Schema,
});

export const companyExemptionEndedV1Schema = {
  type: 'record',
  name: 'CompanyExemptionEnded',
  namespace: namespaces.enrollment,
  fields: [
    { name: 'exemptionId', type: 'string' },
    { name: 'cvr', type: 'string' },
    { name: 'reason', type: exemptionEndReasonSchema },
    { name: 'endedAt', type: isoTimestampSchema },
    caseReferenceField,
  ],
} as const satisfies AvroRecordSchema;

export const companyExemptionEndedV1 = defineEvent({
  type: 'CompanyExemptionEnded',
  version: 1,
  description: 'An exemption of a company no longer applies.',
  schema: companyExemptionEndedV1Schema,
});

export type CompanyEnrolledV1 = EventData<typeof companyEnrolledV1>;
export type CompanyUnenrolledV1 = EventData<typeof companyUnenrolledV1>;
export type CompanyExemptionGrantedV1 = EventData<typeof companyExemptionGrantedV1>;
export type CompanyExemptionEndedV1 = EventData<typeof companyExemptionEndedV1>;
