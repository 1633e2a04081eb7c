import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import type { AvroRecordSchema } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { deliveryChannelSchema, namespaces } from './shared.ts';

export const messageRoutedV1Schema = {
  type: 'record',
  name: 'MessageRouted',
  namespace: namespaces.routing,
  fields: [
    { name: 'messageId', type: 'string' },
    { name: 'channel', type: deliveryChannelSchema },
    {
      name: 'recipientMailboxId',
      type: ['null', 'string'],
      default: null,
      doc: 'Null for paper post to a recipient who has no mailbox.',
    },
    {
      name: 'forwardingRuleId',
      type: ['null', 'string'],
      default: null,
      doc: 'The rule that forwarded the letter, so a faulty rule or release can be traced to every letter it moved.',
    },
    { name: 'forwardingRuleVersion', type: ['null', 'int'], default: null },
    { name: 'decidedAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV1 = defineEvent({
  type: 'MessageRouted',
  version: 1,
  description: 'Routing decided the channel and recipient mailbox of an accepted letter.',
  schema: messageRoutedV1Schema,
});

/**
 * Version 2 records which release of routing decided and on what basis. In
 * February 2021 a faulty release forwarded letters to wrong recipients; with
 * these fields the affected letters are one query instead of a reconstruction.
 * Both fields have defaults, so v2 readers read v1 events.
 */
export const messageRoutedV2Schema = {
  ...messageRoutedV1Schema,
  fields: [
    ...messageRoutedV1Schema.fields,
    {
      name: 'routerRelease',
      type: ['null', 'string'],
      default: null,
      doc: 'Release of the routing service that decided; null for decisions recorded before v2.',
    },
    {
      name: 'decisionBasis',
      type: {
        type: 'enum',
        name: 'RoutingBasis',
        symbols: [
          'unknown',
          'recipient_enrolled',
          'recipient_exempt',
          'recipient_not_enrolled',
          'forwarding_rule',
        ],
        default: 'unknown',
      },
      default: 'unknown',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV2 = defineEvent({
  type: 'MessageRouted',
  version: 2,
  description:
    'Routing decided the channel and recipient mailbox, recording its release and basis.',
  schema: messageRoutedV2Schema,
});

export const messageHeldV1 = defineEvent({
  type: 'MessageHeld',
  version: 1,
  description: 'A letter is kept back from delivery for a stated reason.',
  schema: {
    type: 'record',
    name: 'MessageHeld',
    namespace: namespaces.routing,
    // A reason code rather than free text: free text is where personal data slips in.
    fields: [
      { name: 'messageId', type: 'string' },
      {
        name: 'reason',
        type: {
          type: 'enum',
          name: 'HoldReason',
          symbols: [
            'scheduled_delivery',
            'recipient_unknown',
            'sending_frozen',
            'routing_under_review',
          ],
        },
      },
      { name: 'heldUntil', type: ['null', isoTimestampSchema], default: null },
      { name: 'heldAt', type: isoTimestampSchema },
    ],
  },
});

export type MessageRoutedV1 = EventData<typeof messageRoutedV1>;
export type MessageRouted = EventData<typeof messageRoutedV2>;
export type MessageHeld = EventData<typeof messageHeldV1>;
