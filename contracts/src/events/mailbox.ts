import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

export const messageDeliveredV1 = defineEvent({
  type: 'MessageDelivered',
  version: 1,
  description: 'A letter arrived in a mailbox and shows in every viewing client.',
  schema: {
    type: 'record',
    name: 'MessageDelivered',
    namespace: namespaces.mailbox,
    fields: [
      { name: 'messageId', type: 'string' },
      { name: 'mailboxId', type: 'string' },
      {
        name: 'forwardingRuleId',
        type: ['null', 'string'],
        default: null,
        doc: 'Set when the letter reached this mailbox through a forwarding rule.',
      },
      { name: 'deliveredAt', type: isoTimestampSchema },
    ],
  },
});

/**
 * An open is part of the event log (hændelsesloggen): who opened, when, through
 * which client and for whom. For a legal notification it can be the moment of
 * service (forkyndelse), so it is recorded as a fact of its own.
 */
export const messageOpenedV1 = defineEvent({
  type: 'MessageOpened',
  version: 1,
  description: 'Someone opened a letter in a mailbox.',
  schema: {
    type: 'record',
    name: 'MessageOpened',
    namespace: namespaces.mailbox,
    fields: [
      { name: 'messageId', type: 'string' },
      { name: 'mailboxId', type: 'string' },
      { name: 'actorId', type: 'string', doc: 'The person who opened it.' },
      {
        name: 'onBehalfOf',
        type: ['null', 'string'],
        default: null,
        doc: 'The owner or organisation the actor acted for; null when owners read their own post.',
      },
      {
        name: 'viewingClient',
        type: {
          type: 'enum',
          name: 'ViewingClient',
          symbols: ['borger_dk', 'digital_post_app', 'e_boks', 'mit_dk'],
        },
      },
      { name: 'openedAt', type: isoTimestampSchema },
    ],
  },
});

export type MessageDelivered = EventData<typeof messageDeliveredV1>;
export type MessageOpened = EventData<typeof messageOpenedV1>;
