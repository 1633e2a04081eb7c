import type { AvroField } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import {
  citizenEnrolledV2Schema,
  citizenUnenrolledV2Schema,
  companyEnrolledV1Schema,
  companyExemptionEndedV1Schema,
  companyExemptionGrantedV1Schema,
  companyUnenrolledV1Schema,
  exemptionEndedV2Schema,
  exemptionGrantedV2Schema,
} from './enrollment.ts';

/**
 * Why a change was made and by which rules, so that a faulty rule, a bad register batch or a
 * mistaken operator command can be traced to every change it made (August 2023). Defaults
 * read the events written before the enrollment service decided by versioned rules.
 */
const decisionBasisFields = [
  {
    name: 'trigger',
    type: {
      type: 'enum',
      name: 'EnrollmentTrigger',
      symbols: ['register_event', 'own_request', 'operator_command', 'day_change', 'unrecorded'],
    },
    default: 'unrecorded',
    doc: 'What set the change off: a register event, the person, an operator, the daily run.',
  },
  {
    name: 'triggerId',
    type: ['null', 'string'],
    default: null,
    doc: 'Id of the register event, operator command or daily run behind the change.',
  },
  {
    name: 'ruleVersion',
    type: ['null', 'string'],
    default: null,
    doc: 'Version of the enrollment rules that decided the change.',
  },
] as const satisfies readonly AvroField[];

export const citizenEnrolledV3 = defineEvent({
  type: 'CitizenEnrolled',
  version: 3,
  description: 'A citizen now receives Digital Post; records the trigger and the rule version.',
  schema: {
    ...citizenEnrolledV2Schema,
    fields: [...citizenEnrolledV2Schema.fields, ...decisionBasisFields],
  },
});

export const citizenUnenrolledV3 = defineEvent({
  type: 'CitizenUnenrolled',
  version: 3,
  description: 'A citizen no longer receives Digital Post; records the trigger and rule version.',
  schema: {
    ...citizenUnenrolledV2Schema,
    fields: [...citizenUnenrolledV2Schema.fields, ...decisionBasisFields],
  },
});

export const exemptionGrantedV3 = defineEvent({
  type: 'ExemptionGranted',
  version: 3,
  description: 'A citizen was exempted from Digital Post; records the trigger and rule version.',
  schema: {
    ...exemptionGrantedV2Schema,
    fields: [...exemptionGrantedV2Schema.fields, ...decisionBasisFields],
  },
});

export const exemptionEndedV3 = defineEvent({
  type: 'ExemptionEnded',
  version: 3,
  description: 'An exemption no longer applies; records the trigger and rule version.',
  schema: {
    ...exemptionEndedV2Schema,
    fields: [...exemptionEndedV2Schema.fields, ...decisionBasisFields],
  },
});

export const companyEnrolledV2 = defineEvent({
  type: 'CompanyEnrolled',
  version: 2,
  description: 'A company now receives Digital Post; records the trigger and rule version.',
  schema: {
    ...companyEnrolledV1Schema,
    fields: [...companyEnrolledV1Schema.fields, ...decisionBasisFields],
  },
});

export const companyUnenrolledV2 = defineEvent({
  type: 'CompanyUnenrolled',
  version: 2,
  description: 'A company no longer receives Digital Post; records the trigger and rule version.',
  schema: {
    ...companyUnenrolledV1Schema,
    fields: [...companyUnenrolledV1Schema.fields, ...decisionBasisFields],
  },
});

export const companyExemptionGrantedV2 = defineEvent({
  type: 'CompanyExemptionGranted',
  version: 2,
  description: 'A company was exempted; records the trigger and rule version.',
  schema: {
    ...companyExemptionGrantedV1Schema,
    fields: [...companyExemptionGrantedV1Schema.fields, ...decisionBasisFields],
  },
});

export const companyExemptionEndedV2 = defineEvent({
  type: 'CompanyExemptionEnded',
  version: 2,
  description: 'An exemption of a company no longer applies; records the trigger and rule version.',
  schema: {
    ...companyExemptionEndedV1Schema,
    fields: [...companyExemptionEndedV1Schema.fields, ...decisionBasisFields],
  },
});

/** The versions written today. */
export type CitizenEnrolled = EventData<typeof citizenEnrolledV3>;
export type CitizenUnenrolled = EventData<typeof citizenUnenrolledV3>;
export type ExemptionGranted = EventData<typeof exemptionGrantedV3>;
export type ExemptionEnded = EventData<typeof exemptionEndedV3>;
export type CompanyEnrolled = EventData<typeof companyEnrolledV2>;
export type CompanyUnenrolled = EventData<typeof companyUnenrolledV2>;
export type CompanyExemptionGranted = EventData<typeof companyExemptionGrantedV2>;
export type CompanyExemptionEnded = EventData<typeof companyExemptionEndedV2>;
