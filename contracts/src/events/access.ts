import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { viewingClientSchema } from './mailbox.ts';
import { namespaces } from './shared.ts';

/**
 * Who may act on a mailbox besides its owner, in streams `access-<mailboxId>`. A citizen gives
 * another person read access (læseadgang) or full access (fuld adgang) to all their post: all or
 * none, so no event has a folder or letter field and a subset cannot even be expressed. An
 * organisation's (a company's or an authority's) administrators give its employees rights.
 *
 * Every event says who did it (`actorId`: a person as the event log names one, or
 * `operator:<id>`), through which viewing client (none for an operator or the service itself),
 * and on what basis (`caseReference` for an operator's act).
 */

const holderFields = [
  { name: 'mailboxId', type: 'string', doc: 'The mailbox the access is to.' },
  {
    name: 'holderId',
    type: 'string',
    doc: 'The person given access, as the event log names one: cpr:<CPR>, or cvr:<CVR>:rid:<RID>.',
  },
] as const;

const actingFields = [
  { name: 'actorId', type: 'string', doc: 'The owner, an administrator, or operator:<id>.' },
  { name: 'viewingClient', type: ['null', viewingClientSchema], default: null },
  {
    name: 'caseReference',
    type: ['null', 'string'],
    default: null,
    doc: "The operator's case the act was done on; null for an owner's or administrator's own act.",
  },
] as const;

const endsAtField = {
  name: 'endsAt',
  type: ['null', isoTimestampSchema],
  default: null,
  doc: 'When the access ends by itself; null while the owner keeps it.',
} as const;

const grantSchema = (name: string) =>
  ({
    type: 'record',
    name,
    namespace: namespaces.access,
    fields: [
      ...holderFields,
      endsAtField,
      ...actingFields,
      { name: 'grantedAt', type: isoTimestampSchema },
    ],
  }) as const;

export const readAccessGrantedV1 = defineEvent({
  type: 'ReadAccessGranted',
  version: 1,
  description:
    'The owner of a mailbox let another person read all their post (læseadgang), replacing any earlier grant to that person.',
  schema: grantSchema('ReadAccessGranted'),
});

export const fullAccessGrantedV1 = defineEvent({
  type: 'FullAccessGranted',
  version: 1,
  description:
    'The owner of a mailbox let another person read all their post and write on their behalf (fuld adgang), replacing any earlier grant to that person.',
  schema: grantSchema('FullAccessGranted'),
});

export const accessRevokedV1 = defineEvent({
  type: 'AccessRevoked',
  version: 1,
  description: "The owner of a mailbox took back another person's access to it.",
  schema: {
    type: 'record',
    name: 'AccessRevoked',
    namespace: namespaces.access,
    fields: [...holderFields, ...actingFields, { name: 'revokedAt', type: isoTimestampSchema }],
  },
});

export const accessExpiredV1 = defineEvent({
  type: 'AccessExpired',
  version: 1,
  description:
    "A person's access to a mailbox reached its end date. It was refused from that moment; this records it.",
  schema: {
    type: 'record',
    name: 'AccessExpired',
    namespace: namespaces.access,
    fields: [
      ...holderFields,
      { name: 'endedAt', type: isoTimestampSchema, doc: 'The end date the grant carried.' },
      { name: 'recordedAt', type: isoTimestampSchema },
    ],
  },
});

export const employeeRightGrantedV1 = defineEvent({
  type: 'EmployeeRightGranted',
  version: 1,
  description:
    "An organisation's administrator (or, for its first, an operator on a case) gave an employee a right to the organisation's mailbox, replacing any earlier one.",
  schema: {
    type: 'record',
    name: 'EmployeeRightGranted',
    namespace: namespaces.access,
    fields: [
      ...holderFields,
      {
        name: 'right',
        type: { type: 'enum', name: 'EmployeeRight', symbols: ['read', 'write', 'administer'] },
        doc: "read: the organisation's post; write: also write, reply and delete; administer: also give and take employees' rights.",
      },
      ...actingFields,
      { name: 'grantedAt', type: isoTimestampSchema },
    ],
  },
});

export const employeeRightRevokedV1 = defineEvent({
  type: 'EmployeeRightRevoked',
  version: 1,
  description: "An organisation's administrator took an employee's right to its mailbox away.",
  schema: {
    type: 'record',
    name: 'EmployeeRightRevoked',
    namespace: namespaces.access,
    fields: [...holderFields, ...actingFields, { name: 'revokedAt', type: isoTimestampSchema }],
  },
});

export type ReadAccessGranted = EventData<typeof readAccessGrantedV1>;
export type FullAccessGranted = EventData<typeof fullAccessGrantedV1>;
export type AccessRevoked = EventData<typeof accessRevokedV1>;
export type AccessExpired = EventData<typeof accessExpiredV1>;
export type EmployeeRightGranted = EventData<typeof employeeRightGrantedV1>;
export type EmployeeRightRevoked = EventData<typeof employeeRightRevokedV1>;
