import { isoDateSchema, isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * Facts from the population register (CPR) and the company register (CVR), as the enrollment
 * service received them, in streams `register-<cpr or cvr>`. Enrollment is decided from these
 * by versioned rules, and the audit recomputes it from them. The category stays in the store:
 * where a person lives is not for every consumer of the bus.
 */

const registerEventIdField = {
  name: 'registerEventId',
  type: 'string',
  doc: "The register's own id of the event: a replay of the same id is recorded once.",
} as const;

export const personBornRegisteredV1 = defineEvent({
  type: 'PersonBornRegistered',
  version: 1,
  description: 'The population register knows a person and their birth date.',
  schema: {
    type: 'record',
    name: 'PersonBornRegistered',
    namespace: namespaces.registers,
    fields: [
      { name: 'cpr', type: 'string' },
      { name: 'birthDate', type: isoDateSchema },
      registerEventIdField,
      { name: 'recordedAt', type: isoTimestampSchema },
    ],
  },
});

export const personMovedRegisteredV1 = defineEvent({
  type: 'PersonMovedRegistered',
  version: 1,
  description: 'The population register records a new country of residence.',
  schema: {
    type: 'record',
    name: 'PersonMovedRegistered',
    namespace: namespaces.registers,
    fields: [
      { name: 'cpr', type: 'string' },
      {
        name: 'residenceCountry',
        type: 'string',
        doc: 'ISO 3166-1 alpha-2 code: DK Denmark, GL Greenland, FO the Faroe Islands, ...',
      },
      { name: 'movedOn', type: isoDateSchema },
      registerEventIdField,
      { name: 'recordedAt', type: isoTimestampSchema },
    ],
  },
});

export const personDiedRegisteredV1 = defineEvent({
  type: 'PersonDiedRegistered',
  version: 1,
  description: 'The population register records a death.',
  schema: {
    type: 'record',
    name: 'PersonDiedRegistered',
    namespace: namespaces.registers,
    fields: [
      { name: 'cpr', type: 'string' },
      { name: 'diedOn', type: isoDateSchema },
      registerEventIdField,
      { name: 'recordedAt', type: isoTimestampSchema },
    ],
  },
});

export const companyRegisteredV1 = defineEvent({
  type: 'CompanyRegistered',
  version: 1,
  description: 'The company register records a company as registered.',
  schema: {
    type: 'record',
    name: 'CompanyRegistered',
    namespace: namespaces.registers,
    fields: [
      { name: 'cvr', type: 'string' },
      { name: 'registeredOn', type: isoDateSchema },
      registerEventIdField,
      { name: 'recordedAt', type: isoTimestampSchema },
    ],
  },
});

export const companyCeasedV1 = defineEvent({
  type: 'CompanyCeased',
  version: 1,
  description: 'The company register records that a company has ceased.',
  schema: {
    type: 'record',
    name: 'CompanyCeased',
    namespace: namespaces.registers,
    fields: [
      { name: 'cvr', type: 'string' },
      { name: 'ceasedOn', type: isoDateSchema },
      registerEventIdField,
      { name: 'recordedAt', type: isoTimestampSchema },
    ],
  },
});

export type PersonBornRegistered = EventData<typeof personBornRegisteredV1>;
export type PersonMovedRegistered = EventData<typeof personMovedRegisteredV1>;
export type PersonDiedRegistered = EventData<typeof personDiedRegisteredV1>;
export type CompanyRegistered = EventData<typeof companyRegisteredV1>;
export type CompanyCeased = EventData<typeof companyCeasedV1>;
