import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import type { AvroRecordSchema } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * A personal data breach as the operator handles it (GDPR art. 33: the supervisory authority is
 * told within 72 hours; Digital Post's agreement asks a preliminary report within 24 hours of
 * the finding and a follow-up within 72 hours of that), one stream `breach-<breachId>`. Counts
 * and log positions only, never the letters or the people: those are reconstructed from the log.
 * These events stay in the store: no service consumes them.
 */

const breachIdField = { name: 'breachId', type: 'string' } as const;

const breachFoundV1Schema = {
  type: 'record',
  name: 'BreachFound',
  namespace: namespaces.operations,
  fields: [
    breachIdField,
    {
      name: 'kind',
      type: { type: 'enum', name: 'BreachKind', symbols: ['routing'] },
      doc: 'Which reconstruction found it.',
    },
    { name: 'afterPosition', type: 'long', doc: 'The window: log positions after this…' },
    { name: 'throughPosition', type: 'long', doc: '…up to and including this one.' },
    { name: 'began', type: ['null', isoTimestampSchema], default: null },
    { name: 'ended', type: ['null', isoTimestampSchema], default: null },
    { name: 'letters', type: 'int', doc: 'Letters decided otherwise than the trusted release.' },
    { name: 'misdelivered', type: 'int', doc: 'Of them, delivered to a wrong mailbox.' },
    { name: 'opened', type: 'int', doc: 'Of those, opened there.' },
    { name: 'senders', type: 'int', doc: 'Authorities whose letters were affected.' },
    { name: 'wrongRecipients', type: 'int' },
    {
      name: 'releases',
      type: { type: 'array', items: 'string' },
      doc: 'Releases that decided them.',
    },
    { name: 'caseReference', type: 'string' },
    { name: 'foundBy', type: 'string', doc: 'Id of the operator.' },
    { name: 'foundAt', type: isoTimestampSchema, doc: 'When the breach was found.' },
  ],
} as const satisfies AvroRecordSchema;

export const breachFoundV1 = defineEvent({
  type: 'BreachFound',
  version: 1,
  description:
    'An operator recorded a breach found, with the window of the log its reconstruction covers and what it counted.',
  schema: breachFoundV1Schema,
});

/**
 * Version 2 records breaches an enrollment reconstruction found too (August 2023). For those,
 * `letters` counts the letters that followed from the wrong changes, `misdelivered` those
 * delivered to the wrongly enrolled, `opened` none, `wrongRecipients` the wrongly enrolled, and
 * `releases` the rule versions that made the changes.
 */
export const breachFoundV2 = defineEvent({
  type: 'BreachFound',
  version: 2,
  description:
    'An operator recorded a breach found by a routing or an enrollment reconstruction, with its window and counts.',
  schema: {
    ...breachFoundV1Schema,
    fields: [
      ...breachFoundV1Schema.fields.map((field) =>
        field.name === 'kind'
          ? ({
              name: 'kind',
              type: {
                type: 'enum',
                name: 'BreachKind',
                symbols: ['routing', 'enrollment'],
                default: 'routing',
              },
              doc: 'Which reconstruction found it.',
            } as const)
          : field,
      ),
      {
        name: 'people',
        type: 'int',
        default: 0,
        doc: 'People and companies whose enrollment changed wrongly (enrollment breaches).',
      },
      {
        name: 'welcomeLetters',
        type: 'int',
        default: 0,
        doc: 'Welcome letters printed that should not have been (enrollment breaches).',
      },
    ],
  } as const satisfies AvroRecordSchema,
});

export const breachPreliminaryFiledV1 = defineEvent({
  type: 'BreachPreliminaryFiled',
  version: 1,
  description: "The breach's preliminary report was filed with the supervisory authority.",
  schema: {
    type: 'record',
    name: 'BreachPreliminaryFiled',
    namespace: namespaces.operations,
    fields: [
      breachIdField,
      { name: 'authorityReference', type: 'string', doc: "The authority's journal number." },
      { name: 'filedBy', type: 'string', doc: 'Id of the operator.' },
      { name: 'filedAt', type: isoTimestampSchema },
    ],
  },
});

export const breachFollowUpFiledV1 = defineEvent({
  type: 'BreachFollowUpFiled',
  version: 1,
  description: "The breach's follow-up report was filed with the supervisory authority.",
  schema: {
    type: 'record',
    name: 'BreachFollowUpFiled',
    namespace: namespaces.operations,
    fields: [
      breachIdField,
      { name: 'filedBy', type: 'string', doc: 'Id of the operator.' },
      { name: 'filedAt', type: isoTimestampSchema },
    ],
  },
});

export const breachClosedV1 = defineEvent({
  type: 'BreachClosed',
  version: 1,
  description: 'The breach was closed: reported, and its letters remedied.',
  schema: {
    type: 'record',
    name: 'BreachClosed',
    namespace: namespaces.operations,
    fields: [
      breachIdField,
      { name: 'closedBy', type: 'string', doc: 'Id of the operator.' },
      { name: 'closedAt', type: isoTimestampSchema },
    ],
  },
});

export type BreachFoundV1 = EventData<typeof breachFoundV1>;
export type BreachFound = EventData<typeof breachFoundV2>;
export type BreachPreliminaryFiled = EventData<typeof breachPreliminaryFiledV1>;
export type BreachFollowUpFiled = EventData<typeof breachFollowUpFiledV1>;
export type BreachClosed = EventData<typeof breachClosedV1>;
