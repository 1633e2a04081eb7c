import { isoTimestampSchema } from '../avro/logicalTypes.ts';
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

export const breachFoundV1 = defineEvent({
  type: 'BreachFound',
  version: 1,
  description:
    'An operator recorded a breach found, with the window of the log its reconstruction covers and what it counted.',
  schema: {
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
  },
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

export type BreachFound = EventData<typeof breachFoundV1>;
export type BreachPreliminaryFiled = EventData<typeof breachPreliminaryFiledV1>;
export type BreachFollowUpFiled = EventData<typeof breachFollowUpFiledV1>;
export type BreachClosed = EventData<typeof breachClosedV1>;
