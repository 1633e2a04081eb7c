import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * What operators order the platform itself to do, kept in the log beside what the services
 * decided. These events stay in the store: no service consumes them.
 */

export const logRepublishOrderedV1 = defineEvent({
  type: 'LogRepublishOrdered',
  version: 1,
  description:
    'An operator had the log published to Kafka again from a position, the brokers having lost what they had.',
  schema: {
    type: 'record',
    name: 'LogRepublishOrdered',
    namespace: namespaces.operations,
    fields: [
      {
        name: 'fromTransactionId',
        type: 'long',
        doc: 'The relay goes on after this position of the log.',
      },
      { name: 'fromGlobalPosition', type: 'long' },
      { name: 'orderedBy', type: 'string', doc: 'Id of the operator.' },
      { name: 'caseReference', type: 'string' },
      { name: 'orderedAt', type: isoTimestampSchema },
    ],
  },
});

export type LogRepublishOrdered = EventData<typeof logRepublishOrderedV1>;
