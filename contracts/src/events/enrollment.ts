import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * Enrollment ("tilmelding") and exemption ("fritagelse", the right to paper
 * post instead). Citizens are identified by CPR; names and contact details stay
 * in the enrollment service.
 */

export const citizenEnrolledV1 = defineEvent({
  type: 'CitizenEnrolled',
  version: 1,
  description: 'A citizen now receives Digital Post.',
  schema: {
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
  },
});

export const citizenUnenrolledV1 = defineEvent({
  type: 'CitizenUnenrolled',
  version: 1,
  description: 'A citizen no longer receives Digital Post.',
  schema: {
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
  },
});

export const exemptionGrantedV1 = defineEvent({
  type: 'ExemptionGranted',
  version: 1,
  description: 'An authority exempted a citizen from Digital Post; paper post follows.',
  schema: {
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
  },
});

export const exemptionEndedV1 = defineEvent({
  type: 'ExemptionEnded',
  version: 1,
  description: 'An exemption no longer applies.',
  schema: {
    type: 'record',
    name: 'ExemptionEnded',
    namespace: namespaces.enrollment,
    fields: [
      { name: 'exemptionId', type: 'string' },
      { name: 'cpr', type: 'string' },
      {
        name: 'reason',
        type: {
          type: 'enum',
          name: 'ExemptionEndReason',
          symbols: ['withdrawn_by_citizen', 'expired', 'revoked_by_authority'],
        },
      },
      { name: 'endedAt', type: isoTimestampSchema },
    ],
  },
});

export type CitizenEnrolled = EventData<typeof citizenEnrolledV1>;
export type CitizenUnenrolled = EventData<typeof citizenUnenrolledV1>;
export type ExemptionGranted = EventData<typeof exemptionGrantedV1>;
export type ExemptionEnded = EventData<typeof exemptionEndedV1>;
