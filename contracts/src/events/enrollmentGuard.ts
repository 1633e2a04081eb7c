import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * The guard rails around enrollment, in the enrollment stream of the person or company: a
 * change held back by the mass-change breaker until an operator decides on it, and the welcome
 * letter, whose printing is recorded so that it goes out once.
 */

export const enrollmentChangeHeldV1 = defineEvent({
  type: 'EnrollmentChangeHeld',
  version: 1,
  description:
    'A change the rules asked for, held because its cause changed too many mailboxes at once.',
  schema: {
    type: 'record',
    name: 'EnrollmentChangeHeld',
    namespace: namespaces.enrollment,
    fields: [
      { name: 'pendingId', type: 'string' },
      { name: 'mailboxId', type: 'string' },
      {
        name: 'change',
        type: { type: 'enum', name: 'HeldChange', symbols: ['enroll', 'unenroll'] },
      },
      {
        name: 'causeCode',
        type: 'string',
        doc: 'The cause (enroll) or reason (unenroll) the change would carry.',
      },
      {
        name: 'trigger',
        type: {
          type: 'enum',
          name: 'HeldChangeTrigger',
          symbols: ['register_event', 'own_request', 'operator_command', 'day_change'],
        },
      },
      { name: 'triggerId', type: ['null', 'string'], default: null },
      { name: 'ruleVersion', type: 'string' },
      { name: 'caseReference', type: ['null', 'string'], default: null },
      {
        name: 'breakerKey',
        type: 'string',
        doc: 'The cause whose count went over the limit, e.g. rule:<version>:unenroll.',
      },
      { name: 'heldAt', type: isoTimestampSchema },
    ],
  },
});

const decisionFields = [
  { name: 'pendingId', type: 'string' },
  { name: 'mailboxId', type: 'string' },
  { name: 'decidedBy', type: 'string', doc: 'Id of the operator.' },
  { name: 'caseReference', type: ['null', 'string'], default: null },
  { name: 'decidedAt', type: isoTimestampSchema },
] as const;

export const enrollmentChangeApprovedV1 = defineEvent({
  type: 'EnrollmentChangeApproved',
  version: 1,
  description: 'An operator let a held change through.',
  schema: {
    type: 'record',
    name: 'EnrollmentChangeApproved',
    namespace: namespaces.enrollment,
    fields: decisionFields,
  },
});

export const enrollmentChangeRejectedV1 = defineEvent({
  type: 'EnrollmentChangeRejected',
  version: 1,
  description: 'An operator refused a held change: enrollment stays as it was.',
  schema: {
    type: 'record',
    name: 'EnrollmentChangeRejected',
    namespace: namespaces.enrollment,
    fields: decisionFields,
  },
});

export const welcomeLetterPrintedV1 = defineEvent({
  type: 'WelcomeLetterPrinted',
  version: 1,
  description: 'The physical welcome letter of a first enrollment went to the print channel.',
  schema: {
    type: 'record',
    name: 'WelcomeLetterPrinted',
    namespace: namespaces.enrollment,
    fields: [
      { name: 'mailboxId', type: 'string' },
      { name: 'enrollmentEventId', type: 'string' },
      { name: 'printChannel', type: 'string' },
      { name: 'printJobId', type: 'string' },
      { name: 'printedAt', type: isoTimestampSchema },
    ],
  },
});

export type EnrollmentChangeHeld = EventData<typeof enrollmentChangeHeldV1>;
export type EnrollmentChangeApproved = EventData<typeof enrollmentChangeApprovedV1>;
export type EnrollmentChangeRejected = EventData<typeof enrollmentChangeRejectedV1>;
export type WelcomeLetterPrinted = EventData<typeof welcomeLetterPrintedV1>;
