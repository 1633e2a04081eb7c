import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import type { AvroRecordSchema } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/** The viewing clients (visningsklienter) a person can act through. */
export const viewingClientSchema = {
  type: 'enum',
  name: 'ViewingClient',
  symbols: ['borger_dk', 'digital_post_app', 'e_boks', 'mit_dk'],
} as const;

/** Which letter in which mailbox: the same letter can sit in more than one mailbox. */
export const letterFields = [
  { name: 'messageId', type: 'string' },
  { name: 'mailboxId', type: 'string' },
] as const;

/**
 * Every act of a person on a mailbox is part of the event log (hændelsesloggen): who acted, for
 * whom and through which client, so the owner and an auditor can see it without the metadata.
 */
export const mailboxActingFields = [
  { name: 'actorId', type: 'string', doc: 'The person who acted.' },
  {
    name: 'onBehalfOf',
    type: ['null', 'string'],
    default: null,
    doc: 'The owner or organisation the actor acted for; null when owners act on their own post.',
  },
  { name: 'viewingClient', type: viewingClientSchema },
] as const;

export const messageDeliveredV1Schema = {
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
} as const satisfies AvroRecordSchema;

export const messageDeliveredV1 = defineEvent({
  type: 'MessageDelivered',
  version: 1,
  description: 'A letter arrived in a mailbox and shows in every viewing client.',
  schema: messageDeliveredV1Schema,
});

/**
 * Version 2 records what the mailbox needs to know of the letter to decide on it later (who sent
 * it, its thread, whether opening it serves it, whether it may be answered), so a letter's stream
 * alone says what may be done with it. Defaults let v2 readers read v1 events.
 */
export const messageDeliveredV2 = defineEvent({
  type: 'MessageDelivered',
  version: 2,
  description:
    'A letter arrived in a mailbox, with the facts that govern what may be done with it.',
  schema: {
    ...messageDeliveredV1Schema,
    fields: [
      ...messageDeliveredV1Schema.fields,
      {
        name: 'senderId',
        type: ['null', 'string'],
        default: null,
        doc: 'Mailbox id of the sender.',
      },
      {
        name: 'threadId',
        type: ['null', 'string'],
        default: null,
        doc: 'The message id that began the conversation; a reply shares it.',
      },
      { name: 'legalNotification', type: 'boolean', default: false },
      { name: 'replyAllowed', type: 'boolean', default: false },
    ],
  } as const,
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
    // Written out as first registered: a registered version is never edited.
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
      { name: 'viewingClient', type: viewingClientSchema },
      { name: 'openedAt', type: isoTimestampSchema },
    ],
  },
});

/**
 * The served receipt of digital forkyndelse (Administration of Justice Act §§ 156 b-c): the first
 * open of a legal notification. Appended once per letter and mailbox, whatever opens follow; the
 * sender learns of it from this event.
 */
export const legalNotificationServedV1 = defineEvent({
  type: 'LegalNotificationServed',
  version: 1,
  description: 'A legal notification was opened for the first time and counts as served.',
  schema: {
    type: 'record',
    name: 'LegalNotificationServed',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      { name: 'senderId', type: 'string', doc: 'Mailbox id of the sender, who gets the receipt.' },
      ...mailboxActingFields,
      { name: 'servedAt', type: isoTimestampSchema },
    ],
  },
});

export const messageMarkedReadV1 = defineEvent({
  type: 'MessageMarkedRead',
  version: 1,
  description: 'A letter was marked as read.',
  schema: {
    type: 'record',
    name: 'MessageMarkedRead',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      ...mailboxActingFields,
      { name: 'markedAt', type: isoTimestampSchema },
    ],
  },
});

export const messageMarkedUnreadV1 = defineEvent({
  type: 'MessageMarkedUnread',
  version: 1,
  description: 'A letter was marked as unread.',
  schema: {
    type: 'record',
    name: 'MessageMarkedUnread',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      ...mailboxActingFields,
      { name: 'markedAt', type: isoTimestampSchema },
    ],
  },
});

export type MessageDeliveredV1 = EventData<typeof messageDeliveredV1>;
export type MessageDelivered = EventData<typeof messageDeliveredV2>;
export type MessageOpened = EventData<typeof messageOpenedV1>;
export type LegalNotificationServed = EventData<typeof legalNotificationServedV1>;
export type MessageMarkedRead = EventData<typeof messageMarkedReadV1>;
export type MessageMarkedUnread = EventData<typeof messageMarkedUnreadV1>;
export type ViewingClient = MessageOpened['viewingClient'];
