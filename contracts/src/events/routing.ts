import { isoTimestampSchema, sha256Schema } from '../avro/logicalTypes.ts';
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

/**
 * Version 3 carries what the recipient's mailbox needs to deliver the letter, so the mailbox
 * delivers from the decision alone: the routing and message topics are not ordered with each
 * other, and a consumer should not have to join them. Null on decisions recorded before v3; a
 * reader takes those facts from the letter's MessageAccepted.
 */
const routedLetterSchema = {
  type: 'record',
  name: 'RoutedLetter',
  fields: [
    { name: 'senderId', type: 'string', doc: 'The sending authority or mailbox.' },
    { name: 'legalNotification', type: 'boolean' },
    { name: 'replyAllowed', type: 'boolean' },
    {
      name: 'inReplyTo',
      type: ['null', 'string'],
      default: null,
      doc: 'The letter this one answers, for the recipient mailbox to thread it.',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV3Schema = {
  ...messageRoutedV2Schema,
  fields: [
    ...messageRoutedV2Schema.fields,
    {
      name: 'letter',
      type: ['null', routedLetterSchema],
      default: null,
      doc: 'What delivery needs of the letter; null for decisions recorded before v3.',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV3 = defineEvent({
  type: 'MessageRouted',
  version: 3,
  description:
    'Routing decided the channel and recipient mailbox, with its release, basis and what delivery needs of the letter.',
  schema: messageRoutedV3Schema,
});

/**
 * Version 4's letter also carries the time the sender asked it not to be delivered before
 * (`doNotDeliverUntil`): the mailbox delivers it then, not when routing decided.
 */
const routedLetterV2Schema = {
  ...routedLetterSchema,
  fields: [
    ...routedLetterSchema.fields,
    {
      name: 'doNotDeliverUntil',
      type: ['null', isoTimestampSchema],
      default: null,
      doc: 'Not in any mailbox before this time; null: at once.',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV4Schema = {
  ...messageRoutedV2Schema,
  fields: [
    ...messageRoutedV2Schema.fields,
    {
      name: 'letter',
      type: ['null', routedLetterV2Schema],
      default: null,
      doc: 'What delivery needs of the letter; null for decisions recorded before v3.',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV4 = defineEvent({
  type: 'MessageRouted',
  version: 4,
  description:
    'Routing decided the channel and recipient mailbox, with its release, basis and what delivery needs of the letter, including when it may be delivered.',
  schema: messageRoutedV4Schema,
});

/**
 * Version 5 records the case under which an operator had a letter routed again after a faulty
 * decision (remediation): the letter's first decision has none. The mailbox delivers it, and the
 * sender's receipts show it, as any decision.
 */
export const messageRoutedV5Schema = {
  ...messageRoutedV4Schema,
  fields: [
    ...messageRoutedV4Schema.fields,
    {
      name: 'caseReference',
      type: ['null', 'string'],
      default: null,
      doc: "The operator's case of a decision made again; null on a letter's first decision.",
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageRoutedV5 = defineEvent({
  type: 'MessageRouted',
  version: 5,
  description:
    'Routing decided the channel and recipient mailbox, with its release, basis, what delivery needs of the letter and, when decided again by an operator, the case.',
  schema: messageRoutedV5Schema,
});

const holdReasonsV1 = [
  'scheduled_delivery',
  'recipient_unknown',
  'sending_frozen',
  'routing_under_review',
] as const;

export const messageHeldV1Schema = {
  type: 'record',
  name: 'MessageHeld',
  namespace: namespaces.routing,
  // A reason code rather than free text: free text is where personal data slips in.
  fields: [
    { name: 'messageId', type: 'string' },
    { name: 'reason', type: { type: 'enum', name: 'HoldReason', symbols: holdReasonsV1 } },
    { name: 'heldUntil', type: ['null', isoTimestampSchema], default: null },
    { name: 'heldAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const messageHeldV1 = defineEvent({
  type: 'MessageHeld',
  version: 1,
  description: 'A letter is kept back from delivery for a stated reason.',
  schema: messageHeldV1Schema,
});

/**
 * Version 2 holds a letter whose routing decision was refused: the delivery
 * invariant failed (a target that is neither the addressee nor the target of a
 * rule the addressee had active), or forwarding looped or ran too long. The
 * refused target, rule and release are recorded so an operator sees what the
 * router would have done, and which release to blame, without re-running it.
 */
export const messageHeldV2Schema = {
  ...messageHeldV1Schema,
  fields: [
    { name: 'messageId', type: 'string' },
    {
      name: 'reason',
      type: {
        type: 'enum',
        name: 'HoldReason',
        symbols: [
          ...holdReasonsV1,
          'delivery_invariant_violated',
          'forwarding_loop',
          'forwarding_chain_too_long',
          'forwarding_target_unreachable',
        ],
        default: 'routing_under_review',
      },
    },
    { name: 'heldUntil', type: ['null', isoTimestampSchema], default: null },
    { name: 'heldAt', type: isoTimestampSchema },
    {
      name: 'refusedMailboxId',
      type: ['null', 'string'],
      default: null,
      doc: 'The target the refused decision named; nothing was delivered there.',
    },
    { name: 'forwardingRuleId', type: ['null', 'string'], default: null },
    { name: 'forwardingRuleVersion', type: ['null', 'int'], default: null },
    { name: 'routerRelease', type: ['null', 'string'], default: null },
  ],
} as const satisfies AvroRecordSchema;

export const messageHeldV2 = defineEvent({
  type: 'MessageHeld',
  version: 2,
  description:
    'A letter is kept back from delivery for an operator, with the refused target, rule and release.',
  schema: messageHeldV2Schema,
});

const forwardingHopSchema = {
  type: 'record',
  name: 'ForwardingHop',
  fields: [
    { name: 'fromMailboxId', type: 'string', doc: 'The mailbox that owns the rule.' },
    { name: 'ruleId', type: 'string' },
    { name: 'ruleVersion', type: 'int' },
    { name: 'toMailboxId', type: 'string' },
  ],
} as const satisfies AvroRecordSchema;

/**
 * MessageRouted names one rule (the last hop, whose target receives the
 * letter). When forwarding follows a chain, every rule on it is recorded
 * here, in the same append, so each rule and version that moved a letter can
 * be found, not only the last.
 */
export const forwardingChainFollowedV1 = defineEvent({
  type: 'ForwardingChainFollowed',
  version: 1,
  description:
    'The forwarding rules, in order, that took a letter from its addressee to its target.',
  schema: {
    type: 'record',
    name: 'ForwardingChainFollowed',
    namespace: namespaces.routing,
    fields: [
      { name: 'messageId', type: 'string' },
      // The first hop's fromMailboxId is the mailbox the letter was addressed to.
      { name: 'hops', type: { type: 'array', items: forwardingHopSchema } },
      { name: 'decidedAt', type: isoTimestampSchema },
    ],
  },
});

const printRecipientSchema = {
  type: 'record',
  name: 'PrintRecipient',
  doc: 'Who the print provider posts to, by number; the postal details stay with the provider.',
  fields: [
    { name: 'kind', type: { type: 'enum', name: 'PrintRecipientKind', symbols: ['cpr', 'cvr'] } },
    { name: 'id', type: 'string' },
  ],
} as const satisfies AvroRecordSchema;

export const messagePrintedV1 = defineEvent({
  type: 'MessagePrinted',
  version: 1,
  description: 'A letter routed to paper post was handed to a print channel (fjernprint).',
  schema: {
    type: 'record',
    name: 'MessagePrinted',
    namespace: namespaces.routing,
    fields: [
      { name: 'messageId', type: 'string' },
      { name: 'recipient', type: printRecipientSchema },
      { name: 'printChannel', type: 'string', doc: 'Which print channel took the letter.' },
      { name: 'printJobId', type: 'string', doc: 'The print channel reference of the job.' },
      { name: 'documentDigests', type: { type: 'array', items: sha256Schema } },
      {
        name: 'notBefore',
        type: ['null', isoTimestampSchema],
        default: null,
        doc: 'The sender asked for no delivery before this time; the provider posts from then.',
      },
      { name: 'printedAt', type: isoTimestampSchema },
    ],
  },
});

export type MessageRoutedV1 = EventData<typeof messageRoutedV1>;
export type MessageRoutedV2 = EventData<typeof messageRoutedV2>;
export type MessageRoutedV3 = EventData<typeof messageRoutedV3>;
export type MessageRoutedV4 = EventData<typeof messageRoutedV4>;
export type MessageRouted = EventData<typeof messageRoutedV5>;
export type RoutedLetter = NonNullable<MessageRouted['letter']>;
export type MessageHeldV1 = EventData<typeof messageHeldV1>;
export type MessageHeld = EventData<typeof messageHeldV2>;
export type ForwardingChainFollowed = EventData<typeof forwardingChainFollowedV1>;
export type MessagePrinted = EventData<typeof messagePrintedV1>;
